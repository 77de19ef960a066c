// `shellgate exec` without a shim: node cannot replace itself, so it runs the real program as a child and passes its status and signals through.
import { spawn } from "node:child_process";
import { constants } from "node:os";

const FORWARD: NodeJS.Signals[] = ["SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH"];
// The terminal already delivers these to the child, which shares our process group; we only outlive it.
const SHARED: NodeJS.Signals[] = ["SIGINT", "SIGQUIT"];

/** Runs `file` with `args` on inherited stdio; resolves to its exit status, or re-raises the signal that killed it. */
export function runReal(file: string, argv0: string, args: string[], env: Record<string, string | undefined>, cwd: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { stdio: "inherit", argv0, env: env as NodeJS.ProcessEnv, cwd });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    const ignore = () => {};
    for (const s of FORWARD) process.on(s, forward);
    for (const s of SHARED) process.on(s, ignore);
    const cleanup = () => {
      for (const s of FORWARD) process.off(s, forward);
      for (const s of SHARED) process.off(s, ignore);
    };
    child.on("error", (e) => {
      cleanup();
      reject(e);
    });
    child.on("exit", (code, signal) => {
      cleanup();
      if (signal) {
        process.kill(process.pid, signal);
        // Signals that do not end node by default still end with the conventional status.
        resolvePromise(128 + (constants.signals[signal] ?? 1));
        return;
      }
      resolvePromise(code ?? 1);
    });
  });
}
