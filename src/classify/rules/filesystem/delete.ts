// Deleting: rm, unlink, rimraf and shred, with targets named literally, computed, or found by find.
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { PathInfo } from "../../paths.js";
import { DIR_CLASSES, emit, maxLevel, minLevel, operands, rank, type Ctx, type Level } from "./common.js";
import { findFeeding, findRisk, type Deleter } from "./find.js";

export function rm(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1));
  // An option word that is not static may be -r.
  const recursive = a.has("r", "R", "recursive") || a.dynamic;
  deleteTargets(inv, ctx, operands(a), recursive);
}

export function unlink(inv: Invocation, ctx: Ctx): void {
  deleteTargets(inv, ctx, operands(parseArgs(inv.argv.slice(1))), false);
}

/** rimraf and del-cli: every operand goes with everything below it. */
export function rimraf(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: ["max-retries", "retry-delay", "backoff", "impl"] });
  deleteTargets(inv, ctx, operands(a), true);
}

/** Files found by find and fed to this deleter: their scope comes from find's roots and filters. */
function fedByFind(inv: Invocation, ctx: Ctx, w: Word, deleter: Deleter): Level | undefined {
  if (w.value !== undefined || w.pathUnder === undefined) return undefined;
  const f = findFeeding(inv, ctx);
  if (!f) return undefined;
  const worst = findRisk(f, ctx, deleter);
  if (!worst) return "none";
  emit(inv, ctx, "delete-opaque", worst.level, { word: w, data: { reason: `${worst.scope} under ${worst.info.reason}` } });
  return worst.level;
}

/** Programs that pass through or narrow a list of names without adding any. */
const NAME_FILTERS = new Set(["grep", "egrep", "fgrep", "rg", "head", "tail", "sort", "uniq", "tac", "shuf"]);

/**
 * `ls DIR | xargs rm` and `ls / | xargs -I{} rm -rf /{}`: the names ls prints, placed back in the directory they came
 * from, are that directory's entries; a filter in between only narrows them.
 */
