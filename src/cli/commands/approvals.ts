// `shellgate approvals`: the human's side of the approval queue, as a terminal view or as list|show|approve|deny for scripts.
import { ShellgateError, UsageError } from "../../errors.js";
import { decide, listRequests, loadForDecision, statusOf } from "../../enforce/approval/answer.js";
import { interactive } from "../../enforce/approval/interactive.js";
import { queuePaths, readRequest } from "../../enforce/approval/queue.js";
import { details, summaryLine } from "../../enforce/approval/render.js";
import { resolveQueue } from "../../enforce/approval/settings.js";
import { EXIT } from "../exit-codes.js";
import { write, type CliIo } from "../io.js";

const HELP = `usage: shellgate approvals [--queue DIR]                 review pending requests on this terminal
       shellgate approvals list [--all] [--json] [--queue DIR]
       shellgate approvals show ID [--json] [--queue DIR]
       shellgate approvals approve ID [--confirm NAME]... [--note TEXT] [--queue DIR]
       shellgate approvals deny ID [--note TEXT] [--queue DIR]

The queue is --queue DIR, else the policy's approvals.queue, else $SHELLGATE_QUEUE. An approval runs
the exact command once, in the cwd it was asked from. A request that targets production needs the
target's name typed (or --confirm NAME, once per target) to approve.`;

interface Opts {
  queue?: string;
  all: boolean;
  json: boolean;
  note?: string;
  confirm: string[];
  positional: string[];
}

function parse(args: string[]): Opts {
  const o: Opts = { all: false, json: false, confirm: [], positional: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf("=");
    const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 && a.startsWith("--") ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === "--queue") o.queue = value();
    else if (name === "--note") o.note = value();
    else if (name === "--confirm") o.confirm.push(value());
    else if (name === "--all") o.all = true;
    else if (name === "--json") o.json = true;
    else if (name === "-h" || name === "--help") throw new UsageError(HELP);
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}\n${HELP}`);
    else o.positional.push(a);
  }
  return o;
}

async function queueFor(o: Opts, io: CliIo): Promise<string> {
  let policy;
  if (!o.queue) {
    const { loadPolicy } = await import("../../policy/index.js");
    policy = await loadPolicy({ cwd: io.cwd, env: io.env, frontend: "cli" }).catch(() => undefined);
  }
  const q = resolveQueue(o.queue, policy, io.env, io.cwd);
  if (!q) throw new UsageError(`no approval queue: pass --queue DIR, set approvals.queue in the policy, or set SHELLGATE_QUEUE\n${HELP}`);
  return q;
}

function oneId(o: Opts, verb: string): string {
  if (o.positional.length !== 1) throw new UsageError(`approvals ${verb} needs exactly one request id`);
  return o.positional[0]!.toLowerCase();
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const verbs = ["list", "show", "approve", "deny"];
  const sub = args[0] && verbs.includes(args[0]) ? args[0] : undefined;
  const o = parse(sub ? args.slice(1) : args);
  if (!sub && o.positional.length) throw new UsageError(`unknown approvals command '${o.positional[0]}'\n${HELP}`);
  const queue = await queueFor(o, io);
  switch (sub) {
    case undefined:
      if (io.stdin.isTTY) return interactive(queue, io);
      return list(queue, o, io);
    case "list":
      return list(queue, o, io);
    case "show": {
      const id = oneId(o, "show");
      const q = queuePaths(queue);
      const { request, problem } = readRequest(q, id);
      if (problem) throw new ShellgateError("input-invalid", `request ${id}: ${problem}`);
      if (!request) throw new ShellgateError("input-invalid", `no request ${id} in ${q.requests}`);
      const status = statusOf(q, request);
      write(io.stdout, o.json ? JSON.stringify({ status, request }, null, 2) : details(request, status));
      return EXIT.ok;
    }
    case "approve":
    case "deny": {
      const id = oneId(o, sub);
      const request = loadForDecision(queue, id);
      const d = await decide(queue, request, { answer: sub, confirm: o.confirm, env: io.env, ...(o.note ? { note: o.note } : {}) });
      write(io.stdout, o.json ? JSON.stringify(d) : `${sub === "approve" ? "approved" : "denied"} ${id}${sub === "approve" ? " (runs once)" : ""}`);
      return EXIT.ok;
    }
  }
  return EXIT.usage;
}

function list(queue: string, o: Opts, io: CliIo): number {
  const rows = listRequests(queue, { all: o.all });
  if (o.json) {
    write(io.stdout, JSON.stringify(rows.map((r) => ({ id: r.id, status: r.status, ...(r.problem ? { problem: r.problem } : {}), ...(r.request ? { request: r.request } : {}) }))));
    return EXIT.ok;
  }
  if (!rows.length) write(io.stdout, `nothing ${o.all ? "in" : "pending in"} ${queue}`);
  for (const r of rows) write(io.stdout, summaryLine(r));
  return EXIT.ok;
}
