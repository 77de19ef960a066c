// PATH shims end to end through bash -c and sh -c: argv and stdin reach the real program intact, refusals never do, and no shim loops.
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls, makeSandbox, recorded, runShell, sq, type Sandbox } from "./harness.js";
import { spawnSync } from "node:child_process";

let sb: Sandbox;

beforeAll(() => {
  sb = makeSandbox();
  for (const t of ["git", "rm", "kubectl", "find"]) sb.fake(t);
  sb.install(["--tools", "git,rm,kubectl,find,sgmissing"]);
});
afterAll(() => sb?.cleanup());

const ARGS = ["status", "a b", "", "x\ny", "it's", "héllo wörld ✓", "$HOME", "*", "--opt=a=b", " lead", "tab\there", '"dq"', "back\\slash"];

describe.each(["bash", "sh"] as const)("through %s -c", (shell) => {
  it("an allowed call reaches the real program with argv and stdin intact, and its exit status comes back", async () => {
    const log = sb.newLog();
    const r = await runShell(shell, `git ${ARGS.map(sq).join(" ")}`, { env: sb.env(log, { FAKE_EXIT: "42" }), input: "payload\nline 2\n\u00e9\n" });
    expect(r.status).toBe(42);
    expect(recorded(log, "git")).toMatchObject({ argv: ARGS, stdin: "payload\nline 2\n\u00e9\n" });
  });

  it("stdin piped into a shimmed tool reaches it (echo x | kubectl apply -f -)", async () => {
    const log = sb.newLog();
    const r = await runShell(shell, "echo x | kubectl apply -f -", { env: sb.env(log) });
    expect(r.status).toBe(0);
    expect(recorded(log, "kubectl")).toMatchObject({ argv: ["apply", "-f", "-"], stdin: "x\n" });
  });

  it("the real program replaces the shim: same pid", async () => {
    const log = sb.newLog();
    const r = await runShell(shell, `git status & echo $! > ${sq(join(log, "shim.pid"))}; wait $!`, { env: sb.env(log) });
    expect(r.status).toBe(0);
    expect(recorded(log, "git")?.pid).toBe(Number(readFileSync(join(log, "shim.pid"), "utf8")));
  });

  it("warn: one line on stderr naming the finding, then the program runs", async () => {
    const log = sb.newLog();
    const r = await runShell(shell, "git push --force-with-lease origin feature", { env: sb.env(log) });
    expect(r.status).toBe(0);
    expect(recorded(log, "git")?.argv).toEqual(["push", "--force-with-lease", "origin", "feature"]);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("git/force-push-lease");
  });

  it("block: refused with exit 126, the finding and rule on stderr, and the program never runs", async () => {
    const log = sb.newLog();
    const r = await runShell(shell, `rm -rf "$HOME"`, { env: sb.env(log) });
    expect(r.status).toBe(126);
    expect(r.stderr).toContain("filesystem/delete");
    expect(r.stderr).toContain("defaults/critical");
    expect(calls(log)).toEqual([]);
  });

  it("ask with no queue anywhere: refused with exit 126, never run", async () => {
    const log = sb.newLog();
    const r = await runShell(shell, "git push --force origin main", { env: sb.env(log) });
    expect(r.status).toBe(126);
    expect(r.stderr).toContain("git/force-push");
    expect(calls(log)).toEqual([]);
  });

  it("a shimmed tool with no real program behind it exits 127 with the usual message", async () => {
    const log = sb.newLog();
    const r = await runShell(shell, "sgmissing --version", { env: sb.env(log) });
    expect(r.status).toBe(127);
    expect(r.stderr).toContain("sgmissing: command not found");
  });
});

describe("no loops", () => {
  it("two shim directories on PATH: the real program runs exactly once", async () => {
    const second = join(sb.root, "shims2");
    sb.install(["--tools", "git"], second);
    const log = sb.newLog();
    const r = await runShell("sh", "git status", { env: sb.env(log, {}, `${sb.shims}:${second}:${sb.fakebin}:${sb.safebin}`) });
    expect(r.status).toBe(0);
    expect(calls(log)).toEqual(["git"]);
  });

  it("a shim linked into an unmarked directory never takes itself for the real program", async () => {
    const links = join(sb.root, "links");
    mkdirSync(links, { recursive: true });
    symlinkSync(join(sb.shims, "git"), join(links, "git"));
    const log = sb.newLog();
    const r = await runShell("bash", "git log -1", { env: sb.env(log, {}, `${links}:${sb.fakebin}:${sb.safebin}`) });
    expect(r.status).toBe(0);
    expect(calls(log)).toEqual(["git"]);
  });

  it("with only shims on PATH the call is a missing command, not a loop", async () => {
    const second = join(sb.root, "shims2");
    const log = sb.newLog();
    const r = await runShell("sh", "git status", { env: sb.env(log, {}, `${sb.shims}:${second}:${sb.safebin}`) });
    expect(r.status).toBe(127);
    expect(calls(log)).toEqual([]);
  });
});

