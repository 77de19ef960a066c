// Where each agent keeps its hooks and what shellgate's entry looks like there; sources are named on each spec.
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { UsageError } from "../../errors.js";
import { HOOK_TIMEOUT_SECONDS, type AgentName } from "../hooks/types.js";

export type Scope = "user" | "project";

/**
 * `grouped`: hooks[event] is a list of {matcher, hooks: [entry]} (Claude Code, Gemini CLI, Codex).
 * `flat`: hooks[event] is a list of entries, beside a top-level "version": 1 (Cursor, Copilot CLI).
 */
export type Shape = { kind: "grouped"; matcher: string } | { kind: "flat" };

export interface AgentSpec {
  name: AgentName;
  title: string;
  event: string;
  shape: Shape;
  /** The entry key holding the shell command (`bash` for Copilot). */
  commandKey: string;
  /** The entry shellgate writes, given the hook command. */
  entry(command: string): Record<string, unknown>;
  /** The settings file for a scope; `env` carries HOME and the agents' own home overrides. */
  file(scope: Scope, env: Record<string, string | undefined>, cwd: string): string;
  /** Whether the whole file is shellgate's own (Copilot reads every .github/hooks/*.json): removed when emptied. */
  ownFile: boolean;
  /** Config directories and programs that show the agent is on this machine. */
  detect(env: Record<string, string | undefined>): { dirs: string[]; programs: string[] };
  /** Settings in the document that stop the hook from running, said in words. */
  disabledBy?(doc: Record<string, unknown>): string | undefined;
  /** What the user still has to do after installing, if anything. */
  note?(scope: Scope): string | undefined;
}

export function homeOf(env: Record<string, string | undefined>): string {
  const home = env.HOME;
  if (!home || !isAbsolute(home)) throw new UsageError("HOME is not set to an absolute path, so the user's agent settings cannot be found");
  return home;
}

/** An override such as CODEX_HOME, when set to an absolute path. */
function dirFrom(env: Record<string, string | undefined>, key: string, fallback: () => string): string {
  const v = env[key];
  return v && isAbsolute(v) ? v : fallback();
}

/** The project an install with --project goes to: the enclosing git work tree, else the current directory. */
export function projectRoot(cwd: string): string {
  let d = cwd;
  for (;;) {
    if (existsSync(join(d, ".git"))) return d;
    const up = dirname(d);
    if (up === d) return cwd;
    d = up;
  }
}

const claudeDir = (env: Record<string, string | undefined>) => dirFrom(env, "CLAUDE_CONFIG_DIR", () => join(homeOf(env), ".claude"));
const codexDir = (env: Record<string, string | undefined>) => dirFrom(env, "CODEX_HOME", () => join(homeOf(env), ".codex"));
const copilotDir = (env: Record<string, string | undefined>) => dirFrom(env, "COPILOT_HOME", () => join(homeOf(env), ".copilot"));

const PROJECT_NOTE = "the project file holds this machine's absolute path to shellgate; teammates without shellgate at that path should install their own hook instead of committing this one";

/** Claude Code: hooks.PreToolUse[{matcher: "Bash", hooks: [{type, command, timeout}]}] in settings.json (code.claude.com/docs/en/hooks). */
const claude: AgentSpec = {
  name: "claude",
  title: "Claude Code",
  event: "PreToolUse",
  shape: { kind: "grouped", matcher: "Bash" },
  commandKey: "command",
  // onFailure "block" (Claude Code 2.1.295+) makes a hook that cannot start or times out block instead of letting the call run.
  entry: (command) => ({ type: "command", command, timeout: HOOK_TIMEOUT_SECONDS.claude, onFailure: "block" }),
  file: (scope, env, cwd) => (scope === "user" ? join(claudeDir(env), "settings.json") : join(projectRoot(cwd), ".claude", "settings.json")),
  ownFile: false,
  detect: (env) => ({ dirs: [claudeDir(env)], programs: ["claude"] }),
  disabledBy: (doc) => (doc.disableAllHooks === true ? '"disableAllHooks": true turns every hook off' : undefined),
  note: (scope) => (scope === "project" ? PROJECT_NOTE : undefined),
};

