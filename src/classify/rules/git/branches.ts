// Which branches are shared (main, release/*, policy names) and which one is checked out.
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Evidence } from "../../../types.js";
import { globToRegExp } from "../../../context/production.js";
import type { Ctx } from "./common.js";

/** Branches whose rewrite or deletion hits everyone: default names, plus `names["git-branch"]` from the policy. */
const PROTECTED = ["main", "master", "trunk", "develop", "production", "prod", "live", "stable", "release", "release/*", "releases/*"];

export function protectedBranch(branch: string, ctx: Ctx, source: string): Evidence | undefined {
  const globs = [...PROTECTED, ...(ctx.production.patterns.names["git-branch"] ?? [])];
  const isGlob = /[*?]/.test(branch);
  for (const g of globs) {
    const re = globToRegExp(g);
    // A refspec glob (`refs/heads/*`) covers a protected branch when the branch name fits it.
    const hit = isGlob ? PROTECTED.some((b) => !/[*?]/.test(b) && globToRegExp(branch).test(b) && re.test(b)) : re.test(branch);
    if (hit) return { kind: "git-branch", value: branch, pattern: g, source };
  }
  return undefined;
}

/** The current branch, read from HEAD of the repository git would use; undefined when detached or unreadable. */
export function currentBranch(ctx: Ctx, cwd: string | undefined, gitDir: string | undefined): string | undefined {
  const dir = gitDir !== undefined ? (isAbsolute(gitDir) ? gitDir : cwd !== undefined ? resolve(cwd, gitDir) : undefined) : findGitDir(cwd);
  if (!dir) return undefined;
  return ctx.memo(`git/head:${dir}`, () => {
    try {
      const m = /^ref:\s*refs\/heads\/(.+?)\s*$/m.exec(readFileSync(join(dir, "HEAD"), "utf8"));
      return m?.[1];
    } catch {
      return undefined;
    }
  });
}

function findGitDir(cwd: string | undefined): string | undefined {
  if (!cwd) return undefined;
  let dir = cwd;
  for (let i = 0; i < 64; i++) {
    const g = join(dir, ".git");
    const st = statSync(g, { throwIfNoEntry: false });
    if (st?.isDirectory()) return g;
    if (st) {
      // A worktree or submodule: `.git` is a file naming the real git dir.
      try {
        const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(g, "utf8"));
        return m ? resolve(dir, m[1]!) : undefined;
      } catch {
        return undefined;
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}
