// `shellgate wrap`: runs an agent or shell in a guarded pseudo-terminal; approvals are asked on the human's own terminal.
import { UsageError } from "../../errors.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";

const DEFAULT_APPROVAL_TIMEOUT = 300;

const HELP = `usage: shellgate wrap [--policy FILE] [--approval-timeout SECONDS] [--shims DIR] [--queue DIR] [-- COMMAND [ARGS...]]

Runs COMMAND (default: $SHELL) in a pseudo-terminal where every shell it starts is guarded:
interactive bash and zsh check each submitted line as a whole before any part of it runs,
\`bash -c\` / \`zsh -c\` check their command string, and PATH shims (a shim directory found
through --shims, SHELLGATE_SHIM_DIR or PATH) come first on PATH.

Approvals are asked here, on your terminal; keystrokes the agent writes into its own terminal
cannot answer them. No answer within --approval-timeout seconds (default ${DEFAULT_APPROVAL_TIMEOUT}) denies.
When wrap's stdin or stdout is not a terminal, approvals go to the approval queue (--queue,
SHELLGATE_QUEUE) or the command is refused.

A refused command exits 126 in non-interactive shells; wrap exits with COMMAND's own status
(128+N when a signal N ended it).`;

export interface WrapArgs {
  policy?: string;
  approvalTimeout: number;
  shims?: string;
  queue?: string;
  command?: string;
  args: string[];
}

export function parseWrapArgs(args: string[]): WrapArgs {
  const out: WrapArgs = { approvalTimeout: DEFAULT_APPROVAL_TIMEOUT, args: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-h" || a === "--help") throw new UsageError(HELP);
    const eq = a.indexOf("=");
    const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    if (!["--policy", "--approval-timeout", "--shims", "--queue"].includes(name)) {
      if (a.startsWith("-")) throw new UsageError(`unknown option ${a}\n${HELP}`);
      break;
    }
    const value = eq > 0 && a.startsWith("--") ? a.slice(eq + 1) : args[++i];
    if (value === undefined || value === "") throw new UsageError(`${name} needs a value`);
    if (name === "--policy") out.policy = value;
    else if (name === "--shims") out.shims = value;
    else if (name === "--queue") out.queue = value;
    else {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--approval-timeout needs a positive number of seconds, got ${JSON.stringify(value)}`);
      out.approvalTimeout = n;
    }
  }
  const rest = args.slice(i);
  if (rest.length) {
    out.command = rest[0]!;
    out.args = rest.slice(1);
  }
  return out;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const opts = parseWrapArgs(args);
  const command = opts.command ?? (io.env.SHELL || "/bin/sh");
  // node-pty and the wrapper load only here: check, shims and hooks never pay for them.
  const { runWrap } = await import("../../enforce/pty/index.js");
  const code = await runWrap({
    command,
    args: opts.args,
    ...(opts.policy ? { policyFile: opts.policy } : {}),
    ...(opts.shims ? { shimDir: opts.shims } : {}),
    ...(opts.queue ? { queue: opts.queue } : {}),
    approvalTimeout: opts.approvalTimeout,
    cwd: io.cwd,
    env: io.env,
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    exitAsk: EXIT.ask,
    exitBlock: EXIT.block,
  });
  // The session is over once the child has exited: nothing it left behind (a grandchild still holding the
  // terminal, a stream that never ends) may keep wrap running. The timer does not itself keep node alive.
  if (io.stdout === process.stdout) setTimeout(() => process.exit(code), 500).unref();
  return code;
}
