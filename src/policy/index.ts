// The policy stage: which policy applies to a check, and how it decides.
export type { Policy, DecideInput, PolicyLayer, PolicyReason, PolicyRule, PolicyTest, PolicyTrace, UnitTrace, TraceStep, LayerName, AuditSettings } from "./types.js";
export { builtinPolicy, defaultPolicy, decideByRisk, baseLayer, DEFAULT_RISK_ACTIONS, RECOMMENDED_SOURCE, strictest } from "./builtin.js";
export { compileLayers, markLayers } from "./engine.js";
export { loadPolicy, policyFiles, clearPolicyCache, errorPolicy, type LoadPolicyOptions } from "./load.js";
export { discover, findProjectFile, userPolicyPath, SYSTEM_POLICY, SEARCH_PLACES, clearDiscoveryCache, type Discovered } from "./discover.js";
export { presetNames, presetsDir, presetExists } from "./presets.js";
export { normalisedText } from "./match.js";
