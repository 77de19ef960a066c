// wrap driven by a program (stdin and stdout are pipes, not a terminal), other shells (zsh, sh), and the shell side when the wrapper is gone.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSession } from "../../../src/enforce/pty/session.js";
import { BIN, makeSandbox, plain, type Sandbox } from "./sandbox.js";

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox();
});
afterEach(() => sb.cleanup());

function wrapPiped(command: string[], input: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, "wrap", "--", ...command], { input, cwd: sb.home, env: sb.env(env), encoding: "utf8", timeout: 60_000 });
  return { status: r.status, out: plain(r.stdout + r.stderr) };
}

const hasZsh = spawnSync("zsh", ["--version"], { stdio: "ignore" }).status === 0;

describe("wrap without a terminal (stdin and stdout are pipes)", () => {
  it("runs the session, refuses what needs approval with how to approve, and passes the exit status", () => {
    const r = wrapPiped(["bash", "--norc"], "echo hi\nkubectl delete deployment web\nrm -rf ~\nexit 3\n");
    expect(r.status).toBe(3);
    expect(r.out).toMatch(/^hi$/m);
    expect(r.out).toMatch(/refused \(needs a human's approval\): kubectl delete deployment web[\s\S]*shellgate approvals/);
    expect(r.out).toMatch(/shellgate: refused: rm -rf ~/);
    expect(sb.calls()).toEqual([]);
    expect(readFileSync(join(sb.home, "data", "keep.txt"), "utf8")).toBe("precious\n");
    expect(sb.sessionDirs()).toEqual([]);
  });

  it("ends the child when stdin ends", () => {
    const r = wrapPiped(["bash", "--norc"], "echo bye\n");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^bye$/m);
  });

  it("refuses a non-interactive bash -c with exit 126 before anything in it runs", () => {
    const r = wrapPiped(["bash", "-c", "echo started; kubectl delete deployment web"], "");
    expect(r.status).toBe(126);
    expect(r.out).not.toMatch(/^started$/m);
    expect(sb.calls()).toEqual([]);
  });

  it("guards sh -c scripts that start bash", () => {
    const r = wrapPiped(["sh", "-c", "bash -c 'rm -rf ~'; echo status=$?"], "");
    expect(r.out).toMatch(/status=126/);
    expect(sb.calls()).toEqual([]);
  });
});

describe.skipIf(!hasZsh)("zsh in a wrap session", () => {
  it("checks each interactive line as a whole before any part of it runs", () => {
    const r = wrapPiped(["zsh"], "echo zsh-ok\necho one; rm -rf ~; echo two\nexit 4\n");
    expect(r.status).toBe(4);
    expect(r.out).toMatch(/^zsh-ok$/m);
    expect(r.out).toMatch(/shellgate: refused: echo one; rm -rf ~; echo two/);
    expect(r.out).not.toMatch(/^one$|^two$/m);
    expect(sb.calls()).toEqual([]);
  });

  it("checks a zsh -c command string before it runs", () => {
    const r = wrapPiped(["zsh", "-c", "echo started; kubectl delete deployment web"], "");
    expect(r.status).toBe(126);
    expect(r.out).not.toMatch(/^started$/m);
    expect(sb.calls()).toEqual([]);
  });
});

describe("when the wrapper is gone, shell clients fall back to a cold check", () => {
  it("runs what the cold check allows and refuses what needs approval (nobody can be asked)", () => {
    const dead = spawnSync("true").pid!;
    const s = createSession({ env: sb.env(), node: process.execPath, bin: BIN, exitRefused: 126, exitAsk: 10, exitBlock: 11, wrapperPid: dead });
    try {
      // SHLVL as in a user's shell: at level 1 a bash whose stdin is a socket reads ~/.bashrc, not BASH_ENV (wrap sets it for its child).
      const env = { ...sb.env(), SHLVL: "1", BASH_ENV: join(s.dir, "bash_env") };
      const ok = spawnSync("bash", ["-c", "echo fine"], { env, encoding: "utf8", cwd: sb.home });
      expect(ok.status).toBe(0);
      expect(ok.stdout).toBe("fine\n");
      const no = spawnSync("bash", ["-c", "kubectl delete deployment web"], { env, encoding: "utf8", cwd: sb.home });
      expect(no.status, no.stderr + no.stdout).toBe(126);
      expect(no.stderr).toMatch(/the wrap session is gone/);
      expect(sb.calls()).toEqual([]);
    } finally {
      s.remove();
    }
  });
});
