// Copying, moving and syncing onto things: cp, install, ln, mv, and rsync --delete.
import { basename, join } from "node:path";
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { DIR_CLASSES, emit, isDirectory, MACHINE_CLASSES, maxLevel, operands, type Ctx, type Level } from "./common.js";
import { truncateTarget, writeTarget } from "./writes.js";

interface Transfer {
  sources: Word[];
  dest?: Word;
  /** -t DIR or several sources: dest is certainly a directory. */
  intoDir: boolean;
  /** -T: dest is never treated as a directory. */
  noDir: boolean;
}

function transferArgs(inv: Invocation, valueOpts: string[]): Transfer {
  const a = parseArgs(inv.argv.slice(1), { value: ["t", "target-directory", "S", "suffix", ...valueOpts] });
  const ops = operands(a);
  const t = a.hit("t", "target-directory");
  if (t) {
    const dest = t.value !== undefined ? { ...t.word, value: t.value } : { raw: t.word.raw, span: t.word.span };
    return { sources: ops, dest, intoDir: true, noDir: false };
  }
  if (ops.length < 2) return { sources: ops, intoDir: false, noDir: false };
  return { sources: ops.slice(0, -1), dest: ops[ops.length - 1]!, intoDir: ops.length > 2, noDir: a.has("T", "no-target-directory") };
}

/** The file each source lands on: dest itself, or dest/<name> when dest is a directory. */
function landing(inv: Invocation, ctx: Ctx, t: Transfer, source: Word): Word | undefined {
  const dest = t.dest;
  if (!dest || dest.value === undefined) return dest;
  const abs = ctx.paths.absolute(dest.value, inv);
  if (abs === undefined || t.noDir) return dest;
  let dir = t.intoDir || dest.value.endsWith("/");
  if (!dir) {
    const info = ctx.paths.classifyPath(abs, inv, { recursive: false });
    dir = DIR_CLASSES.has(info.class) || (inv.host === undefined && inv.container === undefined && isDirectory(abs));
  }
  if (!dir) return dest;
  // A source named at run time lands somewhere in the directory: judge the directory's contents.
  return { ...dest, value: join(abs, source.value === undefined ? "*" : basename(source.value)) };
}

export function copyLike(inv: Invocation, ctx: Ctx, p: string): void {
  const valueOpts = p === "install" ? ["m", "mode", "o", "owner", "g", "group"] : p === "cp" ? ["reflink", "sparse", "preserve", "no-preserve", "backup"] : [];
  if (p === "install" && parseArgs(inv.argv.slice(1), { value: valueOpts }).has("d", "directory")) return;
  const t = transferArgs(inv, valueOpts);
  if (p === "ln" && !t.dest && t.sources.length === 1) return;
  for (const s of t.sources) {
    const target = landing(inv, ctx, t, s);
    if (!target) continue;
    if (p === "cp" && s.value === "/dev/null") {
      truncateTarget(inv, ctx, target);
      continue;
    }
    writeTarget(inv, ctx, target, { append: false, id: "overwrite", verb: p === "ln" ? "replaces" : "overwrites" });
  }
}

export function mv(inv: Invocation, ctx: Ctx): void {
  const t = transferArgs(inv, []);
  if (!t.dest) return;
  const toNull = t.dest.value === "/dev/null";
  for (const s of t.sources) {
    const info = ctx.paths.classify(s, inv, { recursive: true });
    if (toNull) {
      emit(inv, ctx, "move", maxLevel(info.risk, "high"), { word: s, data: { action: "destroys", reason: `${info.reason} by moving it onto /dev/null` }, opaque: info.class === "dynamic" });
      continue;
    }
    // Moving a directory the machine or the account needs out of its place.
    const c = info.class;
    const level: Level = MACHINE_CLASSES.has(c) || c === "system" ? "critical" : c === "system-child" || c === "credentials" || (c === "git-dir" && info.path?.endsWith("/.git")) ? "high" : c === "project-root" ? "medium" : "none";
    if (s.value !== undefined) emit(inv, ctx, "move", level, { word: s, data: { action: "moves away", reason: info.reason } });
    const target = landing(inv, ctx, t, s);
    if (target) writeTarget(inv, ctx, target, { append: false, id: "overwrite", verb: "replaces" });
  }
}

