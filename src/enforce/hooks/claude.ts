// Claude Code PreToolUse hook: Bash's tool_input.command in, hookSpecificOutput.permissionDecision allow|deny|ask out.
//
// Contract (Claude Code hooks reference, code.claude.com/docs/en/hooks, checked with the docs search):
// - stdin: session_id, transcript_path, cwd, permission_mode, hook_event_name "PreToolUse", tool_name "Bash",
//   tool_input { command, description, timeout, run_in_background }, tool_use_id.
// - stdout on exit 0: { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: allow|deny|ask|defer,
//   permissionDecisionReason, additionalContext } } plus common fields such as systemMessage (shown to the user).
//   The reason of an `ask` is shown in Claude Code's own prompt; the reason of a `deny` is given to Claude.
// - exit 2 blocks the call and gives stderr to Claude; any other non-zero exit is a non-blocking error (the call runs),
//   so every failure here is answered with exit 2.
import { commandOf, objectField, stringField } from "./input.js";
import { HookInputError, type HookAdapter, type HookAnswer, type HookRequest, type Verdict } from "./types.js";

const json = (o: unknown): HookAnswer => ({ stdout: `${JSON.stringify(o)}\n`, stderr: "", exit: 0 });

function decision(permissionDecision: "allow" | "deny" | "ask", extra: Record<string, string> = {}): Record<string, unknown> {
  return { hookEventName: "PreToolUse", permissionDecision, ...extra };
}

/** Parses the Claude-compatible PreToolUse payload that Claude Code and Codex both send. */
export function parsePreToolUse(payload: Record<string, unknown>, shellTool: string): HookRequest {
  const event = stringField(payload, "hook_event_name");
  if (event !== undefined && event !== "PreToolUse") return { kind: "pass", why: `event ${event} is not PreToolUse` };
  const tool = stringField(payload, "tool_name");
  if (tool === undefined) throw new HookInputError('the PreToolUse payload has no "tool_name"');
  if (tool !== shellTool) return { kind: "pass", why: `tool ${tool} is not the shell` };
  const command = commandOf(objectField(payload, "tool_input"), "tool_input.");
  const cwd = stringField(payload, "cwd");
  return { kind: "shell", command, ...(cwd !== undefined ? { cwd } : {}) };
}

export const claude: HookAdapter = {
  name: "claude",
  title: "Claude Code",
  canAsk: true,
  parse: (payload) => parsePreToolUse(payload, "Bash"),
  render(v: Verdict): HookAnswer {
    switch (v.kind) {
      case "allow":
        return json({ hookSpecificOutput: decision("allow") });
      case "warn":
        // systemMessage reaches the user; additionalContext reaches the model, which is the one that can act on it.
        return json({ systemMessage: v.message, hookSpecificOutput: decision("allow", { additionalContext: v.message }) });
      case "ask":
        return json({ hookSpecificOutput: decision("ask", { permissionDecisionReason: v.message }) });
      case "deny":
        return json({ hookSpecificOutput: decision("deny", { permissionDecisionReason: v.message }) });
      case "pass":
        return v.message ? json({ systemMessage: v.message }) : { stdout: "", stderr: "", exit: 0 };
      case "fail":
        return { stdout: "", stderr: `${v.message}\n`, exit: 2 };
    }
  },
};
