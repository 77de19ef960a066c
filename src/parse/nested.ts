// Finds code nested in a command's arguments: shells' -c, eval, ssh, kubectl/docker exec, find -exec, interpreters.
import type { Via, Word } from "../types.js";
import { analyseInterpreter, interpreterCodeArg } from "./interpreters.js";
import { makeRecipes } from "./makefile.js";
import { atJob, awkShellOuts, commandStrings, entrCommand, exBang, fdExec, remoteCommands, screenCommands, tmuxCommands } from "./nested-tools.js";
import { packageScript } from "./package-scripts.js";
import { splitOptions } from "./wrappers.js";

export type Nested =
  | { kind: "script"; word: Word; text?: string; via: Via; host?: string; container?: string; joined?: boolean; cwd?: string }
  | { kind: "argv"; argv: Word[]; via: Via; host?: string; container?: string; cwd?: string }
  | { kind: "stdin-script"; via: Via; interpreter?: string }
  | { kind: "file"; word: Word; via: Via }
  | { kind: "opaque"; why: string; word?: Word };

export const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "yash", "posh", "fish", "rbash", "busybox-sh"]);

const v = (w: Word | undefined) => w?.value;

export function joinWords(words: Word[]): Word | undefined {
  if (!words.length) return undefined;
  if (words.some((w) => w.value === undefined)) return { raw: words.map((w) => w.raw).join(" "), span: { start: words[0]!.span.start, end: words[words.length - 1]!.span.end } };
  if (words.length === 1) return words[0];
  return { raw: words.map((w) => w.raw).join(" "), value: words.map((w) => w.value).join(" "), span: { start: words[0]!.span.start, end: words[words.length - 1]!.span.end } };
}

function shell(args: Word[]): Nested[] {
  let i = 0;
  let cFlag = false;
  let interactive = false;
  let stdinFlag = false;
  while (i < args.length) {
    const a = v(args[i]);
    // A dynamic word here (`bash <(curl ...)`, `bash "$script"`) is the script operand, not an option.
    if (a === undefined) break;
    if (a === "--" || a === "-") {
      i++;
      break;
    }
    if (a === "-o" || a === "+o" || a === "-O" || a === "+O" || a === "--rcfile" || a === "--init-file") {
      i += 2;
      continue;
    }
    if (a.startsWith("--")) {
      i++;
      continue;
    }
    if ((a.startsWith("-") || a.startsWith("+")) && a.length > 1) {
      if (a.includes("c")) cFlag = true;
      if (a.includes("i")) interactive = true;
      if (a.includes("s")) stdinFlag = true;
      i++;
      continue;
    }
    break;
  }
  const operand = args[i];
  if (cFlag) {
    if (!operand) return [{ kind: "opaque", why: "shell -c without a script" }];
    return [{ kind: "script", word: operand, via: "nested" }];
  }
  if (operand && !stdinFlag) return [{ kind: "file", word: operand, via: "script-file" }];
  if (interactive) return [];
  return [{ kind: "stdin-script", via: "stdin" }];
}

function ssh(args: Word[]): Nested[] {
  const { options, rest, dynamic } = splitOptions(args, "BbcDEeFIiJLlmOoPpQRSWw");
  if (dynamic) return [{ kind: "opaque", why: "ssh options are not static", word: args[0] }];
  const hostWord = rest[0];
  if (!hostWord) return [];
  let host = v(hostWord);
  const user = options.find((o) => o.name === "l")?.value;
  if (host?.includes("@")) host = host.slice(host.indexOf("@") + 1);
  void user;
  const cmd = rest.slice(1);
  if (!cmd.length) return [];
  const joined = joinWords(cmd)!;
  return [{ kind: "script", word: joined, via: "remote", host: host ?? "(dynamic host)", joined: cmd.length > 1 }];
}

function kubectlExec(args: Word[]): Nested[] {
  const sub = args.findIndex((w) => w.value === "exec" || w.value === "run" || w.value === "debug");
  if (sub < 0) return [];
  const dd = args.findIndex((w, i) => i > sub && w.value === "--");
  if (dd < 0) return [];
  const target = args.slice(sub + 1, dd).find((w) => w.value !== undefined && !w.value.startsWith("-"));
  const rest = args.slice(dd + 1);
  return rest.length ? [{ kind: "argv", argv: rest, via: "container", container: target?.value ?? "(pod)" }] : [];
}

