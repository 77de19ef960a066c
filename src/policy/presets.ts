// Where the shipped presets live (the package's policies/ folder, found from this module whether bundled or not) and their names.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let dir: string | undefined;

/** The policies/ folder beside dist/ or src/: walk up from this module until it appears. */
export function presetsDir(): string {
  if (dir) return dir;
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(d, "policies");
    if (existsSync(join(candidate, "recommended.yaml"))) return (dir = candidate);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  throw new Error("the shipped presets (policies/recommended.yaml) were not found beside shellgate");
}

/** A bare name (no slash, no extension) that may name a preset. */
export const looksLikePresetName = (s: string): boolean => /^[a-z][a-z0-9-]*$/.test(s);

export function presetFile(name: string): string {
  return join(presetsDir(), `${name}.yaml`);
}

export function presetSuiteFile(name: string): string {
  return join(presetsDir(), `${name}.test.yaml`);
}

export function presetExists(name: string): boolean {
  try {
    return looksLikePresetName(name) && existsSync(presetFile(name));
  } catch {
    return false;
  }
}

export function presetNames(): string[] {
  return readdirSync(presetsDir())
    .filter((f) => f.endsWith(".yaml") && !f.endsWith(".test.yaml"))
    .map((f) => f.slice(0, -5))
    .sort();
}