// ---------- rsync --delete

const RSYNC_VALUES = [
  "e", "rsh", "rsync-path", "f", "filter", "exclude", "include", "exclude-from", "include-from", "files-from", "T", "temp-dir", "compare-dest", "copy-dest", "link-dest",
  "B", "block-size", "max-delete", "max-size", "min-size", "partial-dir", "chmod", "chown", "usermap", "groupmap", "timeout", "contimeout", "port", "sockopts",
  "password-file", "log-file", "log-file-format", "out-format", "backup-dir", "suffix", "bwlimit", "iconv", "checksum-choice", "compress-choice", "skip-compress",
  "info", "debug", "protocol", "write-batch", "only-write-batch", "read-batch", "modify-window", "outbuf", "M", "remote-option", "stop-after", "stop-at", "address",
  "compress-level", "checksum-seed", "max-alloc", "copy-as", "early-input", "@",
];
const RSYNC_DELETES = ["delete", "del", "delete-before", "delete-during", "delete-delay", "delete-after", "delete-excluded"];

export function rsync(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: RSYNC_VALUES });
  if (!a.has(...RSYNC_DELETES) || a.has("n", "dry-run", "list-only")) return;
  const ops = operands(a);
  if (ops.length < 2) return;
  const dest = ops[ops.length - 1]!;
  if (dest.value === undefined) {
    emit(inv, ctx, "sync-delete", "high", { word: dest, data: { reason: `${dest.raw}, which is not known before it runs` }, opaque: true });
    return;
  }
  const remote = /^rsync:\/\/([^/]*)\/?(.*)$/.exec(dest.value) ?? /^((?:[^@:/]+@)?[^:/]+)::?(.*)$/.exec(dest.value);
  if (remote) {
    const host = remote[1]!.replace(/^[^@]*@/, "");
    // The remote side: relative paths start in the remote user's home.
    const there: Invocation = { ...inv, host, env: { HOME: "/~" }, cwd: "/~" };
    const path = remote[2] === "" || remote[2] === "~" ? "/~" : remote[2]!.replace(/^~\/?/, "/~/");
    const info = ctx.paths.classifyPath(ctx.paths.absolute(path, there) ?? path, there, { recursive: true, allEntries: true });
    const level: Level = info.risk === "critical" ? "critical" : info.risk === "none" ? "none" : "medium";
    const reason = `${info.reason.replace("your home directory", "the remote home directory")} on ${host}`;
    emit(there, ctx, "sync-delete", level, { word: dest, data: { reason } });
    return;
  }
  const info = ctx.paths.classify(dest, inv, { recursive: true });
  const full = info.class !== "dynamic" && info.path !== undefined ? ctx.paths.classifyPath(info.path, inv, { recursive: true, allEntries: true }) : info;
  const c = full.class;
  // A folder right in home (~/Documents, ~/Desktop) holds a person's files, not a deploy target.
  const homeFolder = c === "home-child" && full.path !== undefined && ctx.paths.home(inv) !== undefined && !full.path.slice(ctx.paths.home(inv)!.length + 1).includes("/");
  const level: Level =
    full.risk === "critical" ? "critical" : homeFolder || ["project-root", "credentials", "system-child", "home-dotfile", "git-dir", "dynamic"].includes(c) ? "high" : ["project", "home-child", "outside", "temp-root"].includes(c) ? "medium" : "none";
  emit(inv, ctx, "sync-delete", level, { word: dest, data: { reason: full.reason }, opaque: c === "dynamic" });
}

