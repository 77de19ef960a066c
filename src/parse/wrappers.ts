// Peels command wrappers (sudo, env, timeout, xargs, npx ...) so rules see the command that really runs.
import type { Via, Word } from "../types.js";

export interface WrapperResult {
  /** The wrapped command's argv; undefined when the wrapper runs nothing (`sudo -v`, `command -v rm`). */
  rest?: Word[];
  args: string[];
  /** Environment changes the wrapper makes (`env X=1`, `sudo VAR=1`); undefined value = unset. */
  env?: { name: string; value?: string }[];
  clearEnv?: boolean;
  /** Directory the wrapped command runs in (`env -C dir`). Undefined path means it cannot be known. */
  chdir?: { path?: string };
  /** The wrapper runs shell code from this word instead of an argv (`su -c`, `watch`, `script -c`, `env -S`). */
  script?: { word: Word; joined?: Word[] };
  /** Arguments the wrapped command receives from outside (xargs, parallel): appended as dynamic words. */
  appendDynamic?: { replace?: string };
  via?: Via;
  /** An opaque reason when the wrapper's own options cannot be read. */
  opaque?: string;
}

type Spec = (args: Word[], prog: string) => WrapperResult | undefined;

const v = (w: Word | undefined) => w?.value;
const base = (s: string) => s.slice(s.lastIndexOf("/") + 1);

/**
 * Generic option walk: short options in `withValue` take the next word (or the rest of a bundle);
 * long options listed in `longWithValue` take `=v` or the next word. Stops at `--` or the first operand.
 */
export function splitOptions(
  args: Word[],
  withValue: string,
  longWithValue: string[] = [],
  opts: { plusFlags?: boolean } = {},
): { options: { name: string; value?: string }[]; rest: Word[]; dynamic: boolean } {
  const options: { name: string; value?: string }[] = [];
  let i = 0;
  let dynamic = false;
  while (i < args.length) {
    const a = v(args[i]);
    if (a === undefined) {
      dynamic = true;
      break;
    }
    if (a === "--") {
      i++;
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) options.push({ name, value: a.slice(eq + 1) });
      else if (longWithValue.includes(name)) {
        options.push({ name, value: v(args[i + 1]) });
        i++;
      } else options.push({ name });
      i++;
      continue;
    }
    if ((a.startsWith("-") || (opts.plusFlags && a.startsWith("+"))) && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const ch = a[k]!;
        if (withValue.includes(ch)) {
          if (k + 1 < a.length) options.push({ name: ch, value: a.slice(k + 1) });
          else {
            options.push({ name: ch, value: v(args[i + 1]) });
            i++;
          }
          break;
        }
        options.push({ name: ch });
      }
      i++;
      continue;
    }
    break;
  }
  return { options, rest: args.slice(i), dynamic };
}

/** Leading NAME=VALUE words (env, sudo) become environment changes. */
function takeAssignments(rest: Word[]): { env: { name: string; value?: string }[]; rest: Word[] } {
  const env: { name: string; value?: string }[] = [];
  let i = 0;
  while (i < rest.length) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v(rest[i]) ?? "");
    if (!m) break;
    env.push({ name: m[1]!, value: m[2] });
    i++;
  }
  return { env, rest: rest.slice(i) };
}

const sudo: Spec = (args) => {
  const { options, rest } = splitOptions(args, "ugpCDrthTUR", ["user", "group", "prompt", "close-from", "chdir", "role", "type", "host", "command-timeout", "other-user", "chroot"]);
  const names = new Set(options.map((o) => o.name));
  if (names.has("e") || names.has("edit") || names.has("v") || names.has("validate") || names.has("k") && rest.length === 0 || names.has("l") || names.has("list") || names.has("K") || names.has("V") || names.has("version") || names.has("h") && rest.length === 0)
    return { args: options.map((o) => "-" + o.name), rest: undefined };
  const a = takeAssignments(rest);
  const chdirOpt = options.find((o) => o.name === "D" || o.name === "chdir");
  const res: WrapperResult = { args: options.map((o) => (o.value !== undefined ? `-${o.name} ${o.value}` : `-${o.name}`)), rest: a.rest, env: a.env };
  if (chdirOpt) res.chdir = { path: chdirOpt.value };
  // `sudo -s cmd` / `sudo -i cmd` run the command through the target user's shell.
  if ((names.has("s") || names.has("i") || names.has("shell") || names.has("login")) && a.rest.length) {
    res.script = { word: a.rest[0]!, joined: a.rest };
    res.rest = undefined;
  }
  return res;
};

