// `shellgate check`: one command from argv, or an NDJSON stream of requests on stdin answered line by line.
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { check } from "../../check.js";
import { UsageError } from "../../errors.js";
import type { CheckContext, Decision } from "../../types.js";
import { EXIT, exitForAction } from "../exit-codes.js";
import { decisionJson, formatDecision, useColour } from "../format.js";
import { write, type CliIo } from "../io.js";
import { policyFor } from "../policy-option.js";

const HELP = `usage: shellgate check [--json] [--cwd DIR] [--policy FILE] -- COMMAND
       shellgate check --json --stdin   (NDJSON requests {"id","command","cwd","env"} in, one decision line each out)

Exit codes: 0 allow or warn, ${EXIT.ask} ask, ${EXIT.block} block, ${EXIT.usage} usage error, ${EXIT.error} error (nothing was checked).`;

export interface CheckArgs {
  json: boolean;
  stdin: boolean;
  cwd?: string;
  policy?: string;
  command?: string;
}

/** Options shared by `check` and `explain`; `help` is the usage text to show on errors, `stdin` whether --stdin is allowed. */
export function parseCheckArgs(args: string[], help = HELP, allowStdin = true): CheckArgs {
  const out: CheckArgs = { json: false, stdin: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      out.command = args.slice(i + 1).join(" ");
      break;
    }
    if (a === "--json") out.json = true;
    else if (a === "--stdin" && allowStdin) out.stdin = true;
    else if (a === "--cwd" || a === "--policy") {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === "--cwd") out.cwd = v;
      else out.policy = v;
    } else if (a.startsWith("--cwd=")) out.cwd = a.slice(6);
    else if (a.startsWith("--policy=")) out.policy = a.slice(9);
    else if (a === "-h" || a === "--help") throw new UsageError(help);
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}\n${help}`);
    else {
      out.command = args.slice(i).join(" ");
      break;
    }
  }
  if (!out.stdin && out.command === undefined) throw new UsageError(`no command given\n${help}`);
  return out;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const opts = parseCheckArgs(args);
  const cwd = resolve(io.cwd, opts.cwd ?? ".");
  if (opts.stdin) return runStream(opts, io, cwd);
  const ctx: CheckContext = { cwd, env: io.env, frontend: "cli" };
  const policy = await policyFor(ctx, opts.policy);
  const d = await check(opts.command!, ctx, policy ? { policy } : {});
  print(d, opts, io);
  // Errors (a broken policy, an internal failure) mean nothing was really checked: exit 1, as documented.
  if (d.errors.length) return EXIT.error;
  return exitForAction(d.mode === "audit" ? "allow" : d.action);
}

function print(d: Decision, opts: CheckArgs, io: CliIo, id?: unknown): void {
  if (opts.json) write(io.stdout, JSON.stringify(decisionJson(d, id)));
  else write(io.stdout, formatDecision(d, useColour(io.stdout, io.env)));
}

interface Request {
  id?: unknown;
  command?: unknown;
  argv?: unknown;
  cwd?: unknown;
  env?: unknown;
}

async function runStream(opts: CheckArgs, io: CliIo, defaultCwd: string): Promise<number> {
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  let worst = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let req: Request;
    try {
      req = JSON.parse(line) as Request;
      if (!req || typeof req !== "object" || Array.isArray(req)) throw new Error("expected a JSON object");
    } catch (e) {
      write(io.stdout, JSON.stringify({ id: lineNo, error: `line ${lineNo}: not a JSON request: ${(e as Error).message}` }));
      worst = Math.max(worst, EXIT.error);
      continue;
    }
    const id = req.id ?? lineNo;
    const problem = validate(req);
    if (problem) {
      write(io.stdout, JSON.stringify({ id, error: `line ${lineNo}: ${problem}` }));
      worst = Math.max(worst, EXIT.error);
      continue;
    }
    const ctx: CheckContext = {
      cwd: typeof req.cwd === "string" ? resolve(defaultCwd, req.cwd) : defaultCwd,
      env: (req.env as Record<string, string>) ?? io.env,
      frontend: "cli",
    };
    const policy = await policyFor(ctx, opts.policy);
    const input = Array.isArray(req.argv) ? { argv: req.argv as string[] } : (req.command as string);
    const d = await check(input, ctx, policy ? { policy } : {});
    write(io.stdout, JSON.stringify(decisionJson(d, id)));
  }
  return worst;
}

function validate(req: Request): string | undefined {
  if (req.argv !== undefined) {
    if (!Array.isArray(req.argv) || req.argv.length === 0 || req.argv.some((a) => typeof a !== "string")) return `"argv" must be a non-empty array of strings`;
  } else if (typeof req.command !== "string") return `"command" must be a string`;
  if (req.cwd !== undefined && typeof req.cwd !== "string") return `"cwd" must be a string`;
  if (req.env !== undefined) {
    if (!req.env || typeof req.env !== "object" || Array.isArray(req.env)) return `"env" must be an object of strings`;
    for (const [k, v] of Object.entries(req.env as object)) if (typeof v !== "string") return `"env.${k}" must be a string`;
  }
  return undefined;
}
