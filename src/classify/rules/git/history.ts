// Local history that is hard to get back: branch -D, stash drop, reflog expiry, pruning, update-ref -d, worktree removal, filter-branch.
import { parseArgs } from "../../flags.js";
import type { Sub } from "./common.js";

export function branch(s: Sub): void {
  const p = parseArgs(s.args, { value: ["u", "set-upstream-to", "contains", "no-contains", "points-at", "format", "sort"] });
  // Remote-tracking refs come back with the next fetch.
  if (p.has("r", "remotes")) return;
  const big = p.hit("D");
  const del = p.hit("d", "delete");
  if (!big && !(del && p.has("f", "force"))) return;
  const names = p.positionals.map((w) => w.raw).join(" ") || "(none named)";
  s.ctx.report("branch-force-delete", { word: (big ?? del)!.word, data: { branches: names } });
}

export function stash(s: Sub): void {
  const sub = s.args.find((w) => !w.value?.startsWith("-"));
  if (!sub) return;
  if (sub.value === undefined) return s.ctx.report("dynamic-argument", { word: sub, data: { sub: "stash", word: sub.raw } });
  if (sub.value === "clear") s.ctx.report("stash-drop", { word: sub, data: { what: "every stash" } });
  else if (sub.value === "drop") {
    const ref = s.args.slice(s.args.indexOf(sub) + 1).find((w) => !w.value?.startsWith("-"));
    s.ctx.report("stash-drop", { word: sub, data: { what: ref ? ref.raw : "the latest stash" } });
  }
}

const DAYS: Record<string, number> = { second: 1 / 86400, minute: 1 / 1440, hour: 1 / 24, day: 1, week: 7, month: 30, year: 365 };

/**
 * An expiry that reaches entries younger than git's shortest default grace period (two weeks): `now`, `all`,
 * `3.days.ago`. A date git would have to interpret is treated as near.
 */
function soonExpiry(v: string | undefined): boolean {
  if (v === undefined || /^(never|false)$/i.test(v)) return false;
  const m = /^(\d+)[. ]?(second|minute|hour|day|week|month|year)s?([. ]ago)?$/i.exec(v.trim());
  if (!m) return true;
  return Number(m[1]) * DAYS[m[2]!.toLowerCase()]! < 14;
}

export function reflog(s: Sub): void {
  const sub = s.args[0]?.value;
  if (sub === "delete" || sub === "drop") return s.ctx.report("expire-reflog", { word: s.args[0]!, data: { what: `git reflog ${sub}` } });
  if (sub !== "expire") return;
  const p = parseArgs(s.args.slice(1), { value: ["expire", "expire-unreachable"] });
  if (p.has("n", "dry-run")) return;
  const hit = p.options.find((o) => (o.name === "expire" || o.name === "expire-unreachable") && soonExpiry(o.value));
  if (hit) s.ctx.report("expire-reflog", { word: hit.word, data: { what: `git reflog expire --${hit.name}=${hit.value}` } });
}

export function gc(s: Sub): void {
  const p = parseArgs(s.args, {});
  const hit = p.options.find((o) => o.name === "prune" && soonExpiry(o.value));
  if (hit) s.ctx.report("prune-unreachable", { word: hit.word, data: { what: `git gc --prune=${hit.value}` } });
}

export function prune(s: Sub): void {
  const p = parseArgs(s.args, { value: ["expire"] });
  if (p.has("n", "dry-run")) return;
  const expire = p.get("expire");
  if (expire !== undefined && !soonExpiry(expire)) return;
  s.ctx.report("prune-unreachable", { word: s.g.sub!, data: { what: "git prune" } });
}

export function updateRef(s: Sub): void {
  const p = parseArgs(s.args, { value: ["m"] });
  const d = p.hit("d");
  if (d) return s.ctx.report("delete-ref", { word: d.word, data: { ref: p.positionals[0]?.raw ?? "a ref" } });
  const stdin = s.inv.stdin;
  if (p.has("stdin") && stdin?.kind === "static" && /^\s*delete\s/m.test(stdin.text)) s.ctx.report("delete-ref", { word: p.hit("stdin")!.word, data: { ref: "refs named on stdin" } });
}

export function worktree(s: Sub): void {
  if (s.args[0]?.value !== "remove") return;
  const p = parseArgs(s.args.slice(1), {});
  const f = p.hit("f", "force");
  if (f) s.ctx.report("worktree-force-remove", { word: f.word, data: { path: p.positionals[0]?.raw ?? "the worktree" } });
}

export function filterRepo(s: Sub): void {
  const p = parseArgs(s.args, {});
  if (p.has("analyze", "dry-run")) return;
  s.ctx.report("rewrite-history", { word: s.g.sub!, data: { tool: `git ${s.g.sub!.value}` } });
}
