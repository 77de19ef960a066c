// The shapes every agent adapter shares: what a payload asks, what shellgate answers, and the bytes the agent reads back.

export const AGENTS = ["claude", "cursor", "gemini", "codex", "copilot"] as const;
export type AgentName = (typeof AGENTS)[number];

export function isAgentName(s: string): s is AgentName {
  return (AGENTS as readonly string[]).includes(s);
}

/** What a payload asks for: a shell command to check, or something shellgate does not guard (another tool, another event). */
export type HookRequest =
  | { kind: "shell"; command: string; /** Directory as the payload gives it (may be relative or missing). */ cwd?: string; /** The payload's own base for a relative cwd. */ base?: string }
  | { kind: "pass"; why: string };

/**
 * shellgate's answer before it is put in the agent's words.
 * `pass` gives no opinion (the agent's own permission flow decides); `fail` is shellgate failing, answered as a block.
 */
export type Verdict =
  | { kind: "allow" }
  | { kind: "warn"; message: string }
  | { kind: "ask"; message: string }
  | { kind: "deny"; message: string }
  | { kind: "pass"; message?: string }
  | { kind: "fail"; message: string };

/** Exactly what the hook process writes and how it exits. */
export interface HookAnswer {
  stdout: string;
  stderr: string;
  exit: number;
}

export interface HookAdapter {
  name: AgentName;
  /** The agent's name for people: `Claude Code`, `Gemini CLI`. */
  title: string;
  /**
   * Whether the agent honours an `ask` answer with its own prompt. When it does not, an ask goes to shellgate's
   * approval queue (when one is configured) or becomes a refusal that says how a human can approve.
   */
  canAsk: boolean;
  /** Reads the payload; throws HookInputError when it is not the shape this agent sends. */
  parse(payload: Record<string, unknown>): HookRequest;
  render(v: Verdict): HookAnswer;
}

/** A payload that is empty, not JSON, too large, or missing the fields the agent always sends. */
export class HookInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HookInputError";
  }
}

/**
 * Seconds an agent gives the hook before giving up, as the installer writes it. Agents without an ask of their own
 * may wait on shellgate's approval queue, so they get room for a human; the others only need to decide.
 */
export const HOOK_TIMEOUT_SECONDS: Record<AgentName, number> = { claude: 30, cursor: 30, gemini: 600, codex: 600, copilot: 600 };

/** Longest wait for a human through the queue: under the hook timeout, since a timed-out hook lets the command run in some agents. */
export function maxQueueWait(agent: AgentName): number {
  return Math.max(1, HOOK_TIMEOUT_SECONDS[agent] - 30);
}
