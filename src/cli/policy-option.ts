// Resolves the policy a CLI check uses: --policy FILE (or a preset name), else SHELLGATE_POLICY and the layered files for the command's cwd.
import { resolve } from "node:path";
import type { CheckContext } from "../types.js";
import { loadPolicy, type Policy } from "../policy/index.js";

/**
 * Never throws: an unreadable or invalid policy comes back with errors, and check() fails closed on them.
 * A relative --policy is relative to where shellgate was started (`base`), not to each request's cwd in batch mode.
 */
export async function policyFor(ctx: CheckContext, file?: string, base: string = process.cwd()): Promise<Policy> {
  const spec = file === undefined ? undefined : /^[a-z][a-z0-9-]*$/.test(file) || file.startsWith("preset:") ? file : resolve(base, file);
  return loadPolicy(ctx, spec === undefined ? {} : { file: spec });
}
