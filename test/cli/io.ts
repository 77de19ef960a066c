// An in-memory CliIo: run a shellgate command in-process and read what it printed.
import { PassThrough, Writable } from "node:stream";
import type { CliIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/index.js";

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += String(chunk);
      cb();
    },
  }) as Writable & { text: string };
  w.text = "";
  return w;
}

export async function runCli(argv: string[], opts: { cwd: string; env: Record<string, string | undefined>; stdin?: string }): Promise<Captured> {
  const stdout = sink();
  const stderr = sink();
  const stdin = new PassThrough();
  stdin.end(opts.stdin ?? "");
  const io: CliIo = { stdout, stderr, stdin, env: { NO_COLOR: "1", ...opts.env }, cwd: opts.cwd };
  const code = await run(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
