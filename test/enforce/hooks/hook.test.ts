// `shellgate hook` as agents see it: decisions from the real rule packs, fail-closed answers, the command's env and cwd, audit records, the approval queue.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPkg, cleanEnv, cleanupTemps, FIXTURES, runCli, runCliAsync, tempDir, type Pkg, type Ran } from "./harness.js";

const POLICY = join(FIXTURES, "policy.yaml");
type Agent = "claude" | "cursor" | "gemini" | "codex" | "copilot";
const AGENTS: Agent[] = ["claude", "cursor", "gemini", "codex", "copilot"];

let pkg: Pkg;
let project: string;

beforeAll(async () => {
  pkg = await buildPkg();
  project = tempDir("sg-hook-project-");
}, 120_000);
afterAll(() => {
  pkg?.cleanup();
  cleanupTemps();
});

/** The payload each agent sends for a shell command. */
function payload(agent: Agent, command: string, cwd = project): string {
  switch (agent) {
    case "claude":
    case "codex":
      return JSON.stringify({ session_id: "s1", cwd, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command }, tool_use_id: "t1" });
    case "gemini":
      return JSON.stringify({ session_id: "s1", cwd, hook_event_name: "BeforeTool", tool_name: "run_shell_command", tool_input: { command } });
    case "cursor":
      return JSON.stringify({ conversation_id: "c1", hook_event_name: "beforeShellExecution", workspace_roots: [cwd], command, cwd });
    case "copilot":
      return JSON.stringify({ timestamp: 1, cwd, toolName: "bash", toolArgs: JSON.stringify({ command }) });
  }
}

/** The decision an answer carries, read the way each agent reads it. */
function verdict(agent: Agent, r: Ran): string {
  const out = r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
  switch (agent) {
    case "claude":
      if (r.status === 2) return "deny";
      return String((out.hookSpecificOutput as Record<string, unknown> | undefined)?.permissionDecision ?? "none");
    case "cursor":
      return r.status === 2 ? "deny" : String(out.permission ?? "none");
    case "gemini":
      return r.status === 2 ? "deny" : String(out.decision ?? "none");
    case "codex":
      return r.status === 2 ? "deny" : r.status === 0 ? "allow" : `exit ${r.status}`;
    case "copilot":
      return r.status === 0 ? String(out.permissionDecision ?? "none") : `exit ${r.status}`;
  }
}

function hook(agent: Agent, input: string, o: { home?: string; env?: Record<string, string>; args?: string[] } = {}): Ran {
  return runCli(pkg, ["hook", agent, ...(o.args ?? [])], { env: cleanEnv(o.home ?? tempDir("sg-hook-home-"), o.env), cwd: project, input });
}

function auditLog(home: string): Record<string, any>[] {
  const file = join(home, ".local/state/shellgate/audit.jsonl");
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l)) : [];
}

describe("decisions from the shipped rule packs, in each agent's words", () => {
  // The agents that cannot ask refuse instead (no approval queue is configured here).
  const table: [string, Record<Agent, string>][] = [
    ["ls -la", { claude: "allow", cursor: "allow", gemini: "allow", codex: "allow", copilot: "allow" }],
    ["$(cat cmd.txt) -rf x", { claude: "ask", cursor: "ask", gemini: "deny", codex: "deny", copilot: "deny" }],
    ["rm -rf /", { claude: "deny", cursor: "deny", gemini: "deny", codex: "deny", copilot: "deny" }],
    ["bash -c 'rm -rf /'", { claude: "deny", cursor: "deny", gemini: "deny", codex: "deny", copilot: "deny" }],
  ];
  for (const [command, want] of table)
    it.each(AGENTS)(`${command} → %s`, (agent) => {
      expect(verdict(agent, hook(agent, payload(agent, command)))).toBe(want[agent]);
    });
});

describe("fail closed: bad input is answered as a block", () => {
  const big = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: `echo ${"x".repeat(1024 * 1024)}` } });
  const inputs: [string, string][] = [
    ["empty stdin", ""],
    ["not JSON", "rm -rf / please"],
    ["a JSON array", "[1, 2]"],
    ["a JSON string", '"ls"'],
    ["truncated JSON", '{"tool_name": "Bash", "tool_input": {"command": "ls"'],
    ["more than 1 MiB", big],
  ];
  for (const [what, input] of inputs)
    it.each(AGENTS)(`${what} → %s blocks`, (agent) => {
      const r = hook(agent, input);
      expect(verdict(agent, r)).toBe("deny");
      expect(r.stderr).not.toBe("");
    });

  it("copilot: toolArgs that is not JSON → deny with exit 0 (Copilot ignores exit codes)", () => {
    const r = hook("copilot", JSON.stringify({ cwd: project, toolName: "bash", toolArgs: '{"command": "ls"' }));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).permissionDecision).toBe("deny");
  });

  it.each(AGENTS)("a bad flag after a known agent → %s blocks rather than failing open", (agent) => {
    expect(verdict(agent, hook(agent, payload(agent, "ls"), { args: ["--max-wait", "soon"] }))).toBe("deny");
  });

  it("an unknown agent is a usage error (exit 2)", () => {
    const u = runCli(pkg, ["hook", "vim"], { env: cleanEnv(tempDir("sg-hook-home-")), cwd: project, input: "{}" });
    expect(u.status).toBe(2);
  });

  it.each(AGENTS)("a policy file that does not load → %s blocks, and the audit log says error", (agent) => {
    const home = tempDir("sg-hook-home-");
    const r = hook(agent, payload(agent, "ls"), { home, args: ["--policy", join(project, "missing-policy.yaml")] });
    expect(verdict(agent, r)).toBe("deny");
    expect(auditLog(home).map((e) => [e.frontend, e.outcome, e.decision])).toEqual([[`hook:${agent}`, "error", "block"]]);
  });
});

