// The wrapper's decisions for the session: guard() each request, ask a human when needed, remember what was approved, audit every outcome.
import { randomBytes } from "node:crypto";
import type { Approval, AuditEvent } from "../../audit/index.js";
import type { CheckContext, Decision, Evidence, Finding } from "../../types.js";
import type { GuardResult } from "../guard.js";
import { refusalMessage, warnLine } from "../shim/messages.js";
import { alive } from "../../pid.js";
import { descendsFrom } from "./proc.js";
import type { ClientRequest, Reply } from "./request.js";
import { tamperReasons, withTamper } from "./tamper.js";

export const REFUSED_EXIT = 126;

export interface ApprovalAsk {
  decision: Decision;
  ctx: CheckContext;
  request: ClientRequest;
  /** Production evidence behind the findings (values that matched a production pattern). */
  production: Evidence[];
  /** Names the human types to approve a production change: kube context, AWS profile, workspace ... */
  targets: string[];
}

export interface ApprovalAnswer {
  answer: "approve" | "deny" | "timeout" | "unavailable";
  /** `session`: identical commands (same text, same findings) run without asking again until wrap exits. */
  scope?: "once" | "session";
  approval?: Approval;
  /** deny/timeout: the whole refusal text, when the approver has its own; unavailable: why nobody could be asked (added to the refusal). */
  message?: string;
}

export interface Approver {
  ask(a: ApprovalAsk): Promise<ApprovalAnswer>;
}

export interface GateOptions {
  guard: (input: string | { argv: string[] }, ctx: CheckContext) => Promise<GuardResult>;
  approver: Approver;
  audit: (e: AuditEvent) => Promise<void>;
  /** The environment wrap gave the session, to notice a command run without its startup variables. */
  sessionEnv: Record<string, string | undefined>;
  user: string;
}

/** What one approval (or warning) covers: descendants of `pid` may run commands with these findings without asking again. */
interface Grant {
  pid: number;
  line?: string;
  findings: Set<string>;
}

/** A finding's identity for "the same thing was approved": id, message and production evidence, not where it sits in the text. */
export function findingSignature(f: Finding): string {
  return [f.id, f.message, ...(f.evidence ?? []).map((e) => `${e.kind}=${e.value}`)].join("\u0001");
}

