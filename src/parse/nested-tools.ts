// Nested commands carried by tools that run command lines: terminal multiplexers, schedulers, watchers, fd, awk, editors, fleet CLIs.
import type { Word } from "../types.js";
import { joinWords, type Nested } from "./nested.js";
import { splitOptions } from "./wrappers.js";

const v = (w: Word | undefined) => w?.value;

/** `at`/`batch` run a script read from stdin (or `-f FILE`) later. */
export function atJob(args: Word[]): Nested[] {
  const f = args.findIndex((w) => w.value === "-f");
  if (f >= 0 && args[f + 1]) return [{ kind: "file", word: args[f + 1]!, via: "script-file" }];
  if (args.some((w) => /^-[lrdc]$/.test(w.value ?? "") || w.value === "-q" && false)) return [];
  return [{ kind: "stdin-script", via: "stdin" }];
}

/** tmux new-session/new-window/split-window/respawn run a shell command; send-keys types one into a pane. */
export function tmuxCommands(args: Word[]): Nested[] {
  const g = splitOptions(args, "LSf", []);
  const sub = v(g.rest[0]);
  const rest = g.rest.slice(1);
  if (sub && /^(new|new-session|new-window|neww|split-window|splitw|respawn-pane|respawnp|respawn-window|respawnw|run-shell|run)$/.test(sub)) {
    const o = splitOptions(rest, "cenFsStxyltpPbwh", ["c", "e"]);
    const joined = joinWords(o.rest);
    return joined ? [{ kind: "script", word: joined, via: "nested", joined: o.rest.length > 1 }] : [];
  }
  if (sub === "send-keys" || sub === "send") {
    const o = splitOptions(rest, "tN", []);
    const keys = o.rest.filter((w) => !/^(Enter|C-m|KPEnter)$/.test(w.value ?? ""));
    const joined = joinWords(keys);
    return joined ? [{ kind: "script", word: joined, via: "nested", joined: keys.length > 1 }] : [];
  }
  return [];
}

/** `screen -dm cmd args` runs a command; `screen -X stuff 'text'` types into a window. */
export function screenCommands(args: Word[]): Nested[] {
  const x = args.findIndex((w) => w.value === "-X");
  if (x >= 0) {
    if (v(args[x + 1]) !== "stuff" || !args[x + 2]) return [];
    const w = args[x + 2]!;
    return [{ kind: "script", word: w.value !== undefined ? { ...w, value: w.value.replace(/\\n|\^M|\r/g, "\n") } : w, via: "nested" }];
  }
  const o = splitOptions(args, "SpcehLlTsRrx", []);
  return o.rest.length ? [{ kind: "argv", argv: o.rest, via: "nested" }] : [];
}

/** Tools whose operands (or named options) are command lines: concurrently, hyperfine, nodemon --exec, watchexec. */
export function commandStrings(program: string, args: Word[]): Nested[] {
  const scripts: Word[] = [];
  const valued: Record<string, string[]> = {
    concurrently: ["-n", "--names", "-c", "--prefix-colors", "-p", "--prefix", "-s", "--success", "--kill-signal", "--max-processes", "-m", "--restart-tries", "--restart-after", "--timings", "--passthrough-arguments", "--handle-input", "--default-input-target", "-l", "--prefix-length", "-t", "--timestamp-format"],
    hyperfine: ["-w", "--warmup", "-m", "--min-runs", "-M", "--max-runs", "-r", "--runs", "-S", "--shell", "--export-json", "--export-csv", "--export-markdown", "--export-asciidoc", "--export-orgmode", "-n", "--command-name", "--style", "--sort", "-u", "--time-unit", "-L", "--parameter-list", "-D", "--parameter-step-size", "-P", "--parameter-scan", "--output", "--input"],
    nodemon: ["-w", "--watch", "-e", "--ext", "-i", "--ignore", "-d", "--delay", "--signal", "--config", "-V"],
    watchexec: ["-w", "--watch", "-e", "--exts", "-f", "--filter", "-i", "--ignore", "-d", "--debounce", "--signal", "--stop-signal", "--stop-timeout", "--shell", "-E", "--env", "--project-origin", "--workdir"],
  };
  const scriptOpts: Record<string, string[]> = { hyperfine: ["-p", "--prepare", "-c", "--cleanup", "-s", "--setup", "--conclude"], nodemon: ["-x", "--exec"], watchexec: [], concurrently: [] };
  const dd = args.findIndex((w) => w.value === "--");
  if (program === "watchexec" && dd >= 0) return args.length > dd + 1 ? [{ kind: "argv", argv: args.slice(dd + 1), via: "nested" }] : [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.value ?? "";
    if (scriptOpts[program]!.includes(a)) {
      if (args[i + 1]) scripts.push(args[i + 1]!);
      i++;
    } else if (scriptOpts[program]!.some((o) => o.startsWith("--") && a.startsWith(o + "="))) scripts.push({ ...args[i]!, value: a.slice(a.indexOf("=") + 1) });
    else if (valued[program]!.includes(a)) i++;
    else if (a.startsWith("-")) continue;
    else if (program === "nodemon") break; // nodemon's operand is a script file for node, not shell
    else scripts.push(args[i]!);
  }
  return scripts.map((word) => ({ kind: "script" as const, word, via: "nested" as const }));
}

