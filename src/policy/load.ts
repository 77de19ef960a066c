// PLACEHOLDER: resolves the effective policy for a check context (files, layers, presets). Being written now.
import type { CheckContext } from "../types.js";
import { builtinPolicy } from "./builtin.js";
import type { Policy } from "./types.js";

export interface LoadPolicyOptions {
  /** An explicit policy file (`--policy FILE` or SHELLGATE_POLICY). */
  file?: string;
}

export async function loadPolicy(_ctx: CheckContext, _opts: LoadPolicyOptions = {}): Promise<Policy> {
  return builtinPolicy();
}
