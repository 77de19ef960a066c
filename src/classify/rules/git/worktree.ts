// Commands that throw away uncommitted work in the working tree: reset --hard, checkout/restore of paths, switch -f, clean -f, rm -f.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { fileLike } from "../../paths.js";
import { dynamicArgument, type Sub } from "./common.js";

export function reset(s: Sub): void {
  const p = parseArgs(s.args, { value: ["pathspec-from-file"] });
  if (p.has("p", "patch")) return;
  let mode: { name: string; word: Word } | undefined;
  for (const o of p.options) if (["soft", "mixed", "hard", "merge", "keep"].includes(o.name)) mode = o;
  if (!mode) return dynamicArgument(s, p);
  if (mode.name === "soft" || mode.name === "mixed") return;
  const target = p.positionals[0]?.raw ?? "HEAD";
  // --keep refuses to touch files with local changes: only the branch moves, and the reflog still has it.
  s.ctx.report("reset-hard", { word: mode.word, data: { mode: mode.name, target }, ...(mode.name === "keep" ? { risk: "medium" } : {}) });
}

function looksLikePath(w: Word, cwd: string | undefined): boolean {
  const v = w.value!;
  if (v === "-" || v === "@" || v.startsWith("@{") || v === "HEAD") return false;
  if (v === "." || v === ".." || v.startsWith("./") || v.startsWith("../") || v.startsWith(":/") || v.startsWith(":(") || v.endsWith("/") || w.glob || /[*?[]/.test(v)) return true;
  return cwd !== undefined && existsSync(resolve(cwd, v));
}

export function checkout(s: Sub): void {
  const p = parseArgs(s.args, { value: ["b", "B", "orphan", "pathspec-from-file"] });
  if (p.has("p", "patch")) return;
  const force = p.hit("f", "force");
  const creating = p.has("b", "B", "orphan");
  const paths: Word[] = [...p.rest];
  const fromFile = p.hit("pathspec-from-file");
  if (fromFile) paths.push(fromFile.word);
  const pos = p.positionals;
  if (!p.rest.length && !fromFile) {
    // Without `--`, the first operand is a branch or commit unless it names a path; later operands are paths.
    const first = pos[0];
    if (first && first.value === undefined && !creating) return s.ctx.report("dynamic-argument", { word: first, data: { sub: "checkout", word: first.raw } });
    if (first && !creating && looksLikePath(first, s.g.cwd)) paths.push(first);
    paths.push(...pos.slice(1));
  }
  if (force) s.ctx.report("checkout-discard", { word: force.word, data: { what: "--force switches branches and throws away local changes" } });
  else if (paths.length) s.ctx.report("checkout-discard", { word: paths[0]!, data: { what: `overwrites ${paths.map((w) => w.raw).join(" ")} with the committed version` } });
}

export function restore(s: Sub): void {
  const p = parseArgs(s.args, { value: ["s", "source", "pathspec-from-file"] });
  if (p.has("p", "patch")) return;
  const staged = p.has("S", "staged");
  const worktree = p.has("W", "worktree");
  // Only the index changes with --staged alone: the edits stay in the working tree.
  if (staged && !worktree) return;
  const paths = [...p.positionals, ...p.rest];
  const fromFile = p.hit("pathspec-from-file");
  if (!paths.length && !fromFile) return;
  s.ctx.report("restore-discard", { word: paths[0] ?? fromFile!.word, data: { paths: paths.map((w) => w.raw).join(" ") || "the files listed in " + fromFile!.value } });
}

export function switchCmd(s: Sub): void {
  const p = parseArgs(s.args, { value: ["c", "C", "create", "force-create", "orphan"] });
  const hit = p.hit("discard-changes", "f", "force");
  if (hit) s.ctx.report("switch-discard", { word: hit.word });
}

export function clean(s: Sub): void {
  const p = parseArgs(s.args, { value: ["e", "exclude"] });
  const noRequire = s.g.configs.some((c) => c.key?.toLowerCase() === "clean.requireforce" && /^(false|no|off|0)$/i.test(c.value ?? ""));
  const force = p.hit("f", "force");
  if ((!force && !noRequire) || p.has("n", "dry-run") || p.has("i", "interactive")) return;
  const what = p.has("x") ? "untracked files and ignored ones (.env files, local settings, caches)" : p.has("X") ? "ignored files (.env files, local settings, caches)" : "untracked files";
  const paths = [...p.positionals, ...p.rest];
  const dirs = p.has("d") ? " and directories" : "";
  // Scoped to generated folders only (`git clean -fdX node_modules`), nothing hand-written is lost.
  const at: Invocation = { ...s.inv };
  if (s.g.cwd === undefined) delete at.cwd;
  else at.cwd = s.g.cwd;
  const onlyBuild = paths.length > 0 && paths.every((w) => w.value !== undefined && s.ctx.paths.classify(w, at, { recursive: true }).class === "build-output");
  s.ctx.report("clean-force", { word: force?.word ?? s.g.sub!, data: { what: what + dirs }, ...(onlyBuild ? { risk: "medium" } : {}) });
}

/** `git rm -f` deletes files with uncommitted edits (plain `git rm` refuses); --cached only untracks them. */
export function rm(s: Sub): void {
  const p = parseArgs(s.args, { value: ["pathspec-from-file"] });
  const force = p.hit("f", "force");
  if (!force || p.has("cached", "n", "dry-run")) return;
  const paths = [...p.positionals, ...p.rest];
  const broad = p.has("r") || paths.some((w) => w.value === undefined || w.glob || looksLikeDir(w, s.g.cwd));
  const shown = paths.map((w) => w.raw).join(" ") || "the files listed in " + (p.get("pathspec-from-file") ?? "a file");
  s.ctx.report("rm-force", { word: force.word, data: { paths: shown }, ...(broad ? {} : { risk: "medium" }) });
}

/** A pathspec that may cover many files: `.`, a glob, a directory, or a name that is not a file. */
function looksLikeDir(w: Word, cwd: string | undefined): boolean {
  const v = w.value!;
  if (v === "." || v === ".." || v.endsWith("/") || /[*?[]/.test(v)) return true;
  return !fileLike(cwd !== undefined ? resolve(cwd, v) : v);
}
