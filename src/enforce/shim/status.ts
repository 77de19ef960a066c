// `shims status`: for each shim directory, which tools it shims and whether each is effective (what `command -v` finds is the shim).
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { isShimFile, readMarker, type Marker } from "./install.js";
import { commandV, findReal, isShimDir, pathDirs, SHIM_MARKER } from "./path.js";

export interface ToolStatus {
  tool: string;
  shim: string;
  /** The shim is what a shell runs for this name on the current PATH. */
  effective: boolean;
  /** What `command -v TOOL` finds on the current PATH. */
  found?: string;
  /** The real program the shim would run; undefined means calls exit 127. */
  real?: string;
}

export interface DirStatus {
  dir: string;
  /** Position of the directory on PATH (0 = first), or -1 when it is not on PATH. */
  pathIndex: number;
  marker?: Marker;
  tools: ToolStatus[];
  problems: string[];
}

export function dirStatus(dirIn: string, env: Record<string, string | undefined>, cwd: string): DirStatus {
  const dir = resolve(dirIn);
  const dirs = pathDirs(env.PATH, cwd);
  const pathIndex = dirs.indexOf(dir);
  const problems: string[] = [];
  if (!existsSync(dir)) return { dir, pathIndex, tools: [], problems: [`${dir} does not exist`] };
  const marker = readMarker(dir);
  if (!existsSync(join(dir, SHIM_MARKER))) problems.push(`${dir} has no ${SHIM_MARKER} marker, so shims could take each other for the real program`);
  if (pathIndex < 0) problems.push(`${dir} is not on PATH, so no shim in it is effective`);
  if (marker) {
    if (!existsSync(marker.settings.node)) problems.push(`node ${marker.settings.node} is missing: every shim refuses (exit 125)`);
    if (!existsSync(marker.settings.cli)) problems.push(`${marker.settings.cli} is missing: every shim refuses (exit 125)`);
  }
  const names = readdirSync(dir).filter((n) => n !== SHIM_MARKER && isShimFile(join(dir, n))).sort();
  const tools = names.map((tool) => {
    const shim = join(dir, tool);
    const found = commandV(tool, env.PATH, cwd);
    const real = findReal(tool, env.PATH, cwd, { skipDir: dir, self: shim });
    return { tool, shim, effective: found === shim, ...(found ? { found } : {}), ...(real ? { real } : {}) };
  });
  return { dir, pathIndex, ...(marker ? { marker } : {}), tools, problems };
}

/** Shim directories on PATH (by their marker), plus any named explicitly. */
export function shimDirs(env: Record<string, string | undefined>, cwd: string, extra: string[] = []): string[] {
  const out = new Set<string>(extra.map((d) => resolve(cwd, d)));
  for (const d of pathDirs(env.PATH, cwd)) if (isShimDir(d)) out.add(d);
  return [...out];
}
