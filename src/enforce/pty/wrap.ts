// Runs a command in a guarded pseudo-terminal: session directory, check channel, approvals, passthrough, and the child's exit status.
import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { appendAudit } from "../../audit/index.js";
import { ShellgateError } from "../../errors.js";
import { loadParser } from "../../parse/index.js";
import { guard } from "../guard.js";
import { openChannel } from "./channel.js";
import { Gate, REFUSED_EXIT } from "./gate.js";
import { loadPty } from "./load-pty.js";
import { TtyApprover } from "./prompt.js";
import { QueueApprover } from "./queue-approver.js";
import { childArgv, childEnvironment, createSession } from "./session.js";
import { Terminal, type TerminalStreams } from "./terminal.js";

export interface WrapOptions {
  command: string;
  args: string[];
  policyFile?: string;
  /** Seconds the human has to answer an approval; no answer denies. */
  approvalTimeout: number;
  shimDir?: string;
  queue?: string;
  cwd: string;
  env: Record<string, string | undefined>;
  stdin: TerminalStreams["stdin"];
  stdout: TerminalStreams["stdout"];
  stderr: NodeJS.WritableStream;
  /** `shellgate check` exit codes, for the cold fallback the shell clients run when the wrapper is gone. */
  exitAsk: number;
  exitBlock: number;
}

const SIGNALS: NodeJS.Signals[] = ["SIGTERM", "SIGHUP", "SIGINT", "SIGQUIT"];

/** bin/shellgate of this installation: the cold fallback runs it when the wrapper is gone. */
export function findBin(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(d, "bin", "shellgate");
    if (existsSync(p)) return p;
    d = dirname(d);
  }
  throw new ShellgateError("internal", "cannot find bin/shellgate next to this installation");
}

export async function runWrap(o: WrapOptions): Promise<number> {
  const pty = await loadPty();
  // Warm the parser now, so the first line of the session is checked as fast as the rest.
  await loadParser();
  const session = createSession({ env: o.env, node: process.execPath, bin: findBin(), exitRefused: REFUSED_EXIT, exitAsk: o.exitAsk, exitBlock: o.exitBlock });
  const cleanups: (() => void)[] = [() => session.remove()];
  const cleanup = () => {
    while (cleanups.length) {
      try {
        cleanups.pop()!();
      } catch {
        /* keep restoring the rest */
      }
    }
  };
  let terminal: Terminal | undefined;
  const onExit = () => {
    terminal?.restore();
    cleanup();
  };
  process.on("exit", onExit);
  cleanups.push(() => process.off("exit", onExit));

  try {
    const { env } = childEnvironment(session, o.env, o.cwd, o.shimDir);
    const { cols, rows } = Terminal.size(o.stdout);
    const child = pty.spawn(o.command, childArgv(o.command, o.args, session), {
      name: env.TERM || "xterm-256color",
      cols,
      rows,
      cwd: o.cwd,
      env,
      encoding: null,
    });
    terminal = new Terminal({ stdin: o.stdin, stdout: o.stdout }, child);
    const user = currentUser(o.env);
    const approver = terminal.interactive
      ? new TtyApprover({ terminal, timeoutSeconds: o.approvalTimeout, user, colour: !o.env.NO_COLOR })
      : new QueueApprover({ stderr: o.stderr, waitSeconds: o.approvalTimeout, ...(o.queue ? { queue: o.queue } : {}) });
    const gate = new Gate({
      guard: (input, ctx) => guard(input, ctx, o.policyFile ? { policyFile: o.policyFile } : {}),
      approver,
      audit: appendAudit,
      sessionEnv: env,
      user,
    });
    const channel = openChannel(session.dir, (req) => gate.handle(req), (m) => o.stderr.write(`shellgate wrap: ${m}\r\n`));
    cleanups.push(() => channel.close());
    const sweeper = setInterval(() => {
      gate.sweep();
      channel.sweep();
    }, 10_000);
    sweeper.unref();
    cleanups.push(() => clearInterval(sweeper));

    // A crash restores the terminal and takes the child down with it: nothing keeps running unguarded.
    const onCrash = (e: unknown) => {
      terminal?.restore();
      try {
        child.kill("SIGHUP");
      } catch {
        /* already gone */
      }
      o.stderr.write(`shellgate wrap: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      cleanup();
      process.exit(1);
    };
    process.on("uncaughtException", onCrash);
    process.on("unhandledRejection", onCrash);
    cleanups.push(() => process.off("uncaughtException", onCrash), () => process.off("unhandledRejection", onCrash));
    const forward = (sig: NodeJS.Signals) => {
      try {
        child.kill(sig);
      } catch {
        /* already gone */
      }
    };
    for (const s of SIGNALS) process.on(s, forward);
    cleanups.push(() => {
      for (const s of SIGNALS) process.off(s, forward);
    });
    const onCont = () => {
      if (terminal?.interactive) (o.stdin as { setRawMode?: (r: boolean) => void }).setRawMode?.(true);
    };
    process.on("SIGCONT", onCont);
    cleanups.push(() => process.off("SIGCONT", onCont));

    const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => child.onExit(resolve));
    terminal.start();
    const { exitCode, signal } = await exited;
    return signal ? 128 + signal : exitCode;
  } finally {
    terminal?.restore();
    cleanup();
  }
}

function currentUser(env: Record<string, string | undefined>): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? "unknown";
  }
}
