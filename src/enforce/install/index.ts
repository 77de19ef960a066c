// Installers for agent hooks: where each agent keeps them, merge-safe edits of its settings file, and detection for --list.
export { SPECS, homeOf, onPath, projectRoot, type AgentSpec, type Scope, type Shape } from "./agents.js";
export { binOf, hookCommand, isShellgateHook, shellQuote, shellgateBin, type HookCommandOptions } from "./command.js";
export { unifiedDiff } from "./diff.js";
export { findHooks, withHook, withoutHook, type Found } from "./edit.js";
export { installHook, uninstallHook, type HookFileOptions, type HookFileResult } from "./install.js";
export { listAgents, type AgentStatus, type ScopeStatus } from "./list.js";
export { backup, detectIndent, lineColumn, parseSettings, readSettings, serialize, writeAtomic, type SettingsFile } from "./settings-file.js";
