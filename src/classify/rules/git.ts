// Git: commands that discard uncommitted work, rewrite or delete shared history, or make git run arbitrary shell commands.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Evidence, Invocation, Word } from "../../types.js";
import { globToRegExp } from "../../context/production.js";
import { parseArgs, type ParsedArgs } from "../flags.js";
import { defineRule, type RuleContext } from "../rule.js";

type Id =
  | "reset-hard"
  | "checkout-discard"
  | "restore-discard"
  | "switch-discard"
  | "clean-force"
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

type Ctx = RuleContext<Id>;

/** What git's own options before the subcommand tell us. */
interface Globals {
  sub?: Word;
  /** Words after the subcommand. */
  args: Word[];
  /** Directory git works in after `-C`; undefined when it cannot be known. */
  cwd?: string;
  gitDir?: string;
  configs: { key?: string; value?: string; word: Word }[];
  /** A word before the subcommand that is not static (it may be the subcommand or an option). */
  dynamic?: Word;
}

/** Global options that take the next word as their value (`--opt=value` is handled for all). */
const GLOBAL_WITH_VALUE = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--attr-source", "--shallow-file"]);

function readGlobals(inv: Invocation): Globals {
  const argv = inv.argv;
  let cwd = inv.cwd;
  let gitDir = inv.env.GIT_DIR;
  const configs: Globals["configs"] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const a = w.value;
    if (a === undefined) return { args: argv.slice(i + 1), configs, dynamic: w, ...(cwd !== undefined ? { cwd } : {}) };
    if (!a.startsWith("-")) return { sub: w, args: argv.slice(i + 1), configs, ...(cwd !== undefined ? { cwd } : {}), ...(gitDir ? { gitDir } : {}) };
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    let name = a;
    let value: string | undefined;
    let valueWord: Word = w;
    if (eq > 0) {
      name = a.slice(0, eq);
      value = a.slice(eq + 1);
    } else if (GLOBAL_WITH_VALUE.has(a)) {
      const next = argv[i + 1];
      i++;
      if (!next) break;
      value = next.value;
      valueWord = next;
    } else continue;
    if (name === "-C") cwd = value === undefined ? undefined : isAbsolute(value) ? value : cwd !== undefined ? resolve(cwd, value) : undefined;
    else if (name === "--git-dir") gitDir = value;
    else if (name === "-c") {
      const key = value === undefined ? staticKey(valueWord) : undefined;
      configs.push(value !== undefined ? { ...configPair(value), word: valueWord } : { ...(key ? { key } : {}), word: valueWord });
    }
    else if (name === "--config-env") {
      // `--config-env=key=ENVVAR`: the value comes from the command's environment.
      const pair = configPair(value ?? "");
      configs.push({ ...(pair.key ? { key: pair.key } : {}), ...(pair.value !== undefined && inv.env[pair.value] !== undefined ? { value: inv.env[pair.value]! } : {}), word: valueWord });
    }
  }
  return { args: [], configs, ...(cwd !== undefined ? { cwd } : {}) };
}

function configPair(s: string): { key?: string; value?: string } {
  const eq = s.indexOf("=");
  // `-c key` alone means key=true.
  if (eq < 0) return s ? { key: s, value: "true" } : {};
  return { key: s.slice(0, eq), value: s.slice(eq + 1) };
}

