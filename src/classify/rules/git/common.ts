// Shared pieces of the git pack: finding ids, the subcommand context, and computed words.
import type { Invocation, Word } from "../../../types.js";
import type { ParsedArgs } from "../../flags.js";
import type { RuleContext } from "../../rule.js";
import type { Globals } from "./globals.js";

export type Id =
  | "reset-hard"
  | "checkout-discard"
  | "restore-discard"
  | "switch-discard"
  | "clean-force"
  | "rm-force"
  | "force-push"
  | "force-push-lease"
  | "push-mirror"
  | "push-prune"
  | "delete-remote-branch"
  | "delete-remote-tag"
  | "branch-force-delete"
  | "stash-drop"
  | "rewrite-history"
  | "expire-reflog"
  | "prune-unreachable"
  | "delete-ref"
  | "worktree-force-remove"
  | "config-command"
  | "runs-command"
  | "dynamic-subcommand"
  | "dynamic-argument";

export type Ctx = RuleContext<Id>;

export interface Sub {
  inv: Invocation;
  ctx: Ctx;
  g: Globals;
  args: Word[];
}

/** Reports a word whose value decides what git does but is not known before it runs. */
export function dynamicArgument(s: Sub, p: ParsedArgs): void {
  const w = [...p.positionals, ...p.rest].find((x) => x.value === undefined) ?? p.options.find((o) => o.dynamicValue)?.word;
  if (w) s.ctx.report("dynamic-argument", { word: w, data: { sub: s.g.sub!.value, word: w.raw } });
}
