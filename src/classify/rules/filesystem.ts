// The filesystem pack: deletions, disk wipes, permission changes and writes onto files a machine or a user depends on.
import { statSync } from "node:fs";
import { basename, join } from "node:path";
import type { Category, Evidence, Invocation, Risk, Word } from "../../types.js";
import { parseArgs } from "../flags.js";
import { isDisposableName, type PathInfo } from "../paths.js";
import { defineRule, type RuleContext } from "../rule.js";

type Id =
  | "delete"
  | "delete-opaque"
  | "find-delete"
  | "shred"
  | "device-write"
  | "format"
  | "partition"
  | "truncate"
  | "permissions"
  | "ownership"
  | "move"
  | "overwrite"
  | "redirect"
  | "sync-delete";
type Ctx = RuleContext<Id>;
type Level = Risk | "none";

const LEVELS: readonly Level[] = ["none", "low", "medium", "high", "critical"];
const rank = (r: Level) => LEVELS.indexOf(r);
const atLeast = (r: Level, min: Level) => rank(r) >= rank(min);
const maxLevel = (a: Level, b: Level): Level => (rank(a) >= rank(b) ? a : b);
const minLevel = (a: Level, b: Level): Level => (rank(a) <= rank(b) ? a : b);

/** Classes that are always directories: rm without -r, shred or a plain write cannot touch them. */
const DIR_CLASSES = new Set(["root", "home", "home-ancestor", "system", "temp-root", "project-root"]);
/** Where a whole-tree change (chmod -R, chown -R, rsync --delete) takes the machine or the account down. */
const MACHINE_CLASSES = new Set(["root", "home", "home-ancestor"]);

interface Emit {
  word?: Word;
  data: Record<string, string | number | undefined>;
  opaque?: boolean;
}

/** Reports when the level is worth a finding (medium and up); a remote host that looks like production adds evidence. */
function emit(inv: Invocation, ctx: Ctx, id: Id, level: Level, o: Emit): void {
  if (!atLeast(level, "medium")) return;
  const categories: Category[] = o.opaque ? ["opaque"] : [];
  const prod: Evidence | undefined = inv.host !== undefined ? ctx.production.evidence("host", inv.host, "the host the command runs on") : undefined;
  ctx.report(id, { ...(o.word ? { word: o.word } : {}), risk: level as Risk, data: { program: inv.program ?? "the shell", ...o.data }, categories, ...(prod ? { production: [prod] } : {}) });
}

const programOf = (inv: Invocation): string | undefined => {
  const p = inv.program?.replace(/\.exe$/, "");
  // GNU coreutils installed with a g prefix (macOS Homebrew: grm, gmv ...).
  return p && !HANDLERS[p] && p.startsWith("g") && COREUTILS.has(p.slice(1)) ? p.slice(1) : p;
};
const COREUTILS = new Set(["rm", "unlink", "shred", "dd", "truncate", "chmod", "chown", "chgrp", "mv", "cp", "install", "ln", "tee", "find"]);

// ---------- deletion: rm, unlink, find -delete, and deleters fed by find

function rm(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1));
  // An option word that is not static may be -r.
  const recursive = a.has("r", "R", "recursive") || a.dynamic;
  deleteTargets(inv, ctx, [...a.positionals, ...a.rest], recursive);
}

function unlink(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1));
  deleteTargets(inv, ctx, [...a.positionals, ...a.rest], false);
}

function deleteTargets(inv: Invocation, ctx: Ctx, targets: Word[], recursive: boolean): void {
  for (const w of targets) {
    // rm refuses an empty name (`rm -rf "$EMPTY"`); `"$EMPTY/"` is `/` and is judged as such.
    if (w.value === "") continue;
    if (w.value === undefined && w.pathUnder !== undefined) {
      const f = findFeeding(inv, ctx);
      if (f) {
        const worst = findRisk(f, ctx, recursive ? "rm-recursive" : "rm");
        // The files are only known when find runs; their scope comes from find's roots and filters.
        if (worst) emit(inv, ctx, "delete-opaque", worst.level, { word: w, data: { reason: `${worst.scope} under ${worst.info.reason}` } });
        continue;
      }
    }
    const info = ctx.paths.classify(w, inv, { recursive });
    // rm without -r refuses directories; only what the word names as files can go.
    if (!recursive && !info.allEntries && DIR_CLASSES.has(info.class)) continue;
    const level = info.class === "device" ? minLevel(info.risk, "high") : info.risk;
    emit(inv, ctx, info.class === "dynamic" ? "delete-opaque" : "delete", level, { word: w, data: { reason: info.reason }, opaque: info.class === "dynamic" });
  }
}