/** For a dynamic `key=$VALUE` word, the static key part is still readable from the source text. */
function staticKey(w: Word): string | undefined {
  return /^['"]?([A-Za-z][\w-]*(?:\.[^=\s'"$`]+)+)=/.exec(w.raw)?.[1];
}

// ---------------------------------------------------------------- config keys that run commands

/** Programs a pager, editor or ssh setting commonly names; they run nothing else when given only flags. */
const HARMLESS_PROGRAMS = new Set([
  "cat", "less", "more", "most", "true", ":", "vim", "vi", "nvim", "nano", "pico", "emacs", "emacsclient", "code", "code-insiders", "codium", "cursor",
  "subl", "mate", "micro", "hx", "kak", "gedit", "kate", "delta", "diff-so-fancy", "bat", "ssh", "plink", "tig",
]);

/** A command string git would hand to a shell that runs only a well-known pager, editor or ssh with flags. */
function harmlessCommand(value: string): boolean {
  const v = value.trim();
  if (v === "") return true;
  if (/[;&|`$()<>\n\\'"*?{}]/.test(v)) return false;
  const [prog, ...args] = v.split(/\s+/);
  const name = prog!.slice(prog!.lastIndexOf("/") + 1);
  if (!HARMLESS_PROGRAMS.has(name)) return false;
  // ssh runs commands through ProxyCommand, LocalCommand, KnownHostsCommand, or a config file given with -F.
  if (name === "ssh" || name === "plink") return args.every((a) => !/command/i.test(a) && a !== "-F" && !a.startsWith("-F"));
  return args.every((a) => /^-[\w-]*(=[\w.,/-]*)?$/.test(a) && !/^(-c|--cmd|-S|--eval|--exec)$/.test(a));
}

type ConfigRisk = { why: string; risk?: "medium" };

/** Whether setting `key` to `value` (undefined: not known) makes git run a command of the value's choosing. */
function configRunsCommand(key: string, value: string | undefined): ConfigRisk | undefined {
  const k = key.toLowerCase();
  const dot = k.indexOf(".");
  const section = dot < 0 ? k : k.slice(0, dot);
  const name = k.slice(k.lastIndexOf(".") + 1);
  const command = (why: string): ConfigRisk | undefined => (value !== undefined && harmlessCommand(value) ? undefined : { why });
  const isBool = value !== undefined && /^(true|false|yes|no|on|off|0|1|)$/i.test(value.trim());
  if (section === "alias") return value === undefined || value.trimStart().startsWith("!") ? { why: "the alias runs a shell command" } : undefined;
  if (section === "pager") return isBool ? undefined : command("git pipes its output through this command");
  if (section === "include" || (section === "includeif" && name === "path")) return { why: "git reads more configuration, possibly with commands, from that file", risk: "medium" };
  if (section === "credential" && name === "helper") {
    if (value === undefined) return { why: "the credential helper is a command" };
    const v = value.trim();
    return v.startsWith("!") || v.startsWith("/") ? { why: "the credential helper runs this command" } : undefined;
  }
  switch (k) {
    case "core.pager":
    case "core.editor":
    case "sequence.editor":
      return command("git runs this command");
    case "core.sshcommand":
    case "core.gitproxy":
    case "core.askpass":
    case "core.alternaterefscommand":
    case "diff.external":
    case "gpg.program":
    case "gpg.openpgp.program":
    case "gpg.x509.program":
    case "gpg.ssh.program":
    case "gpg.ssh.defaultkeycommand":
    case "uploadpack.packobjectshook":
    case "interactive.difffilter":
    case "sendemail.sendmailcmd":
      return command("git runs this command");
    case "core.fsmonitor":
      return isBool ? undefined : { why: "git runs this program as a filesystem monitor" };
    case "core.hookspath":
      return value !== undefined && /^(\/dev\/null|)$/.test(value.trim()) ? undefined : { why: "git runs the hook scripts found in that directory" };
    case "protocol.allow":
    case "protocol.ext.allow":
      return value === undefined || /^always$/i.test(value) ? { why: "the ext:: transport runs arbitrary commands" } : undefined;
    default:
      break;
  }
  const perDriver: Record<string, string[]> = {
    diff: ["command", "textconv"],
    merge: ["driver"],
    filter: ["clean", "smudge", "process"],
    difftool: ["cmd"],
    mergetool: ["cmd"],
    browser: ["cmd"],
    man: ["cmd"],
    remote: ["uploadpack", "receivepack"],
  };
  if (perDriver[section]?.includes(name) && dot !== k.lastIndexOf(".")) return command("git runs this command");
  return undefined;
}

/** Environment variables git reads a command (or a directory of programs) from. */
const ENV_COMMANDS: Record<string, string> = {
  GIT_SSH_COMMAND: "core.sshCommand",
  GIT_SSH: "core.sshCommand",
  GIT_EDITOR: "core.editor",
  GIT_SEQUENCE_EDITOR: "sequence.editor",
  GIT_PAGER: "core.pager",
  GIT_EXTERNAL_DIFF: "diff.external",
  GIT_ASKPASS: "core.askPass",
  GIT_PROXY_COMMAND: "core.gitProxy",
  EDITOR: "core.editor",
  VISUAL: "core.editor",
  PAGER: "core.pager",
};

function checkEnvironment(inv: Invocation, ctx: Ctx, configs: Globals["configs"]): void {
  const before = ctx.check.env;
  const changed = (k: string) => inv.env[k] !== undefined && inv.env[k] !== before[k];
  const where = (k: string) => inv.assigns.find((a) => a.name === k)?.span ?? inv.argv[0]!.span;
  for (const [k, key] of Object.entries(ENV_COMMANDS)) {
    if (!changed(k)) continue;
    const hit = configRunsCommand(key, inv.env[k]);
    if (hit) ctx.report("config-command", { span: where(k), data: { key: k, value: inv.env[k], why: hit.why }, ...(hit.risk ? { risk: hit.risk } : {}) });
  }
  for (const k of ["GIT_EXEC_PATH", "GIT_TEMPLATE_DIR", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM"]) {
    if (changed(k)) ctx.report("config-command", { span: where(k), data: { key: k, value: inv.env[k], why: "git loads programs, hooks or configuration from it" } });
  }
  // GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n are `-c` by environment.
  const count = Number(inv.env.GIT_CONFIG_COUNT ?? 0);
  if (changed("GIT_CONFIG_COUNT") && count > 0) {
    for (let n = 0; n < Math.min(count, 64); n++) {
      const key = inv.env[`GIT_CONFIG_KEY_${n}`];
      if (key) configs.push({ key, ...(inv.env[`GIT_CONFIG_VALUE_${n}`] !== undefined ? { value: inv.env[`GIT_CONFIG_VALUE_${n}`]! } : {}), word: { raw: `GIT_CONFIG_KEY_${n}`, span: where("GIT_CONFIG_COUNT") } });
    }
  }
}

function reportConfig(ctx: Ctx, key: string | undefined, value: string | undefined, word: Word): void {
  if (key === undefined) {
    ctx.report("config-command", { word, data: { key: word.raw, value: "(not known before it runs)", why: "the setting is not known before it runs" } });
    return;
  }
  const hit = configRunsCommand(key, value);
  if (hit) ctx.report("config-command", { word, data: { key, value: value ?? "(not known before it runs)", why: hit.why }, ...(hit.risk ? { risk: hit.risk } : {}) });
}

/** `git config` writes (old `git config k v`, `--add`, `--replace-all`, and the 2.46+ `git config set`). */
function configCommand(args: Word[], ctx: Ctx): void {
  const p = parseArgs(args, { value: ["f", "file", "blob", "type", "default", "comment", "value", "url"] });
  const pos = p.positionals;
  const subs = ["list", "get", "set", "unset", "rename-section", "remove-section", "edit"];
  let name: Word | undefined;
  let value: Word | undefined;
  if (pos[0]?.value !== undefined && subs.includes(pos[0].value)) {
    if (pos[0].value !== "set") return;
    [name, value] = [pos[1], pos[2]];
  } else {
    const reads = ["get", "get-all", "get-regexp", "get-urlmatch", "get-color", "get-colorbool", "unset", "unset-all", "rename-section", "remove-section", "l", "list", "e", "edit"];
    if (p.has(...reads)) return;
    if (pos.length < 2) return;
    [name, value] = [pos[0], pos[1]];
  }
  if (!name || !value) return;
  if (name.value === undefined) return reportConfig(ctx, undefined, undefined, name);
  reportConfig(ctx, name.value, value.value, value);
}

// ---------------------------------------------------------------- branches

/** Branches whose rewrite or deletion hits everyone: default names, plus `names["git-branch"]` from the policy. */
const PROTECTED = ["main", "master", "trunk", "develop", "production", "prod", "live", "stable", "release", "release/*", "releases/*"];

function protectedBranch(branch: string, ctx: Ctx, source: string): Evidence | undefined {
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
function currentBranch(ctx: Ctx, cwd: string | undefined, gitDir: string | undefined): string | undefined {
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
    try {
      const st = statSync(g);
      if (st.isDirectory()) return g;
      // A worktree or submodule: `.git` is a file naming the real git dir.
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(g, "utf8"));
      return m ? resolve(dir, m[1]!) : undefined;
    } catch {
      const up = dirname(dir);
      if (up === dir) return undefined;
      dir = up;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- subcommands

interface Sub {
  inv: Invocation;
  ctx: Ctx;
  g: Globals;
  args: Word[];
}

/** Reports a word whose value decides what git does but is not known before it runs. */
function dynamicArgument(s: Sub, p: ParsedArgs): void {
  const w = [...p.positionals, ...p.rest].find((x) => x.value === undefined) ?? p.options.find((o) => o.dynamicValue)?.word;
  if (w) s.ctx.report("dynamic-argument", { word: w, data: { sub: s.g.sub!.value, word: w.raw } });
}

function reset(s: Sub): void {
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

function checkout(s: Sub): void {
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

function restore(s: Sub): void {
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

function switchCmd(s: Sub): void {
  const p = parseArgs(s.args, { value: ["c", "C", "create", "force-create", "orphan"] });
  const hit = p.hit("discard-changes", "f", "force");
  if (hit) s.ctx.report("switch-discard", { word: hit.word });
}

function clean(s: Sub): void {
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

interface PushTarget {
  name: string;
  tag: boolean;
  forced: boolean;
  del: boolean;
  word: Word;
}

function push(s: Sub): void {
  const { ctx, g } = s;
  const p = parseArgs(s.args, { value: ["o", "push-option", "repo", "receive-pack", "exec"] });
  if (p.has("n", "dry-run")) return;
  const cmd = p.hit("receive-pack", "exec");
  if (cmd) ctx.report("runs-command", { word: cmd.word, data: { what: `--${cmd.name} runs ${cmd.value ?? "a command"} for the push` } });
  const force = p.hit("f", "force");
  const lease = p.hit("force-with-lease");
  const del = p.hit("d", "delete");
  const words = [...p.positionals, ...p.rest];
  const specs = words.slice(1);
  const head = () => currentBranch(ctx, g.cwd, g.gitDir);
  const targets: PushTarget[] = [];
  for (let i = 0; i < specs.length; i++) {
    const w = specs[i]!;
    const v = w.value;
    if (v === undefined) {
      ctx.report("dynamic-argument", { word: w, data: { sub: "push", word: w.raw } });
      continue;
    }
    // `tag v1` is short for refs/tags/v1:refs/tags/v1.
    if (v === "tag" && specs[i + 1]?.value !== undefined) {
      targets.push({ name: specs[i + 1]!.value!, tag: true, forced: !!force, del: !!del, word: specs[i + 1]! });
      i++;
      continue;
    }
    const plus = v.startsWith("+");
    const body = plus ? v.slice(1) : v;
    const colon = body.indexOf(":");
    let dst = colon < 0 ? body : body.slice(colon + 1) || body.slice(0, colon);
    const deleting = !!del || (colon === 0 && body.length > 1);
    if (dst === "HEAD" || dst === "@") dst = head() ?? "the current branch";
    const tag = dst.startsWith("refs/tags/");
    const name = dst.replace(/^refs\/(heads|tags)\//, "");
    targets.push({ name, tag, forced: plus || !!force || !!lease, del: deleting, word: w });
  }
  if (p.has("mirror")) ctx.report("push-mirror", { word: p.hit("mirror")!.word });
  else if (p.has("prune")) ctx.report("push-prune", { word: p.hit("prune")!.word });
  for (const t of targets) {
    if (t.del) {
      const ev = t.tag ? undefined : protectedBranch(t.name, ctx, "branch deleted by git push");
      ctx.report(t.tag ? "delete-remote-tag" : "delete-remote-branch", { word: t.word, data: { name: ev ? `${t.name} (a protected branch)` : t.name }, ...(ev ? { production: [ev] } : {}) });
    }
  }
  const forced = targets.filter((t) => t.forced && !t.del);
  const leaseOnly = !!lease && !force;
  const id = leaseOnly ? "force-push-lease" : "force-push";
  const report = (name: string, word: Word, ev: Evidence | undefined) =>
    ctx.report(id, { word, data: { target: ev ? `${name} (a protected branch)` : name }, ...(ev ? { production: [ev] } : {}) });
  if (forced.length) {
    for (const t of forced) report(t.tag ? `tag ${t.name}` : t.name, (force ?? lease)?.word ?? t.word, t.tag ? undefined : protectedBranch(t.name, ctx, "push refspec"));
  } else if ((force || lease) && !targets.length && !p.has("mirror")) {
    // No refspec: git pushes the current branch (push.default simple/current), or every branch with --all.
    const word = (force ?? lease)!.word;
    if (p.has("all", "branches")) report("every branch", word, protectedBranch("*", ctx, "git push --all"));
    else if (p.has("tags")) report("every tag", word, undefined);
    else {
      const b = head();
      report(b ?? "the current branch", word, b ? protectedBranch(b, ctx, "current branch in .git/HEAD") : undefined);
    }
  }
}

function branch(s: Sub): void {
  const p = parseArgs(s.args, { value: ["u", "set-upstream-to", "contains", "no-contains", "points-at", "format", "sort"] });
  // Remote-tracking refs come back with the next fetch.
  if (p.has("r", "remotes")) return;
  const big = p.hit("D");
  const del = p.hit("d", "delete");
  if (!big && !(del && p.has("f", "force"))) return;
  const names = p.positionals.map((w) => w.raw).join(" ") || "(none named)";
  s.ctx.report("branch-force-delete", { word: (big ?? del)!.word, data: { branches: names } });
}

function stash(s: Sub): void {
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

function reflog(s: Sub): void {
  const sub = s.args[0]?.value;
  if (sub === "delete" || sub === "drop") return s.ctx.report("expire-reflog", { word: s.args[0]!, data: { what: `git reflog ${sub}` } });
  if (sub !== "expire") return;
  const p = parseArgs(s.args.slice(1), { value: ["expire", "expire-unreachable"] });
  if (p.has("n", "dry-run")) return;
  const hit = p.options.find((o) => (o.name === "expire" || o.name === "expire-unreachable") && soonExpiry(o.value));
  if (hit) s.ctx.report("expire-reflog", { word: hit.word, data: { what: `git reflog expire --${hit.name}=${hit.value}` } });
}

function gc(s: Sub): void {
  const p = parseArgs(s.args, {});
  const hit = p.options.find((o) => o.name === "prune" && soonExpiry(o.value));
  if (hit) s.ctx.report("prune-unreachable", { word: hit.word, data: { what: `git gc --prune=${hit.value}` } });
}

function prune(s: Sub): void {
  const p = parseArgs(s.args, { value: ["expire"] });
  if (p.has("n", "dry-run")) return;
  const expire = p.get("expire");
  if (expire !== undefined && !soonExpiry(expire)) return;
  s.ctx.report("prune-unreachable", { word: s.g.sub!, data: { what: "git prune" } });
}

function updateRef(s: Sub): void {
  const p = parseArgs(s.args, { value: ["m"] });
  const d = p.hit("d");
  if (d) return s.ctx.report("delete-ref", { word: d.word, data: { ref: p.positionals[0]?.raw ?? "a ref" } });
  const stdin = s.inv.stdin;
  if (p.has("stdin") && stdin?.kind === "static" && /^\s*delete\s/m.test(stdin.text)) s.ctx.report("delete-ref", { word: p.hit("stdin")!.word, data: { ref: "refs named on stdin" } });
}

function worktree(s: Sub): void {
  if (s.args[0]?.value !== "remove") return;
  const p = parseArgs(s.args.slice(1), {});
  const f = p.hit("f", "force");
  if (f) s.ctx.report("worktree-force-remove", { word: f.word, data: { path: p.positionals[0]?.raw ?? "the worktree" } });
}

function filterRepo(s: Sub): void {
  const p = parseArgs(s.args, {});
  if (p.has("analyze", "dry-run")) return;
  s.ctx.report("rewrite-history", { word: s.g.sub!, data: { tool: `git ${s.g.sub!.value}` } });
}

/** Options and subcommands that hand a command string to a shell (`rebase --exec`, `submodule foreach` ...). */
function shellOption(s: Sub): void {
  const { ctx, inv } = s;
  // When the parser already read the nested command, its own invocations carry the check.
  if (ctx.invocations.some((i) => i.parent === inv.index)) return;
  const sub = s.g.sub!.value!;
  const report = (word: Word, what: string, code: string | undefined) => {
    if (code !== undefined && harmlessCommand(code)) return;
    ctx.report("runs-command", { word, data: { what } });
  };
  if (sub === "rebase") {
    const p = parseArgs(s.args, { value: ["x", "exec", "s", "strategy", "X", "strategy-option", "onto", "C"] });
    for (const o of p.options) if (o.name === "x" || o.name === "exec") report(o.word, `git rebase --exec runs ${o.value ?? "a command"} after each commit`, o.value);
  } else if (sub === "difftool") {
    const p = parseArgs(s.args, { value: ["x", "extcmd", "t", "tool"] });
    for (const o of p.options) if (o.name === "x" || o.name === "extcmd") report(o.word, `git difftool --extcmd runs ${o.value ?? "a command"}`, o.value);
  } else if (sub === "submodule") {
    const i = s.args.findIndex((w) => w.value === "foreach");
    if (i >= 0) {
      const code = s.args.slice(i + 1).filter((w) => !(w.value === "--recursive" || w.value === "-q" || w.value === "--quiet"));
      if (code.length) report(code[0]!, `git submodule foreach runs ${code.map((w) => w.raw).join(" ")} in every submodule`, undefined);
    }
  } else if (sub === "bisect" && s.args[0]?.value === "run" && s.args[1]) {
    report(s.args[1], `git bisect run runs ${s.args.slice(1).map((w) => w.raw).join(" ")}`, undefined);
  }
}

/** Transport options that run a command: `--upload-pack`, `--template` hooks, ext:: URLs. */
function transport(s: Sub): void {
  const p = parseArgs(s.args, { value: ["u", "upload-pack", "o", "origin", "b", "branch", "c", "config", "template", "depth", "j", "jobs", "reference", "separate-git-dir", "filter"] });
  const up = p.hit("upload-pack") ?? (s.g.sub!.value === "clone" ? p.hit("u") : undefined);
  if (up) s.ctx.report("runs-command", { word: up.word, data: { what: `--upload-pack runs ${up.value ?? "a command"}` } });
  const tpl = p.hit("template");
  if (tpl) s.ctx.report("config-command", { word: tpl.word, data: { key: "--template", value: tpl.value ?? "(not known before it runs)", why: "hooks from that template directory run in the new repository" } });
  if (s.g.sub!.value === "clone") for (const o of p.options) if (o.name === "c" || o.name === "config") reportConfig(s.ctx, configPair(o.value ?? "").key, configPair(o.value ?? "").value, o.word);
  const ext = [...p.positionals, ...p.rest].find((w) => w.value?.startsWith("ext::"));
  if (ext) s.ctx.report("runs-command", { word: ext, data: { what: "the ext:: transport runs the command in the URL" } });
}

const SUBCOMMANDS: Record<string, (s: Sub) => void> = {
  reset,
  checkout,
  restore,
  switch: switchCmd,
  clean,
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
    const name = g.sub?.value;
    if (!name) return;
    const fn = Object.prototype.hasOwnProperty.call(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
    fn?.({ inv, ctx, g: { ...g, configs }, args: g.args });
  },
});