/** `entr [-opts] cmd args` runs its command when files change. */
export function entrCommand(args: Word[]): Nested[] {
  const o = splitOptions(args, "", []);
  if (o.options.some((x) => x.name === "s") && o.rest[0]) return [{ kind: "script", word: o.rest[0], via: "nested" }];
  return o.rest.length ? [{ kind: "argv", argv: o.rest, via: "nested" }] : [];
}

/** `fd PATTERN [PATH] -x|-X cmd {}` runs cmd on each result, like find -exec. */
export function fdExec(args: Word[], cwd: string | undefined): Nested[] {
  const i = args.findIndex((w) => w.value === "-x" || w.value === "--exec" || w.value === "-X" || w.value === "--exec-batch");
  if (i < 0) return [];
  const before = args.slice(0, i).filter((w) => !w.value?.startsWith("-"));
  const root = before[1]?.value ?? ".";
  const under = root.startsWith("/") || !cwd ? root : `${cwd}/${root}`.replace(/\/\.$/, "");
  const cmd: Word[] = [];
  for (const w of args.slice(i + 1)) {
    if (w.value === ";") break;
    cmd.push(w.value !== undefined && /\{[/.:]*\}/.test(w.value) ? { raw: w.raw, span: w.span, pathUnder: under } : w);
  }
  if (cmd.length === 1 || !cmd.slice(1).some((w) => w.pathUnder !== undefined)) cmd.push({ raw: "{}", span: args[i]!.span, pathUnder: under });
  return cmd.length ? [{ kind: "argv", argv: cmd, via: "find-exec" }] : [];
}