/** The find whose results this command receives: `find -exec CMD {}` or `find ... | xargs CMD`. */
function findFeeding(inv: Invocation, ctx: Ctx): Invocation | undefined {
  const parent = inv.parent !== undefined ? ctx.invocations[inv.parent] : undefined;
  if (parent?.program === "find" && inv.via.includes("find-exec")) return parent;
  const producer = inv.stdin?.kind === "command" ? ctx.invocations[inv.stdin.index] : undefined;
  return producer?.program === "find" ? producer : undefined;
}

interface FindExpr {
  roots: Word[];
  names: string[];
  types: string[];
  /** Tests besides names and types narrow what matches (-mtime, -size, -newer ...). */
  narrowed: boolean;
  /** -o, !, -not, `,`: the filters no longer simply narrow the match. */
  complex: boolean;
  empty: boolean;
  deleteWord?: Word;
  writes: { word: Word; append: boolean }[];
}

const FIND_VALUE_TESTS = new Set([
  "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-lname", "-ilname", "-type", "-xtype", "-user", "-group", "-uid", "-gid",
  "-perm", "-size", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-anewer", "-cnewer", "-maxdepth", "-mindepth", "-samefile", "-inum", "-links",
  "-fstype", "-context", "-used", "-printf", "-regextype", "-files0-from",
]);
const FIND_NAME_TESTS = new Set(["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-lname", "-ilname"]);
const FIND_NEUTRAL = new Set(["-maxdepth", "-mindepth", "-printf", "-regextype", "-files0-from", "-type", "-xtype"]);

function parseFind(inv: Invocation): FindExpr {
  const args = inv.argv.slice(1);
  const e: FindExpr = { roots: [], names: [], types: [], narrowed: false, complex: false, empty: false, writes: [] };
  let i = 0;
  // Global options before the starting points.
  while (i < args.length) {
    const a = args[i]!.value;
    if (a === "-H" || a === "-L" || a === "-P" || (a !== undefined && /^-O\d*$/.test(a))) i++;
    else if (a === "-D") i += 2;
    else break;
  }
  for (; i < args.length; i++) {
    const a = args[i]!.value;
    if (a !== undefined && (a.startsWith("-") && a !== "-" || a === "(" || a === "!" || a === ")" || a === ",")) break;
    e.roots.push(args[i]!);
  }
  for (; i < args.length; i++) {
    const w = args[i]!;
    const a = w.value;
    if (a === undefined) {
      e.complex = true;
      continue;
    }
    if (a === "-o" || a === "-or" || a === "!" || a === "-not" || a === ",") e.complex = true;
    else if (a === "-delete") e.deleteWord = w;
    else if (a === "-empty") e.empty = true;
    else if (a === "-exec" || a === "-execdir" || a === "-ok" || a === "-okdir") {
      // The command runs as its own invocation (the walker emits it with a pathUnder word).
      while (i + 1 < args.length && !/^(;|\\;|\+)$/.test(args[i + 1]!.value ?? "")) i++;
      i++;
    } else if (a === "-fprint" || a === "-fprint0" || a === "-fls" || a === "-fprintf") {
      const target = args[i + 1];
      if (target) e.writes.push({ word: target, append: false });
      i += a === "-fprintf" ? 2 : 1;
    } else if (FIND_VALUE_TESTS.has(a) || /^-newer[aBcmt][aBcmt]$/.test(a)) {
      const v = args[i + 1]?.value;
      if (FIND_NAME_TESTS.has(a)) {
        if (v === undefined) e.complex = true;
        else e.names.push(v);
      } else if (a === "-type" || a === "-xtype") e.types.push(...(v ?? "?").split(","));
      if (!FIND_NEUTRAL.has(a) && !FIND_NAME_TESTS.has(a)) e.narrowed = true;
      i++;
    }
  }
  if (!e.roots.length) e.roots.push({ raw: ".", value: ".", span: inv.argv[0]!.span });
  return e;
}

type Deleter = "find-delete" | "rm" | "rm-recursive";

/** A -name or -path pattern that only matches build output or litter (`*.pyc`, `*\/node_modules/*`). */
const disposablePattern = (pattern: string) => pattern.split("/").some((seg) => isDisposableName(seg));

interface FindVerdict {
  root: Word;
  info: PathInfo;
  level: Level;
  scope: string;
}

