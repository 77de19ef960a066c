// The wrapper's end of the check channel: a request FIFO in the private session directory, a reply FIFO per client process.
import { closeSync, constants, openSync, readFileSync, readdirSync, unlinkSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { Socket } from "node:net";
import { join } from "node:path";
import { formatReply, parseRequest, PROTOCOL, type ClientRequest, type Reply } from "./request.js";
import { alive } from "../../pid.js";

export type RequestHandler = (req: ClientRequest) => Promise<Reply>;

export interface Channel {
  close(): void;
  /** Removes reply FIFOs of client processes that are gone. */
  sweep(): void;
}

export function makeFifo(path: string): void {
  // Node has no mkfifo(); the coreutils one is on every system wrap supports.
  execFileSync("mkfifo", ["-m", "600", path], { stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * Reads `sg1 ID` lines from the request FIFO (opened read-write so it never sees end-of-file),
 * loads the request file ID names, and answers on the client's reply FIFO. Requests are served
 * concurrently: an approval waiting for a human never delays another shell's check.
 */
export function openChannel(dir: string, onRequest: RequestHandler, onError: (message: string) => void): Channel {
  const fd = openSync(join(dir, "req"), constants.O_RDWR | constants.O_NONBLOCK);
  const sock = new Socket({ fd, readable: true, writable: false });
  let buf = "";
  sock.setEncoding("utf8");
  sock.on("data", (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      void serve(line);
    }
    // Request lines are tiny; anything this long is not a client of ours.
    if (buf.length > 4096) buf = "";
  });
  sock.on("error", (e) => onError(`check channel: ${e.message}`));

  async function serve(line: string): Promise<void> {
    const m = new RegExp(`^${PROTOCOL} ([0-9]+\\.[0-9]+)$`).exec(line.trim());
    if (!m) {
      onError(`check channel: ignored a malformed request line ${JSON.stringify(line.slice(0, 80))}`);
      return;
    }
    const id = m[1]!;
    const file = join(dir, `q.${id}`);
    let req: ClientRequest;
    try {
      const payload = readFileSync(file, "utf8");
      unlinkQuietly(file);
      req = parseRequest(id, payload);
    } catch (e) {
      unlinkQuietly(file);
      // The client waits on r.<pid>: answer it with a refusal so it does not hang.
      const pid = id.split(".")[0]!;
      onError(`check channel: ${(e as Error).message}`);
      await reply(join(dir, `r.${pid}`), { verdict: "refuse", lines: [`shellgate: refused: the check request was unreadable (${(e as Error).message}).`] }, id);
      return;
    }
    let answer: Reply;
    try {
      answer = await onRequest(req);
    } catch (e) {
      answer = { verdict: "refuse", lines: [`shellgate: refused: the check failed (${(e as Error).message}); nothing ran (fail closed).`] };
    }
    await reply(join(dir, req.reply), answer, id);
    if (req.kind === "exec" || req.kind === "argv") unlinkQuietly(join(dir, req.reply));
  }

  return {
    close() {
      sock.destroy();
    },
    sweep() {
      for (const name of safeReaddir(dir)) {
        const m = /^[rh]\.([0-9]+)$/.exec(name);
        if (m && !alive(Number(m[1]))) unlinkQuietly(join(dir, name));
      }
    },
  };
}

/** Writes one reply; the client holds its FIFO open read-write, so a non-blocking open for writing succeeds while it waits. */
async function reply(path: string, r: Reply, id: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return; // the client is gone
  }
  await new Promise<void>((resolve) => {
    const s = new Socket({ fd, readable: false, writable: true });
    s.on("error", () => resolve());
    s.end(formatReply(r, id), () => resolve());
    s.on("close", () => resolve());
  }).catch(() => closeQuietly(fd));
}


function unlinkQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    /* already gone */
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
}

function safeReaddir(d: string): string[] {
  try {
    return readdirSync(d);
  } catch {
    return [];
  }
}
