// install/uninstall round trips on a temp HOME: other settings survive, twice changes nothing, backups exist, invalid JSON is refused.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AGENTS, type AgentName } from "../../../src/enforce/hooks/index.js";
import { hookCommand, installHook, isShellgateHook, listAgents, SPECS, uninstallHook, unifiedDiff, type Scope } from "../../../src/enforce/install/index.js";
import { ShellgateError } from "../../../src/errors.js";
import { cleanupTemps, tempDir } from "../hooks/harness.js";

afterAll(cleanupTemps);

/** A bin path with a space, so every test also checks the quoting. */
function world() {
  const home = tempDir("sg-install-home-");
  const project = join(tempDir("sg-install-project-"), "my app");
  mkdirSync(join(project, ".git"), { recursive: true });
  const bin = join(tempDir("sg-install-pkg-"), "shell gate", "bin", "shellgate");
  mkdirSync(dirname(bin), { recursive: true });
  writeFileSync(bin, "#!/bin/sh\n", { mode: 0o755 });
  return { home, project, bin, env: { HOME: home } as Record<string, string> };
}

type World = ReturnType<typeof world>;
const opts = (w: World, agent: AgentName, scope: Scope = "user", extra: object = {}) => ({ agent, scope, env: w.env, cwd: w.project, bin: w.bin, ...extra });
const read = (f: string) => JSON.parse(readFileSync(f, "utf8")) as Record<string, any>;
const backups = (f: string) => readdirSync(dirname(f)).filter((n) => n.endsWith(".shellgate.bak"));

/** Settings a user already has: other keys, other hooks on the same event, and hooks on other events. */
const EXISTING: Record<AgentName, object> = {
  claude: {
    model: "opus",
    permissions: { allow: ["Bash(npm test)"], deny: ["Read(./.env)"] },
    hooks: {
      PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "~/bin/audit-bash.sh" }] }],
      PostToolUse: [{ matcher: "Edit|Write", hooks: [{ type: "command", command: "prettier --write" }] }],
    },
  },
  cursor: { version: 1, hooks: { beforeShellExecution: [{ command: "./hooks/log.sh" }], afterFileEdit: [{ command: "./hooks/format.sh" }] } },
  gemini: { theme: "GitHub", general: { vimMode: true }, hooks: { BeforeTool: [{ matcher: "write_file", hooks: [{ type: "command", command: "check-write" }] }] } },
  codex: { hooks: { SessionStart: [{ matcher: "startup", hooks: [{ type: "command", command: "echo hi" }] }] } },
  copilot: { version: 1, hooks: { sessionStart: [{ type: "command", bash: "echo start" }] } },
};

