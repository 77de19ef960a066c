// Shared pieces of the remote pack: finding ids, the network programs, and how invocations feed each other.
import type { Invocation, Word } from "../../../types.js";
import type { RuleContext } from "../../rule.js";

export type Id = "pipe-to-shell" | "exec-download" | "reverse-shell" | "exfiltrate-secret" | "exfiltrate-env" | "copy-secret" | "dynamic-upload" | "http-delete";
export type Ctx = RuleContext<Id>;

/** Programs whose output is data fetched from the network. */
export const FETCHERS = new Set([
  "curl", "wget", "wget2", "fetch", "http", "https", "xh", "xhs", "curlie", "aria2c", "lwp-request", "GET", "lynx", "links", "w3m",
  "nc", "ncat", "netcat", "socat", "telnet",
]);

/** Programs that send what they are given to a network endpoint anyone may own. */
export const SENDERS = new Set(["curl", "wget", "wget2", "http", "https", "xh", "xhs", "curlie", "nc", "ncat", "netcat", "socat", "telnet", "openssl", "mail", "mailx", "sendmail", "mutt", "msmtp"]);

/** Programs that copy to a named host or bucket (usually the user's own): a leak is likelier a mistake than an attack. */
export const COPIERS = new Set(["scp", "rsync", "sftp", "ssh", "aws", "gsutil", "gcloud", "rclone", "az"]);

export const CURL_VALUE = [
  "A", "b", "c", "C", "d", "D", "e", "E", "F", "H", "K", "m", "o", "P", "Q", "r", "T", "t", "u", "U", "w", "x", "X", "Y", "y", "z",
  "data", "data-ascii", "data-binary", "data-raw", "data-urlencode", "json", "form", "form-string", "upload-file", "output", "output-dir", "header",
  "user", "user-agent", "request", "url", "config", "cookie", "cookie-jar", "referer", "cert", "key", "cacert", "capath", "proxy", "max-time",
  "connect-timeout", "retry", "retry-delay", "retry-max-time", "write-out", "range", "resolve", "connect-to", "interface", "dns-servers",
  "limit-rate", "max-filesize", "oauth2-bearer", "proxy-user", "netrc-file", "trace", "trace-ascii", "stderr", "dump-header", "continue-at",
  "variable", "cert-type", "key-type", "pass", "ciphers", "aws-sigv4", "unix-socket", "abstract-unix-socket", "expect100-timeout", "quote",
];
export const WGET_VALUE = ["O", "o", "a", "P", "t", "T", "w", "U", "e", "i", "B", "Q", "l", "A", "R", "D", "X", "I", "output-document", "directory-prefix", "post-file", "body-file", "post-data", "body-data", "method", "header", "user", "password", "user-agent"];

export const v = (w: Word | undefined) => w?.value;

/** Per-check index: invocations by index, and those that run inside `$(..)` or `<(..)`. */
export function index(ctx: Ctx): { byIndex: Map<number, Invocation>; subs: Invocation[] } {
  return ctx.memo("remote/index", () => ({
    byIndex: new Map(ctx.invocations.map((i) => [i.index, i])),
    subs: ctx.invocations.filter((i) => i.via.includes("substitution") || i.via.includes("process-substitution")),
  }));
}

/** Words of an invocation that the shell expands: its arguments and its redirect targets. */
export function wordsOf(inv: Invocation): Word[] {
  const out = inv.argv.slice(1);
  for (const r of inv.redirects) if (r.target) out.push(r.target);
  return out;
}

/** Invocations running inside a substitution written in one of `words`. */
export function substitutionsIn(words: Word[], ctx: Ctx): Invocation[] {
  const dyn = words.filter((w) => w.value === undefined);
  if (!dyn.length) return [];
  return index(ctx).subs.filter((s) => dyn.some((w) => s.span.start >= w.span.start && s.span.end <= w.span.end));
}

export function isFetcher(inv: Invocation): boolean {
  const p = inv.program;
  if (!p) return false;
  if (FETCHERS.has(p)) return true;
  const a = inv.argv.map((w) => w.value);
  // Object stores read to stdout: `aws s3 cp s3://b/x -`, `gsutil cat`, `gcloud storage cat`.
  if (p === "aws") return a.includes("s3") && (a.includes("cp") || a.includes("mv")) && a.includes("-");
  if (p === "gsutil") return a.includes("cat") || ((a.includes("cp") || a.includes("mv")) && a.includes("-"));
  if (p === "gcloud") return a.includes("storage") && a.includes("cat");
  return false;
}

/** The fetcher whose output reaches `inv` through pipes or substitutions in upstream commands. */
export function fetcherUpstream(inv: Invocation, ctx: Ctx): Invocation | undefined {
  const { byIndex } = index(ctx);
  const seen = new Set<number>();
  let cur = inv.stdin?.kind === "command" ? byIndex.get(inv.stdin.index) : undefined;
  while (cur && !seen.has(cur.index)) {
    seen.add(cur.index);
    if (isFetcher(cur)) return cur;
    const inner = substitutionsIn(wordsOf(cur), ctx).find(isFetcher);
    if (inner) return inner;
    cur = cur.stdin?.kind === "command" ? byIndex.get(cur.stdin.index) : undefined;
  }
  return undefined;
}

/** How a shell, eval, source or interpreter gets its code: from stdin, or from these words (code or script file). */