describe("fail closed", () => {
  it("node missing: exit 125 and nothing runs", async () => {
    const dir = join(sb.root, "shims-nonode");
    sb.install(["--tools", "git", "--node", "/nonexistent/node"], dir);
    const log = sb.newLog();
    const r = await runShell("sh", "git status", { env: sb.env(log, {}, `${dir}:${sb.fakebin}:${sb.safebin}`) });
    expect(r.status).toBe(125);
    expect(calls(log)).toEqual([]);
  });

  it("shellgate does not answer in time: the watchdog refuses with exit 125", async () => {
    const slow = join(sb.root, "slow-node");
    writeFileSync(slow, "#!/bin/sh\nexec sleep 30\n");
    chmodSync(slow, 0o755);
    const dir = join(sb.root, "shims-slow");
    sb.install(["--tools", "git", "--node", slow, "--timeout", "1"], dir);
    const log = sb.newLog();
    const started = Date.now();
    const r = await runShell("sh", "git status", { env: sb.env(log, {}, `${dir}:${sb.fakebin}:${sb.safebin}`) });
    expect(r.status).toBe(125);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(calls(log)).toEqual([]);
  });

  it("shellgate crashes: exit 125 and nothing runs", async () => {
    const broken = join(sb.root, "broken-node");
    writeFileSync(broken, "#!/bin/sh\nexit 3\n");
    chmodSync(broken, 0o755);
    const dir = join(sb.root, "shims-broken");
    sb.install(["--tools", "git", "--node", broken], dir);
    const log = sb.newLog();
    const r = await runShell("bash", "git status", { env: sb.env(log, {}, `${dir}:${sb.fakebin}:${sb.safebin}`) });
    expect(r.status).toBe(125);
    expect(calls(log)).toEqual([]);
  });

  it("a tool installed fail-open runs (with a warning) when shellgate is missing, but a refusal still refuses", async () => {
    const dir = join(sb.root, "shims-failopen");
    sb.install(["--tools", "git", "--node", "/nonexistent/node", "--fail-open", "git"], dir);
    const log = sb.newLog();
    const r = await runShell("sh", "git status", { env: sb.env(log, {}, `${dir}:${sb.fakebin}:${sb.safebin}`) });
    expect(r.status).toBe(0);
    expect(calls(log)).toEqual(["git"]);

    const dir2 = join(sb.root, "shims-failopen-rm");
    sb.install(["--tools", "rm", "--fail-open", "rm"], dir2);
    const log2 = sb.newLog();
    const r2 = await runShell("sh", `rm -rf "$HOME"`, { env: sb.env(log2, {}, `${dir2}:${sb.fakebin}:${sb.safebin}`) });
    expect(r2.status).toBe(126);
    expect(calls(log2)).toEqual([]);
  });

  it("NODE_OPTIONS from the caller cannot reach the decider", async () => {
    const evil = join(sb.root, "evil.cjs");
    writeFileSync(evil, "process.exit(0);\n");
    const log = sb.newLog();
    const r = await runShell("sh", `rm -rf "$HOME"`, { env: sb.env(log, { NODE_OPTIONS: `--require ${evil}` }) });
    expect(r.status).toBe(126);
    expect(calls(log)).toEqual([]);
  });
});

describe("shellgate exec without a shim", () => {
  const exec = (args: string[], env: Record<string, string>, input?: string) =>
    spawnSync(process.execPath, [join(sb.pkg, "bin", "shellgate"), "exec", "--", ...args], { env, cwd: sb.home, encoding: "utf8", ...(input !== undefined ? { input } : { stdio: ["ignore", "pipe", "pipe"] }) });

  it("runs the real program (never a shim) once, with argv, stdin and exit status passed through", () => {
    const log = sb.newLog();
    const r = exec(["git", "log", "a b", ""], sb.env(log, { FAKE_EXIT: "9" }), "in\n");
    expect(r.status).toBe(9);
    expect(calls(log)).toEqual(["git"]);
    expect(recorded(log, "git")).toMatchObject({ argv: ["log", "a b", ""], stdin: "in\n" });
  });

  it.each([
    ["a block", ["rm", "-rf", "HOME"], 126],
    ["a missing program", ["sgmissing"], 127],
  ])("%s: exit %i and nothing runs", (_name, args, status) => {
    const log = sb.newLog();
    const r = exec((args as string[]).map((a) => (a === "HOME" ? sb.home : a)), sb.env(log));
    expect(r.status).toBe(status);
    expect(calls(log)).toEqual([]);
  });
});
