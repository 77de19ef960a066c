// Git: commands that discard uncommitted work, rewrite or delete shared history, or make git run arbitrary shell commands.
import { defineRule } from "../rule.js";
import type { Id, Sub } from "./git/common.js";
import { checkEnvironment, configCommand, reportConfig } from "./git/config.js";
import { expandAlias, readGlobals } from "./git/globals.js";
import { branch, filterRepo, gc, prune, reflog, stash, updateRef, worktree } from "./git/history.js";
import { push } from "./git/push.js";
import { shellOption, transport } from "./git/commands.js";
import { checkout, clean, reset, restore, rm, switchCmd } from "./git/worktree.js";

const SUBCOMMANDS: Record<string, (s: Sub) => void> = {
  reset,
  checkout,
  restore,
  switch: switchCmd,
  clean,
  rm,
  push,
  branch,
  stash,
  reflog,
  gc,
  prune,
  "update-ref": updateRef,
  worktree,
  "filter-branch": filterRepo,
  "filter-repo": filterRepo,
  config: (s) => configCommand(s.args, s.ctx),
  rebase: shellOption,
  difftool: shellOption,
  submodule: shellOption,
  bisect: shellOption,
  clone: transport,
  fetch: transport,
  pull: transport,
  "ls-remote": transport,
};

