// Writing into files: redirections, tee, truncation, and in-place editors (sed -i, perl -i, gawk -i inplace).
import { join } from "node:path";
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { PathInfo } from "../../paths.js";
import { emit, maxLevel, operands, type Ctx } from "./common.js";

export interface WriteOpts {
  append: boolean;
  id: "overwrite" | "redirect" | "in-place-edit";
  verb: string;
  op?: string;
}

/** The write risk of a word; a file found by find counts as a file somewhere below find's root. */
function classifyTarget(inv: Invocation, ctx: Ctx, w: Word, append: boolean): PathInfo {
  if (w.value === undefined && w.pathUnder !== undefined) {
    const dir = ctx.paths.absolute(w.pathUnder, inv);
    if (dir !== undefined) return ctx.paths.classifyWrite(join(dir, "x"), inv, { append });
  }
  return ctx.paths.classifyWriteWord(w, inv, { append });
}

/**
 * A plain relative name written from inside a project (`> out.json`, `sed -i x src/a.ts`) stays in the project, where
 * writing is what development is: no need to run the whole path model. Dot names (.git, dotfiles) and `..` take the long way.
 */
function projectFile(inv: Invocation, ctx: Ctx, w: Word): boolean {
  const v = w.value;
  const c = v?.charCodeAt(0);
  if (v === undefined || inv.cwd === undefined || inv.host !== undefined || inv.container !== undefined || c === 47 || c === 46 || c === 126 || c === 45 || v.includes("..")) return false;
  const root = ctx.paths.projectRoot(inv.cwd);
  return root !== undefined && root !== ctx.paths.home(inv) && (inv.cwd === root || (inv.cwd.startsWith(root + "/") && !inv.cwd.slice(root.length).split("/").includes(".git")));
}

/** One written file: block devices are device writes; system, login and credential files are overwrites. */
export function writeTarget(inv: Invocation, ctx: Ctx, w: Word, o: WriteOpts): void {
  if (projectFile(inv, ctx, w)) return;
  const info = classifyTarget(inv, ctx, w, o.append);
  // /proc and /sys are kernel controls: the system pack reads those.
  if (info.class === "kernel") return;
  if (info.class === "device") {
    emit(inv, ctx, "device-write", info.risk, { word: w, data: { reason: info.reason } });
    return;
  }
  emit(inv, ctx, o.id, info.risk, { word: w, data: { reason: info.reason, verb: o.append && o.id !== "in-place-edit" ? "appends to" : o.verb, op: o.op }, opaque: info.class === "dynamic" });
}

export function truncate(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: ["s", "size", "r", "reference", "o"] });
  const size = a.get("s", "size");
  // Sizes that only grow or round up keep every byte.
  if (size !== undefined && /^[+>%]/.test(size)) return;
  if (size === undefined && !a.has("r", "reference")) return;
  // `-s 10M` sets a size (usually to create or grow a file); only a zero or shrinking size empties one on purpose.
  const empties = size === undefined || /^(0+[KMGTPEZY]?i?B?|-.*|<.*|\/.*)$/i.test(size);
  for (const w of operands(a)) truncateTarget(inv, ctx, w, empties);
}

/** Emptying a file on purpose: what a write would risk, and a project file's content on top (its uncommitted edits are gone). */
export function truncateTarget(inv: Invocation, ctx: Ctx, w: Word, empties = true): void {
  const info = ctx.paths.classifyWriteWord(w, inv);
  if (info.class === "kernel") return;
  if (info.class === "device") {
    emit(inv, ctx, "device-write", info.risk, { word: w, data: { reason: info.reason } });
    return;
  }
  const level = !empties ? info.risk : info.class === "project" ? maxLevel(info.risk, "high") : info.class === "home-child" ? maxLevel(info.risk, "medium") : info.risk;
  emit(inv, ctx, "truncate", level, { word: w, data: { reason: info.class === "project" ? `the project file ${w.value}` : info.reason }, opaque: info.class === "dynamic" });
}

export function tee(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: ["output-error"] });
  const append = a.has("a", "append");
  for (const w of operands(a)) writeTarget(inv, ctx, w, { append, id: "overwrite", verb: "overwrites" });
}

const WRITE_OPS = new Set([">", ">>", ">|", "&>", "&>>", ">&", "<>"]);

export function redirects(inv: Invocation, ctx: Ctx): void {
  for (const r of inv.redirects) {
    if (!WRITE_OPS.has(r.op) || !r.target) continue;
    // `2>&1`, `>&-`: duplicating or closing a descriptor writes no file.
    if (r.op === ">&" && (r.target.value === undefined || /^\d+-?$|^-$/.test(r.target.value))) continue;
    writeTarget(inv, ctx, r.target, { append: r.op === ">>" || r.op === "&>>" || r.op === "<>", id: "redirect", verb: "overwrites", op: r.op });
  }
}

// ---------- in-place editors: the files they edit are rewritten, but keep most of their content

/** Files `sed -i` edits: operands after the script (the first operand unless -e or -f gave one). */
function sedFiles(args: Word[]): Word[] | undefined {
  let inPlace = false;
  let script = false;
  const files: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === undefined || !v.startsWith("-") || v === "-") {
      if (script) files.push(args[i]!);
      else script = true;
      continue;
    }
    if (v === "--") {
      const rest = args.slice(i + 1);
      if (!script) rest.shift();
      files.push(...rest);
      break;
    }
    if (v.startsWith("--")) {
      const name = v.slice(2).replace(/=.*$/, "");
      if (name === "in-place") inPlace = true;
      if (name === "expression" || name === "file") script = true;
      if ((name === "expression" || name === "file" || name === "line-length") && !v.includes("=")) i++;
      continue;
    }
    for (let k = 1; k < v.length; k++) {
      const ch = v[k]!;
      if (ch === "i") {
        inPlace = true;
        // BSD sed takes the backup suffix as its own word: `sed -i '' 's/a/b/' f`.
        if (k === v.length - 1 && args[i + 1]?.value === "") i++;
        break;
      }
      if (ch === "e" || ch === "f" || ch === "l") {
        if (ch !== "l") script = true;
        if (k === v.length - 1) i++;
        break;
      }
    }
  }
  return inPlace ? files : undefined;
}