/** The worst root of a find that deletes what it matches: the root's own risk, lowered by filters that narrow the match. */
function findRisk(find: Invocation, ctx: Ctx, deleter: Deleter): FindVerdict | undefined {
  const e = parseFind(find);
  const simple = !e.complex;
  let worst: FindVerdict | undefined;
  for (const root of e.roots) {
    const info = ctx.paths.classify(root, find, { recursive: true });
    const all = info.class === "dynamic" ? info : root.value !== undefined && !root.glob ? ctx.paths.classifyPath(ctx.paths.absolute(root.value, find) ?? root.value, find, { recursive: true, allEntries: true }) : info;
    let level: Level = all.risk;
    let scope = e.names.length ? `files named ${e.names.join(", ")}` : e.narrowed ? "the files its filters match" : "every file";
    if (simple && e.empty) {
      level = "none";
      scope = "empty files and directories";
    } else if (simple && deleter !== "rm-recursive" && e.types.length && e.types.every((t) => t === "d")) {
      // -delete and plain rm cannot remove a directory that still has files in it.
      level = "none";
      scope = "empty directories";
    } else if (simple && e.names.length && e.names.every(disposablePattern)) {
      level = ["project-root", "project", "build-output", "temp", "temp-root", "home-child", "outside"].includes(all.class) ? "none" : all.class === "home" ? "medium" : minLevel(level, "high");
    } else if (simple && (e.names.length || e.narrowed)) level = minLevel(level, "high");
    // The risk counts everything below the root; the words name the root itself.
    if (!worst || rank(level) > rank(worst.level)) worst = { root, info: { ...all, reason: info.reason }, level, scope };
  }
  return worst;
}

function find(inv: Invocation, ctx: Ctx): void {
  const e = parseFind(inv);
  if (e.deleteWord) {
    const v = findRisk(inv, ctx, "find-delete");
    if (v) emit(inv, ctx, "find-delete", v.level, { word: v.root.value === undefined ? v.root : e.deleteWord, data: { scope: v.scope, reason: v.info.reason }, opaque: v.info.class === "dynamic" });
  }
  for (const wr of e.writes) writeTarget(inv, ctx, wr.word, { append: wr.append, id: "overwrite", verb: "overwrites" });
}

// ---------- shred, wipe, srm: unrecoverable overwrites of file contents

function shred(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: ["n", "s", "iterations", "size", "random-source"] });
  const recursive = inv.program !== "shred" && a.has("r", "R", "recursive");
  for (const w of [...a.positionals, ...a.rest]) {
    if (w.value === "-") continue;
    if (w.value !== undefined && ctx.paths.isDevice(ctx.paths.absolute(w.value, inv) ?? w.value)) {
      const dev = ctx.paths.absolute(w.value, inv) ?? w.value;
      emit(inv, ctx, "device-write", ctx.paths.isBlockDevice(dev) ? "critical" : "high", { word: w, data: { reason: `the device ${dev}` } });
      continue;
    }
    const info = ctx.paths.classify(w, inv, { recursive });
    if (!recursive && !info.allEntries && DIR_CLASSES.has(info.class)) continue;
    // Unlike rm, nothing can bring the content back: a plain project or home file is worth a warning.
    const floor: Level = info.class === "temp" || info.class === "build-output" ? "none" : "medium";
    emit(inv, ctx, "shred", maxLevel(info.risk, floor), { word: w, data: { reason: info.reason }, opaque: info.class === "dynamic" });
  }
}

// ---------- raw devices: dd, mkfs and friends, partitioning

