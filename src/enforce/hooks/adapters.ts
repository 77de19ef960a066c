// The adapter for each agent, by the name `shellgate hook <agent>` takes.
import { claude } from "./claude.js";
import { codex } from "./codex.js";
import { copilot } from "./copilot.js";
import { cursor } from "./cursor.js";
import { gemini } from "./gemini.js";
import type { AgentName, HookAdapter } from "./types.js";

export const ADAPTERS: Record<AgentName, HookAdapter> = { claude, cursor, gemini, codex, copilot };
