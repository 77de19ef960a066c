// Shared pieces of the publish pack: finding ids, a tool's parsed arguments, dry runs, and sandbox registries.
import type { Invocation, Word } from "../../../types.js";
import { parseArgs, type ParsedArgs } from "../../flags.js";
import type { ReportOptions, RuleContext } from "../../rule.js";

export type Id =
  | "package-publish"
  | "package-unpublish"
  | "package-deprecate"
  | "package-yank"
  | "dist-tag"
  | "package-access"
  | "repo-delete"
  | "repo-archive"
  | "repo-visibility"
  | "release-publish"
  | "release-delete"
  | "hosted-delete"
  | "api-delete"
  | "api-write"
  | "image-push"
  | "dynamic-subcommand";

export type Ctx = RuleContext<Id>;

/** Registries that are local or meant for testing: publishing there is a rehearsal (low, it passes). */
export const SANDBOX_REGISTRY = /(^|\/\/|@)(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\])([:/]|$)|test\.pypi\.org|^testpypi$|verdaccio|\.local([:/]|$)/i;

export interface Tool {
  inv: Invocation;
  ctx: Ctx;
  a: ParsedArgs;
  /** Static positional values (undefined where dynamic). */
  pos: (string | undefined)[];
  words: Word[];
}

export function tool(inv: Invocation, ctx: Ctx, value: string[]): Tool {
  const a = parseArgs(inv.argv.slice(1), { value });
  const words = [...a.positionals, ...a.rest];
  return { inv, ctx, a, pos: words.map((w) => w.value), words };
}

export function dryRun(a: ParsedArgs, extra: string[] = []): boolean {
  return a.options.some((o) => (o.name === "dry-run" && !/^(false|0|no)$/i.test(o.value ?? "")) || extra.includes(o.name));
}

/** Reports `id` on the subcommand word, at low risk when the target registry is a sandbox. */
export function publishReport(t: Tool, id: Id, at: number, data: Record<string, string | undefined>, registries: (string | undefined)[] = []): void {
  const sandbox = registries.find((r) => r !== undefined && SANDBOX_REGISTRY.test(r));
  const opts: ReportOptions = { word: t.words[at] ?? t.inv.argv[0]!, data: { ...data, where: sandbox ? ` to the test registry ${sandbox}` : "" } };
  if (sandbox) opts.risk = "low";
  t.ctx.report(id, opts);
}

/** First positional that is not static: the subcommand itself is unknown. */
export function dynamicAt(t: Tool, i: number): boolean {
  const w = t.words[i];
  if (w && w.value === undefined) {
    t.ctx.report("dynamic-subcommand", { word: w, data: { word: w.raw } });
    return true;
  }
  return false;
}