describe.each(AGENTS)("%s: install and uninstall round trip", (agent) => {
  it("keeps existing settings, is idempotent, backs up, and uninstall restores the document", () => {
    const w = world();
    const file = SPECS[agent].file("user", w.env, w.project);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(EXISTING[agent], null, 2)}\n`);

    const first = installHook(opts(w, agent));
    expect(first.action).toBe("installed");
    expect(backups(file)).toHaveLength(1);
    expect(JSON.parse(readFileSync(first.backup!, "utf8"))).toEqual(EXISTING[agent]);
    const after = read(file);
    // Everything that was there is still there.
    for (const [k, v] of Object.entries(EXISTING[agent])) if (k !== "hooks") expect(after[k]).toEqual(v);
    for (const [event, list] of Object.entries((EXISTING[agent] as { hooks: Record<string, unknown[]> }).hooks))
      expect(after.hooks[event].slice(0, list.length)).toEqual(list);

    const again = installHook(opts(w, agent));
    expect([again.action, again.diff]).toEqual(["unchanged", ""]);
    expect(backups(file)).toHaveLength(1);

    const gone = uninstallHook(opts(w, agent));
    expect(gone.action).toBe("removed");
    expect(read(file)).toEqual(EXISTING[agent]);
    expect(uninstallHook(opts(w, agent)).action).toBe("absent");
  });

  it("installs into a missing file, in the agent's own shape, with a command that names bin/shellgate absolutely", () => {
    const w = world();
    const r = installHook(opts(w, agent, "project"));
    expect(r.action).toBe("installed");
    const doc = read(r.file);
    const spec = SPECS[agent];
    const list = doc.hooks[spec.event] as any[];
    const entry = spec.shape.kind === "grouped" ? list[0].hooks[0] : list[0];
    if (spec.shape.kind === "grouped") expect(list[0].matcher).toBe(spec.shape.matcher);
    else expect(doc.version).toBe(1);
    expect(entry[spec.commandKey]).toBe(`'${w.bin}' hook ${agent}`);
    expect(isShellgateHook(entry[spec.commandKey], agent)).toBe(true);
  });
});

describe("where each agent's file is", () => {
  const table: [AgentName, Scope, Record<string, string>, string][] = [
    ["claude", "user", {}, "~/.claude/settings.json"],
    ["claude", "user", { CLAUDE_CONFIG_DIR: "/cfg/claude" }, "/cfg/claude/settings.json"],
    ["claude", "project", {}, "@/.claude/settings.json"],
    ["cursor", "user", {}, "~/.cursor/hooks.json"],
    ["cursor", "project", {}, "@/.cursor/hooks.json"],
    ["gemini", "user", {}, "~/.gemini/settings.json"],
    ["gemini", "project", {}, "@/.gemini/settings.json"],
    ["codex", "user", {}, "~/.codex/hooks.json"],
    ["codex", "user", { CODEX_HOME: "/cfg/codex" }, "/cfg/codex/hooks.json"],
    ["codex", "project", {}, "@/.codex/hooks.json"],
    ["copilot", "user", {}, "~/.copilot/hooks/shellgate.json"],
    ["copilot", "user", { COPILOT_HOME: "/cfg/copilot" }, "/cfg/copilot/hooks/shellgate.json"],
    ["copilot", "project", {}, "@/.github/hooks/shellgate.json"],
  ];
  it.each(table)("%s --%s %j → %s", (agent, scope, extra, want) => {
    const w = world();
    // --project finds the git work tree from a subdirectory.
    const sub = join(w.project, "src", "deep");
    mkdirSync(sub, { recursive: true });
    const got = SPECS[agent].file(scope, { ...w.env, ...extra }, sub);
    expect(got).toBe(want.replace(/^~/, w.home).replace(/^@/, w.project));
  });
});

describe("merging with what is there", () => {
  it("an outdated shellgate entry (another path, old settings) is replaced where it stands, duplicates removed", () => {
    const w = world();
    const file = join(w.home, ".claude", "settings.json");
    mkdirSync(dirname(file), { recursive: true });
    const old = { type: "command", command: "/old/place/bin/shellgate hook claude" };
    writeFileSync(
      file,
      JSON.stringify({
        hooks: {
          PreToolUse: [
            { matcher: "Bash", hooks: [{ type: "command", command: "first" }, old, { type: "command", command: "last" }] },
            { matcher: "Bash", hooks: [{ type: "command", command: "npx shellgate hook claude" }] },
          ],
        },
      }),
    );
    expect(installHook(opts(w, "claude")).action).toBe("updated");
    const groups = read(file).hooks.PreToolUse;
    expect(groups).toHaveLength(1);
    expect(groups[0].hooks.map((h: any) => h.command)).toEqual(["first", `'${w.bin}' hook claude`, "last"]);
  });

  it("other agents' shellgate hooks and look-alikes are not ours", () => {
    expect(isShellgateHook("/opt/shellgate/bin/shellgate hook claude", "claude")).toBe(true);
    expect(isShellgateHook("'/a b/shellgate' hook claude --queue /q", "claude")).toBe(true);
    expect(isShellgateHook("npx shellgate hook claude", "claude")).toBe(true);
    expect(isShellgateHook("/opt/shellgate/bin/shellgate hook codex", "claude")).toBe(false);
    expect(isShellgateHook("/usr/bin/notshellgate hook claude", "claude")).toBe(false);
    expect(isShellgateHook("shellgate hook claudette", "claude")).toBe(false);
  });

  it("--queue is passed on to the hook, as an absolute path", () => {
    const w = world();
    expect(hookCommand("gemini", { bin: "/opt/sg/bin/shellgate", queue: "/var/q" })).toBe("/opt/sg/bin/shellgate hook gemini --queue /var/q");
    const r = installHook(opts(w, "gemini", "user", { queue: "/var/lib/shellgate queue" }));
    expect(r.command).toBe(`'${w.bin}' hook gemini --queue '/var/lib/shellgate queue'`);
  });

  it("keeps the file's indentation", () => {
    const w = world();
    const file = join(w.home, ".gemini", "settings.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{\n\t"theme": "Dracula"\n}\n');
    installHook(opts(w, "gemini"));
    expect(readFileSync(file, "utf8")).toMatch(/^\{\n\t"theme": "Dracula",\n\t"hooks": \{\n\t\t"BeforeTool"/);
  });

  it("writes through a symlinked settings file, keeping the link", () => {
    const w = world();
    const real = join(tempDir("sg-dotfiles-"), "claude-settings.json");
    writeFileSync(real, '{"model": "sonnet"}\n');
    mkdirSync(join(w.home, ".claude"));
    const link = join(w.home, ".claude", "settings.json");
    symlinkSync(real, link);
    installHook(opts(w, "claude"));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(read(real).model).toBe("sonnet");
    expect(read(real).hooks.PreToolUse).toHaveLength(1);
  });

  it("copilot: the file that held only shellgate's hook is deleted on uninstall", () => {
    const w = world();
    const r = installHook(opts(w, "copilot", "project"));
    expect(existsSync(r.file)).toBe(true);
    const u = uninstallHook(opts(w, "copilot", "project"));
    expect([u.action, u.deleted, existsSync(r.file)]).toEqual(["removed", true, false]);
    expect(backups(r.file)).toHaveLength(1);
  });

  it("warns when the agent's settings turn hooks off", () => {
    const w = world();
    const file = join(w.home, ".claude", "settings.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"disableAllHooks": true}');
    expect(installHook(opts(w, "claude")).warnings.join()).toMatch(/disableAllHooks/);
    const g = join(w.home, ".gemini", "settings.json");
    mkdirSync(dirname(g), { recursive: true });
    writeFileSync(g, '{"hooksConfig": {"enabled": false}}');
    expect(installHook(opts(w, "gemini")).warnings.join()).toMatch(/hooksConfig/);
  });
});

describe("files shellgate will not rewrite", () => {
  const bad: [string, string, RegExp][] = [
    ["a trailing comma", '{\n  "model": "opus",\n}\n', /settings\.json:3:1: not valid JSON/],
    ["comments", '{\n  // my settings\n  "model": "opus"\n}\n', /settings\.json:2:3: not valid JSON \(it seems to hold comments/],
    ["truncated", '{"hooks": {"PreToolUse": [', /settings\.json:1:27: not valid JSON/],
    ["an array", "[]", /must be a JSON object/],
    ["hooks that is a list", '{"hooks": []}', /"hooks" must be an object/],
    ["an event that is an object", '{"hooks": {"PreToolUse": {}}}', /"hooks\.PreToolUse" must be a list/],
  ];
  it.each(bad)("%s: refused with the file and position, left byte for byte as it was", (_what, text, message) => {
    const w = world();
    const file = join(w.home, ".claude", "settings.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    expect(() => installHook(opts(w, "claude"))).toThrow(message);
    expect(() => installHook(opts(w, "claude"))).toThrow(ShellgateError);
    expect(readFileSync(file, "utf8")).toBe(text);
    expect(backups(file)).toEqual([]);
  });
});

describe("--dry-run", () => {
  it("prints the diff and writes nothing", () => {
    const w = world();
    const file = join(w.home, ".codex", "hooks.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{\n  "hooks": {}\n}\n');
    const r = installHook(opts(w, "codex", "user", { dryRun: true }));
    expect(r.diff).toMatch(/^--- .*hooks\.json\n\+\+\+ .*\n@@ -1,3 \+1,16 @@\n \{\n- {2}"hooks": \{\}\n\+ {2}"hooks": \{\n/);
    expect(readFileSync(file, "utf8")).toBe('{\n  "hooks": {}\n}\n');
    expect(backups(file)).toEqual([]);
    expect(uninstallHook(opts(w, "codex", "user", { dryRun: true })).action).toBe("absent");
  });

  it("unifiedDiff: hunks with context, nothing for equal texts", () => {
    const a = Array.from({ length: 14 }, (_, i) => `${i + 1}\n`).join("");
    const b = a.replace("4\n", "four\n") + "fifteen\n";
    expect(unifiedDiff(a, b, "a", "b")).toBe("--- a\n+++ b\n@@ -1,7 +1,7 @@\n 1\n 2\n 3\n-4\n+four\n 5\n 6\n 7\n@@ -12,3 +12,4 @@\n 12\n 13\n 14\n+fifteen\n");
    expect(unifiedDiff(a, a, "a", "b")).toBe("");
  });
});

describe("install --list", () => {
  it("finds agents by config directory and by program on PATH, and reports each scope", () => {
    const w = world();
    mkdirSync(join(w.home, ".gemini"));
    const pathDir = tempDir("sg-path-");
    writeFileSync(join(pathDir, "codex"), "#!/bin/sh\n", { mode: 0o755 });
    writeFileSync(join(pathDir, "claude"), "not executable\n", { mode: 0o644 });
    const env = { ...w.env, PATH: pathDir };
    installHook({ ...opts(w, "gemini"), env });
    installHook({ ...opts(w, "codex", "project"), env, bin: "/gone/bin/shellgate" });
    const all = listAgents(env, realpathSync(w.project));
    const by = Object.fromEntries(all.map((a) => [a.agent, a]));
    expect(all.map((a) => [a.agent, a.found.length > 0])).toEqual([
      ["claude", false],
      ["cursor", false],
      ["gemini", true],
      ["codex", true],
      ["copilot", false],
    ]);
    expect(by.gemini!.hooks.map((h) => [h.scope, h.state])).toEqual([
      ["user", "installed"],
      ["project", "absent"],
    ]);
    expect(by.codex!.hooks.map((h) => [h.scope, h.state])).toEqual([
      ["user", "absent"],
      ["project", "stale"],
    ]);
    mkdirSync(join(w.home, ".cursor"));
    writeFileSync(SPECS.cursor.file("user", env, w.project), "{oops");
    expect(listAgents(env, w.project).find((a) => a.agent === "cursor")!.hooks[0]!.state).toBe("unreadable");
  });
});
