// The wrapper's decisions: one answer per line, approvals covering the shells a line starts, session approvals, audit channel tty.
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../src/audit/index.js";
import { Gate, type ApprovalAnswer, type ApprovalAsk } from "../../../src/enforce/pty/gate.js";
import type { ClientRequest } from "../../../src/enforce/pty/request.js";
import type { Action, Decision } from "../../../src/types.js";

/** A guard that asks for anything mentioning "delete" and blocks "rm -rf /". */
function fakeGuard(text: string): Decision {
  const action: Action = text.includes("rm -rf /") ? "block" : text.includes("delete") ? "ask" : "allow";
  const findings = action === "allow" ? [] : [{ id: "fake/delete", risk: action === "block" ? ("critical" as const) : ("high" as const), categories: ["destroy" as const], message: "deletes web", invocation: 0 }];
  return { action, command: text, reasons: [{ rule: "test", source: "test", action, findings: findings.map((f) => f.id) }], findings, errors: [], invocations: [] };
}

function setup(answers: ApprovalAnswer[]) {
  const asked: ApprovalAsk[] = [];
  const audit: AuditEvent[] = [];
  const gate = new Gate({
    guard: async (input) => ({ decision: fakeGuard(typeof input === "string" ? input : input.argv.join(" ")) }),
    approver: { ask: async (a) => (asked.push(a), answers.shift() ?? { answer: "deny" }) },
    audit: async (e) => void audit.push(e),
    sessionEnv: {},
    user: "dev",
  });
  return { gate, asked, audit };
}

const req = (over: Partial<ClientRequest>): ClientRequest => ({ id: "1.1", kind: "line", pid: process.pid, reply: `r.${process.pid}`, cwd: "/", shell: "bash", text: "ls", env: {}, ...over });
const approveOnce: ApprovalAnswer = { answer: "approve", scope: "once", approval: { by: "dev", at: "now", channel: "tty", answer: "approve", note: "once" } };

describe("Gate", () => {
  it("answers every process of one line with one decision, asking once", async () => {
    const { gate, asked } = setup([approveOnce]);
    const r = req({ text: "kubectl delete deploy web", key: `${process.pid}.1` });
    const [a, b] = await Promise.all([gate.handle(r), gate.handle({ ...r, id: "1.2" })]);
    expect([a.verdict, b.verdict]).toEqual(["allow", "allow"]);
    expect(asked).toHaveLength(1);
  });

  it("lets a shell started by an approved line run the same findings without asking", async () => {
    const { gate, asked, audit } = setup([approveOnce]);
    const line = await gate.handle(req({ text: "bash -c 'kubectl delete deploy web'", key: `${process.pid}.2` }));
    expect(line.grant).toMatch(/^[0-9a-f]{32}$/);
    const nested = await gate.handle(req({ kind: "exec", text: "kubectl delete deploy web", grant: line.grant! }));
    expect(nested.verdict).toBe("allow");
    expect(asked).toHaveLength(1);
    expect(audit.map((e) => [e.outcome, e.approval?.channel])).toEqual([
      ["executed", "tty"],
      ["executed", "tty"],
    ]);
  });

  it("never lets a grant cover a blocked command or a forged token", async () => {
    const { gate } = setup([approveOnce]);
    const line = await gate.handle(req({ text: "kubectl delete deploy web", key: `${process.pid}.3` }));
    expect((await gate.handle(req({ kind: "exec", text: "rm -rf / delete", grant: line.grant! }))).verdict).toBe("refuse");
    expect((await gate.handle(req({ kind: "exec", text: "kubectl delete deploy web", grant: "f".repeat(32) }))).verdict).toBe("refuse");
  });

  it("approves for the session only the identical command", async () => {
    const { gate, asked } = setup([{ ...approveOnce, scope: "session" }]);
    expect((await gate.handle(req({ text: "kubectl delete deploy web" }))).verdict).toBe("allow");
    expect((await gate.handle(req({ text: "kubectl delete deploy web" }))).verdict).toBe("allow");
    expect((await gate.handle(req({ text: "kubectl delete deploy api" }))).verdict).toBe("refuse");
    expect(asked.map((a) => a.decision.command)).toEqual(["kubectl delete deploy web", "kubectl delete deploy api"]);
  });

  it("refuses on deny, timeout and when nobody can be asked, and audits each as refused", async () => {
    const { gate, audit } = setup([{ answer: "deny" }, { answer: "timeout" }, { answer: "unavailable", message: "no queue" }]);
    for (let i = 0; i < 3; i++) expect((await gate.handle(req({ text: "kubectl delete deploy web" }))).verdict).toBe("refuse");
    expect(audit.map((e) => e.outcome)).toEqual(["refused", "refused", "refused"]);
  });
});
