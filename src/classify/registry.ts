// Every rule module shellgate ships, in one list (bundled statically so a cold process loads no files).
import type { RuleModule } from "./rule.js";
import shell from "./rules/shell.js";

export const RULES: readonly RuleModule[] = [shell] as RuleModule[];
