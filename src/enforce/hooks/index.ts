// Agent hook adapters: each agent's pre-tool payload in, the same guard() pipeline, the agent's own answer format out.
export { AGENTS, HOOK_TIMEOUT_SECONDS, HookInputError, isAgentName, maxQueueWait, type AgentName, type HookAdapter, type HookAnswer, type HookRequest, type Verdict } from "./types.js";
export { ADAPTERS } from "./adapters.js";
export { claude, parsePreToolUse } from "./claude.js";
export { codex } from "./codex.js";
export { copilot } from "./copilot.js";
export { cursor } from "./cursor.js";
export { gemini } from "./gemini.js";
export { MAX_PAYLOAD_BYTES, STDIN_DEADLINE_MS, parsePayload, readPayload, type ReadOptions } from "./input.js";
export { askMessage, auditModeMessage, denyMessage, failMessage, howToApprove, needsApprovalMessage, warnMessage } from "./message.js";
export { failHook, runHook, type HookOptions } from "./run.js";
