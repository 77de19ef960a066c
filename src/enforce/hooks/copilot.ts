// GitHub Copilot CLI preToolUse hook: toolName and toolArgs (a JSON string) in, permissionDecision with its reason out.
//
// Contract (github/docs content/copilot/reference/hooks-configuration.md and
// copilot-cli-reference/cli-hooks-reference.md):
// - stdin (camelCase, event configured as `preToolUse`): sessionId, timestamp (ms), cwd, toolName, toolArgs, where
//   toolArgs is a JSON string such as "{\"command\":\"rm -rf dist\",\"description\":\"...\"}" (the reference types it
//   as unknown, so an object is accepted too). With the PascalCase `PreToolUse` event the same arrives as
//   hook_event_name, tool_name, tool_input. Shell tools: `bash` (Unix) and `powershell` (Windows).
// - stdout: { permissionDecision: "allow" | "deny" | "ask", permissionDecisionReason }. The configuration reference
//   says only "deny" is processed, so an ask is never answered as ask: it becomes a deny upstream.
// - Non-zero exits and timeouts are logged and skipped ("they never block agent execution"), so a failure here is
//   answered as a JSON deny with exit 0, never with an exit code.
import { firstString } from "./input.js";
import { HookInputError, type HookAdapter, type HookAnswer, type HookRequest, type Verdict } from "./types.js";

const SHELL_TOOLS = new Set(["bash", "powershell"]);

const json = (o: unknown, stderr = ""): HookAnswer => ({ stdout: `${JSON.stringify(o)}\n`, stderr, exit: 0 });
const deny = (message: string, stderr = "") => json({ permissionDecision: "deny", permissionDecisionReason: message }, stderr);

function argsOf(raw: unknown): Record<string, unknown> {
  let v = raw;
  if (typeof raw === "string") {
    try {
      v = JSON.parse(raw);
    } catch (e) {
      throw new HookInputError(`"toolArgs" in the preToolUse payload is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new HookInputError('"toolArgs" in the preToolUse payload must be a JSON object (or a string holding one)');
  return v as Record<string, unknown>;
}

function parse(payload: Record<string, unknown>): HookRequest {
  const event = firstString(payload, ["hookEventName", "hook_event_name"]);
  if (event !== undefined && event !== "preToolUse" && event !== "PreToolUse") return { kind: "pass", why: `event ${event} is not preToolUse` };
  const tool = firstString(payload, ["toolName", "tool_name"]);
  if (tool === undefined) throw new HookInputError('the preToolUse payload has no "toolName"');
  if (!SHELL_TOOLS.has(tool)) return { kind: "pass", why: `tool ${tool} is not the shell` };
  const args = argsOf(payload.toolArgs ?? payload.tool_input);
  const command = args.command;
  if (typeof command !== "string") throw new HookInputError(`"toolArgs.command" in the preToolUse payload must be a string, got ${command === undefined ? "nothing" : typeof command}`);
  const cwd = firstString(payload, ["cwd"]);
  return { kind: "shell", command, ...(cwd ? { cwd } : {}) };
}

export const copilot: HookAdapter = {
  name: "copilot",
  title: "GitHub Copilot CLI",
  canAsk: false,
  parse,
  render(v: Verdict): HookAnswer {
    switch (v.kind) {
      case "allow":
        return json({ permissionDecision: "allow" });
      // The reason is the only text Copilot takes with an allow.
      case "warn":
        return json({ permissionDecision: "allow", permissionDecisionReason: v.message });
      // Empty output keeps Copilot's default behaviour.
      case "pass":
        return { stdout: "", stderr: v.message ? `${v.message}\n` : "", exit: 0 };
      case "ask":
      case "deny":
        return deny(v.message);
      // Also on stderr, which Copilot logs, in case the failure is in how the answer is read.
      case "fail":
        return deny(v.message, `${v.message}\n`);
    }
  },
};