const DOCKER_RUN_VALUE = "aceEhlmpuvw";
const DOCKER_RUN_LONG = [
  "add-host", "attach", "blkio-weight", "cap-add", "cap-drop", "cgroup-parent", "cgroupns", "cidfile", "cpu-period", "cpu-quota", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems",
  "device", "dns", "dns-option", "dns-search", "domainname", "entrypoint", "env", "env-file", "expose", "gpus", "group-add", "health-cmd", "health-interval", "health-retries",
  "health-timeout", "hostname", "ip", "ip6", "ipc", "isolation", "label", "label-file", "link", "log-driver", "log-opt", "mac-address", "memory", "memory-swap", "mount", "name",
  "network", "network-alias", "pid", "platform", "publish", "pull", "restart", "runtime", "security-opt", "shm-size", "stop-signal", "stop-timeout", "storage-opt", "sysctl",
  "tmpfs", "ulimit", "user", "userns", "uts", "volume", "volumes-from", "workdir", "detach-keys", "memory-reservation", "kernel-memory", "oom-score-adj", "pids-limit",
];

function dockerLike(args: Word[]): Nested[] {
  // Skip global options (`docker -H host --context x exec ...`).
  const g = splitOptions(args, "cHl", ["context", "host", "config", "log-level", "tlscacert", "tlscert", "tlskey"]);
  let rest = g.rest;
  let sub = v(rest[0]);
  if (sub === "container") {
    rest = rest.slice(1);
    sub = v(rest[0]);
  }
  if (sub === "compose") {
    const c = splitOptions(rest.slice(1), "fp", ["file", "project-name", "profile", "env-file", "project-directory", "ansi", "progress", "parallel"]);
    const csub = v(c.rest[0]);
    if (csub !== "exec" && csub !== "run") return [];
    const o = splitOptions(c.rest.slice(1), "eluwv", ["env", "user", "workdir", "index", "entrypoint", "name", "publish", "volume", "label", "cap-add", "cap-drop"]);
    const service = o.rest[0];
    const cmd = o.rest.slice(1);
    return cmd.length ? [{ kind: "argv", argv: cmd, via: "container", container: service?.value ?? "(service)" }] : [];
  }
  if (sub !== "exec" && sub !== "run") return [];
  const o = splitOptions(rest.slice(1), sub === "exec" ? "euw" : DOCKER_RUN_VALUE, sub === "exec" ? ["env", "env-file", "user", "workdir", "detach-keys"] : DOCKER_RUN_LONG);
  const target = o.rest[0];
  const cmd = o.rest.slice(1);
  return cmd.length ? [{ kind: "argv", argv: cmd, via: "container", container: target?.value ?? "(container)" }] : [];
}

function find(args: Word[], cwd: string | undefined): Nested[] {
  const out: Nested[] = [];
  // Roots are the operands before the first expression word.
  const roots: string[] = [];
  for (const w of args) {
    const a = w.value;
    if (a === undefined) break;
    if (a.startsWith("-") || a === "(" || a === "!" || a === "\\(") break;
    roots.push(a);
  }
  const root = roots[0] ?? ".";
  const under = root.startsWith("/") || !cwd ? root : `${cwd}/${root}`.replace(/\/\.$/, "");
  for (let i = 0; i < args.length; i++) {
    const a = v(args[i]);
    if (a === "-exec" || a === "-execdir" || a === "-ok" || a === "-okdir") {
      const cmd: Word[] = [];
      let j = i + 1;
      for (; j < args.length; j++) {
        const t = v(args[j]);
        if (t === ";" || t === "+" || t === "\\;") break;
        const w = args[j]!;
        if (t !== undefined && t.includes("{}")) cmd.push({ raw: w.raw, span: w.span, pathUnder: under });
        else cmd.push(w);
      }
      if (cmd.length) out.push({ kind: "argv", argv: cmd, via: "find-exec" });
      i = j;
    }
  }
  return out;
}

/** Config keys whose value git runs through the shell. */
const GIT_SHELL_KEYS = /^(core\.(pager|editor|sshcommand|fsmonitor|askpass)|sequence\.editor|pager\.[\w-]+|diff\.external|gpg\.program|credential\.helper)$/i;