function dd(inv: Invocation, ctx: Ctx): void {
  let notrunc = false;
  let of: Word | undefined;
  for (const w of inv.argv.slice(1)) {
    if (w.value === undefined) {
      // `of=$DEV` or a whole operand that is not static: the target may be a disk.
      if (/^["']?of=/.test(w.raw) || !w.raw.includes("=")) of = w;
      continue;
    }
    if (w.value.startsWith("of=")) of = { ...w, value: w.value.slice(3) };
    if (w.value.startsWith("conv=") && w.value.split(/[=,]/).includes("notrunc")) notrunc = true;
  }
  if (!of) return;
  if (of.value === undefined) {
    emit(inv, ctx, "device-write", "high", { word: of, data: { reason: `a target that is not known before it runs (${of.raw})` }, opaque: true });
    return;
  }
  writeTarget(inv, ctx, of, { append: notrunc, id: "overwrite", verb: "overwrites" });
}

const FORMATTERS = new Set(["mke2fs", "mkswap", "mkdosfs", "mkntfs", "mkexfatfs", "mkfs", "wipefs", "blkdiscard", "badblocks", "zpool"]);

function format(inv: Invocation, ctx: Ctx): void {
  const p = programOf(inv)!;
  const args = inv.argv.slice(1);
  const vals = args.map((w) => w.value);
  if (vals.some((v) => v === "--help" || v === "-h" && p !== "mkswap" || v === "-V" || v === "--version")) return;
  if (p === "wipefs") {
    const a = parseArgs(args, { value: ["o", "offset", "t", "types", "O", "output"] });
    // Without -a or -o wipefs only lists signatures; -n is a dry run.
    if (!a.has("a", "all", "o", "offset") || a.has("n", "no-act")) return;
  } else if (p === "badblocks") {
    if (!parseArgs(args, { value: ["b", "c", "e", "d", "i", "o", "p", "t"] }).has("w")) return;
  } else if (p === "mke2fs" || p.startsWith("mkfs.ext")) {
    if (parseArgs(args, { value: ["b", "C", "d", "E", "g", "G", "i", "I", "J", "l", "L", "m", "M", "N", "o", "O", "r", "t", "T", "U", "e", "z"] }).has("n")) return;
  } else if (p === "zpool") {
    if (vals[0] !== "create" && vals[0] !== "labelclear") return;
  }
  let device = false;
  for (const w of args) {
    const v = w.value;
    if (v === undefined || !v.startsWith("/dev/") || !ctx.paths.isDevice(v)) continue;
    device = true;
    emit(inv, ctx, "format", ctx.paths.isBlockDevice(v) ? "critical" : "high", { word: w, data: { target: v } });
  }
  if (!device) {
    const dyn = args.find((w) => w.value === undefined);
    if (dyn) emit(inv, ctx, "format", "high", { word: dyn, data: { target: `${dyn.raw} (not known before it runs)` }, opaque: true });
  }
}

const PARTED_WRITES = new Set(["mklabel", "mktable", "mkpart", "mkpartfs", "mkfs", "rm", "resizepart", "resize", "name", "set", "toggle", "disk_set", "disk_toggle", "rescue", "move", "cp", "type"]);
const SFDISK_READS = new Set(["l", "list", "d", "dump", "J", "json", "s", "show-size", "V", "verify", "g", "show-geometry", "F", "list-free", "T", "list-types", "h", "help", "v", "version", "n", "no-act", "backup-pt-sectors"]);
const SGDISK_READS = new Set(["p", "print", "i", "info", "v", "verify", "O", "print-mbr", "L", "list-types", "P", "pretend", "V", "version", "b", "backup", "help", "?"]);

function partition(inv: Invocation, ctx: Ctx): void {
  const p = programOf(inv)!;
  const args = inv.argv.slice(1);
  const fed = inv.stdin !== undefined;
  let write: "scripted" | "interactive" | undefined;
  let devices: Word[];
  if (p === "fdisk" || p === "gdisk" || p === "cfdisk" || p === "cgdisk") {
    const a = parseArgs(args, { value: ["b", "c", "L", "o", "output", "t", "type", "u", "units", "w", "wipe", "W", "wipe-partitions", "C", "H", "S", "sector-size"] });
    if (a.has("l", "list", "x", "list-details", "s", "getsz", "V", "version", "h", "help", "list-types")) return;
    devices = a.positionals;
    write = fed ? "scripted" : "interactive";
  } else if (p === "sfdisk") {
    const a = parseArgs(args, { value: ["o", "O", "backup-file", "label", "X", "label-nested", "Y", "u", "unit", "w", "wipe", "W", "wipe-partitions", "color", "lock", "sector-size"] });
    const partQuery = a.options.find((o) => /^part-(type|label|uuid|attrs)$/.test(o.name));
    if (a.options.some((o) => SFDISK_READS.has(o.name)) || (partQuery && a.positionals.length <= 2)) return;
    devices = a.positionals.slice(0, 1);
    write = "scripted";
  } else if (p === "sgdisk") {
    const a = parseArgs(args, { value: ["A", "a", "b", "backup", "c", "change-name", "d", "delete", "i", "info", "l", "load-backup", "n", "new", "R", "replicate", "t", "typecode", "T", "u", "partition-guid", "U", "disk-guid", "h", "hybrid", "E", "M"] });
    if (!a.options.length || a.has("P", "pretend") || a.options.every((o) => SGDISK_READS.has(o.name))) return;
    devices = a.positionals;
    write = "scripted";
  } else {
    const a = parseArgs(args, { value: ["a", "align"], stopAtPositional: true });
    if (a.has("l", "list", "v", "version", "h", "help")) return;
    const [dev, ...cmds] = a.positionals;
    const words = cmds.map((w) => w.value);
    if (words.some((w) => w !== undefined && PARTED_WRITES.has(w))) write = "scripted";
    else if (cmds.length === 0) write = fed ? "scripted" : "interactive";
    else if (words.some((w) => w === undefined)) write = "interactive";
    else return;
    devices = dev ? [dev] : [];
    if (!dev) {
      // parted with no device opens the first disk.
      emit(inv, ctx, "partition", "high", { word: inv.argv[0]!, data: { action: "edits", target: "the first disk" } });
      return;
    }
  }
  const level: Level = write === "scripted" ? "critical" : "high";
  const action = write === "scripted" ? "rewrites" : "opens for editing";
  for (const w of devices) {
    const v = w.value;
    if (v === undefined) {
      emit(inv, ctx, "partition", "high", { word: w, data: { action, target: `${w.raw} (not known before it runs)` }, opaque: true });
      continue;
    }
    const abs = ctx.paths.absolute(v, inv) ?? v;
    // A disk image file is not a disk.
    if (!ctx.paths.isDevice(abs)) continue;
    emit(inv, ctx, "partition", ctx.paths.isBlockDevice(abs) ? level : minLevel(level, "high"), { word: w, data: { action, target: abs } });
  }
}

// ---------- truncation

function truncate(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: ["s", "size", "r", "reference", "o"] });
  const size = a.get("s", "size");
  // Sizes that only grow or round up keep every byte.
  if (size !== undefined && /^[+>%]/.test(size)) return;
  if (size === undefined && !a.has("r", "reference")) return;
  for (const w of [...a.positionals, ...a.rest]) truncateTarget(inv, ctx, w);
}

