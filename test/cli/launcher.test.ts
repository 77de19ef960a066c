// bin/shellgate runs node without NODE_EXTRA_CA_CERTS (it needs no TLS), and gives commands it starts the caller's environment back.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(process.cwd(), "bin", "shellgate");
const probe = `echo "CA=[\${NODE_EXTRA_CA_CERTS-unset}] LAUNCHED=[\${SHELLGATE_LAUNCHED-unset}] SAVED=[\${SHELLGATE_CA_CERTS-unset}]"`;

function wrapped(env: Record<string, string | undefined>): string {
  const r = spawnSync(BIN, ["wrap", "--", "sh", "-c", probe], { env: { ...env, PATH: process.env.PATH, HOME: process.env.HOME }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
  return (r.stdout.match(/CA=\[.*\] LAUNCHED=\[.*\] SAVED=\[.*\]/) ?? [r.stdout + r.stderr])[0];
}

describe("bin/shellgate launcher", () => {
  it("restores NODE_EXTRA_CA_CERTS for the commands it runs", () => {
    expect(wrapped({ NODE_EXTRA_CA_CERTS: "/etc/ssl/extra.pem" })).toBe("CA=[/etc/ssl/extra.pem] LAUNCHED=[unset] SAVED=[unset]");
  });
  it("leaves it unset when the caller had none", () => {
    expect(wrapped({})).toBe("CA=[unset] LAUNCHED=[unset] SAVED=[unset]");
  });
  it("also runs as a plain ES module under node", () => {
    const r = spawnSync(process.execPath, [BIN, "--version"], { encoding: "utf8" });
    expect(r.stdout.trim()).toMatch(/^shellgate \d+\.\d+\.\d+$/);
  });
});
