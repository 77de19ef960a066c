// Finds the policy files that apply to a check with cheap existence checks only (no YAML, no cosmiconfig unless a file is there).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import type { CheckContext } from "../types.js";
import { looksLikePresetName, presetExists } from "./presets.js";

export const SYSTEM_POLICY = "/etc/shellgate/policy.yaml";

/** cosmiconfig v9's search places for `shellgate`, in its order, plus YAML/JSON spellings of shellgate.config.*. */
export const SEARCH_PLACES = [
  "package.json",
  ".shellgaterc",
  ".shellgaterc.json",
  ".shellgaterc.yaml",
  ".shellgaterc.yml",
  ".shellgaterc.js",
  ".shellgaterc.ts",
  ".shellgaterc.cjs",
  ".shellgaterc.mjs",
  ".config/shellgaterc",
  ".config/shellgaterc.json",
  ".config/shellgaterc.yaml",
  ".config/shellgaterc.yml",
  ".config/shellgaterc.js",
  ".config/shellgaterc.ts",
  ".config/shellgaterc.cjs",
  ".config/shellgaterc.mjs",
  "shellgate.config.js",
  "shellgate.config.ts",
  "shellgate.config.cjs",
  "shellgate.config.mjs",
  "shellgate.config.json",
  "shellgate.config.yaml",
  "shellgate.config.yml",
];

const TOP_NAMES = new Set(SEARCH_PLACES.filter((p) => !p.includes("/")));
const CONFIG_NAMES = new Set(SEARCH_PLACES.filter((p) => p.startsWith(".config/")).map((p) => p.slice(8)));

export interface CliSpec {
  /** An absolute file path, or `preset:<name>`. */
  spec: string;
  from: "--policy" | "SHELLGATE_POLICY";
}

export interface Discovered {
  system?: string;
  user?: string;
  project?: string;
  cli?: CliSpec;
  /** Several project files in one directory: the first is used, these are not. */
  warnings: string[];
}

export interface DiscoverOptions {
  file?: string;
  /** The system policy path (tests point it elsewhere; it is never taken from the environment the agent controls). */
  systemFile?: string;
}

const TTL_MS = 2000;
const dirCache = new Map<string, { at: number; found: string[] }>();

function hasShellgateKey(pkg: string): boolean {
  let text: string;
  try {
    text = readFileSync(pkg, "utf8");
  } catch {
    return false;
  }
  if (!text.includes('"shellgate"')) return false;
  try {
    const data = JSON.parse(text) as unknown;
    return !!data && typeof data === "object" && Object.prototype.hasOwnProperty.call(data, "shellgate");
  } catch {
    // A broken package.json that mentions shellgate is handed to the loader, which reports where it breaks.
    return true;
  }
}

/** Policy files in one directory, in search-place order (one readdir, plus one of .config/ when it exists). */
function placesIn(dir: string): string[] {
  const now = Date.now();
  const hit = dirCache.get(dir);
  if (hit && now - hit.at < TTL_MS) return hit.found;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    names = [];
  }
  const present = new Set(names.filter((n) => TOP_NAMES.has(n)));
  if (names.includes(".config")) {
    try {
      for (const n of readdirSync(join(dir, ".config"))) if (CONFIG_NAMES.has(n)) present.add(`.config/${n}`);
    } catch {
      // An unreadable .config holds no policy we can use.
    }
  }
  const found: string[] = [];
  for (const place of SEARCH_PLACES) {
    if (!present.has(place)) continue;
    const full = join(dir, place);
    if (place === "package.json" && !hasShellgateKey(full)) continue;
    found.push(full);
  }
  dirCache.set(dir, { at: now, found });
  return found;
}

function within(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** The nearest directory from cwd upward holding a project policy; the search stops at HOME when cwd is inside it. */
export function findProjectFile(cwd: string, home: string | undefined, warnings: string[] = []): string | undefined {
  const stop = home && isAbsolute(home) && within(cwd, home) ? home : undefined;
  let dir = cwd;
  for (let i = 0; i < 128; i++) {
    const found = placesIn(dir);
    if (found.length) {
      if (found.length > 1) warnings.push(`${found[0]} is used; ${found.slice(1).join(", ")} in the same directory ${found.length > 2 ? "are" : "is"} ignored`);
      return found[0];
    }
    if (dir === stop) break;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

export function userPolicyPath(env: Record<string, string | undefined>): string | undefined {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : env.HOME && isAbsolute(env.HOME) ? join(env.HOME, ".config") : undefined;
  return base ? join(base, "shellgate", "policy.yaml") : undefined;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `--policy` (or SHELLGATE_POLICY): a preset name, or a file path (relative to the command's directory). */
export function cliSpec(value: string, from: CliSpec["from"], cwd: string): CliSpec {
  if (looksLikePresetName(value) && !existsSync(resolve(cwd, value)) && presetExists(value)) return { spec: `preset:${value}`, from };
  if (value.startsWith("preset:")) return { spec: value, from };
  return { spec: resolve(cwd, value), from };
}

export function discover(ctx: CheckContext, opts: DiscoverOptions = {}): Discovered {
  const warnings: string[] = [];
  const out: Discovered = { warnings };
  const system = opts.systemFile ?? SYSTEM_POLICY;
  if (isFile(system)) out.system = system;
  const user = userPolicyPath(ctx.env);
  if (user) {
    if (isFile(user)) out.user = user;
    else if (isFile(user.replace(/\.yaml$/, ".yml"))) out.user = user.replace(/\.yaml$/, ".yml");
  }
  const project = findProjectFile(ctx.cwd, ctx.env.HOME, warnings);
  if (project) out.project = project;
  const cli = opts.file ?? ctx.env.SHELLGATE_POLICY;
  if (cli) out.cli = cliSpec(cli, opts.file ? "--policy" : "SHELLGATE_POLICY", ctx.cwd);
  return out;
}

export function clearDiscoveryCache(): void {
  dirCache.clear();
}