const doas: Spec = (args) => {
  const { options, rest } = splitOptions(args, "uC");
  if (options.some((o) => o.name === "C" || o.name === "L")) return { args: [], rest: undefined };
  return { args: options.map((o) => "-" + o.name), rest };
};

const env: Spec = (args) => {
  const res: WrapperResult = { args: [], env: [] };
  let i = 0;
  while (i < args.length) {
    const a = v(args[i]);
    if (a === undefined) return { args: res.args, opaque: "env option is not static", rest: args.slice(i) };
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-" || a === "-i" || a === "--ignore-environment") {
      res.clearEnv = true;
      i++;
      continue;
    }
    if (a === "-0" || a === "--null" || a === "-v" || a === "--debug") {
      i++;
      continue;
    }
    const long = /^--(unset|chdir|split-string|block-signal|default-signal|ignore-signal)(?:=(.*))?$/s.exec(a);
    if (long) {
      const value = long[2] ?? v(args[i + 1]);
      i += long[2] === undefined ? 2 : 1;
      if (long[1] === "unset") res.env!.push({ name: value ?? "" });
      if (long[1] === "chdir") res.chdir = { path: value };
      if (long[1] === "split-string") return { ...res, script: { word: args[i - 1]!, joined: [args[i - 1]!, ...args.slice(i)] } };
      continue;
    }
    const short = /^-([uCSP])(.*)$/s.exec(a);
    if (short) {
      const value = short[2] || v(args[i + 1]);
      const valueWord = short[2] ? args[i]! : args[i + 1];
      i += short[2] ? 1 : 2;
      if (short[1] === "u") res.env!.push({ name: value ?? "" });
      if (short[1] === "C") res.chdir = { path: value };
      // `env -S 'rm -rf /'` splits its argument into words and runs them.
      if (short[1] === "S" && valueWord) return { ...res, script: { word: { ...valueWord, value: short[2] || valueWord.value }, joined: [{ ...valueWord, value: value }, ...args.slice(i)] } };
      continue;
    }
    if (/^-[a-zA-Z]/.test(a)) {
      i++;
      continue;
    }
    break;
  }
  const a = takeAssignments(args.slice(i));
  res.env!.push(...a.env);
  res.rest = a.rest.length ? a.rest : undefined;
  return res;
};

const command: Spec = (args) => {
  const { options, rest } = splitOptions(args, "");
  if (options.some((o) => o.name === "v" || o.name === "V")) return { args: ["-v"], rest: undefined };
  return { args: options.map((o) => "-" + o.name), rest };
};

const exec: Spec = (args) => {
  const { options, rest } = splitOptions(args, "a");
  return { args: options.map((o) => "-" + o.name), rest: rest.length ? rest : undefined };
};

const plain: Spec = (args) => ({ args: [], rest: args });

const nice: Spec = (args) => {
  const first = v(args[0]);
  if (first && /^-\d+$/.test(first)) return { args: [first], rest: args.slice(1) };
  const { options, rest } = splitOptions(args, "n", ["adjustment"]);
  return { args: options.map((o) => "-" + o.name), rest };
};

const ionice: Spec = (args) => {
  const { options, rest } = splitOptions(args, "cnp", ["class", "classdata", "pid", "pgid", "uid"]);
  if (options.some((o) => ["p", "P", "u", "pid", "pgid", "uid"].includes(o.name))) return { args: [], rest: undefined };
  return { args: options.map((o) => "-" + o.name), rest };
};

const timeout: Spec = (args) => {
  const { options, rest } = splitOptions(args, "sk", ["signal", "kill-after"]);
  return { args: options.map((o) => "-" + o.name).concat(v(rest[0]) ?? "?"), rest: rest.slice(1) };
};

const stdbuf: Spec = (args) => {
  const { options, rest } = splitOptions(args, "ioe", ["input", "output", "error"]);
  return { args: options.map((o) => "-" + o.name), rest };
};

const setsid: Spec = (args) => {
  const { rest } = splitOptions(args, "");
  return { args: [], rest };
};

const time: Spec = (args) => {
  const { rest } = splitOptions(args, "fo", ["format", "output"]);
  // tree-sitter reads `time { cmd; }` as words `{ cmd`: the brace is the group, not a command.
  return { args: [], rest: rest[0]?.value === "{" ? rest.slice(1) : rest };
};

