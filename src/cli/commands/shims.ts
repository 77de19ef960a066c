// `shellgate shims install|uninstall|status`: PATH shims that put shellgate in front of aws, kubectl, terraform, rm, git ...
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { UsageError } from "../../errors.js";
import { allTools, defaultTools, parseToolList } from "../../enforce/shim/tools.js";
import { defaultCli, installShims, uninstallShims, type ShimSettings } from "../../enforce/shim/install.js";
import { dirStatus, shimDirs, type DirStatus } from "../../enforce/shim/status.js";
import { findReal } from "../../enforce/shim/path.js";
import { EXIT } from "../exit-codes.js";
import { write, type CliIo } from "../io.js";

const HELP = `usage: shellgate shims install [--dir DIR] [--tools a,b,c | --all] [--present] [--queue DIR] [--policy FILE]
                             [--timeout S] [--max-wait S] [--fail-open a,b] [--node PATH] [--cli PATH]
       shellgate shims uninstall [--dir DIR] [--tools a,b,c]
       shellgate shims status [--dir DIR] [--json] [--check]
       shellgate shims tools [--all]

install   writes one shim per tool into DIR (default $SHELLGATE_SHIM_DIR, else
          ~/.local/share/shellgate/shims); DIR must hold nothing but shims. Default tools: every
          program a rule pack covers, plus rm, git and find; --all adds wrappers (sudo, env, xargs ...),
          shells and interpreters. --present keeps only tools installed on PATH now (a shim for an
          absent tool makes \`command -v TOOL\` succeed, and the call exits 127). --queue bakes the approval queue into the shims (the agent's
          SHELLGATE_QUEUE cannot move it), --timeout bounds a decision (default 20 s), --max-wait
          bounds a wait for a human (default 600 s), --fail-open lists tools that run unchecked when
          shellgate itself fails (never when it refuses). --node and --cli (the bin/shellgate the
          shims run) default to this node and this package.
status    which tools each shim directory (DIR and every one on PATH) shims, and whether each is
          effective: what \`command -v TOOL\` finds on this PATH is the shim. --check exits 1 unless
          every shim is effective.`;

interface Opts {
  dir?: string;
  tools?: string[];
  all: boolean;
  present: boolean;
  queue?: string;
  policy?: string;
  timeout: number;
  maxWait: number;
  failOpen: string[];
  node?: string;
  cli?: string;
  json: boolean;
  check: boolean;
}