/** Emptying a file: what a write would risk, and a project file's uncommitted content on top. */
function truncateTarget(inv: Invocation, ctx: Ctx, w: Word): void {
  const info = ctx.paths.classifyWriteWord(w, inv);
  if (info.class === "kernel") return;
  if (info.class === "device") {
    emit(inv, ctx, "device-write", info.risk, { word: w, data: { reason: info.reason } });
    return;
  }
  const level = info.class === "project" || info.class === "home-child" ? maxLevel(info.risk, "medium") : info.risk;
  emit(inv, ctx, "truncate", level, { word: w, data: { reason: info.class === "project" ? `the project file ${w.value}` : info.reason }, opaque: info.class === "dynamic" });
}

// ---------- permissions and ownership

interface ModeEffect {
  known: boolean;
  worldWrite: boolean;
  /** Group or others gain read or write. */
  exposes: boolean;
  setid: boolean;
  ownerLoss: boolean;
}

/** What a chmod mode does, octal (`4755`) or symbolic (`go-rwx,u+s`). */
export function modeEffect(mode: string | undefined): ModeEffect {
  const unknown: ModeEffect = { known: false, worldWrite: true, exposes: true, setid: true, ownerLoss: true };
  if (mode === undefined) return unknown;
  if (/^[0-7]{1,5}$/.test(mode)) {
    const d = mode.padStart(4, "0").slice(-4).split("").map(Number) as [number, number, number, number];
    const [s, u, g, o] = d;
    return { known: true, worldWrite: (o & 2) !== 0, exposes: ((g | o) & 6) !== 0, setid: (s & 6) !== 0 && mode.length >= 4, ownerLoss: (u & 4) === 0 };
  }
  const eff: ModeEffect = { known: true, worldWrite: false, exposes: false, setid: false, ownerLoss: false };
  for (const clause of mode.split(",")) {
    const m = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!m) return unknown;
    const who = m[1] === "" || m[1]!.includes("a") ? "ugo" : m[1]!;
    for (const [, op, perms] of m[2]!.matchAll(/([-+=])([rwxXst]*)/g)) {
      const give = op === "+" || op === "=";
      if (give && who.includes("o") && perms!.includes("w")) eff.worldWrite = true;
      if (give && (who.includes("o") || who.includes("g")) && /[rw]/.test(perms!)) eff.exposes = true;
      if (give && perms!.includes("s") && (who.includes("u") || who.includes("g"))) eff.setid = true;
      // The owner losing read or execute breaks programs and directories (`chmod -x /usr/bin/sudo`).
      if (who.includes("u") && ((op === "-" && /[rxX]/.test(perms!)) || (op === "=" && !perms!.includes("r")))) eff.ownerLoss = true;
    }
  }
  return eff;
}