describe("the command's context comes from the payload and the agent's environment", () => {
  it.each(AGENTS)("env: DEPLOY_ENV=production in the agent's environment decides (%s)", (agent) => {
    const env = { SHELLGATE_POLICY: POLICY };
    expect(verdict(agent, hook(agent, payload(agent, "make release"), { env }))).toBe("allow");
    expect(verdict(agent, hook(agent, payload(agent, "make release"), { env: { ...env, DEPLOY_ENV: "production" } }))).toBe("deny");
  });

  it.each([
    ["claude", "payload cwd", JSON.stringify({ cwd: "/srv/app", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls" } }), "/srv/app"],
    ["gemini", "directory relative to the project", JSON.stringify({ cwd: "/srv/app", hook_event_name: "BeforeTool", tool_name: "run_shell_command", tool_input: { command: "ls", directory: "web" } }), "/srv/app/web"],
    ["gemini", "absolute dir_path", JSON.stringify({ cwd: "/srv/app", hook_event_name: "BeforeTool", tool_name: "run_shell_command", tool_input: { command: "ls", dir_path: "/opt/x" } }), "/opt/x"],
    ["cursor", "empty cwd means the workspace root", JSON.stringify({ hook_event_name: "beforeShellExecution", workspace_roots: ["/srv/app"], command: "ls", cwd: "" }), "/srv/app"],
    ["copilot", "payload cwd", JSON.stringify({ cwd: "/srv/app", toolName: "bash", toolArgs: '{"command":"ls"}' }), "/srv/app"],
    ["codex", "no cwd: the hook's own directory", JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls" } }), "@project"],
  ] as const)("%s: %s → the audit record's cwd is %s", (agent, _what, input, cwd) => {
    const home = tempDir("sg-hook-home-");
    hook(agent, input, { home });
    expect(auditLog(home).map((e) => e.cwd)).toEqual([cwd === "@project" ? project : cwd]);
  });
});

describe("audit records", () => {
  it("one reported record per decision, with the hook front end, the agent and the ask channel", () => {
    const home = tempDir("sg-hook-home-");
    const env = { SHELLGATE_POLICY: POLICY };
    for (const c of ["ls -la", "make lint-fix", "make deploy-staging", "make nuke"]) hook("claude", payload("claude", c), { home, env });
    hook("claude", JSON.stringify({ cwd: project, hook_event_name: "PreToolUse", tool_name: "Read", tool_input: { file_path: "/etc/passwd" } }), { home, env });
    expect(auditLog(home).map((e) => [e.frontend, e.agent, e.command, e.decision, e.outcome, e.approval?.channel])).toEqual([
      ["hook:claude", "claude", "ls -la", "allow", "reported", undefined],
      ["hook:claude", "claude", "make lint-fix", "warn", "reported", undefined],
      ["hook:claude", "claude", "make deploy-staging", "ask", "reported", "agent-prompt"],
      ["hook:claude", "claude", "make nuke", "block", "reported", undefined],
    ]);
  });
});

describe("agents without an ask: shellgate's approval queue", () => {
  function requests(queue: string): string[] {
    const dir = join(queue, "requests");
    return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -5)) : [];
  }

  async function filed(queue: string): Promise<string> {
    for (let i = 0; i < 300; i++) {
      const [id] = requests(queue);
      if (id) return id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("no approval request was filed");
  }

  it("gemini: the request is approved through `shellgate approvals` → allow, with a message naming the approver", async () => {
    const home = tempDir("sg-hook-home-");
    const queue = join(tempDir("sg-hook-queue-"), "q");
    mkdirSync(queue);
    const env = cleanEnv(home, { SHELLGATE_POLICY: POLICY, SHELLGATE_QUEUE: queue, USER: "reviewer" });
    const done = runCliAsync(pkg, ["hook", "gemini"], { env, cwd: project, input: payload("gemini", "make deploy-staging") });
    const id = await filed(queue);
    expect(runCli(pkg, ["approvals", "approve", id, "--queue", queue], { env, cwd: project }).status).toBe(0);
    const r = await done;
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).decision).toBe("allow");
    expect(auditLog(home).filter((e) => e.frontend === "hook:gemini").map((e) => [e.outcome, e.approval?.channel, e.approval?.answer])).toEqual([
      ["reported", undefined, undefined],
      ["reported", "queue", "approve"],
    ]);
  });

  it("codex: a denied request → exit 2 with the approver's note", async () => {
    const queue = join(tempDir("sg-hook-queue-"), "q");
    mkdirSync(queue);
    const env = cleanEnv(tempDir("sg-hook-home-"), { SHELLGATE_POLICY: POLICY, SHELLGATE_QUEUE: queue });
    const done = runCliAsync(pkg, ["hook", "codex"], { env, cwd: project, input: payload("codex", "make deploy-staging") });
    const id = await filed(queue);
    expect(runCli(pkg, ["approvals", "deny", id, "--queue", queue, "--note", "not today"], { env, cwd: project }).status).toBe(0);
    const r = await done;
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(id);
  });

  it("copilot: nobody answers before --max-wait → deny", async () => {
    const queue = join(tempDir("sg-hook-queue-"), "q");
    mkdirSync(queue);
    const env = cleanEnv(tempDir("sg-hook-home-"), { SHELLGATE_POLICY: POLICY });
    const r = await runCliAsync(pkg, ["hook", "copilot", "--queue", queue, "--max-wait", "1"], { env, cwd: project, input: payload("copilot", "make deploy-staging") });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).permissionDecision).toBe("deny");
    expect(requests(queue)).toHaveLength(1);
  });
});