function parse(args: string[]): Opts {
  const o: Opts = { all: false, present: false, timeout: 20, maxWait: 600, failOpen: [], json: false, check: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf("=");
    const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 && a.startsWith("--") ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === "") throw new UsageError(`${name} needs a value`);
      return v;
    };
    const secs = () => {
      const v = value();
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} needs a positive number of seconds, got ${JSON.stringify(v)}`);
      return n;
    };
    switch (name) {
      case "--dir": o.dir = value(); break;
      case "--tools": o.tools = parseToolList(name, value()); break;
      case "--all": o.all = true; break;
      case "--present": o.present = true; break;
      case "--queue": o.queue = value(); break;
      case "--policy": o.policy = value(); break;
      case "--timeout": o.timeout = secs(); break;
      case "--max-wait": o.maxWait = secs(); break;
      case "--fail-open": o.failOpen = parseToolList(name, value()); break;
      case "--node": o.node = value(); break;
      case "--cli": o.cli = value(); break;
      case "--json": o.json = true; break;
      case "--check": o.check = true; break;
      case "-h":
      case "--help": throw new UsageError(HELP);
      default: throw new UsageError(`unknown option ${a}\n${HELP}`);
    }
  }
  if (o.tools && o.all) throw new UsageError("--tools and --all exclude each other");
  return o;
}

export function defaultShimDir(env: Record<string, string | undefined>): string {
  if (env.SHELLGATE_SHIM_DIR) return env.SHELLGATE_SHIM_DIR;
  const data = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(env.HOME || homedir(), ".local", "share");
  return join(data, "shellgate", "shims");
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === "-h" || sub === "--help") throw new UsageError(HELP);
  const o = parse(rest);
  const abs = (p: string) => resolve(io.cwd, p);
  const dir = abs(o.dir ?? defaultShimDir(io.env));
  switch (sub) {
    case "install":
      return install(o, dir, io, abs);
    case "uninstall": {
      const r = uninstallShims(dir, o.tools);
      write(io.stdout, r.removed.length ? `removed ${r.removed.length} shim${r.removed.length > 1 ? "s" : ""} from ${r.dir}: ${r.removed.join(", ")}${r.dirRemoved ? " (directory removed)" : ""}` : `no shims to remove in ${r.dir}`);
      return EXIT.ok;
    }
    case "status":
      return status(o, io);
    case "tools":
      write(io.stdout, (o.all ? allTools() : defaultTools()).join("\n"));
      return EXIT.ok;
    default:
      throw new UsageError(`unknown shims command '${sub}'\n${HELP}`);
  }
}

async function install(o: Opts, dir: string, io: CliIo, abs: (p: string) => string): Promise<number> {
  let tools = o.tools ?? (o.all ? allTools() : defaultTools());
  if (o.present) tools = tools.filter((t) => findReal(t, io.env.PATH, io.cwd, { skipDir: dir }));
  if (!tools.length) throw new UsageError(o.present ? "none of the tools is installed on PATH, so no shim was written" : "no tools to shim");
  const policyFile = o.policy ? abs(o.policy) : undefined;
  if (policyFile && !existsSync(policyFile)) throw new UsageError(`--policy: ${policyFile} does not exist`);
  const failOpen = new Set(o.failOpen);
  // A policy may name low-risk tools that run unchecked when shellgate breaks; shims are plain sh, so it is baked in now.
  try {
    const { loadPolicy } = await import("../../policy/index.js");
    const policy = await loadPolicy({ cwd: io.cwd, env: io.env, frontend: "cli" }, policyFile ? { file: policyFile } : {});
    const listed = (policy as { shims?: { failOpen?: unknown } }).shims?.failOpen;
    if (Array.isArray(listed)) for (const t of listed) if (typeof t === "string") failOpen.add(t);
  } catch (e) {
    throw new UsageError(`the policy could not be loaded, so no shim was written: ${(e as Error).message}`);
  }
  const settings: ShimSettings = {
    dir,
    node: abs(o.node ?? process.execPath),
    cli: abs(o.cli ?? defaultCli()),
    timeout: o.timeout,
    maxWait: o.maxWait,
    failOpen: [...failOpen].sort(),
    ...(o.queue ? { queue: abs(o.queue) } : {}),
    ...(policyFile ? { policy: policyFile } : {}),
  };
  if (!existsSync(settings.cli)) throw new UsageError(`${settings.cli} does not exist: pass --cli with the path of shellgate's bin/shellgate`);
  if (!existsSync(join(settings.cli, "..", "..", "dist", "cli.mjs"))) throw new UsageError(`${join(settings.cli, "..", "..", "dist", "cli.mjs")} does not exist: build shellgate first (node scripts/build.mjs)`);
  const r = installShims(tools, settings);
  write(io.stdout, `installed ${r.tools.length} shim${r.tools.length === 1 ? "" : "s"} in ${r.dir}: ${r.tools.join(", ")}`);
  const st = dirStatus(r.dir, io.env, io.cwd);
  if (st.pathIndex < 0) write(io.stdout, `${r.dir} is not on PATH yet: put it first, e.g.  export PATH="${r.dir}:$PATH"`);
  else if (st.tools.some((t) => !t.effective)) write(io.stdout, `some shims are shadowed by an earlier PATH entry; see: shellgate shims status`);
  return EXIT.ok;
}

function status(o: Opts, io: CliIo): number {
  const explicit = o.dir ? [o.dir] : existsSync(defaultShimDir(io.env)) ? [defaultShimDir(io.env)] : [];
  const dirs = shimDirs(io.env, io.cwd, explicit);
  const all: DirStatus[] = dirs.map((d) => dirStatus(d, io.env, io.cwd));
  const ok = all.length > 0 && all.every((s) => s.problems.length === 0 && s.tools.length > 0 && s.tools.every((t) => t.effective));
  if (o.json) write(io.stdout, JSON.stringify({ ok, dirs: all }, null, 2));
  else if (!all.length) write(io.stdout, "no shellgate shim directory on PATH (and none at the default place); install with: shellgate shims install");
  else for (const s of all) write(io.stdout, renderDir(s));
  return o.check && !ok ? EXIT.error : EXIT.ok;
}

function renderDir(s: DirStatus): string {
  const lines = [`${s.dir}  ${s.pathIndex >= 0 ? `(PATH entry ${s.pathIndex + 1})` : "(not on PATH)"}`];
  const width = Math.max(4, ...s.tools.map((t) => t.tool.length));
  for (const t of s.tools) {
    const eff = t.effective ? "effective" : t.found ? `NOT effective: command -v finds ${t.found}` : "NOT effective: not on PATH";
    const real = t.real ? `real ${t.real}` : "no real program on PATH (calls exit 127)";
    lines.push(`  ${t.tool.padEnd(width)}  ${eff}; ${real}`);
  }
  if (!s.tools.length) lines.push("  (no shims)");
  for (const p of s.problems) lines.push(`  problem: ${p}`);
  return lines.join("\n");
}