const CHMOD_MODE = /^(?:[0-7]{1,5}|[ugoa]*(?:[-+=][rwxXst]*)+(?:,[ugoa]*(?:[-+=][rwxXst]*)+)*)$/;

function chmod(inv: Invocation, ctx: Ctx): void {
  let recursive = false;
  let mode: string | undefined;
  let modeKnown = false;
  let reference = false;
  const targets: Word[] = [];
  const args = inv.argv.slice(1);
  let opts = true;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (opts && v === "--") {
      opts = false;
      continue;
    }
    if (opts && v !== undefined && v.startsWith("--")) {
      if (v === "--recursive") recursive = true;
      else if (v.startsWith("--reference")) {
        reference = true;
        if (!v.includes("=")) i++;
      }
      continue;
    }
    // `chmod -w file` is a mode, `chmod -R` an option: only mode letters make a mode.
    if (opts && v !== undefined && v.startsWith("-") && !(!modeKnown && !reference && CHMOD_MODE.test(v))) {
      if (/R/.test(v)) recursive = true;
      continue;
    }
    if (!modeKnown && !reference) {
      modeKnown = true;
      mode = v;
      continue;
    }
    targets.push(w);
  }
  const eff = modeEffect(reference ? undefined : mode);
  const change = reference ? "copied from a reference file" : (mode ?? args.find((w) => w.value === undefined)?.raw ?? "?");
  for (const w of targets) {
    const { info, tree } = permissionTarget(inv, ctx, w, recursive);
    const level = chmodLevel(info, eff, tree);
    emit(inv, ctx, "permissions", level, { word: w, data: { change, reason: info.reason, scope: recursive ? "everything in " : "" }, opaque: info.class === "dynamic" });
  }
}

/** A chmod/chown target; files found by find count as the whole tree below find's root. */
function permissionTarget(inv: Invocation, ctx: Ctx, w: Word, recursive: boolean): { info: PathInfo; tree: boolean } {
  if (w.value === undefined && w.pathUnder !== undefined) {
    const root = ctx.paths.absolute(w.pathUnder, inv) ?? w.pathUnder;
    return { info: ctx.paths.classifyPath(root, inv, { recursive: true, allEntries: true }), tree: true };
  }
  return { info: ctx.paths.classify(w, inv, { recursive }), tree: recursive };
}

function chmodLevel(info: PathInfo, eff: ModeEffect, recursive: boolean): Level {
  const c = info.class;
  const widening = eff.worldWrite || eff.setid || eff.ownerLoss;
  const tightenOnly = eff.known && !eff.exposes && !eff.setid && !eff.ownerLoss;
  if (c === "dynamic") return recursive || !eff.known || widening ? "high" : eff.exposes ? "medium" : "none";
  if (recursive || info.allEntries) {
    if (MACHINE_CLASSES.has(c)) return tightenOnly && c === "home" ? "medium" : "critical";
    if (c === "system" || c === "system-child" || c === "device") return "high";
    if (c === "credentials") return eff.exposes ? "high" : "none";
    return eff.setid ? "medium" : "none";
  }
  if (MACHINE_CLASSES.has(c) || c === "system") return widening ? "high" : "none";
  if (c === "credentials") return eff.exposes ? "high" : "none";
  if (c === "system-child" || c === "device") return widening || (eff.exposes && /\/(shadow|gshadow|sudoers)$/.test(info.path ?? "")) ? "high" : "none";
  return eff.setid ? "medium" : "none";
}

function chown(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: ["from", "reference"] });
  const recursive = a.has("R", "recursive");
  const all = [...a.positionals, ...a.rest];
  const targets = a.has("reference") ? all : all.slice(1);
  for (const w of targets) {
    const { info, tree } = permissionTarget(inv, ctx, w, recursive);
    const c = info.class;
    let level: Level = "none";
    if (tree || info.allEntries) {
      if (MACHINE_CLASSES.has(c)) level = "critical";
      else if (c === "system" || c === "system-child" || c === "credentials" || c === "device" || c === "dynamic") level = "high";
    } else if (MACHINE_CLASSES.has(c) || c === "system" || c === "credentials" || c === "device") level = "high";
    else if (c === "system-child" || c === "dynamic") level = "medium";
    emit(inv, ctx, "ownership", level, { word: w, data: { reason: info.reason, scope: recursive ? "everything in " : "" }, opaque: c === "dynamic" });
  }
}