const watch: Spec = (args) => {
  const { options, rest } = splitOptions(args, "nqs", ["interval", "equexit", "shell"]);
  if (!rest.length) return { args: [], rest: undefined };
  if (options.some((o) => o.name === "x" || o.name === "exec")) return { args: ["-x"], rest };
  return { args: [], script: { word: rest[0]!, joined: rest } };
};

const script: Spec = (args) => {
  const { options } = splitOptions(args, "cEIOmBT", ["command", "echo", "log-in", "log-out", "log-io", "log-timing", "logging-format", "output-limit"]);
  const c = options.find((o) => o.name === "c" || o.name === "command");
  if (!c) return { args: [], rest: undefined };
  const word = args.find((w) => w.value === c.value) ?? args[args.length - 1]!;
  return { args: ["-c"], script: { word: { ...word, value: c.value } } };
};

const busybox: Spec = (args) => (args.length ? { args: [], rest: args } : undefined);

const xargs: Spec = (args) => {
  const { options, rest, dynamic } = splitOptions(args, "adEeIiLlnPsS", ["arg-file", "delimiter", "eof", "replace", "max-lines", "max-args", "max-procs", "max-chars", "process-slot-var"]);
  if (dynamic) return { args: [], opaque: "xargs options are not static", rest: undefined };
  const rep = options.find((o) => o.name === "I" || o.name === "replace" || o.name === "i");
  const cmd = rest.length ? rest : [{ raw: "echo", value: "echo", span: args[args.length - 1]?.span ?? { start: 0, end: 0 } }];
  return { args: options.map((o) => "-" + o.name), rest: cmd, appendDynamic: { replace: rep ? (rep.value ?? "{}") : undefined }, via: "xargs" };
};

const parallel: Spec = (args) => {
  const { rest } = splitOptions(args, "jSPaXNn", ["jobs", "sshlogin", "arg-file", "colsep", "delimiter", "joblog", "results", "tmpdir", "workdir", "timeout"]);
  const sep = rest.findIndex((w) => w.value === ":::" || w.value === "::::" || w.value === ":::+");
  const cmd = sep >= 0 ? rest.slice(0, sep) : rest;
  if (!cmd.length) return { args: [], rest: undefined };
  // Without {} in the command, parallel appends each input (the ::: arguments or stdin lines) at the end.
  const rep = cmd.some((w) => w.value?.includes("{}")) ? "{}" : undefined;
  if (cmd.length === 1) return { args: [], script: { word: cmd[0]! }, appendDynamic: { ...(rep ? { replace: rep } : {}) } };
  return { args: [], rest: cmd, appendDynamic: { ...(rep ? { replace: rep } : {}) }, via: "xargs" };
};

const coproc: Spec = (args) => {
  let rest = args;
  // `coproc NAME { cmd; }` arrives as words; drop the name and braces.
  if (rest.length > 1 && v(rest[1]) === "{") rest = rest.slice(2);
  else if (v(rest[0]) === "{") rest = rest.slice(1);
  return { args: [], rest };
};

/** A `-c CMD` / `--command=CMD` option anywhere in args (su and sg accept it after the user or group). */
function commandOption(args: Word[], short = "-c", longs = ["--command", "--session-command"]): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.value;
    if (a === undefined) continue;
    if (a === short || longs.includes(a)) return args[i + 1];
    for (const l of longs) if (a.startsWith(l + "=")) return { ...args[i]!, value: a.slice(l.length + 1) };
    if (/^-[a-z]*c$/.test(a) && a.length > 2 && short === "-c") return args[i + 1];
  }
  return undefined;
}

const su: Spec = (args) => {
  const c = commandOption(args);
  if (!c) return { args: [], rest: undefined };
  return { args: ["-c"], script: { word: c } };
};

/** Options-then-command wrappers: the first operand after options (which take values as listed) starts the command. */
const optionsThen =
  (withValue: string, longWithValue: string[] = []): Spec =>
  (args) => {
    const { rest } = splitOptions(args, withValue, longWithValue);
    return rest.length ? { args: [], rest } : undefined;
  };

const sg: Spec = (args) => {
  const c = commandOption(args);
  if (c) return { args: ["-c"], script: { word: c } };
  const { rest } = splitOptions(args, "");
  return rest.length > 1 ? { args: [v(rest[0]) ?? "?"], rest: rest.slice(1) } : undefined;
};