/** Files `perl -i` edits: operands after the code of -e, or after the script file. */
function perlFiles(args: Word[]): Word[] | undefined {
  let inPlace = false;
  let code = false;
  const ops: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === undefined || !v.startsWith("-") || v === "-") {
      ops.push(args[i]!);
      continue;
    }
    if (v === "--") {
      ops.push(...args.slice(i + 1));
      break;
    }
    for (let k = 1; k < v.length; k++) {
      const ch = v[k]!;
      // -i takes the rest of its word as the backup suffix; -e, -E, -M, -I, -F, -l, -0 take a value.
      if (ch === "i") {
        inPlace = true;
        break;
      }
      if (ch === "e" || ch === "E") {
        code = true;
        if (k === v.length - 1) i++;
        break;
      }
      if ("MIF0lmdxDC".includes(ch)) {
        if (k === v.length - 1 && (ch === "M" || ch === "I")) i++;
        break;
      }
    }
  }
  if (!inPlace) return undefined;
  return code ? ops : ops.slice(1);
}

/** Files gawk edits with `-i inplace`: operands after the program text. */
function awkFiles(args: Word[]): Word[] | undefined {
  const a = parseArgs(args, { value: ["F", "v", "f", "i", "include", "e", "source", "l", "load", "field-separator", "assign", "file"] });
  if (!a.all("i", "include").some((x) => x === "inplace" || x === "inplace.awk")) return undefined;
  const ops = operands(a);
  return a.has("f", "file", "e", "source") ? ops : ops.slice(1);
}

export function inPlaceEdit(inv: Invocation, ctx: Ctx, program: string): void {
  const args = inv.argv.slice(1);
  const files = program === "sed" ? sedFiles(args) : /^perl/.test(program) ? perlFiles(args) : awkFiles(args);
  for (const w of files ?? []) {
    if (w.value === "-") continue;
    writeTarget(inv, ctx, w, { append: true, id: "in-place-edit", verb: "edits" });
  }
}

// ---------- downloaders: where curl and wget save what they fetch

const CURL_VALUES = ["o", "output", "output-dir", "d", "data", "data-binary", "data-raw", "data-urlencode", "F", "form", "H", "header", "u", "user", "X", "request", "A", "user-agent", "e", "referer", "b", "cookie", "c", "cookie-jar", "T", "upload-file", "x", "proxy", "m", "max-time", "connect-timeout", "retry", "w", "write-out", "K", "config", "E", "cert", "key", "cacert", "r", "range", "D", "dump-header", "json", "url", "resolve", "interface"];
const WGET_VALUES = ["O", "output-document", "P", "directory-prefix", "o", "output-file", "a", "append-output", "t", "tries", "T", "timeout", "w", "wait", "U", "user-agent", "header", "post-data", "post-file", "body-data", "body-file", "method", "user", "password", "e", "execute", "i", "input-file", "B", "base", "l", "level", "A", "accept", "R", "reject", "D", "domains", "X", "exclude-directories", "I", "include-directories"];

const urlName = (url: string) => url.replace(/[?#].*$/, "").replace(/\/+$/, "").split("/").pop() || "index.html";

/** curl -o / --output-dir with -O, wget -O / -P: a download writes a file like cp would. */
/** Words that may name where a download is saved; without one the download goes to stdout or the working directory. */
const SAVES = { curl: /^-[a-zA-Z]*[oO]|^--(output|remote-name)/, wget: /^-[a-zA-Z]*[OP]|^--(output-document|directory-prefix)/ };

export function download(inv: Invocation, ctx: Ctx, program: string): void {
  const saves = program === "curl" ? SAVES.curl : SAVES.wget;
  if (!inv.argv.some((w) => w.value !== undefined && saves.test(w.value))) return;
  const a = parseArgs(inv.argv.slice(1), { value: program === "curl" ? CURL_VALUES : WGET_VALUES });
  const urls = operands(a).filter((w) => w.value === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(w.value));
  const targets: Word[] = [];
  const at = (w: Word, value: string): Word => ({ ...w, value });
  if (program === "curl") {
    const dir = a.get("output-dir");
    for (const o of a.options) if ((o.name === "o" || o.name === "output") && o.value !== undefined && o.value !== "-") targets.push(at(o.word, dir && !o.value.startsWith("/") ? join(dir, o.value) : o.value));
    if (a.has("O", "remote-name", "remote-name-all") && dir !== undefined) for (const u of urls) if (u.value) targets.push(at(u, join(dir, urlName(u.value))));
  } else {
    const doc = a.hit("O", "output-document");
    if (doc) {
      if (doc.value !== undefined && doc.value !== "-") targets.push(at(doc.word, doc.value));
    } else {
      const dir = a.get("P", "directory-prefix");
      if (dir !== undefined) for (const u of urls) if (u.value) targets.push(at(u, join(dir, urlName(u.value))));
    }
  }
  for (const w of targets) writeTarget(inv, ctx, w, { append: false, id: "overwrite", verb: "downloads over" });
}