// ---------- moving and copying onto things

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
  const ops = [...a.positionals, ...a.rest];
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

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const EMPTY_SOURCES = new Set(["/dev/null"]);

interface WriteOpts {
  append: boolean;
  id: "overwrite" | "redirect";
  verb: string;
  op?: string;
}

/** One written file: block devices are device writes; system, login and credential files are overwrites. */
function writeTarget(inv: Invocation, ctx: Ctx, w: Word, o: WriteOpts): void {
  const info = ctx.paths.classifyWriteWord(w, inv, { append: o.append });
  // /proc and /sys are kernel controls: the system pack reads those.
  if (info.class === "kernel") return;
  if (info.class === "device") {
    emit(inv, ctx, "device-write", info.risk, { word: w, data: { reason: info.reason } });
    return;
  }
  emit(inv, ctx, o.id, info.risk, { word: w, data: { reason: info.reason, verb: o.append ? "appends to" : o.verb, op: o.op }, opaque: info.class === "dynamic" });
}

function copyLike(inv: Invocation, ctx: Ctx): void {
  const p = programOf(inv)!;
  const valueOpts = p === "install" ? ["m", "mode", "o", "owner", "g", "group"] : p === "cp" ? ["reflink", "sparse", "preserve", "no-preserve", "backup"] : [];
  if (p === "install" && parseArgs(inv.argv.slice(1), { value: valueOpts }).has("d", "directory")) return;
  const t = transferArgs(inv, valueOpts);
  if (p === "ln" && !t.dest && t.sources.length === 1) return;
  for (const s of t.sources) {
    const target = landing(inv, ctx, t, s);
    if (!target) continue;
    if (p === "cp" && s.value !== undefined && EMPTY_SOURCES.has(s.value)) {
      truncateTarget(inv, ctx, target);
      continue;
    }
    writeTarget(inv, ctx, target, { append: false, id: "overwrite", verb: p === "ln" ? "replaces" : "overwrites" });
  }
}

function mv(inv: Invocation, ctx: Ctx): void {
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

function rsync(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: RSYNC_VALUES });
  if (!a.has(...RSYNC_DELETES) || a.has("n", "dry-run", "list-only")) return;
  const ops = [...a.positionals, ...a.rest];
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
  const level: Level =
    full.risk === "critical" ? "critical" : ["project-root", "credentials", "system-child", "home-dotfile", "git-dir", "dynamic"].includes(c) ? "high" : ["project", "home-child", "outside", "temp-root"].includes(c) ? "medium" : "none";
  emit(inv, ctx, "sync-delete", level, { word: dest, data: { reason: full.reason }, opaque: c === "dynamic" });
}

// ---------- tee and shell redirections

function tee(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: ["output-error"] });
  const append = a.has("a", "append");
  for (const w of [...a.positionals, ...a.rest]) writeTarget(inv, ctx, w, { append, id: "overwrite", verb: "overwrites" });
}

const WRITE_OPS = new Set([">", ">>", ">|", "&>", "&>>", ">&", "<>"]);

function redirects(inv: Invocation, ctx: Ctx): void {
  for (const r of inv.redirects) {
    if (!WRITE_OPS.has(r.op) || !r.target) continue;
    // `2>&1`, `>&-`: duplicating or closing a descriptor writes no file.
    if (r.op === ">&" && (r.target.value === undefined || /^\d+-?$|^-$/.test(r.target.value))) continue;
    writeTarget(inv, ctx, r.target, { append: r.op === ">>" || r.op === "&>>" || r.op === "<>", id: "redirect", verb: "overwrites", op: r.op });
  }
}

const HANDLERS: Record<string, (inv: Invocation, ctx: Ctx) => void> = {
  rm,
  unlink,
  find,
  shred,
  wipe: shred,
  srm: shred,
  dd,
  truncate,
  chmod,
  chown,
  chgrp: chown,
  mv,
  cp: copyLike,
  install: copyLike,
  ln: copyLike,
  rsync,
  tee,
  fdisk: partition,
  sfdisk: partition,
  sgdisk: partition,
  gdisk: partition,
  cgdisk: partition,
  cfdisk: partition,
  parted: partition,
};

