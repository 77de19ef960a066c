// Resolves the effective policy for a check: cheap discovery every time, the YAML/zod loader only when a file exists, cached per file set.
import { statSync } from "node:fs";
import type { CheckContext } from "../types.js";
import { baseLayer, defaultPolicy, RECOMMENDED_SOURCE } from "./builtin.js";
import { discover, type DiscoverOptions, type Discovered } from "./discover.js";
import { compileLayers } from "./engine.js";
import type { Policy } from "./types.js";

export interface LoadPolicyOptions extends DiscoverOptions {
  /** An explicit policy file or preset name (`--policy FILE`); SHELLGATE_POLICY in the context env otherwise. */
  file?: string;
}

interface Entry {
  policy: Policy;
  files: string[];
  stamp: string;
}

const cache = new Map<string, Entry>();

/** Changes when any file the policy was read from changes (long-lived processes such as `wrap` see edits). */
function stampOf(files: string[]): string {
  return files
    .map((f) => {
      try {
        const s = statSync(f);
        return `${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        return "-";
      }
    })
    .join("|");
}

export function errorPolicy(...errors: string[]): Policy {
  return compileLayers([baseLayer(RECOMMENDED_SOURCE)], { errors });
}

/** Never throws: a policy that cannot be built carries errors, and check() fails closed on them. */
export async function loadPolicy(ctx: CheckContext, opts: LoadPolicyOptions = {}): Promise<Policy> {
  let found: Discovered;
  try {
    found = discover(ctx, opts);
  } catch (e) {
    return errorPolicy(`looking for policy files failed: ${(e as Error).message}`);
  }
  if (!found.system && !found.user && !found.project && !found.cli) return defaultPolicy();
  const key = JSON.stringify([found.system, found.user, found.project, found.cli?.spec, found.cli?.from, ctx.env.HOME]);
  const hit = cache.get(key);
  if (hit && hit.stamp === stampOf(hit.files)) return hit.policy;
  try {
    const { compileDiscovered } = await import("./compile.js");
    const { policy, files } = await compileDiscovered(found, ctx);
    cache.set(key, { policy, files, stamp: stampOf(files) });
    return policy;
  } catch (e) {
    return errorPolicy(`the policy could not be loaded: ${(e as Error).message}`);
  }
}

/** Which files apply to a context, without loading them (for `policy show` and `explain`). */
export function policyFiles(ctx: CheckContext, opts: LoadPolicyOptions = {}): Discovered {
  return discover(ctx, opts);
}

export function clearPolicyCache(): void {
  cache.clear();
}
