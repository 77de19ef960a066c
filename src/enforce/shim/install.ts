// Writes, rewrites and removes shims in a shim directory of their own, from the POSIX sh template in shims/.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync, openSync, readSync, closeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ShellgateError, UsageError } from "../../errors.js";
import { SHIM_MARKER } from "./path.js";
import { TOOL_NAME } from "./tools.js";

/** The line every generated shim carries; only files with it are ever rewritten or removed. */
export const SHIM_SIGNATURE = "# shellgate-shim 1";

export interface ShimSettings {
  dir: string;
  /** Absolute path of node: shims never look node up on the agent's PATH. */
  node: string;
  /** Absolute path of the entry the shim runs with node: the package's bin/shellgate. */
  cli: string;
  /** Seconds shellgate may take to decide before the shim refuses. */
  timeout: number;
  /** Upper bound, in seconds, on a wait for a human's approval. */
  maxWait: number;
  /** Tools that run unchecked when shellgate itself fails (never when it refuses). */
  failOpen: string[];
  queue?: string;
  policy?: string;
}

export interface Marker {
  shellgate: "shims";
  version: 1;
  tools: string[];
  settings: Omit<ShimSettings, "dir">;
  installedAt: string;
}

/** The installed package's root: the folder holding shims/shim.sh (from dist/chunks or from src/enforce/shim). */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let d = from;
  for (;;) {
    if (existsSync(join(d, "shims", "shim.sh")) && existsSync(join(d, "package.json"))) return d;
    const up = dirname(d);
    if (up === d) throw new ShellgateError("internal", `cannot find shims/shim.sh above ${from}`);
    d = up;
  }
}

export function loadTemplate(root = packageRoot()): string {
  return readFileSync(join(root, "shims", "shim.sh"), "utf8");
}

/** bin/shellgate rather than dist/cli.mjs: it sets V8's wasm flag at run time, where a command-line flag would cost node its start-up code cache. */
export function defaultCli(root = packageRoot()): string {
  return join(root, "bin", "shellgate");
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function renderShim(template: string, tool: string, s: ShimSettings): string {
  if (!TOOL_NAME.test(tool)) throw new UsageError(`${JSON.stringify(tool)} is not a program name`);
  if (!template.includes(SHIM_SIGNATURE)) throw new ShellgateError("internal", `the shim template lacks its signature line "${SHIM_SIGNATURE}"`);
  const values: Record<string, string> = {
    TOOL_TEXT: tool,
    TOOL: shq(tool),
    NODE: shq(s.node),
    CLI: shq(s.cli),
    DIR: shq(resolve(s.dir)),
    TIMEOUT: String(Math.max(1, Math.ceil(s.timeout))),
    MAX_WAIT: String(Math.max(1, Math.ceil(s.maxWait))),
    FAIL_OPEN: s.failOpen.includes(tool) ? "1" : "0",
    QUEUE: shq(s.queue ?? ""),
    POLICY: shq(s.policy ?? ""),
  };
  const out = template.replace(/@@([A-Z_]+)@@/g, (m, k: string) => {
    const v = values[k];
    if (v === undefined) throw new ShellgateError("internal", `unknown placeholder ${m} in the shim template`);
    return v;
  });
  return out;
}

/** Whether a file is a generated shim (reads only its head). */
export function isShimFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, 512, 0);
    return buf.subarray(0, n).toString("utf8").includes(SHIM_SIGNATURE);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function readMarker(dir: string): Marker | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, SHIM_MARKER), "utf8")) as Marker;
    return m && m.shellgate === "shims" && Array.isArray(m.tools) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Every program in a shim directory is skipped when shims look for real programs, so the directory must hold nothing else. */
function foreignEntries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n !== SHIM_MARKER && !n.startsWith(".shellgate-tmp-") && !isShimFile(join(dir, n)));
}

function writeExecutable(file: string, text: string, mode: number): void {
  const tmp = join(dirname(file), `.shellgate-tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

export interface InstallResult {
  dir: string;
  tools: string[];
  added: string[];
}

/** Installs shims for `tools` and rewrites the directory's existing shims with the same settings. */
export function installShims(tools: string[], s: ShimSettings, template = loadTemplate()): InstallResult {
  const dir = resolve(s.dir);
  const foreign = foreignEntries(dir);
  if (foreign.length)
    throw new ShellgateError(
      "input-invalid",
      `${dir} holds files that are not shellgate shims (${foreign.slice(0, 5).join(", ")}${foreign.length > 5 ? ", ..." : ""}); shims need a directory of their own, because every program in a shim directory is skipped when shims look up the real ones`,
    );
  for (const t of s.failOpen) if (!TOOL_NAME.test(t)) throw new UsageError(`--fail-open: ${JSON.stringify(t)} is not a program name`);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const before = readMarker(dir)?.tools ?? [];
  const present = before.filter((t) => existsSync(join(dir, t)));
  const all = [...new Set([...present, ...tools])].sort();
  const { dir: _dir, ...settings } = s;
  const marker: Marker = { shellgate: "shims", version: 1, tools: all, settings: { ...settings, failOpen: [...settings.failOpen].sort() }, installedAt: new Date().toISOString() };
  // The marker goes first: from then on no shim ever takes this directory's programs for real ones.
  writeFileSync(join(dir, SHIM_MARKER), JSON.stringify(marker, null, 2) + "\n", { mode: 0o644 });
  for (const t of all) writeExecutable(join(dir, t), renderShim(template, t, s), 0o755);
  return { dir, tools: all, added: tools.filter((t) => !present.includes(t)) };
}

export interface UninstallResult {
  dir: string;
  removed: string[];
  dirRemoved: boolean;
}

/** Removes the named shims (all when none are named); the marker and the directory go when no shim is left. */
export function uninstallShims(dirIn: string, tools?: string[]): UninstallResult {
  const dir = resolve(dirIn);
  if (!existsSync(dir)) return { dir, removed: [], dirRemoved: false };
  const marker = readMarker(dir);
  if (!marker && !existsSync(join(dir, SHIM_MARKER))) throw new ShellgateError("input-invalid", `${dir} is not a shellgate shim directory (no ${SHIM_MARKER})`);
  const removed: string[] = [];
  const names = tools ?? readdirSync(dir).filter((n) => n !== SHIM_MARKER);
  for (const n of names) {
    const f = join(dir, n);
    if (existsSync(f) && isShimFile(f)) {
      unlinkSync(f);
      removed.push(n);
    }
  }
  const left = readdirSync(dir).filter((n) => n !== SHIM_MARKER && isShimFile(join(dir, n)));
  let dirRemoved = false;
  if (left.length === 0) {
    const markerFile = join(dir, SHIM_MARKER);
    if (existsSync(markerFile)) unlinkSync(markerFile);
    if (readdirSync(dir).length === 0) {
      rmdirSync(dir);
      dirRemoved = true;
    }
  } else if (marker) {
    writeFileSync(join(dir, SHIM_MARKER), JSON.stringify({ ...marker, tools: left.sort() }, null, 2) + "\n", { mode: 0o644 });
  }
  return { dir, removed: removed.sort(), dirRemoved };
}
