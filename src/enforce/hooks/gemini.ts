// Gemini CLI BeforeTool hook: run_shell_command's tool_input.command in, `decision` allow|deny with `reason` out.
//
// Contract (google-gemini/gemini-cli docs/hooks/reference.md and docs/tools/shell.md):
// - stdin: session_id, transcript_path, cwd, hook_event_name "BeforeTool", timestamp, tool_name, tool_input, mcp_context.
//   run_shell_command's tool_input: command, description, and directory (relative to the project root; newer
//   releases call it dir_path).
// - stdout must hold only the JSON: decision "allow" | "deny" (alias "block"), reason (sent to the model as the tool
//   error), systemMessage (shown to the user). There is no ask.
// - exit 2 blocks and uses stderr as the reason; any other non-zero exit is only a warning and the tool runs,
//   so every failure here is answered with exit 2.
import { commandOf, firstString, objectField, stringField } from "./input.js";
import { HookInputError, type HookAdapter, type HookAnswer, type HookRequest, type Verdict } from "./types.js";

const json = (o: unknown): HookAnswer => ({ stdout: `${JSON.stringify(o)}\n`, stderr: "", exit: 0 });

function parse(payload: Record<string, unknown>): HookRequest {
  const event = stringField(payload, "hook_event_name");
  if (event !== undefined && event !== "BeforeTool") return { kind: "pass", why: `event ${event} is not BeforeTool` };
  const tool = stringField(payload, "tool_name");
  if (tool === undefined) throw new HookInputError('the BeforeTool payload has no "tool_name"');
  if (tool !== "run_shell_command") return { kind: "pass", why: `tool ${tool} is not run_shell_command` };
  const input = objectField(payload, "tool_input");
  const command = commandOf(input, "tool_input.");
  const base = stringField(payload, "cwd");
  const dir = firstString(input!, ["directory", "dir_path"], "tool_input.");
  return { kind: "shell", command, ...(dir !== undefined && dir !== "" ? { cwd: dir } : base !== undefined ? { cwd: base } : {}), ...(base !== undefined ? { base } : {}) };
}

export const gemini: HookAdapter = {
  name: "gemini",
  title: "Gemini CLI",
  canAsk: false,
  parse,
  render(v: Verdict): HookAnswer {
    switch (v.kind) {
      case "allow":
        return json({ decision: "allow" });
      case "warn":
        return json({ decision: "allow", systemMessage: v.message });
      case "pass":
        return json(v.message ? { systemMessage: v.message } : {});
      // Gemini has no ask; the engine turns an ask into the approval queue or a deny before rendering.
      case "ask":
      case "deny":
        return json({ decision: "deny", reason: v.message });
      case "fail":
        return { stdout: "", stderr: `${v.message}\n`, exit: 2 };
    }
  },
};
