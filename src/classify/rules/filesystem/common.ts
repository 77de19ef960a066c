// Shared pieces of the filesystem pack: finding ids, risk levels, and the one place findings are reported.
import { statSync } from "node:fs";
import type { Category, Evidence, Invocation, Risk, Word } from "../../../types.js";
import type { RuleContext } from "../../rule.js";

export type Id =
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
  | "in-place-edit"
  | "sync-delete";
export type Ctx = RuleContext<Id>;
export type Level = Risk | "none";
export type Handler = (inv: Invocation, ctx: Ctx, program: string) => void;

const LEVELS: readonly Level[] = ["none", "low", "medium", "high", "critical"];
export const rank = (r: Level) => LEVELS.indexOf(r);
export const atLeast = (r: Level, min: Level) => rank(r) >= rank(min);
export const maxLevel = (a: Level, b: Level): Level => (rank(a) >= rank(b) ? a : b);
export const minLevel = (a: Level, b: Level): Level => (rank(a) <= rank(b) ? a : b);

/** Classes that are always directories: rm without -r, shred or a plain write cannot touch them. */
export const DIR_CLASSES = new Set(["root", "home", "home-ancestor", "system", "temp-root", "project-root"]);
/** Where a whole-tree change (chmod -R, chown -R, rsync --delete) takes the machine or the account down. */
export const MACHINE_CLASSES = new Set(["root", "home", "home-ancestor"]);

export interface Emit {
  word?: Word;
  data: Record<string, string | number | undefined>;
  opaque?: boolean;
}

/** Reports when the level is worth a finding (medium and up); a remote host that looks like production adds evidence. */
export function emit(inv: Invocation, ctx: Ctx, id: Id, level: Level, o: Emit): void {
  if (!atLeast(level, "medium")) return;
  const categories: Category[] = o.opaque ? ["opaque"] : [];
  const prod: Evidence | undefined = inv.host !== undefined ? ctx.production.evidence("host", inv.host, "the host the command runs on") : undefined;
  ctx.report(id, { ...(o.word ? { word: o.word } : {}), risk: level as Risk, data: { program: inv.program ?? "the shell", ...o.data }, categories, ...(prod ? { production: [prod] } : {}) });
}

export function isDirectory(p: string): boolean {
  // No exception for a missing path: building one costs more than the whole check.
  return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** The operands of a command: positionals and everything after `--`. */
export const operands = (a: { positionals: Word[]; rest: Word[] }): Word[] => [...a.positionals, ...a.rest];