/** Commands git itself runs: `-c core.pager=..`, aliases with `!`, `rebase -x`, `submodule foreach`, `bisect run`. */
function gitNested(args: Word[]): Nested[] {
  const out: Nested[] = [];
  const g = splitOptions(args, "Cc", ["git-dir", "work-tree", "namespace", "exec-path", "config-env", "super-prefix", "list-cmds", "attr-source"]);
  for (let i = 0; i < args.length && args[i] !== g.rest[0]; i++) {
    const a = args[i]!.value;
    const kv = a === "-c" ? args[i + 1] : a?.startsWith("-c") && a.length > 2 ? { ...args[i]!, value: a.slice(2) } : undefined;
    if (!kv?.value) continue;
    const eq = kv.value.indexOf("=");
    if (eq < 0) continue;
    const key = kv.value.slice(0, eq);
    const value = kv.value.slice(eq + 1);
    if (/^alias\./i.test(key) && value.startsWith("!")) out.push({ kind: "script", word: { ...kv, value: value.slice(1) }, via: "nested" });
    else if (GIT_SHELL_KEYS.test(key) && value.trim()) out.push({ kind: "script", word: { ...kv, value }, via: "nested" });
  }
  const sub = g.rest[0]?.value;
  const rest = g.rest.slice(1);
  if (sub === "rebase") {
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!.value;
      if (a === "-x" || a === "--exec") {
        if (rest[i + 1]) out.push({ kind: "script", word: rest[i + 1]!, via: "nested" });
        i++;
      } else if (a?.startsWith("--exec=")) out.push({ kind: "script", word: { ...rest[i]!, value: a.slice(7) }, via: "nested" });
      else if (a?.startsWith("-x") && a.length > 2) out.push({ kind: "script", word: { ...rest[i]!, value: a.slice(2) }, via: "nested" });
    }
  } else if (sub === "submodule") {
    const f = rest.findIndex((w) => w.value === "foreach");
    if (f >= 0) {
      const cmd = rest.slice(f + 1).filter((w, k, all) => !(w.value === "--recursive" && all.slice(0, k).every((x) => x.value?.startsWith("-"))));
      const joined = joinWords(cmd);
      if (joined) out.push({ kind: "script", word: joined, via: "nested", joined: cmd.length > 1 });
    }
  } else if (sub === "bisect" && rest[0]?.value === "run" && rest.length > 1) {
    out.push({ kind: "argv", argv: rest.slice(1), via: "nested" });
  }
  return out;
}












/** Nested code carried in this command's arguments (wrappers already peeled). */
export function nestedIn(program: string, argv: Word[], cwd: string | undefined): Nested[] {
  const args = argv.slice(1);
  if (SHELLS.has(program)) return shell(args);
  switch (program) {
    case "eval": {
      const w = joinWords(args);
      return w ? [{ kind: "script", word: w, via: "nested", joined: args.length > 1 }] : [];
    }
    case "source":
    case ".":
      return args[0] ? [{ kind: "file", word: args[0], via: "script-file" }] : [];
    case "ssh":
    case "autossh":
      return ssh(args);
    case "kubectl":
    case "oc":
      return kubectlExec(args);
    case "docker":
    case "podman":
    case "nerdctl":
      return dockerLike(args);
    case "find":
      return find(args, cwd);
    case "npm":
    case "pnpm":
    case "yarn":
    case "bun":
      return packageScript(program, args, cwd);
    case "git":
      return gitNested(args);
    case "make":
    case "gmake":
      return makeRecipes(args, cwd);
    case "at":
    case "batch":
      return atJob(args);
    case "tmux":
      return tmuxCommands(args);
    case "screen":
      return screenCommands(args);
    case "concurrently":
    case "hyperfine":
    case "nodemon":
    case "watchexec":
      return commandStrings(program, args);
    case "entr":
      return entrCommand(args);
    case "fd":
    case "fdfind":
      return fdExec(args, cwd);
    case "awk":
    case "gawk":
    case "mawk":
    case "nawk":
      return awkShellOuts(args);
    case "vim":
    case "vi":
    case "nvim":
    case "ex":
    case "view":
      return exBang(args);
    case "gcloud":
    case "az":
    case "aws":
    case "ansible":
      return remoteCommands(program, args);
    default:
      break;
  }
  const code = interpreterCodeArg(program, args);
  if (code && "word" in code) return analyseInterpreter(program, code.word, code.lang);
  if (code && "stdin" in code) return [{ kind: "stdin-script", via: "stdin", interpreter: code.lang }];
  return [];
}
