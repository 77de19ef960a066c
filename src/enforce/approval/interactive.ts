// The terminal view of `shellgate approvals`: pending requests, their details, approve once or deny, typing the target's name for production.
import { createInterface } from "node:readline";
import { ShellgateError } from "../../errors.js";
import { decide, listRequests, loadForDecision, missingConfirmations, type ListedRequest } from "./answer.js";
import { details, safeText, summaryLine } from "./render.js";
import type { ApprovalRequest } from "./types.js";

export interface InteractiveIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

/** Lines from stdin, buffered, so answers typed ahead (or piped in) are never lost between prompts. */
function lineReader(input: NodeJS.ReadableStream): { next(): Promise<string | undefined>; close(): void } {
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  const it = rl[Symbol.asyncIterator]();
  return {
    async next() {
      const r = await it.next();
      return r.done ? undefined : r.value;
    },
    close: () => rl.close(),
  };
}

export async function interactive(queue: string, io: InteractiveIo, opts: { pollMs?: number } = {}): Promise<number> {
  const out = (s: string) => io.stdout.write(s.endsWith("\n") || s.endsWith(" ") ? s : `${s}\n`);
  const lines = lineReader(io.stdin);
  const ask = async (prompt: string, watch?: () => void): Promise<string | undefined> => {
    out(prompt);
    const timer = watch ? setInterval(watch, opts.pollMs ?? 2000) : undefined;
    try {
      return (await lines.next())?.trim();
    } finally {
      if (timer) clearInterval(timer);
    }
  };
  try {
    for (;;) {
      const pending = listRequests(queue);
      out(`\nshellgate approvals: ${safeText(queue)}: ${pending.length ? `${pending.length} pending` : "nothing pending"}`);
      pending.forEach((l, i) => out(`  ${String(i + 1).padStart(2)}) ${summaryLine(l)}`));
      const seen = new Set(pending.map((l) => l.id));
      const input = await ask(`${pending.length ? "number or id to review, " : ""}enter to refresh, q to quit > `, () => {
        for (const l of listRequests(queue)) {
          if (seen.has(l.id)) continue;
          seen.add(l.id);
          out(`\n  new: ${summaryLine(l)}\n> `);
        }
      });
      if (input === undefined || input === "q" || input === "quit") return 0;
      if (input === "") continue;
      const chosen = pick(pending, input);
      if (!chosen) {
        out(`no pending request ${safeText(input)}`);
        continue;
      }
      await review(queue, chosen, io, ask, out);
    }
  } finally {
    lines.close();
  }
}

function pick(pending: ListedRequest[], input: string): string | undefined {
  if (/^\d+$/.test(input)) return pending[Number(input) - 1]?.id;
  return pending.find((l) => l.id === input.toLowerCase())?.id;
}

async function review(
  queue: string,
  id: string,
  io: InteractiveIo,
  ask: (prompt: string) => Promise<string | undefined>,
  out: (s: string) => void,
): Promise<void> {
  let request: ApprovalRequest;
  try {
    request = loadForDecision(queue, id);
  } catch (e) {
    out(`cannot review ${id}: ${(e as Error).message}`);
    return;
  }
  out("");
  out(details(request, "pending"));
  const choice = (await ask("\n[a]pprove once, [d]eny, [b]ack > "))?.toLowerCase();
  try {
    if (choice === "a" || choice === "approve") {
      const typed: string[] = [];
      for (const target of missingConfirmations(request)) {
        const kind = request.production.find((e) => e.value === target)?.kind.replace(/-/g, " ") ?? "target";
        const answer = await ask(`this runs against a production ${kind}: type its name to approve (anything else cancels) > `);
        if (answer !== target) {
          out("the name does not match; nothing was approved.");
          return;
        }
        typed.push(target);
      }
      const note = await ask("note (optional) > ");
      await decide(queue, request, { answer: "approve", confirm: typed, env: io.env, ...(note ? { note } : {}) });
      out(`approved ${id} once.`);
    } else if (choice === "d" || choice === "deny") {
      const note = await ask("note for the agent (optional) > ");
      await decide(queue, request, { answer: "deny", env: io.env, ...(note ? { note } : {}) });
      out(`denied ${id}.`);
    }
  } catch (e) {
    if (!(e instanceof ShellgateError)) throw e;
    out(`nothing was written: ${e.message}`);
  }
}
