// scripts/install-shims.sh against a temporary root: package, root-owned shims first on PATH, read-only policy, queue sides; and the shims it makes work.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls, makeSandbox, recorded, REPO, runShell, type Sandbox } from "./harness.js";

let sb: Sandbox;
let root: string;
let out: { status: number | null; stdout: string; stderr: string };

const SCRIPT = join(REPO, "scripts", "install-shims.sh");

function install(args: string[]) {
  const r = spawnSync("/bin/sh", [SCRIPT, ...args], { encoding: "utf8", env: { PATH: `${join(process.execPath, "..")}:/usr/bin:/bin`, HOME: sb.home } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  sb = makeSandbox();
  sb.fake("git");
  sb.fake("rm");
  root = join(sb.root, "image");
  writeFileSync(join(sb.root, "policy.yaml"), "# a policy\n");
  writeFileSync(join(sb.root, "bashrc"), "# system bashrc\n");
  spawnSync("/bin/sh", ["-c", `mkdir -p '${root}/etc' && cp '${join(sb.root, "bashrc")}' '${root}/etc/bash.bashrc'`]);
  out = install(["--root", root, "--from", sb.pkg, "--policy", join(sb.root, "policy.yaml"), "--queue", "/var/lib/shellgate/queue", "--tools", "git,rm"]);
});
afterAll(() => sb?.cleanup());

const mode = (p: string) => statSync(p).mode & 0o7777;

describe("install-shims.sh", () => {
  it("succeeds and prints the ENV PATH line for the Dockerfile", () => {
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`ENV PATH=${root}/usr/local/shellgate/bin:$PATH`);
  });

  it.each([
    ["the package", "usr/local/lib/shellgate/dist/cli.mjs", 0o644],
    ["the shim directory", "usr/local/shellgate/bin", 0o755],
    ["a shim", "usr/local/shellgate/bin/git", 0o755],
    ["the shim marker", "usr/local/shellgate/bin/.shellgate-shims", 0o644],
    ["the policy directory", "etc/shellgate", 0o755],
    ["the policy", "etc/shellgate/policy.yaml", 0o644],
    ["the profile.d PATH script", "etc/profile.d/shellgate.sh", 0o644],
    ["the queue's decisions side", "var/lib/shellgate/queue/decisions", 0o755],
    ["the queue's requests side (sticky, writable by the agent)", "var/lib/shellgate/queue/requests", 0o1777],
  ])("installs %s with mode %o, owned by the installing user, writable by nobody else", (_name, rel, m) => {
    const p = join(root, rel);
    expect(mode(p)).toBe(m);
    expect(statSync(p).uid).toBe(process.getuid!());
  });

  it("links shellgate into prefix/bin", () => {
    expect(lstatSync(join(root, "usr/local/bin/shellgate")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, "usr/local/bin/shellgate"))).toBe(join(root, "usr/local/lib/shellgate/bin/shellgate"));
  });

  it("puts the shim directory first on PATH for login shells and interactive bash", () => {
    const dir = join(root, "usr/local/shellgate/bin");
    const r = spawnSync("/bin/sh", ["-c", `. '${root}/etc/profile.d/shellgate.sh'; printf %s "$PATH"`], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
    expect(r.stdout).toBe(`${dir}:/usr/bin:/bin`);
    const twice = spawnSync("/bin/sh", ["-c", `. '${root}/etc/profile.d/shellgate.sh'; . '${root}/etc/profile.d/shellgate.sh'; printf %s "$PATH"`], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
    expect(twice.stdout).toBe(`${dir}:/usr/bin:/bin`);
    expect(readFileSync(join(root, "etc/bash.bashrc"), "utf8")).toContain(`${root}/etc/profile.d/shellgate.sh`);
  });

  it("bakes the package's own node, CLI and queue into the shims", () => {
    const shim = readFileSync(join(root, "usr/local/shellgate/bin/git"), "utf8");
    expect(shim).toContain(`sg_cli='${root}/usr/local/lib/shellgate/bin/shellgate'`);
    expect(shim).toContain(`sg_queue='${root}/var/lib/shellgate/queue'`);
    expect(shim).toMatch(/^sg_node='\/.+'$/m);
  });

  it("is idempotent: a second run leaves one bashrc line and working shims", () => {
    const again = install(["--root", root, "--from", sb.pkg, "--tools", "git,rm"]);
    expect(again.status).toBe(0);
    expect(readFileSync(join(root, "etc/bash.bashrc"), "utf8").match(/profile\.d\/shellgate\.sh/g)).toHaveLength(2);
    expect(existsSync(join(root, "etc/shellgate/policy.yaml"))).toBe(true);
  });

  it("the installed shims guard the fake tools", async () => {
    const env = sb.env(sb.newLog(), {}, `${join(root, "usr/local/shellgate/bin")}:${sb.fakebin}:${sb.safebin}`);
    const ok = await runShell("sh", "git status", { env });
    expect(ok.status).toBe(0);
    expect(recorded(env.FAKE_LOG!, "git")?.argv).toEqual(["status"]);
    const blocked = await runShell("sh", `rm -rf "$HOME"`, { env });
    expect(blocked.status).toBe(126);
    expect(calls(env.FAKE_LOG!)).toEqual(["git"]);
  });

  it.each([
    [["--from", "/nonexistent"], /not a shellgate checkout/],
    [["--queue", "relative/q"], /absolute/],
    [["--bogus"], /unknown option/],
    [["--policy"], /needs a value/],
  ])("refuses bad input %j with a message", (args, msg) => {
    const r = install(["--root", join(sb.root, "bad"), "--from", sb.pkg, ...(args as string[])]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(msg);
  });
});
