// Installing, rewriting and removing shims; the PATH walk that finds real programs; `shims status` and what it calls effective.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dirStatus, findReal, commandV, installShims, uninstallShims, readMarker, renderShim, loadTemplate, defaultTools, allTools, parseToolList, SHIM_MARKER, type ShimSettings } from "../../../src/enforce/shim/index.js";
import { run as shimsCli } from "../../../src/cli/commands/shims.js";
import { PassThrough } from "node:stream";

let root: string;
const settings = (dir: string, extra: Partial<ShimSettings> = {}): ShimSettings => ({ dir, node: process.execPath, cli: "/opt/sg/dist/cli.mjs", timeout: 20, maxWait: 600, failOpen: [], ...extra });
const exe = (p: string) => {
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, "#!/bin/sh\nexit 0\n");
  chmodSync(p, 0o755);
};

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "sg-install-")));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("installShims", () => {
  it("writes one executable shim per tool and a marker listing them", () => {
    const dir = join(root, "shims");
    const r = installShims(["git", "rm"], settings(dir));
    expect(r.tools).toEqual(["git", "rm"]);
    expect(statSync(join(dir, "git")).mode & 0o777).toBe(0o755);
    expect(readMarker(dir)?.tools).toEqual(["git", "rm"]);
  });

  it("a second install adds tools and rewrites the existing ones with the new settings", () => {
    const dir = join(root, "shims");
    installShims(["git"], settings(dir));
    installShims(["kubectl"], settings(dir, { queue: "/var/lib/q" }));
    expect(readMarker(dir)?.tools).toEqual(["git", "kubectl"]);
    expect(readFileSync(join(dir, "git"), "utf8")).toContain("sg_queue='/var/lib/q'");
  });

  it("refuses a directory that holds anything but shims (its programs would be skipped as shims)", () => {
    const dir = join(root, "bin");
    exe(join(dir, "terraform"));
    expect(() => installShims(["git"], settings(dir))).toThrow(/not shellgate shims/);
    expect(existsSync(join(dir, SHIM_MARKER))).toBe(false);
  });

  it("quotes every baked value for sh, including quotes and spaces in paths", () => {
    const text = renderShim(loadTemplate(), "git", settings(join(root, "it's a dir"), { node: "/opt/no de/node", queue: "/q'x", failOpen: ["git"] }));
    expect(text).toContain(`sg_dir='${root}/it'\\''s a dir'`);
    expect(text).toContain(`sg_node='/opt/no de/node'`);
    expect(text).toContain(`sg_queue='/q'\\''x'`);
    expect(text).toContain("sg_fail_open=1");
    expect(text).not.toMatch(/@@[A-Z_]+@@/);
  });

  it.each(["../evil", "a/b", "", "x y", "$(id)"])("rejects the tool name %j", (t) => {
    expect(() => renderShim(loadTemplate(), t, settings(join(root, "s")))).toThrow();
  });
});

describe("uninstallShims", () => {
  it("removes named shims, then the marker and the directory with the last one", () => {
    const dir = join(root, "shims");
    installShims(["git", "rm"], settings(dir));
    expect(uninstallShims(dir, ["git"]).removed).toEqual(["git"]);
    expect(readMarker(dir)?.tools).toEqual(["rm"]);
    expect(uninstallShims(dir)).toMatchObject({ removed: ["rm"], dirRemoved: true });
    expect(existsSync(dir)).toBe(false);
  });

  it("never removes a file that is not a shim", () => {
    const dir = join(root, "shims");
    installShims(["git"], settings(dir));
    writeFileSync(join(dir, "notes.txt"), "mine");
    expect(uninstallShims(dir)).toMatchObject({ removed: ["git"], dirRemoved: false });
    expect(existsSync(join(dir, "notes.txt"))).toBe(true);
  });
});

