// Codex CLI PreToolUse hook: Claude-compatible input; answers only allow (no output) or deny (exit 2 + reason on stderr).
//
// Contract (developers.openai.com/codex/hooks, and codex-rs/hooks: events/pre_tool_use.rs, engine/output_parser.rs,
// schema pre-tool-use.command.input.schema.json):
// - stdin: session_id, turn_id, transcript_path, cwd, hook_event_name "PreToolUse", model, permission_mode,
//   tool_name "Bash", tool_input { command: string }, tool_use_id.
// - exit 2 with a non-empty stderr blocks the call and gives stderr to the model as the reason.
// - `permissionDecision: "ask"`, and `"allow"` without updatedInput, are rejected as unsupported and the call then runs;
//   so do malformed JSON and unknown exit codes. An ask therefore never reaches Codex: it becomes a deny upstream.
// - Empty stdout on exit 0 lets the call continue; `systemMessage` is shown to the user as a warning.
import { parsePreToolUse } from "./claude.js";
import type { HookAdapter, HookAnswer, Verdict } from "./types.js";

const quiet: HookAnswer = { stdout: "", stderr: "", exit: 0 };
const say = (message: string): HookAnswer => ({ stdout: `${JSON.stringify({ systemMessage: message })}\n`, stderr: "", exit: 0 });
const block = (message: string): HookAnswer => ({ stdout: "", stderr: `${message}\n`, exit: 2 });

export const codex: HookAdapter = {
  name: "codex",
  title: "Codex CLI",
  canAsk: false,
  parse: (payload) => parsePreToolUse(payload, "Bash"),
  render(v: Verdict): HookAnswer {
    switch (v.kind) {
      case "allow":
        return quiet;
      case "warn":
        return say(v.message);
      case "pass":
        return v.message ? say(v.message) : quiet;
      // Codex cannot ask; the engine never renders an ask here, but if it did, refusing is the only safe reading.
      case "ask":
      case "deny":
      case "fail":
        return block(v.message);
    }
  },
};