export default defineRule<Id>({
  name: "git",
  description: "Git commands that lose uncommitted work, rewrite or delete remote history, or run commands hidden in git settings.",
  programs: ["git"],
  findings: {
    "reset-hard": {
      risk: "high",
      categories: ["destroy"],
      message: "git reset --{mode} {target} throws away uncommitted changes in tracked files",
      hint: "commit or `git stash` first; `git reset --soft {target}` moves the branch and keeps your changes",
      description: "reset --hard/--merge discards work in the working tree (--keep only moves the branch: medium).",
    },
    "checkout-discard": {
      risk: "high",
      categories: ["destroy"],
      message: "git checkout {what}: uncommitted changes there are lost",
      hint: "commit or `git stash` first, or look with `git diff` before discarding",
      description: "checkout of paths, `.`, or with --force overwrites uncommitted changes.",
    },
    "restore-discard": {
      risk: "high",
      categories: ["destroy"],
      message: "git restore {paths} overwrites uncommitted changes in the working tree",
      hint: "`git restore --staged {paths}` only unstages; `git stash` keeps a copy",
      description: "restore without --staged (or with --worktree) discards edits.",
    },
    "switch-discard": {
      risk: "high",
      categories: ["destroy"],
      message: "git switch --discard-changes throws away local changes",
      hint: "commit or `git stash` first, then switch",
      description: "switch -f / --discard-changes discards edits.",
    },
    "clean-force": {
      risk: "high",
      categories: ["destroy"],
      message: "git clean deletes {what}; they are not in git and cannot be recovered",
      hint: "preview with `git clean -n` (same flags) first",
      description: "clean -f deletes untracked (and with -x/-X ignored) files.",
    },
    "rm-force": {
      risk: "high",
      categories: ["destroy"],
      message: "git rm -f {paths} deletes the files even where they have uncommitted changes",
      hint: "commit or stash first; plain `git rm` refuses files with local edits, `git rm --cached` keeps them on disk",
      description: "rm -f of directories, globs or many files (a single file: medium).",
    },
    "force-push": {
      risk: "high",
      categories: ["destroy"],
      message: "force push to {target} overwrites the remote history; commits others pushed there are lost",
      hint: "use `git push --force-with-lease --force-if-includes` so the push fails if the remote has commits you have not seen",
      description: "push --force, -f or a +refspec.",
    },
    "force-push-lease": {
      risk: "medium",
      categories: ["destroy"],
      message: "force push with lease to {target} rewrites the remote history (it fails if someone else pushed)",
      hint: "add --force-if-includes so a fetch in between does not defeat the lease",
      description: "push --force-with-lease: the safer force push.",
    },
    "push-mirror": {
      risk: "high",
      categories: ["destroy"],
      message: "git push --mirror makes the remote match this repository: remote branches and tags missing here are deleted, the rest forced",
      hint: "push the branches you mean by name",
      description: "push --mirror deletes and overwrites remote refs.",
    },
    "push-prune": {
      risk: "high",
      categories: ["destroy"],
      message: "git push --prune deletes every remote branch that has no local counterpart",
      hint: "delete the remote branches you mean by name after checking them",
      description: "push --prune deletes remote branches.",
    },
    "delete-remote-branch": {
      risk: "high",
      categories: ["destroy"],
      message: "git push deletes the remote branch {name}",
      hint: "check that {name} is merged and unused (`git branch -r --merged`) before deleting it",
      description: "push --delete or :branch removes a branch on the remote.",
    },
    "delete-remote-tag": {
      risk: "high",
      categories: ["destroy"],
      message: "git push deletes the remote tag {name}; releases and builds that point at it break",
      hint: "published tags are better left alone; create a new tag instead",
      description: "push --delete tag or :refs/tags/x removes a tag on the remote.",
    },
    "branch-force-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "git branch -D deletes {branches} even if unmerged; its commits are then only in the reflog",
      hint: "`git branch -d` refuses to delete unmerged work",
      description: "branch -D / --delete --force.",
    },
    "stash-drop": {
      risk: "high",
      categories: ["destroy"],
      message: "git stash drops {what}; stashed work is gone",
      hint: "`git stash list` and `git stash show -p` first; `git stash pop` applies and drops only on success",
      description: "stash drop / clear.",
    },
    "rewrite-history": {
      risk: "high",
      categories: ["destroy"],
      message: "{tool} rewrites every matching commit in the repository's history",
      hint: "run it on a fresh clone, and keep a backup of the original",
      description: "filter-branch / filter-repo.",
    },
    "expire-reflog": {
      risk: "high",
      categories: ["destroy"],
      message: "{what} removes the reflog entries that let lost commits be recovered",
      hint: "leave the reflog to git's own expiry",
      description: "reflog expire with a near expiry, reflog delete.",
    },
    "prune-unreachable": {
      risk: "high",
      categories: ["destroy"],
      message: "{what} deletes unreachable objects now; dropped stashes and reset commits become unrecoverable",
      hint: "plain `git gc` keeps a two-week grace period",
      description: "gc --prune=now, git prune.",
    },
    "delete-ref": {
      risk: "high",
      categories: ["destroy"],
      message: "git update-ref -d deletes {ref} without any safety check",
      hint: "use `git branch -d` or `git tag -d`, which check what you are deleting",
      description: "update-ref -d.",
    },
    "worktree-force-remove": {
      risk: "high",
      categories: ["destroy"],
      message: "git worktree remove --force deletes {path} with its uncommitted changes",
      hint: "commit or stash in that worktree first; without --force git refuses when it is dirty",
      description: "worktree remove --force.",
    },
    "config-command": {
      risk: "high",
      categories: ["opaque"],
      message: "{key}={value}: {why}, so the command line does not show what really runs",
      hint: "run the command directly instead of through a git setting",
      description: "-c / git config / environment settings that make git run a command (core.pager, core.sshCommand, alias.x=!cmd, core.hooksPath ...).",
    },
    "runs-command": {
      risk: "high",
      categories: ["opaque"],
      message: "{what}; shellgate cannot check that command",
      hint: "run the command directly so it can be checked",
      description: "rebase --exec, submodule foreach, bisect run, --upload-pack, ext:: URLs.",
    },
    "dynamic-subcommand": {
      risk: "high",
      categories: ["opaque"],
      message: "the git subcommand or option {word} is not known before it runs",
      hint: "write the git subcommand literally so it can be checked",
      description: "git with a computed subcommand.",
    },
    "dynamic-argument": {
      risk: "medium",
      categories: ["opaque"],
      message: "git {sub}: {word} is not known before it runs, and it decides what is changed",
      hint: "write the branch, path or option literally",
      description: "A computed refspec, path or option of a git command that can destroy work (git itself still refuses a non-fast-forward push).",
    },
  },
  check(inv, ctx) {
    const g = readGlobals(inv);
    const configs = [...g.configs];
    checkEnvironment(inv, ctx, configs);
    for (const c of configs) reportConfig(ctx, c.key, c.value, c.word);
    if (g.dynamic) return ctx.report("dynamic-subcommand", { word: g.dynamic, data: { word: g.dynamic.raw } });
    const { sub, args } = expandAlias(g.sub, g.args, configs);
    const name = sub?.value;
    if (!name) return;
    const fn = Object.prototype.hasOwnProperty.call(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
    fn?.({ inv, ctx, g: { ...g, ...(sub ? { sub } : {}), configs }, args });
  },
});
