// decideArgv(): each decision becomes run or a refusal with its exit status, and exactly the audit events the shim owes.
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditEvent } from "../../../src/audit/index.js";
import type { GuardResult } from "../../../src/enforce/guard.js";
import type { Action, CheckContext, Decision, Finding } from "../../../src/types.js";

const events: AuditEvent[] = [];
vi.mock("../../../src/audit/index.js", () => ({ appendAudit: async (e: AuditEvent) => void events.push(structuredClone(e)) }));

const { decideArgv, SHIM_EXIT } = await import("../../../src/enforce/shim/decide.js");
const { decide, loadForDecision, listRequests } = await import("../../../src/enforce/approval/index.js");

const finding = (id: string, risk: Finding["risk"], evidence?: Finding["evidence"]): Finding => ({
  id,
  risk,
  categories: ["destroy"],
  message: `${id} message`,
  hint: `${id} hint`,
  invocation: 0,
  ...(evidence ? { evidence } : {}),
});

function fakeGuard(action: Action, findings: Finding[], extra: Partial<Decision> = {}) {
  return async (input: unknown): Promise<GuardResult> => ({
    decision: {
      action,
      command: (input as { argv: string[] }).argv.join(" "),
      reasons: [{ rule: `defaults/${findings[0]?.risk ?? "low"}`, source: "built-in", action, findings: findings.map((f) => f.id) }],
      findings,
      errors: [],
      invocations: [],
      mode: "enforce",
      ...extra,
    },
  });
}

let dir: string;
let ctx: CheckContext;
const stderr = () => {
  const s = new PassThrough();
  let text = "";
  s.on("data", (d) => (text += d));
  return { stream: s, text: () => text };
};

beforeEach(() => {
  events.length = 0;
  dir = realpathSync(mkdtempSync(join(tmpdir(), "sg-decide-")));
  ctx = { cwd: dir, env: { HOME: dir }, frontend: "shim" };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("decideArgv", () => {
  it.each([
    ["allow", "allow", [], true, 0, ["executed"]],
    ["warn", "warn", [finding("git/force-push-lease", "medium")], true, 0, ["executed"]],
    ["block", "block", [finding("filesystem/delete", "critical")], false, SHIM_EXIT.refused, ["refused"]],
    ["ask, no queue", "ask", [finding("git/force-push", "high")], false, SHIM_EXIT.refused, ["refused"]],
  ] as const)("%s", async (_name, action, findings, run, exit, outcomes) => {
    const err = stderr();
    const r = await decideArgv({ argv: ["git", "x"], ctx, stderr: err.stream, guard: fakeGuard(action, [...findings]) });
    expect({ run: r.run, exit: r.exit }).toEqual({ run, exit });
    expect(events.map((e) => e.outcome)).toEqual(outcomes);
    expect(events.every((e) => e.context.frontend === "shim")).toBe(true);
    if (action === "warn") expect(err.text().trim().split("\n")).toHaveLength(1);
  });

  it("a decision with errors fails closed with exit 125 and an error outcome", async () => {
    const r = await decideArgv({ argv: ["git", "x"], ctx, stderr: stderr().stream, guard: fakeGuard("block", [], { errors: ["policy error: bad"] }) });
    expect({ run: r.run, exit: r.exit }).toEqual({ run: false, exit: SHIM_EXIT.failed });
    expect(events.map((e) => e.outcome)).toEqual(["error"]);
  });

  it("audit mode runs whatever the decision", async () => {
    const r = await decideArgv({ argv: ["rm", "-rf", "/"], ctx, stderr: stderr().stream, guard: fakeGuard("block", [finding("filesystem/delete", "critical")], { mode: "audit" }) });
    expect(r.run).toBe(true);
    expect(events.map((e) => e.outcome)).toEqual(["executed"]);
  });

  it("ask through a queue: request filed and audited, approved by the human side, then executed with the approval recorded", async () => {
    const queue = join(dir, "queue");
    let notified = 0;
    const pending = decideArgv({
      argv: ["kubectl", "--context", "prod-eu-1", "delete", "ns", "payments"],
      ctx,
      queue,
      waitSeconds: 20,
      notify: () => notified++,
      stderr: stderr().stream,
      guard: fakeGuard("ask", [finding("kubectl/delete-namespace", "high", [{ kind: "kube-context", value: "prod-eu-1", pattern: 'token "prod"', source: "--context flag" }])]),
    });
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i++) {
      id = listRequests(queue)[0]?.id;
      if (!id) await new Promise((r) => setTimeout(r, 20));
    }
    expect(notified).toBe(1);
    const req = loadForDecision(queue, id!);
    await expect(decide(queue, req, { answer: "approve", by: "alice" })).rejects.toThrow(/prod-eu-1/);
    await decide(queue, req, { answer: "approve", by: "alice", confirm: ["prod-eu-1"], note: "ok for the migration" });
    const r = await pending;
    expect(r.run).toBe(true);
    const shim = events.filter((e) => e.context.frontend === "shim");
    expect(shim.map((e) => e.outcome)).toEqual(["reported", "executed"]);
    expect(shim[1]!.approval).toMatchObject({ by: "alice", channel: "queue", answer: "approve", note: "ok for the migration" });
    expect(events.find((e) => e.context.frontend === "cli")?.approval).toMatchObject({ by: "alice", channel: "queue", answer: "approve" });
  });

  it("ask through a queue that expires: refused with a timeout approval", async () => {
    const r = await decideArgv({ argv: ["git", "reset", "--hard"], ctx, queue: join(dir, "q"), waitSeconds: 0.3, stderr: stderr().stream, guard: fakeGuard("ask", [finding("git/reset-hard", "high")]) });
    expect({ run: r.run, exit: r.exit }).toEqual({ run: false, exit: SHIM_EXIT.refused });
    expect(events.map((e) => [e.outcome, e.approval?.answer])).toEqual([
      ["reported", undefined],
      ["refused", "timeout"],
    ]);
  });

  it("the shim's cap bounds the wait whatever the policy or environment says", async () => {
    const started = Date.now();
    const r = await decideArgv({
      argv: ["git", "reset", "--hard"],
      ctx: { ...ctx, env: { ...ctx.env, SHELLGATE_APPROVAL_TIMEOUT: "600" } },
      queue: join(dir, "q"),
      maxWaitSeconds: 0.3,
      stderr: stderr().stream,
      guard: fakeGuard("ask", [finding("git/reset-hard", "high")]),
    });
    expect(r.run).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
