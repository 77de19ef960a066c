// Which programs get shims: every program a rule pack covers plus rm, git and find by default; --all adds wrappers, shells and interpreters.
import { RULES } from "../../classify/registry.js";
import type { RuleModule } from "../../classify/rule.js";
import { SHELLS } from "../../parse/nested.js";
import { WRAPPERS } from "../../parse/wrappers.js";
import { UsageError } from "../../errors.js";

/** Programs that run very often and change files: shimmed even before a pack names them. */
const ALWAYS = ["rm", "git", "find"];

/** Shell keywords and builtins among the wrappers: no executable to shim. */
const BUILTINS = new Set(["command", "builtin", "exec", "time", "coproc"]);

const INTERPRETERS = ["python", "python3", "node", "perl", "ruby", "php"];

export const TOOL_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export function defaultTools(rules: readonly RuleModule[] = RULES): string[] {
  const out = new Set<string>(ALWAYS);
  for (const r of rules) for (const p of r.programs) if (p !== "*" && TOOL_NAME.test(p)) out.add(p);
  return [...out].sort();
}

/** Everything defaultTools has, plus the programs that carry other commands: a shim on sudo or env sees the command they would run. */
export function allTools(rules: readonly RuleModule[] = RULES): string[] {
  const out = new Set(defaultTools(rules));
  for (const w of Object.keys(WRAPPERS)) if (!BUILTINS.has(w)) out.add(w);
  for (const s of SHELLS) out.add(s);
  for (const i of INTERPRETERS) out.add(i);
  return [...out].filter((t) => TOOL_NAME.test(t)).sort();
}

export function parseToolList(flag: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") throw new UsageError(`${flag} needs a comma-separated list of program names`);
  const tools = value.split(",").map((t) => t.trim()).filter(Boolean);
  for (const t of tools) if (!TOOL_NAME.test(t)) throw new UsageError(`${flag}: ${JSON.stringify(t)} is not a program name (letters, digits, . _ + - only; no slashes)`);
  return [...new Set(tools)];
}