export default defineRule<Id>({
  name: "filesystem",
  description: "Deleting, wiping and overwriting files and disks, and changing permissions, judged by what the path is: from / and your home down to a build output.",
  programs: ["*"],
  findings: {
    delete: {
      risk: "high",
      categories: ["destroy"],
      message: "{program} deletes {reason}",
      hint: "delete the specific files you mean (a build output, a temp dir), or move them to a trash directory instead",
      description: "rm/unlink of a path whose loss matters: / and your home (critical), system directories, credentials, .git, project sources, anything recursive outside the project.",
    },
    "delete-opaque": {
      risk: "high",
      categories: ["destroy", "opaque"],
      message: "{program} deletes {reason}",
      hint: "resolve the path first and delete it by its literal name",
      description: "rm of a path that is only known when the command runs (a variable, xargs input, find results).",
    },
    "find-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "find deletes {scope} under {reason}",
      hint: "run the same find with -print first, then narrow it with -name and a project directory",
      description: "find -delete, judged by its starting points and how narrowly its filters match.",
    },
    shred: {
      risk: "high",
      categories: ["destroy"],
      message: "{program} overwrites {reason} so it can never be recovered",
      hint: "delete it normally or move it aside; shred only files you are sure of",
      description: "shred/wipe/srm: unrecoverable overwrite of file contents.",
    },
    "device-write": {
      risk: "critical",
      categories: ["destroy"],
      message: "{program} writes raw data to {reason}",
      hint: "write to an image file instead; write to a disk only by hand, after checking it with lsblk",
      description: "dd, cp, tee or a redirection writing straight onto a block device or kernel memory.",
    },
    format: {
      risk: "critical",
      categories: ["destroy"],
      message: "{program} erases everything on {target}",
      hint: "format an image file instead; format a disk only by hand, after checking it with lsblk",
      description: "mkfs, mke2fs, mkswap, wipefs -a, blkdiscard, badblocks -w on a device.",
    },
    partition: {
      risk: "critical",
      categories: ["destroy"],
      message: "{program} {action} the partition table of {target}",
      hint: "print the table instead (fdisk -l, parted DEVICE print); change partitions by hand",
      description: "fdisk, sfdisk, sgdisk, parted and friends writing a partition table.",
    },
    truncate: {
      risk: "high",
      categories: ["destroy"],
      message: "{program} empties {reason}",
      hint: "copy the file aside first, or empty a temp copy",
      description: "truncate -s 0 (or cp /dev/null) onto project, system or credential files.",
    },
    permissions: {
      risk: "high",
      categories: ["mutate", "privilege"],
      message: "chmod {change} on {scope}{reason}",
      hint: "change the mode of the specific files that need it, without -R on a broad directory",
      description: "chmod -R on /, your home or system directories; world-writable or setuid modes on system files; exposing credentials.",
    },
    ownership: {
      risk: "high",
      categories: ["mutate", "privilege"],
      message: "{program} changes the owner of {scope}{reason}",
      hint: "change the owner of the specific files that need it",
      description: "chown/chgrp of /, your home, system directories or credentials.",
    },
    move: {
      risk: "high",
      categories: ["destroy"],
      message: "mv {action} {reason}",
      hint: "copy it instead, or move the specific files you mean",
      description: "mv of system directories, your home, credentials or .git out of place, or of anything onto /dev/null.",
    },
    overwrite: {
      risk: "high",
      categories: ["mutate"],
      message: "{program} {verb} {reason}",
      hint: "write to a project or temp file and review it; edit system and login files by hand",
      description: "cp, install, ln, mv, tee, dd of= or find -fprint onto system files, shell startup files or credentials.",
    },
    redirect: {
      risk: "high",
      categories: ["mutate"],
      message: "the redirection {op} {verb} {reason}",
      hint: "write to a project or temp file and review it; edit system and login files by hand",
      description: "A shell redirection (>, >>, &>) onto a system file, shell startup file or credentials.",
    },
    "sync-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "rsync --delete removes whatever the source lacks from {reason}",
      hint: "run it with --dry-run first, or sync into a dedicated directory",
      description: "rsync --delete onto a broad destination (/, home, the project root, a remote home).",
    },
  },
  check(inv, ctx) {
    if (inv.redirects.length) redirects(inv, ctx);
    const p = programOf(inv);
    if (!p) return;
    const handler = HANDLERS[p] ?? (p.startsWith("mkfs") || FORMATTERS.has(p) ? format : undefined);
    handler?.(inv, ctx);
  },
});