const runuser: Spec = (args) => {
  const { options, rest } = splitOptions(args, "cgGuw", ["command", "group", "supp-group", "user", "whitelist-environment"]);
  const c = options.find((o) => o.name === "c" || o.name === "command");
  if (c) {
    const word = args.find((w) => w.value === c.value) ?? args[args.length - 1]!;
    return { args: ["-c"], script: { word: { ...word, value: c.value } } };
  }
  if (options.some((o) => o.name === "u" || o.name === "user")) return { args: ["-u"], rest };
  return { args: [], rest: undefined };
};

const chroot: Spec = (args) => {
  const { rest } = splitOptions(args, "", ["userspec", "groups"]);
  return { args: [v(rest[0]) ?? "?"], rest: rest.slice(1), chdir: { path: undefined } };
};

const flock: Spec = (args) => {
  const { options, rest } = splitOptions(args, "wEc", ["timeout", "conflict-exit-code", "command"]);
  const c = options.find((o) => o.name === "c" || o.name === "command");
  if (c) {
    const word = args.find((w) => w.value === c.value) ?? args[args.length - 1]!;
    return { args: ["-c"], script: { word: { ...word, value: c.value } } };
  }
  return { args: [], rest: rest.slice(1) };
};

const taskset: Spec = (args) => {
  const { options, rest } = splitOptions(args, "");
  if (options.some((o) => o.name === "p" || o.name === "pid")) return { args: [], rest: undefined };
  return { args: [], rest: rest.slice(1) };
};

const chrt: Spec = (args) => {
  const { options, rest } = splitOptions(args, "T P D", ["sched-runtime", "sched-period", "sched-deadline"]);
  if (options.some((o) => o.name === "p" || o.name === "pid")) return { args: [], rest: undefined };
  return { args: [], rest: rest.slice(1) };
};

const strace: Spec = (args) => {
  const { rest } = splitOptions(args, "abeEoOpPsSuUXI", ["output", "signal", "trace", "user"]);
  return { args: [], rest: rest.length ? rest : undefined };
};

/** The program a package spec runs: `prisma@5` → prisma, `@scope/cli@1` → cli, `npm:pkg@2` → pkg. */
export function binOfPackageSpec(spec: string): string {
  let s = spec.replace(/^npm:/, "");
  if (s.startsWith("@")) {
    // `@scope/cli` packages usually install a bin named after the scope (@mikro-orm/cli → mikro-orm).
    const scope = s.slice(1, s.indexOf("/"));
    s = s.slice(s.indexOf("/") + 1);
    if (/^cli(@|$)/.test(s)) s = scope + s.slice(3);
  }
  const at = s.indexOf("@");
  return at > 0 ? s.slice(0, at) : s;
}

/** A package runner's first word names a package; the bin it runs is that package's name without its version. */
function asBin(rest: Word[]): Word[] {
  const head = rest[0];
  if (!head?.value || head.value.startsWith(".") || head.value.startsWith("/")) return rest;
  const bin = binOfPackageSpec(head.value);
  return bin === head.value ? rest : [{ ...head, value: bin }, ...rest.slice(1)];
}

/** Package runners that execute a named tool: `npx prisma ...`, `pnpm exec`, `bundle exec`, `uv run`. */
const npx: Spec = (args) => {
  const { options, rest } = splitOptions(args, "pc", ["package", "call"]);
  // `npx -c 'cmd'` / `npm exec -c 'cmd'` run a shell command line.
  const call = options.find((o) => o.name === "c" || o.name === "call");
  if (call?.value !== undefined) return { args: ["-c"], script: { word: commandOption(args, "-c", ["--call"]) ?? { raw: call.value, value: call.value, span: args[0]!.span } } };
  if (!rest.length) return undefined;
  // With -p/--package the first word is already the command; otherwise it is a package spec.
  return { args: [], rest: options.some((o) => o.name === "p" || o.name === "package") ? rest : asBin(rest) };
};
const subcommandRunner =
  (subs: string[], withValue = "", longWithValue: string[] = []): Spec =>
  (args) => {
    const { rest } = splitOptions(args, withValue, longWithValue);
    if (!rest.length || !subs.includes(v(rest[0]) ?? "")) return undefined;
    const after = splitOptions(rest.slice(1), "", ["with", "python", "package", "from"]);
    if (!after.rest.length) return undefined;
    return { args: [v(rest[0])!], rest: v(rest[0]) === "dlx" ? asBin(after.rest) : after.rest };
  };

