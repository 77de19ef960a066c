// PATH walking shared by the shim installer, `shims status` and `exec`: shim directories, the real binary, what `command -v` finds.
import { accessSync, constants, existsSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

/** Every shellgate shim directory holds this file, so shims (and `exec`) skip the whole directory when looking for the real program. */
export const SHIM_MARKER = ".shellgate-shims";

export function pathDirs(path: string | undefined, cwd: string): string[] {
  if (path === undefined) return [];
  // An empty PATH entry means the current directory, as in every POSIX shell.
  return path.split(":").map((d) => resolve(cwd, d === "" ? "." : d));
}

export function isShimDir(dir: string): boolean {
  return existsSync(join(dir, SHIM_MARKER));
}

export function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** What `command -v TOOL` would print for an external program: the first executable of that name on PATH. */
export function commandV(tool: string, path: string | undefined, cwd: string): string | undefined {
  if (tool.includes("/")) return isExecutableFile(resolve(cwd, tool)) ? resolve(cwd, tool) : undefined;
  for (const d of pathDirs(path, cwd)) {
    const p = join(d, tool);
    if (isExecutableFile(p)) return p;
  }
  return undefined;
}

/**
 * The real program behind a shim: the first executable on PATH outside every shim directory and never
 * the shim itself; the same walk the sh template does.
 */
export function findReal(tool: string, path: string | undefined, cwd: string, opts: { skipDir?: string; self?: string } = {}): string | undefined {
  if (tool.includes("/")) {
    const p = isAbsolute(tool) ? tool : resolve(cwd, tool);
    return isExecutableFile(p) ? p : undefined;
  }
  const skip = opts.skipDir ? resolve(opts.skipDir) : undefined;
  for (const d of pathDirs(path, cwd)) {
    if (d === skip || isShimDir(d)) continue;
    const p = join(d, tool);
    if (!isExecutableFile(p)) continue;
    if (opts.self && sameFile(p, opts.self)) continue;
    return p;
  }
  return undefined;
}