function fedByLister(inv: Invocation, ctx: Ctx, w: Word, recursive: boolean): boolean {
  if (w.value !== undefined || !inv.via.includes("xargs") || inv.stdin?.kind !== "command") return false;
  let up: Invocation | undefined = ctx.invocations[inv.stdin.index];
  let filtered = false;
  while (up?.program !== undefined && NAME_FILTERS.has(up.program)) {
    filtered = true;
    up = up.stdin?.kind === "command" ? ctx.invocations[up.stdin.index] : undefined;
  }
  if (up?.program !== "ls") return false;
  const a = parseArgs(up.argv.slice(1), { value: ["I", "ignore", "w", "width", "T", "tabsize", "hide", "format", "sort", "time", "color", "quoting-style", "indicator-style", "block-size"] });
  const dirs = operands(a);
  if (a.has("R", "recursive", "l", "g", "o", "n", "s", "size", "i", "inode") || dirs.some((d) => d.value === undefined)) return false;
  // `ls *.bak | xargs rm`: a glob of file names prints exactly the paths it matches, relative to ls's directory.
  if (dirs.length && dirs.every((d) => d.glob) && w.raw === "<input>" && up.cwd === inv.cwd) {
    let worst: PathInfo | undefined;
    for (const d of dirs) {
      const info = ctx.paths.classify(d, up, { recursive });
      if (!worst || rank(info.risk) > rank(worst.risk)) worst = info;
    }
    if (worst) emit(inv, ctx, "delete-opaque", filtered ? minLevel(worst.risk, "high") : worst.risk, { word: w, data: { reason: worst.reason } });
    return true;
  }
  if (a.has("d", "directory") || dirs.length > 1) return false;
  const listed = ctx.paths.absolute(dirs[0]?.value ?? ".", up);
  // The item alone (`<input>`) lands in the working directory; a template such as `/{}` puts it under its prefix.
  const m = w.raw === "<input>" ? ["", ""] : /^([^$`"'\\{%]*)(?:\{\}|%)$/.exec(w.raw);
  const placed = m ? ctx.paths.absolute(m[1] || ".", inv) : undefined;
  if (listed === undefined || placed === undefined || listed !== placed) return false;
  const info = ctx.paths.classifyPath(listed, inv, { recursive, allEntries: true });
  const level = filtered ? minLevel(info.risk, "high") : info.risk;
  emit(inv, ctx, "delete-opaque", level, { word: w, data: { reason: `${filtered ? "entries ls lists in " : ""}${info.reason}` } });
  return true;
}

/**
 * `rm -rf "$(mktemp -d)"`: a word that is only mktemp's output names a file or directory mktemp has just created,
 * wherever it put it: nothing that existed before is lost.
 */
function mktempTarget(inv: Invocation, ctx: Ctx, w: Word): boolean {
  if (w.value !== undefined || !/^"?\$\(\s*mktemp(?:\s+[-\w./=%~]+)*\s*\)"?$/.test(w.raw)) return false;
  return ctx.invocations.some((i) => i.program === "mktemp" && i.span.start >= w.span.start && i.span.end <= w.span.end);
}

function deleteTargets(inv: Invocation, ctx: Ctx, targets: Word[], recursive: boolean): void {
  for (const w of targets) {
    // rm refuses an empty name (`rm -rf "$EMPTY"`); `"$EMPTY/"` is `/` and is judged as such.
    if (w.value === "") continue;
    if (fedByFind(inv, ctx, w, recursive ? "rm-recursive" : "rm") !== undefined) continue;
    if (fedByLister(inv, ctx, w, recursive) || mktempTarget(inv, ctx, w)) continue;
    const info = ctx.paths.classify(w, inv, { recursive });
    // rm without -r refuses directories; only what the word names as files can go.
    if (!recursive && !info.allEntries && DIR_CLASSES.has(info.class)) continue;
    const level = info.class === "device" ? minLevel(info.risk, "high") : info.risk;
    emit(inv, ctx, info.class === "dynamic" ? "delete-opaque" : "delete", level, { word: w, data: { reason: info.reason }, opaque: info.class === "dynamic" });
  }
}

/** shred, wipe, srm: unrecoverable overwrites of file contents. */
export function shred(inv: Invocation, ctx: Ctx, program: string): void {
  const a = parseArgs(inv.argv.slice(1), { value: ["n", "s", "iterations", "size", "random-source"] });
  const recursive = program !== "shred" && a.has("r", "R", "recursive");
  for (const w of operands(a)) {
    if (w.value === "-") continue;
    if (w.value !== undefined && ctx.paths.isDevice(ctx.paths.absolute(w.value, inv) ?? w.value)) {
      const dev = ctx.paths.absolute(w.value, inv) ?? w.value;
      emit(inv, ctx, "device-write", ctx.paths.isBlockDevice(dev) ? "critical" : "high", { word: w, data: { reason: `the device ${dev}` } });
      continue;
    }
    if (w.value === undefined && w.pathUnder !== undefined) {
      const f = findFeeding(inv, ctx);
      const worst = f ? findRisk(f, ctx, recursive ? "rm-recursive" : "shred") : undefined;
      if (worst) {
        emit(inv, ctx, "shred", worst.level, { word: w, data: { reason: `${worst.scope} under ${worst.info.reason}` } });
        continue;
      }
    }
    const info = ctx.paths.classify(w, inv, { recursive });
    if (!recursive && !info.allEntries && DIR_CLASSES.has(info.class)) continue;
    // Unlike rm, nothing can bring the content back, not even git for uncommitted edits: only scratch files are fair game.
    const floor: Level = info.class === "temp" || info.class === "build-output" ? "none" : "high";
    emit(inv, ctx, "shred", maxLevel(info.risk, floor), { word: w, data: { reason: info.reason }, opaque: info.class === "dynamic" });
  }
}
