// `shellgate hook <agent>`: reads the agent's pre-tool hook JSON on stdin and answers in that agent's format and exit code.
import { UsageError } from "../../errors.js";
import { ADAPTERS } from "../../enforce/hooks/adapters.js";
import { readPayload } from "../../enforce/hooks/input.js";
import { failHook, runHook } from "../../enforce/hooks/run.js";
import { AGENTS, HookInputError, isAgentName, type HookAdapter, type HookAnswer } from "../../enforce/hooks/types.js";
import type { CliIo } from "../io.js";

const HELP = `usage: shellgate hook <agent> [--policy FILE] [--queue DIR] [--max-wait SECONDS]

Agents: ${AGENTS.join(", ")}. The agent runs this as its pre-tool hook (shellgate install <agent> wires it up):
it writes its hook JSON on stdin and reads shellgate's answer in its own format. Tools other than the shell pass
through untouched; empty, malformed or oversized input and internal errors are answered as a block.

  --policy FILE       policy file or preset name (default: discovered from the command's directory, SHELLGATE_POLICY)
  --queue DIR         approval queue for agents that cannot ask (gemini, codex, copilot); else the policy's or SHELLGATE_QUEUE
  --max-wait SECONDS  longest wait for a human through the queue (default: under the timeout the installer sets)`;

export interface HookArgs {
  agent: HookAdapter;
  policy?: string;
  queue?: string;
  maxWait?: number;
  /** A flag problem found after the agent is known: answered in the agent's blocking format, not as a usage error. */
  problem?: string;
}

export function parseHookArgs(args: string[]): HookArgs {
  const [name, ...rest] = args;
  if (name === undefined || name === "-h" || name === "--help") throw new UsageError(HELP);
  if (!isAgentName(name)) throw new UsageError(`unknown agent ${JSON.stringify(name)}: expected one of ${AGENTS.join(", ")}\n${HELP}`);
  const out: HookArgs = { agent: ADAPTERS[name] };
  for (let i = 0; i < rest.length && !out.problem; i++) {
    const a = rest[i]!;
    const eq = a.indexOf("=");
    const flag = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith("--") && eq > 0 ? a.slice(eq + 1) : undefined;
    if (flag === "--policy" || flag === "--queue" || flag === "--max-wait") {
      const v = inline ?? rest[++i];
      if (v === undefined || v === "") out.problem = `${flag} needs a value`;
      else if (flag === "--policy") out.policy = v;
      else if (flag === "--queue") out.queue = v;
      else {
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) out.problem = `--max-wait needs a positive number of seconds, got ${JSON.stringify(v)}`;
        else out.maxWait = n;
      }
    } else out.problem = `unknown option ${JSON.stringify(a)} for shellgate hook ${name}`;
  }
  return out;
}

function emit(io: CliIo, a: HookAnswer): number {
  if (a.stdout) io.stdout.write(a.stdout);
  if (a.stderr) io.stderr.write(a.stderr);
  return a.exit;
}

/** When even rendering failed: exit 2 blocks in every agent that honours exit codes; Copilot only reads a JSON deny. */
function lastResort(agent: HookAdapter, problem: string): HookAnswer {
  const message = `shellgate could not check this command, so it was blocked: internal error: ${problem.replace(/\s+/g, " ").slice(0, 300)}`;
  if (agent.name === "copilot") return { stdout: `${JSON.stringify({ permissionDecision: "deny", permissionDecisionReason: message })}\n`, stderr: `${message}\n`, exit: 0 };
  return { stdout: "", stderr: `${message}\n`, exit: 2 };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const opts = parseHookArgs(args);
  const agent = opts.agent;
  try {
    if (opts.problem) return emit(io, await failHook(agent, opts.problem, io));
    let text: string;
    try {
      text = await readPayload(io.stdin);
    } catch (e) {
      if (e instanceof HookInputError) return emit(io, await failHook(agent, e.message, io));
      throw e;
    }
    return emit(
      io,
      await runHook(agent, text, {
        env: io.env,
        cwd: io.cwd,
        stderr: io.stderr,
        ...(opts.policy ? { policyFile: opts.policy } : {}),
        ...(opts.queue ? { queue: opts.queue } : {}),
        ...(opts.maxWait ? { maxWaitSeconds: opts.maxWait } : {}),
      }),
    );
  } catch (e) {
    return emit(io, lastResort(agent, (e as Error)?.message ?? String(e)));
  }
}
