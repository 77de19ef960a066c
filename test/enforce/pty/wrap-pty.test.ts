// Drives `shellgate wrap -- bash --norc` through node-pty as a person at the real terminal would: typing, reading the screen, answering approvals.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, PtyDriver, type Sandbox } from "./sandbox.js";

const BOX = /shellgate: approval needed[\s\S]*Approve\? y once/;
const PROD_BOX = /shellgate: approval needed[\s\S]*Type (\S+) to go on/;

let sb: Sandbox;
let t: PtyDriver | undefined;

beforeEach(() => {
  sb = makeSandbox();
});
afterEach(() => {
  t?.kill();
  t = undefined;
  sb.cleanup();
});

async function bash(opts: Parameters<typeof PtyDriver.start>[2] = {}): Promise<PtyDriver> {
  t = await PtyDriver.start(sb, ["bash", "--norc"], opts);
  await t.waitFor(/\$ $/, "the first prompt");
  return t;
}

async function finish(d: PtyDriver, code = 0): Promise<void> {
  d.type(`exit ${code}\r`);
  const e = await d.exited;
  expect(e.exitCode).toBe(code);
  expect(sb.sessionDirs(), "session directory removed").toEqual([]);
}

// Real-terminal timing: see the note in wrap-tmux.test.ts about the occasional stall and the retries.
describe("shellgate wrap -- bash --norc (node-pty)", { retry: 2 }, () => {
  it("runs harmless lines: ls, echo hi", async () => {
    const d = await bash();
    d.type("echo hi\r");
    await d.waitFor(/^hi$/m);
    d.type("ls ~\r");
    await d.waitFor(/^data$/m);
    expect(d.screen()).not.toMatch(/approval needed/);
    await finish(d);
  });

  it("refuses rm -rf ~ outright: no part of the line runs", async () => {
    const d = await bash();
    d.type("echo first-part; rm -rf ~; echo last-part\r");
    await d.waitFor(/shellgate: refused: echo first-part; rm -rf ~/);
    await d.waitFor(/\$ $/, "the prompt again");
    expect(d.since()).not.toMatch(/^first-part$|^last-part$/m);
    expect(d.screen()).not.toMatch(/approval needed/);
    expect(sb.calls()).toEqual([]);
    await finish(d);
  });

  it("asks for rm -rf ~/data; denying on the outer terminal keeps the data", async () => {
    const d = await bash();
    d.type("rm -rf ~/data\r");
    await d.waitFor(BOX);
    expect(d.screen()).toMatch(/filesystem\/delete/);
    d.type("n\r");
    await d.waitFor(/shellgate: denied/);
    await d.waitFor(/\$ $/);
    expect(sb.calls()).toEqual([]);
    expect(readFileSync(join(sb.home, "data", "keep.txt"), "utf8")).toBe("precious\n");
    await finish(d);
  });

  it("runs a command once the human approves it on the outer terminal", async () => {
    const d = await bash();
    d.type("kubectl delete deployment web\r");
    await d.waitFor(BOX);
    expect(d.screen()).toMatch(/kubectl\/delete/);
    d.type("y\r");
    await d.waitFor(/approved once/);
    await d.waitUntil("kubectl to run", () => (sb.calls().length ? true : undefined));
    expect(sb.calls()).toEqual(["kubectl delete deployment web"]);
    await finish(d);
  });

  it("never takes an answer from keystrokes written inside the session", async () => {
    const d = await bash();
    const ticks = join(sb.root, "ticks");
    // A process in the session keeps "typing" y⏎ into its own terminal while the request is up.
    const count = () => (existsSync(ticks) ? readFileSync(ticks, "utf8").length / 2 : 0);
    d.type("typist &\r");
    await d.waitUntil("the inner writer to start", () => (count() > 0 ? true : undefined));
    d.type("kubectl delete deployment web\r");
    await d.waitFor(BOX);
    const before = count();
    await d.waitUntil("the inner writer to type ten more times", () => (count() >= before + 10 ? true : undefined));
    expect(sb.calls()).toEqual([]);
    expect(d.since()).not.toMatch(/approved|denied/);
    d.type("n\r");
    await d.waitFor(/shellgate: denied/);
    expect(sb.calls()).toEqual([]);
    d.type("kill %1\r");
    await finish(d);
  });

  it("catches bash -c 'kubectl delete ns prod' started by a program inside the session", async () => {
    writeFileSync(join(sb.root, "task.txt"), "kubectl delete ns prod");
    const d = await bash();
    d.type(`fakeagent '${join(sb.root, "task.txt")}'\r`);
    const m = await d.waitFor(PROD_BOX);
    expect(d.screen()).toMatch(/kubectl\/delete-namespace/);
    expect(d.screen()).toMatch(/bash -c/);
    d.type(`${m[1]}\r`);
    await d.waitFor(/Approve\? y once/);
    d.type("n\r");
    await d.waitFor(/fakeagent: bash exited 126/);
    expect(sb.calls()).toEqual([]);
    await finish(d);
  });

  it("asks once for an approved line, not again for the bash -c inside it", async () => {
    const d = await bash();
    d.type("bash -c 'kubectl delete deployment web'\r");
    await d.waitFor(BOX);
    d.type("y\r");
    await d.waitUntil("kubectl to run", () => (sb.calls().length ? true : undefined));
    await d.waitFor(/\$ $/);
    expect(d.screen().match(/approval needed/g)).toHaveLength(1);
    expect(sb.calls()).toEqual(["kubectl delete deployment web"]);
    await finish(d);
  });

  it("makes the human type the production target's name", async () => {
    const d = await bash({ env: { KUBECONFIG: join(sb.root, "prod.kubeconfig") } });
    d.type("kubectl delete deployment web\r");
    const m = await d.waitFor(PROD_BOX);
    expect(m[1]).toBe("prod-eu-1");
    d.type("y\r");
    await d.waitFor(/shellgate: denied \(typed "y", not "prod-eu-1"\)/);
    await d.waitFor(/\$ $/);
    expect(sb.calls()).toEqual([]);
    d.type("kubectl delete deployment web\r");
    await d.waitFor(PROD_BOX);
    d.type("prod-eu-1\r");
    await d.waitFor(/Approve\? y once/);
    d.type("y\r");
    await d.waitUntil("kubectl to run", () => (sb.calls().length ? true : undefined));
    expect(sb.calls()).toEqual(["kubectl delete deployment web"]);
    await finish(d);
  });

  it("approves for the session only when asked to, and only the identical command", async () => {
    const d = await bash();
    d.type("kubectl delete deployment web\r");
    await d.waitFor(BOX);
    d.type("s\r");
    await d.waitFor(/approved for this session/);
    await d.waitFor(/\$ $/);
    d.type("kubectl delete deployment web\r");
    await d.waitFor(/approved for this session earlier/);
    await d.waitFor(/\$ $/);
    expect(sb.calls()).toEqual(["kubectl delete deployment web", "kubectl delete deployment web"]);
    d.type("kubectl delete deployment api\r");
    await d.waitFor(BOX);
    d.type("\r");
    await d.waitFor(/shellgate: denied/);
    expect(sb.calls()).toHaveLength(2);
    await finish(d);
  });

  it("denies when nobody answers in time", async () => {
    const d = await bash({ wrapArgs: ["--approval-timeout", "1"] });
    d.type("kubectl delete deployment web\r");
    await d.waitFor(/no answer in time: denied/);
    expect(sb.calls()).toEqual([]);
    await finish(d);
  });

  it("passes window resizes and the exit status through", async () => {
    const d = await bash({ cols: 100, rows: 30 });
    d.type("stty size\r");
    await d.waitFor(/^30 100$/m);
    d.term.resize(132, 43);
    d.type("stty size\r");
    await d.waitFor(/^43 132$/m);
    await finish(d, 7);
  });

  it("passes Ctrl-C to the child and keeps the session", async () => {
    const d = await bash();
    // Wait until the child really runs (its own output), so Ctrl-C goes to it and not to the line's check.
    // Ctrl-C during the check itself is a separate case (it should cancel the line); it still stalls now and then.
    d.type("echo sleep-started; sleep 30\r");
    await d.waitFor(/^sleep-started$/m);
    d.type("\x03");
    await d.waitFor(/\$ $/);
    d.type("echo still-here\r");
    await d.waitFor(/^still-here$/m);
    await finish(d, 0);
  });
});
