// find: -delete and the deleters it feeds (-exec rm, | xargs rm), judged by its starting points and how narrowly its filters match.
import type { Invocation, Word } from "../../../types.js";
import { isDisposableName, type PathInfo } from "../../paths.js";
import { emit, minLevel, rank, type Ctx, type Level } from "./common.js";
import { writeTarget } from "./writes.js";

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
    if (a !== undefined && ((a.startsWith("-") && a !== "-") || a === "(" || a === "!" || a === ")" || a === ",")) break;
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

/** How the matched files are removed: -delete and plain rm skip non-empty directories, rm -r and shred do not. */
export type Deleter = "find-delete" | "rm" | "rm-recursive" | "shred";

/** A -name or -path pattern that only matches build output or litter (`*.pyc`, `*\/node_modules/*`). */
const disposablePattern = (pattern: string) => pattern.split("/").some((seg) => isDisposableName(seg));

export interface FindVerdict {
  root: Word;
  info: PathInfo;
  level: Level;
  scope: string;
}

/** The worst root of a find that deletes what it matches: the root's own risk, lowered by filters that narrow the match. */
export function findRisk(find: Invocation, ctx: Ctx, deleter: Deleter): FindVerdict | undefined {
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
      // -delete, plain rm and shred cannot remove a directory that still has files in it.
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

/** The find whose results this command receives: `find -exec CMD {}` or `find ... | xargs CMD`. */
export function findFeeding(inv: Invocation, ctx: Ctx): Invocation | undefined {
  const parent = inv.parent !== undefined ? ctx.invocations[inv.parent] : undefined;
  if (parent?.program === "find" && inv.via.includes("find-exec")) return parent;
  const producer = inv.stdin?.kind === "command" ? ctx.invocations[inv.stdin.index] : undefined;
  return producer?.program === "find" ? producer : undefined;
}

export function find(inv: Invocation, ctx: Ctx): void {
  const e = parseFind(inv);
  if (e.deleteWord) {
    const v = findRisk(inv, ctx, "find-delete");
    if (v) emit(inv, ctx, "find-delete", v.level, { word: v.root.value === undefined ? v.root : e.deleteWord, data: { scope: v.scope, reason: v.info.reason }, opaque: v.info.class === "dynamic" });
  }
  for (const wr of e.writes) writeTarget(inv, ctx, wr.word, { append: wr.append, id: "overwrite", verb: "overwrites" });
}
