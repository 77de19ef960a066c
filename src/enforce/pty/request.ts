// The wire format between shell clients and the wrapper: a request file of NUL-separated fields, and a reply of one header line plus message lines.
import { parseExportList } from "./export-list.js";

export type RequestKind = "line" | "cmd" | "exec" | "argv";
const KINDS: readonly RequestKind[] = ["line", "cmd", "exec", "argv"];

export interface ClientRequest {
  id: string;
  /** line: an interactive line; cmd: one simple command; exec: a non-interactive shell's command string; argv: a shim's argv. */
  kind: RequestKind;
  /** Shell pid and line number for interactive lines: every check of one line shares its answer. */
  key?: string;
  pid: number;
  /** Basename of the client's reply FIFO inside the session directory. */
  reply: string;
  grant?: string;
  cwd: string;
  shell: string;
  /** Command text, or for argv requests the words. */
  text: string;
  argv?: string[];
  env: Record<string, string>;
}

export const PROTOCOL = "sg1";

/**
 * Request file: `sg1 \0 kind \0 key \0 pid \0 reply \0 grant \0 cwd \0 shell \0 text \0 env-listing`.
 * For argv requests the text field holds the words joined by \x1f (unit separator).
 */
export function parseRequest(id: string, payload: string): ClientRequest {
  const fields: string[] = [];
  let at = 0;
  for (let n = 0; n < 9; n++) {
    const end = payload.indexOf("\0", at);
    if (end < 0) throw new Error(`request ${id}: field ${n + 1} of 9 is missing`);
    fields.push(payload.slice(at, end));
    at = end + 1;
  }
  const [proto, kind, key, pid, reply, grant, cwd, shell, text] = fields as [string, string, string, string, string, string, string, string, string];
  if (proto !== PROTOCOL) throw new Error(`request ${id}: protocol ${JSON.stringify(proto)}, expected ${PROTOCOL}`);
  if (!(KINDS as readonly string[]).includes(kind)) throw new Error(`request ${id}: unknown kind ${JSON.stringify(kind)}`);
  if (!/^\d+$/.test(pid)) throw new Error(`request ${id}: pid ${JSON.stringify(pid)} is not a number`);
  if (!/^r\.[0-9.]+$/.test(reply)) throw new Error(`request ${id}: reply channel ${JSON.stringify(reply)} is not a reply FIFO name`);
  if (!cwd.startsWith("/")) throw new Error(`request ${id}: cwd ${JSON.stringify(cwd)} is not absolute`);
  const req: ClientRequest = {
    id,
    kind: kind as RequestKind,
    pid: Number(pid),
    reply,
    cwd,
    shell,
    text,
    env: parseExportList(payload.slice(at)),
  };
  if (key) req.key = key;
  if (grant) req.grant = grant;
  if (kind === "argv") {
    req.argv = text.split("\x1f");
    if (!req.argv[0]) throw new Error(`request ${id}: empty argv`);
  }
  return req;
}

export type Verdict = "allow" | "refuse";

export interface Reply {
  verdict: Verdict;
  grant?: string;
  /** Lines the client prints on its stderr (the agent reads them). */
  lines: string[];
}

/**
 * One reply: `VERDICT GRANT N ID`, then N lines. The request id lets a client skip a stale reply to an
 * earlier request it abandoned (Ctrl-C while waiting), which would otherwise answer its next command.
 */
export function formatReply(r: Reply, id: string): string {
  const lines = r.lines.flatMap((l) => l.split("\n"));
  return `${r.verdict} ${r.grant ?? "-"} ${lines.length} ${id}\n${lines.map((l) => l + "\n").join("")}`;
}