/** Cursor: {"version": 1, "hooks": {"beforeShellExecution": [{command, timeout, failClosed}]}} in hooks.json (cursor.com/docs/agent/hooks). */
const cursor: AgentSpec = {
  name: "cursor",
  title: "Cursor",
  event: "beforeShellExecution",
  shape: { kind: "flat" },
  commandKey: "command",
  // failClosed: a hook that crashes or times out blocks the command instead of letting it run.
  entry: (command) => ({ command, timeout: HOOK_TIMEOUT_SECONDS.cursor, failClosed: true }),
  file: (scope, env, cwd) => (scope === "user" ? join(homeOf(env), ".cursor", "hooks.json") : join(projectRoot(cwd), ".cursor", "hooks.json")),
  ownFile: false,
  detect: (env) => ({ dirs: [join(homeOf(env), ".cursor")], programs: ["cursor", "cursor-agent"] }),
  note: (scope) => (scope === "project" ? PROJECT_NOTE : undefined),
};

/** Gemini CLI: hooks.BeforeTool[{matcher: "run_shell_command", hooks: [{type, command, name, timeout (ms)}]}] in settings.json (gemini-cli docs/hooks/reference.md). */
const gemini: AgentSpec = {
  name: "gemini",
  title: "Gemini CLI",
  event: "BeforeTool",
  shape: { kind: "grouped", matcher: "run_shell_command" },
  commandKey: "command",
  entry: (command) => ({ type: "command", command, name: "shellgate", description: "shellgate checks each shell command before it runs", timeout: HOOK_TIMEOUT_SECONDS.gemini * 1000 }),
  file: (scope, env, cwd) => (scope === "user" ? join(homeOf(env), ".gemini", "settings.json") : join(projectRoot(cwd), ".gemini", "settings.json")),
  ownFile: false,
  detect: (env) => ({ dirs: [join(homeOf(env), ".gemini")], programs: ["gemini"] }),
  disabledBy: (doc) => {
    const hc = doc.hooksConfig as { enabled?: unknown } | undefined;
    return hc && typeof hc === "object" && hc.enabled === false ? '"hooksConfig": {"enabled": false} turns every hook off' : undefined;
  },
  note: (scope) => (scope === "project" ? PROJECT_NOTE : undefined),
};

/** Codex CLI: hooks.PreToolUse[{matcher: "Bash", hooks: [{type, command, timeout (s)}]}] in hooks.json (developers.openai.com/codex/hooks). */
const codex: AgentSpec = {
  name: "codex",
  title: "Codex CLI",
  event: "PreToolUse",
  shape: { kind: "grouped", matcher: "Bash" },
  commandKey: "command",
  entry: (command) => ({ type: "command", command, timeout: HOOK_TIMEOUT_SECONDS.codex }),
  file: (scope, env, cwd) => (scope === "user" ? join(codexDir(env), "hooks.json") : join(projectRoot(cwd), ".codex", "hooks.json")),
  ownFile: false,
  detect: (env) => ({ dirs: [codexDir(env)], programs: ["codex"] }),
  // Codex runs a new or changed hook only after the user reviews and trusts it, and project hooks only in trusted projects.
  note: (scope) =>
    `Codex runs new or changed hooks only once you trust them: open /hooks in Codex and trust shellgate's PreToolUse hook${scope === "project" ? "; project hooks also need the project itself to be trusted" : ""}`,
};

/** Copilot CLI: {"version": 1, "hooks": {"preToolUse": [{type, bash, timeoutSec}]}} in .github/hooks/*.json or ~/.copilot/hooks/ (github/docs cli-hooks-reference). */
const copilot: AgentSpec = {
  name: "copilot",
  title: "GitHub Copilot CLI",
  event: "preToolUse",
  shape: { kind: "flat" },
  commandKey: "bash",
  entry: (command) => ({ type: "command", bash: command, timeoutSec: HOOK_TIMEOUT_SECONDS.copilot }),
  file: (scope, env, cwd) => (scope === "user" ? join(copilotDir(env), "hooks", "shellgate.json") : join(projectRoot(cwd), ".github", "hooks", "shellgate.json")),
  ownFile: true,
  detect: (env) => ({ dirs: [copilotDir(env)], programs: ["copilot"] }),
  note: (scope) => (scope === "project" ? `${PROJECT_NOTE}; the Copilot coding agent on GitHub reads .github/hooks too and has no shellgate there` : undefined),
};

export const SPECS: Record<AgentName, AgentSpec> = { claude, cursor, gemini, codex, copilot };

/** The first directory on PATH holding an executable named `program`. */
export function onPath(program: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env.PATH ?? "").split(":")) {
    if (!dir) continue;
    const p = join(dir, program);
    try {
      const s = statSync(p);
      if (s.isFile() && s.mode & 0o111) return p;
    } catch {
      // Not here.
    }
  }
  return undefined;
}