/** awk programs that shell out: system("..."), print | "cmd", "cmd" | getline. */
export function awkShellOuts(args: Word[]): Nested[] {
  const o = splitOptions(args, "fvF", ["file", "assign", "field-separator", "include", "load", "source"]);
  const prog = o.options.some((x) => x.name === "f" || x.name === "file") ? undefined : o.rest[0];
  const code = prog?.value;
  if (prog && code === undefined) return [{ kind: "opaque", why: "awk runs a program that is not static", word: prog }];
  if (!code || !/system\s*\(|\|\s*"|"\s*\|\s*getline/.test(code)) return [];
  const out: Nested[] = [];
  const mk = (value: string | undefined): Word => (value === undefined ? { raw: prog!.raw, span: prog!.span } : { raw: prog!.raw, value, span: prog!.span });
  for (const m of code.matchAll(/system\s*\(\s*("([^"\\]|\\.)*"|[^)]*)\)/g)) out.push({ kind: "script", word: mk(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/\\(.)/g, "$1") : undefined), via: "interpreter" });
  for (const m of code.matchAll(/\|\s*("([^"\\]|\\.)*")/g)) out.push({ kind: "script", word: mk(m[1]!.slice(1, -1)), via: "interpreter" });
  for (const m of code.matchAll(/("([^"\\]|\\.)*")\s*\|\s*getline/g)) out.push({ kind: "script", word: mk(m[1]!.slice(1, -1)), via: "interpreter" });
  return out;
}

/** vi/vim/ex `-c '!cmd'` and `+'!cmd'` run shell commands. */
export function exBang(args: Word[]): Nested[] {
  const out: Nested[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.value ?? "";
    const cmd = a === "-c" || a === "--cmd" ? args[i + 1] : a.startsWith("+") ? { ...args[i]!, value: a.slice(1) } : undefined;
    if (a === "-c" || a === "--cmd") i++;
    const text = cmd?.value?.trim();
    if (cmd && text === undefined) out.push({ kind: "opaque", why: "the editor runs an ex command that is not static", word: cmd });
    else if (text?.startsWith("!")) out.push({ kind: "script", word: { ...cmd!, value: text.slice(1) }, via: "nested" });
    else if (text && /^(r|read|w|write)\s*!/.test(text)) out.push({ kind: "script", word: { ...cmd!, value: text.replace(/^\w+\s*!/, "") }, via: "nested" });
  }
  return out;
}

const opt = (args: Word[], ...names: string[]): Word | undefined => {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.value ?? "";
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (n.startsWith("--") && a.startsWith(n + "=")) return { ...args[i]!, value: a.slice(n.length + 1) };
    }
  }
  return undefined;
};

/** The commands in an `aws ssm send-command --parameters` value: JSON, or the `commands=[..]` / `commands=x` shorthand. */
function ssmCommands(p: string): string[] | undefined {
  try {
    if (p.trim().startsWith("{")) {
      const j = JSON.parse(p) as { commands?: unknown };
      return Array.isArray(j.commands) ? j.commands.map(String) : undefined;
    }
  } catch {
    return undefined;
  }
  const m = /(?:^|,)commands=(.*)$/s.exec(p);
  if (!m) return undefined;
  const v = m[1]!.trim();
  if (v.startsWith("[")) {
    try {
      return (JSON.parse(v) as unknown[]).map(String);
    } catch {
      return v.slice(1, -1).split(/"\s*,\s*"/).map((x) => x.replace(/^"|"$/g, ""));
    }
  }
  return [v.replace(/^"|"$/g, "")];
}

/** Shell code that cloud and fleet CLIs run on other machines: gcloud compute ssh, az vm run-command, aws ssm, ansible. */
export function remoteCommands(program: string, args: Word[]): Nested[] {
  const pos = args.filter((w) => !w.value?.startsWith("-"));
  const script = (word: Word | undefined, host: string | undefined): Nested[] => (word ? [{ kind: "script", word, via: "remote", host: host ?? "(remote host)" }] : []);
  if (program === "gcloud") {
    const i = pos.findIndex((w, k) => w.value === "ssh" && k > 0 && pos[k - 1]!.value === "compute");
    if (i < 0) return [];
    const target = pos[i + 1]?.value?.replace(/^.*@/, "");
    const cmd = opt(args, "--command");
    if (cmd) return script(cmd, target);
    const dd = args.findIndex((w) => w.value === "--");
    const joined = dd >= 0 ? joinWords(args.slice(dd + 1)) : undefined;
    return joined ? [{ kind: "script", word: joined, via: "remote", host: target ?? "(remote host)", joined: args.length - dd > 2 }] : [];
  }
  if (program === "az") {
    if (!(pos[0]?.value === "vm" && pos[1]?.value === "run-command")) return [];
    const i = args.findIndex((w) => w.value === "--scripts");
    if (i < 0) return [];
    const parts: Word[] = [];
    for (let k = i + 1; k < args.length && !args[k]!.value?.startsWith("--"); k++) parts.push(args[k]!);
    const joined = joinWords(parts);
    return joined ? [{ kind: "script", word: { ...joined, value: parts.every((w) => w.value !== undefined) ? parts.map((w) => w.value).join("\n") : undefined! }, via: "remote", host: opt(args, "--name", "-n")?.value ?? "(vm)" }] : [];
  }
  if (program === "aws") {
    if (!(pos[0]?.value === "ssm" && pos[1]?.value === "send-command")) return [];
    const p = opt(args, "--parameters");
    if (!p) return [];
    if (p.value === undefined) return [{ kind: "opaque", why: "aws ssm send-command runs commands that are not static", word: p }];
    const cmds = ssmCommands(p.value);
    if (!cmds) return [];
    return script({ ...p, value: cmds.join("\n") }, opt(args, "--instance-ids", "--targets")?.value ?? "(managed instances)");
  }
  if (program === "ansible") {
    const mod = opt(args, "-m", "--module-name")?.value ?? "command";
    const a = opt(args, "-a", "--args");
    const host = pos[0]?.value;
    if (!a || !/^(ansible\.builtin\.)?(shell|command|raw)$/.test(mod)) return [];
    return script(a, host);
  }
  return [];
}