describe("findReal", () => {
  it.each([
    ["skips a shim directory by its marker", ["shims", "a"], "a"],
    ["skips every shim directory, not only its own", ["shims", "shims2", "b"], "b"],
    ["takes the first real one in PATH order", ["a", "b"], "a"],
    ["finds nothing when only shims hold the name", ["shims", "shims2"], undefined],
  ])("%s", (_name, order, expected) => {
    installShims(["git"], settings(join(root, "shims")));
    installShims(["git"], settings(join(root, "shims2")));
    exe(join(root, "a", "git"));
    exe(join(root, "b", "git"));
    const path = (order as string[]).map((d) => join(root, d)).join(":");
    const found = findReal("git", path, root);
    expect(found).toBe(expected ? join(root, expected, "git") : undefined);
  });

  it("never returns the shim itself, even from an unmarked directory", () => {
    exe(join(root, "plain", "git"));
    expect(findReal("git", join(root, "plain"), root, { self: join(root, "plain", "git") })).toBeUndefined();
  });

  it("an empty PATH entry is the current directory, as in the shell", () => {
    exe(join(root, "git"));
    expect(findReal("git", `:${join(root, "nowhere")}`, root)).toBe(join(root, "git"));
    expect(commandV("git", `${join(root, "nowhere")}:`, root)).toBe(join(root, "git"));
  });
});

describe("status", () => {
  it.each([
    ["shim dir first on PATH: effective", ["shims", "real"], true],
    ["a real program earlier on PATH: not effective", ["real", "shims"], false],
    ["shim dir not on PATH: not effective", ["real"], false],
  ])("%s", (_name, order, effective) => {
    const dir = join(root, "shims");
    installShims(["git"], settings(dir, { cli: process.execPath }));
    exe(join(root, "real", "git"));
    const st = dirStatus(dir, { PATH: (order as string[]).map((d) => join(root, d)).join(":") }, root);
    expect(st.tools).toMatchObject([{ tool: "git", effective, real: join(root, "real", "git") }]);
  });

  it("shims install --present keeps only the tools installed on PATH", async () => {
    const dir = join(root, "shims");
    exe(join(root, "real", "git"));
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: { PATH: `${dir}:${join(root, "real")}`, HOME: root }, cwd: root };
    exe(join(root, "pkg", "bin", "shellgate"));
    exe(join(root, "pkg", "dist", "cli.mjs"));
    expect(await shimsCli(["install", "--dir", dir, "--tools", "git,kubectl", "--present", "--cli", join(root, "pkg", "bin", "shellgate")], io)).toBe(0);
    expect(readMarker(dir)?.tools).toEqual(["git"]);
  });

  it("shims status --check exits 1 unless every shim is effective", async () => {
    const dir = join(root, "shims");
    installShims(["git"], settings(dir, { cli: process.execPath }));
    exe(join(root, "real", "git"));
    const io = (path: string) => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: { PATH: path, HOME: root }, cwd: root });
    expect(await shimsCli(["status", "--dir", dir, "--check"], io(`${dir}:${join(root, "real")}`))).toBe(0);
    expect(await shimsCli(["status", "--dir", dir, "--check"], io(`${join(root, "real")}:${dir}`))).toBe(1);
  });
});

describe("tool lists", () => {
  it("default tools are the rule packs' programs plus rm, git, find; --all adds wrappers and shells", () => {
    const d = defaultTools([{ name: "x", description: "", programs: ["kubectl", "*"], findings: {}, check() {} }]);
    expect(d).toEqual(["find", "git", "kubectl", "rm"]);
    const all = allTools();
    for (const t of ["rm", "git", "find", "sudo", "env", "xargs", "bash"]) expect(all).toContain(t);
    for (const t of ["command", "builtin", "exec", "*"]) expect(all).not.toContain(t);
  });

  it.each([["git,,rm", ["git", "rm"]], [" kubectl , aws ", ["kubectl", "aws"]]])("parses --tools %j", (v, out) => {
    expect(parseToolList("--tools", v)).toEqual(out);
  });

  it.each(["", "a/b", "../x"])("rejects --tools %j", (v) => {
    expect(() => parseToolList("--tools", v)).toThrow();
  });
});
