// The adapters in-process: which payloads are shell commands, which pass through, which are malformed, and how runHook fails closed.
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { ADAPTERS, HookInputError, readPayload, runHook, type AgentName, type HookRequest } from "../../../src/enforce/hooks/index.js";
import type { Decision } from "../../../src/types.js";
import { cleanupTemps, tempDir } from "./harness.js";

afterAll(cleanupTemps);

const parse = (agent: AgentName, payload: unknown): HookRequest => ADAPTERS[agent].parse(payload as Record<string, unknown>);

describe("parse: shell commands, and where they run", () => {
  const table: [AgentName, unknown, HookRequest][] = [
    ["claude", { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "git status" }, cwd: "/p" }, { kind: "shell", command: "git status", cwd: "/p" }],
    ["claude", { tool_name: "Bash", tool_input: { command: "ls", run_in_background: true } }, { kind: "shell", command: "ls" }],
    ["codex", { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "cargo test" }, cwd: "/r" }, { kind: "shell", command: "cargo test", cwd: "/r" }],
    ["gemini", { hook_event_name: "BeforeTool", tool_name: "run_shell_command", tool_input: { command: "npm test", directory: "web" }, cwd: "/p" }, { kind: "shell", command: "npm test", cwd: "web", base: "/p" }],
    ["gemini", { hook_event_name: "BeforeTool", tool_name: "run_shell_command", tool_input: { command: "ls", dir_path: "/x" }, cwd: "/p" }, { kind: "shell", command: "ls", cwd: "/x", base: "/p" }],
    ["gemini", { hook_event_name: "BeforeTool", tool_name: "run_shell_command", tool_input: { command: "ls" }, cwd: "/p" }, { kind: "shell", command: "ls", cwd: "/p", base: "/p" }],
    ["cursor", { hook_event_name: "beforeShellExecution", command: "make", cwd: "/w" }, { kind: "shell", command: "make", cwd: "/w" }],
    ["cursor", { hookEventName: "beforeShellExecution", command: "make", cwd: "", workspaceRoots: ["/root1"] }, { kind: "shell", command: "make", cwd: "/root1" }],
    ["cursor", { command: "make", workspace_roots: ["/w1", "/w2"] }, { kind: "shell", command: "make", cwd: "/w1" }],
    ["copilot", { toolName: "bash", toolArgs: '{"command":"rm -rf dist","description":"Clean"}', cwd: "/p" }, { kind: "shell", command: "rm -rf dist", cwd: "/p" }],
    ["copilot", { toolName: "powershell", toolArgs: { command: "Remove-Item -Recurse dist" }, cwd: "/p" }, { kind: "shell", command: "Remove-Item -Recurse dist", cwd: "/p" }],
    ["copilot", { hook_event_name: "PreToolUse", tool_name: "bash", tool_input: { command: "ls" }, cwd: "/p" }, { kind: "shell", command: "ls", cwd: "/p" }],
  ];
  it.each(table)("%s %j", (agent, payload, want) => expect(parse(agent, payload)).toEqual(want));
});

describe("parse: other tools and events pass through", () => {
  const table: [AgentName, unknown][] = [
    ["claude", { hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: { file_path: "/x" } }],
    ["claude", { hook_event_name: "PostToolUse", tool_name: "Bash", tool_input: { command: "rm -rf /" } }],
    ["claude", { hook_event_name: "PreToolUse", tool_name: "mcp__github__delete_repo", tool_input: {} }],
    ["codex", { hook_event_name: "PreToolUse", tool_name: "apply_patch", tool_input: { command: "*** Begin Patch" } }],
    ["gemini", { hook_event_name: "BeforeTool", tool_name: "write_file", tool_input: { file_path: "a" } }],
    ["gemini", { hook_event_name: "AfterTool", tool_name: "run_shell_command", tool_input: { command: "ls" } }],
    ["cursor", { hook_event_name: "beforeMCPExecution", tool_name: "q", command: "npx server" }],
    ["cursor", { hook_event_name: "beforeReadFile", file_path: "/etc/passwd" }],
    ["copilot", { toolName: "edit", toolArgs: '{"path":"a"}' }],
    ["copilot", { toolName: "view", toolArgs: "not even json" }],
  ];
  it.each(table)("%s %j", (agent, payload) => expect(parse(agent, payload).kind).toBe("pass"));
});

