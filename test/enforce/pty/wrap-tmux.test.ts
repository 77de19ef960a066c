// Drives `shellgate wrap -- bash --norc` inside a real terminal emulator (tmux): keys through send-keys, the screen through capture-pane.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hasTmux, makeSandbox, TmuxDriver, type Sandbox } from "./sandbox.js";

const tmux = hasTmux();
if (!tmux) console.warn("wrap-tmux tests skipped: tmux is not installed (apt-get install -y tmux)");

let sb: Sandbox;
let t: TmuxDriver | undefined;
beforeEach(() => {
  sb = makeSandbox();
});
afterEach(() => {
  t?.kill();
  t = undefined;
  sb.cleanup();
});

// These drive a real terminal with real timing; on a loaded 2-core machine a session occasionally
// stalls (a known, not yet explained flake: the prompt after Ctrl-C, or the pane's end, never shows),
// so each test gets two more attempts in a fresh sandbox.
describe.skipIf(!tmux)("shellgate wrap -- bash --norc (tmux)", { retry: 2 }, () => {
  it("runs ls and echo, refuses rm -rf ~, asks for rm -rf ~/data and keeps the data when denied", async () => {
    t = TmuxDriver.start(sb, ["bash", "--norc"]);
    await t.waitFor(/[#$] ?$/m);
    t.send("echo hi");
    await t.waitFor(/^hi$/m);
    t.send("ls ~");
    await t.waitFor(/^data$/m);
    t.send("rm -rf ~");
    await t.waitFor(/shellgate: refused: rm -rf ~/);
    t.send("rm -rf ~/data");
    await t.waitFor(/approval needed[\s\S]*filesystem\/delete[\s\S]*Approve\? y once/);
    t.send("n");
    await t.waitFor(/shellgate: denied/);
    expect(sb.calls()).toEqual([]);
    expect(readFileSync(join(sb.home, "data", "keep.txt"), "utf8")).toBe("precious\n");
    expect(await t.exit(0)).toBe(0);
  });

  it("runs what the human approves in the pane, and catches bash -c from a program", async () => {
    writeFileSync(join(sb.root, "task.txt"), "kubectl delete deployment web");
    t = TmuxDriver.start(sb, ["bash", "--norc"]);
    await t.waitFor(/[#$] ?$/m);
    t.send(`fakeagent '${join(sb.root, "task.txt")}'`);
    await t.waitFor(/approval needed[\s\S]*bash -c[\s\S]*Approve\? y once/);
    t.send("y");
    await t.waitFor(/fakeagent: bash exited 0/);
    expect(sb.calls()).toEqual(["kubectl delete deployment web"]);
    expect(await t.exit(0)).toBe(0);
  });

  it("follows the window size and ends with the child's exit status", async () => {
    t = TmuxDriver.start(sb, ["bash", "--norc"]);
    await t.waitFor(/[#$] ?$/m);
    t.send("stty size");
    await t.waitFor(/^40 120$/m);
    t.tmux(["resize-window", "-t", "sg", "-x", "90", "-y", "30"]);
    t.send("stty size");
    await t.waitFor(/^30 90$/m);
    const status = await t.exit(5);
    expect(status).toBe(5);
    expect(sb.sessionDirs()).toEqual([]);
  });
});