export const WRAPPERS: Record<string, Spec> = {
  sudo,
  doas,
  env,
  command,
  builtin: plain,
  exec,
  nohup: plain,
  nice,
  ionice,
  timeout,
  gtimeout: timeout,
  stdbuf,
  setsid,
  time,
  watch,
  script,
  busybox,
  xargs,
  parallel,
  coproc,
  su,
  runuser,
  chroot,
  flock,
  taskset,
  chrt,
  unbuffer: plain,
  caffeinate: (args) => {
    const { rest } = splitOptions(args, "tw");
    return rest.length ? { args: [], rest } : undefined;
  },
  strace,
  ltrace: strace,
  npx,
  bunx: npx,
  pnpx: npx,
  "cross-env": (args) => {
    const a = takeAssignments(args);
    return a.rest.length ? { args: [], env: a.env, rest: a.rest } : undefined;
  },
  dotenv: (args) => {
    const i = args.findIndex((w) => w.value === "--");
    // Keep the wrapper's own options (`-e .env.production`): the env file's name is evidence too.
    return i >= 0 && i + 1 < args.length ? { args: args.slice(0, i).map((w) => w.value ?? w.raw), rest: args.slice(i + 1) } : undefined;
  },
  /** `aws-vault exec PROFILE -- cmd` runs cmd with that profile's credentials. */
  "aws-vault": (args) => {
    const { rest } = splitOptions(args, "");
    if (v(rest[0]) !== "exec" || !rest[1]) return undefined;
    const o = splitOptions(rest.slice(1), "", ["duration", "region", "mfa-token", "prompt"]);
    const profile = v(o.rest[0]);
    const after = splitOptions(o.rest.slice(1), "", ["duration", "region", "mfa-token", "prompt"]);
    const cmd = after.rest;
    if (!cmd.length) return undefined;
    return { args: ["exec", profile ?? "?"], rest: cmd, env: [{ name: "AWS_PROFILE", ...(profile !== undefined ? { value: profile } : {}) }, { name: "AWS_VAULT", ...(profile !== undefined ? { value: profile } : {}) }] };
  },
  pnpm: subcommandRunner(["exec", "dlx"], "C", ["dir", "filter"]),
  npm: (args, prog) => {
    const { rest } = splitOptions(args, "", ["prefix", "workspace"]);
    if (v(rest[0]) === "exec" || v(rest[0]) === "x") return npx(rest.slice(1), prog);
    return undefined;
  },
  yarn: subcommandRunner(["exec", "dlx"], "", ["cwd"]),
  bundle: subcommandRunner(["exec"]),
  poetry: subcommandRunner(["run"]),
  pipenv: subcommandRunner(["run"]),
  uv: subcommandRunner(["run"], "", ["with", "python", "project", "directory"]),
  uvx: npx,
  pkexec: optionsThen("", ["user"]),
  unshare: optionsThen("S", ["mount", "uts", "ipc", "net", "pid", "user", "cgroup", "time", "setuid", "setgid", "propagation", "root", "wd", "map-user", "map-group", "map-users", "map-groups", "monotonic", "boottime"]),
  nsenter: optionsThen("tSGUrwe", ["target", "setuid", "setgid", "root", "wd", "env"]),
  "systemd-run": optionsThen("pEMH", ["unit", "property", "description", "slice", "setenv", "uid", "gid", "nice", "working-directory", "on-active", "on-boot", "on-startup", "on-unit-active", "on-unit-inactive", "on-calendar", "timer-property", "path-property", "socket-property", "machine", "host", "service-type", "shell"]),
  toybox: busybox,
  fakeroot: optionsThen("lsi", ["lib", "faked"]),
  firejail: optionsThen(""),
  chronic: optionsThen(""),
  sg,
  "pnpm-dlx": npx,
  pipx: subcommandRunner(["run"]),
  mise: subcommandRunner(["exec", "x"]),
};

/** Programs whose arguments are shell code or a command and that are not simply prefix wrappers. */
export function wrapperFor(program: string): Spec | undefined {
  return Object.prototype.hasOwnProperty.call(WRAPPERS, program) ? WRAPPERS[program] : undefined;
}

export { base as basename };