describe("parse: malformed payloads are errors (answered as a block)", () => {
  const table: [AgentName, unknown][] = [
    ["claude", { hook_event_name: "PreToolUse", tool_input: { command: "ls" } }],
    ["claude", { tool_name: "Bash" }],
    ["claude", { tool_name: "Bash", tool_input: "ls" }],
    ["claude", { tool_name: "Bash", tool_input: { command: 42 } }],
    ["claude", { tool_name: 7, tool_input: { command: "ls" } }],
    ["codex", { tool_name: "Bash", tool_input: { command: ["bash", "-lc", "ls"] } }],
    ["gemini", { hook_event_name: "BeforeTool", tool_name: "run_shell_command", tool_input: { command: "ls", directory: 3 } }],
    ["gemini", { hook_event_name: "BeforeTool", tool_input: { command: "ls" } }],
    ["cursor", { hook_event_name: "beforeShellExecution", cwd: "/w" }],
    ["cursor", { hook_event_name: "beforeShellExecution", command: ["ls"] }],
    ["copilot", { toolArgs: '{"command":"ls"}' }],
    ["copilot", { toolName: "bash", toolArgs: '{"command":' }],
    ["copilot", { toolName: "bash", toolArgs: "[1]" }],
    ["copilot", { toolName: "bash", toolArgs: '{"cmd":"ls"}' }],
  ];
  it.each(table)("%s %j", (agent, payload) => expect(() => parse(agent, payload)).toThrow(HookInputError));
});

describe("render: exit codes per agent", () => {
  const kinds = ["allow", "warn", "ask", "deny", "pass", "fail"] as const;
  // The exit code each agent reads as the intended outcome (2 blocks in every agent but Copilot, which ignores exit codes).
  const exits: Record<AgentName, Record<(typeof kinds)[number], number>> = {
    claude: { allow: 0, warn: 0, ask: 0, deny: 0, pass: 0, fail: 2 },
    cursor: { allow: 0, warn: 0, ask: 0, deny: 0, pass: 0, fail: 2 },
    gemini: { allow: 0, warn: 0, ask: 0, deny: 0, pass: 0, fail: 2 },
    codex: { allow: 0, warn: 0, ask: 2, deny: 2, pass: 0, fail: 2 },
    copilot: { allow: 0, warn: 0, ask: 0, deny: 0, pass: 0, fail: 0 },
  };
  for (const agent of Object.keys(exits) as AgentName[])
    it.each(kinds)(`${agent} %s`, (kind) => {
      const a = ADAPTERS[agent].render(kind === "allow" ? { kind } : { kind, message: "m" });
      expect(a.exit).toBe(exits[agent][kind]);
      // stdout is empty or exactly one JSON document.
      if (a.stdout) expect(() => JSON.parse(a.stdout)).not.toThrow();
      if (a.exit === 2) expect(a.stderr).not.toBe("");
    });
});

describe("runHook fails closed", () => {
  const env = () => ({ HOME: tempDir("sg-hook-home-") });
  const decision = (over: Partial<Decision>): Decision => ({ action: "allow", command: "ls", reasons: [], findings: [], errors: [], invocations: [], mode: "enforce", ...over });
  const payload = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls" }, cwd: "/tmp" });

  it("guard throwing → claude exit 2 with the error on stderr", async () => {
    const a = await runHook(ADAPTERS.claude, payload, { env: env(), cwd: "/tmp", stderr: process.stderr, guard: () => Promise.reject(new Error("boom")) });
    expect([a.exit, a.stdout]).toEqual([2, ""]);
    expect(a.stderr).toContain("boom");
  });

  it("a decision carrying errors → codex exit 2, never an allow", async () => {
    const a = await runHook(ADAPTERS.codex, payload, { env: env(), cwd: "/tmp", stderr: process.stderr, guard: async () => ({ decision: decision({ action: "block", errors: ["policy error: x"] }) }) });
    expect(a.exit).toBe(2);
  });

  it("audit mode → no opinion, with the would-be decision shown", async () => {
    const a = await runHook(ADAPTERS.claude, payload, {
      env: env(),
      cwd: "/tmp",
      stderr: process.stderr,
      guard: async () => ({ decision: decision({ action: "block", mode: "audit", reasons: [{ rule: "r/x", source: "p", action: "block", findings: [], message: "nope" }] }) }),
    });
    expect(a.exit).toBe(0);
    expect(Object.keys(JSON.parse(a.stdout))).toEqual(["systemMessage"]);
  });

  it("readPayload: a terminal, an oversized stream and a stalled stream are errors", async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    await expect(readPayload(tty)).rejects.toThrow(HookInputError);
    await expect(readPayload(Readable.from([Buffer.alloc(2048)]), { maxBytes: 1024 })).rejects.toThrow(/larger than 1024 bytes/);
    await expect(readPayload(new Readable({ read() {} }), { deadlineMs: 50 })).rejects.toThrow(/within/);
    await expect(readPayload(Readable.from([Buffer.from('{"a":'), Buffer.from("1}")]))).resolves.toBe('{"a":1}');
  });
});
