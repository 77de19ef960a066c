// The policy stage: which policy applies to a check, and how it decides.
export type { Policy, DecideInput } from "./types.js";
export { builtinPolicy, decideByRisk, DEFAULT_RISK_ACTIONS, strictest } from "./builtin.js";
export { loadPolicy, type LoadPolicyOptions } from "./load.js";
