// The approval queue end to end: a shimmed call files a request, the approver's CLI answers it, and only a binding decision lets it run.
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls, cliRun, makeSandbox, recorded, runShell, type Ran, type Sandbox } from "../shim/harness.js";

let sb: Sandbox;

beforeAll(() => {
  sb = makeSandbox();
  for (const t of ["git", "kubectl"]) sb.fake(t);
  sb.install(["--tools", "git,kubectl", "--queue", sb.queue, "--max-wait", "30"]);
});
afterAll(() => sb?.cleanup());

/** Starts a shimmed command and resolves with its request id once the request file appears. */
async function started(script: string, log: string, env: Record<string, string> = {}, input?: string): Promise<{ id: string; done: Promise<Ran> }> {
  const before = new Set(requestIds());
  const done = runShell("bash", script, { env: sb.env(log, env), timeoutMs: 40_000, ...(input !== undefined ? { input } : {}) });
  for (let i = 0; i < 200; i++) {
    const id = requestIds().find((x) => !before.has(x));
    if (id) return { id, done };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no request appeared for ${script}: ${(await done).stderr}`);
}

function requestIds(): string[] {
  const dir = join(sb.queue, "requests");
  return existsSync(dir) ? readdirSync(dir).filter((n) => /^[a-z0-9]{6}\.json$/.test(n)).map((n) => n.slice(0, 6)) : [];
}

const request = (id: string) => JSON.parse(readFileSync(join(sb.queue, "requests", `${id}.json`), "utf8")) as Record<string, unknown>;

describe("approval round trip", () => {
  it("request → approve on the approver's side → the exact command runs once, stdin intact", async () => {
    const log = sb.newLog();
    const { id, done } = await started("git push --force origin main", log, { FAKE_EXIT: "5" }, "from stdin\n");
    const r0 = request(id);
    expect(r0).toMatchObject({ state: "pending", argv: ["git", "push", "--force", "origin", "main"], frontend: "shim" });
    expect((r0.findings as { id: string }[]).map((f) => f.id)).toContain("git/force-push");
    const list = cliRun(sb, ["approvals", "list", "--json", "--queue", sb.queue]);
    expect(JSON.parse(list.stdout).map((x: { id: string }) => x.id)).toContain(id);

    const confirm = (r0.targets as string[]).flatMap((t) => ["--confirm", t]);
    const a = cliRun(sb, ["approvals", "approve", id, "--queue", sb.queue, ...confirm]);
    expect(a.status).toBe(0);
    const r = await done;
    expect(r.status).toBe(5);
    expect(recorded(log, "git")).toMatchObject({ argv: ["push", "--force", "origin", "main"], stdin: "from stdin\n" });
    expect(request(id).state).toBe("approved");

    // Every step is in the audit log: the request, the human's answer, the run.
    const audit = readFileSync(join(sb.home, ".local/state/shellgate/audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const steps = audit.filter((e) => e.command === "git push --force origin main").map((e) => [e.frontend, e.outcome, e.approval?.channel, e.approval?.answer]);
    // The approver's record and the guard's run race each other into the log; the guard's own steps keep their order.
    expect(steps.filter((x) => x[0] === "shim")).toEqual([
      ["shim", "reported", undefined, undefined],
      ["shim", "executed", "queue", "approve"],
    ]);
    expect(steps.filter((x) => x[0] === "cli")).toEqual([["cli", "reported", "queue", "approve"]]);

    // Used once: the request cannot be answered again, and the same command asks afresh.
    expect(cliRun(sb, ["approvals", "approve", id, "--queue", sb.queue, ...confirm]).status).toBe(1);
    const again = await started("git push --force origin main", sb.newLog(), { SHELLGATE_APPROVAL_TIMEOUT: "1" });
    expect(again.id).not.toBe(id);
    expect((await again.done).status).toBe(126);
  });

  it("deny → refused with exit 126, never run", async () => {
    const log = sb.newLog();
    const { id, done } = await started("git reset --hard", log);
    expect(cliRun(sb, ["approvals", "deny", id, "--queue", sb.queue, "--note", "use git stash"]).status).toBe(0);
    const r = await done;
    expect(r.status).toBe(126);
    expect(calls(log)).toEqual([]);
    expect(request(id).state).toBe("denied");
  });

  it("expiry → refused with exit 126, never run, and the approver can no longer approve", async () => {
    const log = sb.newLog();
    const { id, done } = await started("git reset --hard", log, { SHELLGATE_APPROVAL_TIMEOUT: "1" });
    const r = await done;
    expect(r.status).toBe(126);
    expect(calls(log)).toEqual([]);
    expect(request(id).state).toBe("expired");
    expect(cliRun(sb, ["approvals", "approve", id, "--queue", sb.queue]).status).toBe(1);
  });

  it("a production target must be typed to approve", async () => {
    const log = sb.newLog();
    const { id, done } = await started("kubectl --context prod-eu-1 delete deployment web", log);
    expect(request(id).targets).toEqual(["prod-eu-1"]);
    expect(cliRun(sb, ["approvals", "approve", id, "--queue", sb.queue]).status).toBe(1);
    expect(cliRun(sb, ["approvals", "approve", id, "--queue", sb.queue, "--confirm", "prod-eu"]).status).toBe(1);
    expect(cliRun(sb, ["approvals", "approve", id, "--queue", sb.queue, "--confirm", "prod-eu-1"]).status).toBe(0);
    expect((await done).status).toBe(0);
    expect(recorded(log, "kubectl")?.argv).toEqual(["--context", "prod-eu-1", "delete", "deployment", "web"]);
  });

  it("the agent's SHELLGATE_QUEUE cannot move the queue a shim was installed with", async () => {
    const elsewhere = join(sb.root, "agent-queue");
    const log = sb.newLog();
    const { id, done } = await started("git reset --hard", log, { SHELLGATE_QUEUE: elsewhere, SHELLGATE_APPROVAL_TIMEOUT: "1" });
    expect(existsSync(join(sb.queue, "requests", `${id}.json`))).toBe(true);
    expect(existsSync(elsewhere)).toBe(false);
    expect((await done).status).toBe(126);
  });
});

describe("the shim's watchdog", () => {
  it("allows a wait for a human beyond the decision timeout (the decider tells the shim it is waiting)", async () => {
    const dir = join(sb.root, "shims-short");
    sb.install(["--tools", "git", "--queue", sb.queue, "--timeout", "2", "--max-wait", "30"], dir);
    const log = sb.newLog();
    const before = new Set(requestIds());
    const done = runShell("bash", "git reset --hard", { env: sb.env(log, {}, `${dir}:${sb.fakebin}:${sb.safebin}`), timeoutMs: 40_000 });
    let id: string | undefined;
    while (!id) {
      id = requestIds().find((x) => !before.has(x));
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 3000));
    expect(cliRun(sb, ["approvals", "approve", id, "--queue", sb.queue]).status).toBe(0);
    expect((await done).status).toBe(0);
    expect(calls(log)).toEqual(["git"]);
  });
});

describe("forged decisions are ignored", () => {
  const approveText = (id: string, binding: string) => JSON.stringify({ version: 1, id, answer: "approve", binding, by: "agent", at: new Date().toISOString(), channel: "queue" });

  it.each([
    ["written into requests/", (id: string, binding: string) => writeFileSync(join(sb.queue, "requests", `${id}.decision.json`), approveText(id, binding))],
    ["written into requests/ under the decision's own name", (id: string, binding: string) => {
      mkdirSync(join(sb.queue, "requests", "decisions"), { recursive: true });
      writeFileSync(join(sb.queue, "requests", "decisions", `${id}.json`), approveText(id, binding));
    }],
    ["in decisions/ but bound to another command", (id: string) => writeFileSync(join(sb.queue, "decisions", `${id}.json`), approveText(id, "0".repeat(64)))],
    ["in decisions/ as a symlink into requests/", (id: string, binding: string) => {
      writeFileSync(join(sb.queue, "requests", `forged-${id}`), approveText(id, binding));
      symlinkSync(join(sb.queue, "requests", `forged-${id}`), join(sb.queue, "decisions", `${id}.json`));
    }],
  ])("a decision %s", async (_name, forge) => {
    mkdirSync(join(sb.queue, "decisions"), { recursive: true });
    const log = sb.newLog();
    const { id, done } = await started("git reset --hard", log, { SHELLGATE_APPROVAL_TIMEOUT: "2" });
    forge(id, request(id).binding as string);
    const r = await done;
    expect(r.status).toBe(126);
    expect(calls(log)).toEqual([]);
    expect(request(id).state).toBe("expired");
  });
});