export function productionEvidence(d: Decision): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const f of d.findings) {
    for (const e of f.evidence ?? []) {
      const key = `${e.kind}\0${e.value}`;
      if (!e.pattern || !e.value || seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

export class Gate {
  private lines = new Map<string, Promise<Reply>>();
  private latestLine = new Map<number, string>();
  private grants = new Map<string, Grant>();
  private sessionApproved = new Set<string>();
  /** One approval on the terminal at a time; the others wait their turn. */
  private asking: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: GateOptions) {}

  handle(req: ClientRequest): Promise<Reply> {
    if (!req.key) return this.decide(req);
    // Every process of one interactive line (pipeline members, subshells) shares one answer.
    const shell = Number(req.key.split(".")[0]);
    const prev = this.latestLine.get(shell);
    if (prev !== req.key) {
      if (prev !== undefined) this.endLine(prev);
      this.latestLine.set(shell, req.key);
    }
    let p = this.lines.get(req.key);
    if (!p) {
      p = this.decide(req);
      this.lines.set(req.key, p);
    }
    return p;
  }

  /** Forgets lines and grants of processes that are gone. */
  sweep(): void {
    for (const [shell, key] of this.latestLine) {
      if (!alive(shell)) {
        this.endLine(key);
        this.latestLine.delete(shell);
      }
    }
    for (const [token, g] of this.grants) if (!alive(g.pid)) this.grants.delete(token);
  }

  private endLine(key: string): void {
    this.lines.delete(key);
    for (const [token, g] of this.grants) if (g.line === key) this.grants.delete(token);
  }

  private async decide(req: ClientRequest): Promise<Reply> {
    const ctx: CheckContext = { cwd: req.cwd, env: req.env, frontend: "pty" };
    const input = req.argv ? { argv: req.argv } : req.text;
    const { decision: checked, policy } = await this.o.guard(input, ctx);
    const d = req.argv ? checked : withTamper(checked, tamperReasons(req.text, checked.invocations, this.o.sessionEnv));
    const base = { decision: d, context: ctx, ...(policy ? { policySources: policy.sources, policy } : {}) } as AuditEvent;
    const audit = (outcome: AuditEvent["outcome"], approval?: Approval) => this.o.audit({ ...base, outcome, ...(approval ? { approval } : {}) });
    const allow = async (lines: string[] = [], approval?: Approval, grant?: string): Promise<Reply> => {
      await audit("executed", approval);
      return { verdict: "allow", lines, ...(grant ? { grant } : {}) };
    };
    const refuse = async (message: string, approval?: Approval, outcome: AuditEvent["outcome"] = "refused"): Promise<Reply> => {
      await audit(outcome, approval);
      return { verdict: "refuse", lines: [message] };
    };

    if (d.errors.length) return refuse(refusalMessage(d, "could not check this command, so it was refused", REFUSED_EXIT), undefined, "error");
    if (d.mode === "audit") {
      const note = d.action === "allow" ? [] : [`shellgate: audit mode, not enforced: would ${d.action}: ${warnLine(d).replace(/^shellgate: warning: /, "")}`];
      return allow(note);
    }
    switch (d.action) {
      case "allow":
        return allow();
      case "warn":
        return allow([warnLine(d)], undefined, this.grant(req, d));
      case "block":
        return refuse(refusalMessage(d, "refused", REFUSED_EXIT));
      case "ask":
        break;
    }

    const covering = this.coveringGrant(req, d);
    if (covering) return allow([], { by: this.o.user, at: new Date().toISOString(), channel: "tty", answer: "approve", note: "covered by the approval of the command that started it" }, covering);
    const sessionKey = `${d.command}\0${[...new Set(d.findings.map(findingSignature))].sort().join("\0")}`;
    if (this.sessionApproved.has(sessionKey)) {
      return allow([`shellgate: approved for this session earlier: ${oneLine(d.command)}`], { by: this.o.user, at: new Date().toISOString(), channel: "tty", answer: "approve", note: "approved for this session" }, this.grant(req, d));
    }

    const production = productionEvidence(d);
    const ask: ApprovalAsk = { decision: d, ctx, request: req, production, targets: [...new Set(production.map((e) => e.value))] };
    // While this one waited its turn, the human may have approved the same command for the session.
    const turn = this.asking.then(() =>
      this.sessionApproved.has(sessionKey)
        ? ({ answer: "approve", scope: "session", approval: { by: this.o.user, at: new Date().toISOString(), channel: "tty", answer: "approve", note: "approved for this session" } } as ApprovalAnswer)
        : this.o.approver.ask(ask),
    );
    this.asking = turn.catch(() => undefined);
    let answer: ApprovalAnswer;
    try {
      answer = await turn;
    } catch (e) {
      answer = { answer: "unavailable", message: `asking for approval failed (${(e as Error).message})` };
    }
    if (answer.answer === "approve") {
      if (answer.scope === "session") this.sessionApproved.add(sessionKey);
      return allow([], answer.approval, this.grant(req, d));
    }
    const headline =
      answer.answer === "timeout" ? "nobody answered the approval in time, so it was refused" : answer.answer === "deny" ? "denied by the human at the terminal" : "it needs a human's approval and none could be asked";
    if (answer.answer === "unavailable") return refuse(refusalMessage(d, "refused (needs a human's approval)", REFUSED_EXIT, answer.message ? [answer.message] : []), answer.approval);
    return refuse(answer.message ?? refusalMessage(d, headline, REFUSED_EXIT), answer.approval);
  }

  /** A token the client exports, so the commands this one starts (nested shells, shims) need not ask again for the same findings. */
  private grant(req: ClientRequest, d: Decision): string | undefined {
    if (!d.findings.length) return undefined;
    const token = randomBytes(16).toString("hex");
    const shell = req.key ? Number(req.key.split(".")[0]) : req.pid;
    this.grants.set(token, { pid: shell, ...(req.key ? { line: req.key } : {}), findings: new Set(d.findings.map(findingSignature)) });
    return token;
  }

  private coveringGrant(req: ClientRequest, d: Decision): string | undefined {
    if (!req.grant) return undefined;
    const g = this.grants.get(req.grant);
    if (!g || !alive(g.pid)) return undefined;
    // Without /proc the token's secrecy and the granting process being alive are all there is.
    if (descendsFrom(req.pid, g.pid) === false) return undefined;
    return d.findings.every((f) => g.findings.has(findingSignature(f))) ? req.grant : undefined;
  }
}

function oneLine(s: string): string {
  const t = s.replace(/[\r\n]+/g, "⏎");
  return t.length > 160 ? `${t.slice(0, 157)}...` : t;
}
