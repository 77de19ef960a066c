// Cursor beforeShellExecution hook: top-level command and cwd in, {"permission": allow|deny|ask} with messages out.
//
// Contract (Cursor hooks docs, cursor.com/docs/agent/hooks, as summarised by the docs search and the cursor-hooks types):
// - stdin: conversation_id, generation_id, model, hook_event_name "beforeShellExecution", cursor_version,
//   workspace_roots, user_email, transcript_path, plus command and cwd at the top level (not under tool_input).
//   Older builds and some tools spell fields in camelCase (hookEventName, workspaceRoots); both are accepted.
// - stdout: { permission: "allow" | "deny" | "ask", user_message, agent_message }. Current Cursor reads the
//   snake_case message fields, so those are what is written.
// - exit 2 blocks like a deny; other failures let the command through unless the hook is marked failClosed, so a
//   failure here writes a deny and exits 2 (the installer also sets failClosed: true).
import { firstString } from "./input.js";
import { HookInputError, type HookAdapter, type HookAnswer, type HookRequest, type Verdict } from "./types.js";

const json = (o: unknown, exit = 0, stderr = ""): HookAnswer => ({ stdout: `${JSON.stringify(o)}\n`, stderr, exit });
function parse(payload: Record<string, unknown>): HookRequest {
  const event = firstString(payload, ["hook_event_name", "hookEventName"]);
  if (event !== undefined && event !== "beforeShellExecution") return { kind: "pass", why: `event ${event} is not beforeShellExecution` };
  const command = payload.command;
  if (typeof command !== "string") throw new HookInputError(`"command" in the beforeShellExecution payload must be a string, got ${command === undefined ? "nothing" : typeof command}`);
  const cwd = firstString(payload, ["cwd"]);
  const roots = payload.workspace_roots ?? payload.workspaceRoots;
  const root = Array.isArray(roots) && typeof roots[0] === "string" ? roots[0] : undefined;
  // An empty cwd means the workspace root, where Cursor's terminal starts.
  const dir = cwd || root;
  return { kind: "shell", command, ...(dir ? { cwd: dir } : {}) };
}

const told = (permission: "allow" | "deny" | "ask", message: string) => ({ permission, user_message: message, agent_message: message });

export const cursor: HookAdapter = {
  name: "cursor",
  title: "Cursor",
  canAsk: true,
  parse,
  render(v: Verdict): HookAnswer {
    switch (v.kind) {
      case "allow":
        return json({ permission: "allow" });
      case "warn":
        return json(told("allow", v.message));
      case "ask":
        return json(told("ask", v.message));
      case "deny":
        return json(told("deny", v.message));
      // An empty object is a valid answer that leaves the decision to Cursor (invalid JSON would count as a block).
      case "pass":
        return json(v.message ? { user_message: v.message } : {});
      case "fail":
        return json(told("deny", v.message), 2, `${v.message}\n`);
    }
  },
};
