// `shellgate exec`: check one argv and run it, ask a human first, or refuse. PATH shims call it with --tool and exec the real program themselves.
import { basename } from "node:path";
import { UsageError } from "../../errors.js";
import { decideArgv, SHIM_EXIT } from "../../enforce/shim/decide.js";
import { findReal } from "../../enforce/shim/path.js";
import type { CheckContext } from "../../types.js";
import { write, type CliIo } from "../io.js";

const HELP = `usage: shellgate exec [--queue DIR] [--policy FILE] [--wait SECONDS] -- PROGRAM [ARGS...]
       shellgate exec --tool NAME [--notify PID] [--max-wait SECONDS] [--queue DIR] [--policy FILE] -- [ARGS...]

Checks the exact argv, then runs PROGRAM (found on PATH outside shellgate shim directories),
waits for a human's approval through the queue when the policy asks, or refuses.
With --tool (what PATH shims call) it only decides: exit 0 means the shim may exec the real NAME.

Exit status: the program's own when it ran; ${SHIM_EXIT.refused} refused (blocked, denied, expired, nobody
to ask); ${SHIM_EXIT.failed} shellgate failed and refused (fail closed); ${SHIM_EXIT.notFound} program not found; 2 usage.`;

export interface ExecArgs {
  tool?: string;
  notify?: number;
  maxWait?: number;
  wait?: number;
  queue?: string;
  policy?: string;
  rest: string[];
}

function seconds(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || v === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number of seconds, got ${JSON.stringify(v ?? "")}`);
  return n;
}

export function parseExecArgs(args: string[]): ExecArgs {
  const out: ExecArgs = { rest: [] };
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
    const known = ["--tool", "--notify", "--max-wait", "--wait", "--queue", "--policy"];
    if (!known.includes(name)) {
      if (a.startsWith("-")) throw new UsageError(`unknown option ${a}\n${HELP}`);
      break;
    }
    const value = eq > 0 && a.startsWith("--") ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (name === "--tool") out.tool = value;
    else if (name === "--notify") {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 1) throw new UsageError(`--notify needs a process id, got ${JSON.stringify(value)}`);
      out.notify = n;
    } else if (name === "--max-wait") out.maxWait = seconds(name, value);
    else if (name === "--wait") out.wait = seconds(name, value);
    // Shims always pass --queue and --policy; an empty value means "not set".
    else if (name === "--queue") value && (out.queue = value);
    else if (name === "--policy") value && (out.policy = value);
  }
  out.rest = args.slice(i);
  if (out.tool === undefined && out.rest.length === 0) throw new UsageError(`no command given\n${HELP}`);
  if (out.tool !== undefined && (out.tool === "" || out.tool.includes("/"))) throw new UsageError(`--tool needs a program name without slashes, got ${JSON.stringify(out.tool)}`);
  return out;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const opts = parseExecArgs(args);
  const shim = opts.tool !== undefined;
  const argv = shim ? [opts.tool!, ...opts.rest] : opts.rest;
  const ctx: CheckContext = { cwd: io.cwd, env: io.env, frontend: shim ? "shim" : "cli" };

  let real: string | undefined;
  if (!shim) {
    real = findReal(argv[0]!, io.env.PATH, io.cwd);
    if (!real) {
      write(io.stderr, `${argv[0]}: command not found`);
      return SHIM_EXIT.notFound;
    }
  }
  const notifyPid = opts.notify;
  const r = await decideArgv({
    argv,
    ctx,
    stderr: io.stderr,
    ...(opts.policy ? { policyFile: opts.policy } : {}),
    ...(opts.queue ? { queue: opts.queue } : {}),
    ...(opts.wait !== undefined ? { waitSeconds: opts.wait } : {}),
    ...(opts.maxWait !== undefined ? { maxWaitSeconds: opts.maxWait } : {}),
    ...(notifyPid
      ? {
          notify: () => {
            try {
              process.kill(notifyPid, "SIGUSR1");
            } catch {
              /* the shim is gone: nothing will run whatever we decide */
            }
          },
        }
      : {}),
  });
  if (!r.run) return r.exit;
  if (shim) return 0;
  const { runReal } = await import("../../enforce/shim/spawn.js");
  return runReal(real!, basename(argv[0]!) === argv[0] ? argv[0]! : real!, argv.slice(1), io.env, io.cwd);
}
