// `shellgate install|uninstall` from the built CLI, installed under a path with a space: the hook it writes runs from any cwd.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "shell-quote";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPkg, cleanEnv, cleanupTemps, runCli, tempDir, type Pkg } from "../hooks/harness.js";

let pkg: Pkg;

beforeAll(async () => {
  pkg = await buildPkg("sg hook pkg-");
}, 120_000);
afterAll(() => {
  pkg?.cleanup();
  cleanupTemps();
});

function cli(args: string[], home: string, cwd = home) {
  return runCli(pkg, args, { env: cleanEnv(home), cwd });
}

describe("shellgate install / uninstall", () => {
  it("install claude writes a hook that the agent can run from any directory", () => {
    const home = tempDir("sg-cli-home-");
    const r = cli(["install", "claude"], home);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/installed the Claude Code hook in ~\/\.claude\/settings\.json/);
    const settings = JSON.parse(readFileSync(join(home, ".claude", "settings.json"), "utf8"));
    const command: string = settings.hooks.PreToolUse[0].hooks[0].command;
    expect(command).toBe(`'${pkg.bin}' hook claude`);

    // Run it the way the agent's shell would read it (split by shell rules, no shell), from somewhere else entirely.
    const argv = parse(command) as string[];
    const elsewhere = tempDir("sg-cli-elsewhere-");
    const payload = JSON.stringify({ cwd: elsewhere, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "rm -rf /" } });
    const hook = spawnSync(argv[0]!, argv.slice(1), { cwd: elsewhere, env: cleanEnv(home), input: payload, encoding: "utf8" });
    expect(hook.status).toBe(0);
    expect(JSON.parse(hook.stdout).hookSpecificOutput.permissionDecision).toBe("deny");

    const again = cli(["install", "claude"], home);
    expect([again.status, /already installed/.test(again.stdout)]).toEqual([0, true]);
  });

  it("--dry-run prints a diff and leaves the file alone; uninstall removes only shellgate's hook", () => {
    const home = tempDir("sg-cli-home-");
    mkdirSync(join(home, ".cursor"));
    const file = join(home, ".cursor", "hooks.json");
    const before = `${JSON.stringify({ version: 1, hooks: { beforeShellExecution: [{ command: "./audit.sh" }] } }, null, 2)}\n`;
    writeFileSync(file, before);
    const dry = cli(["install", "cursor", "--dry-run"], home);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^--- .*hooks\.json\n\+\+\+ /);
    expect(dry.stdout).toMatch(/nothing was written/);
    expect(readFileSync(file, "utf8")).toBe(before);

    expect(cli(["install", "cursor"], home).status).toBe(0);
    const hooks = JSON.parse(readFileSync(file, "utf8")).hooks.beforeShellExecution;
    expect(hooks.map((h: { failClosed?: boolean }) => h.failClosed)).toEqual([undefined, true]);
    const u = cli(["uninstall", "cursor"], home);
    expect([u.status, /removed the Cursor hook/.test(u.stdout)]).toEqual([0, true]);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("a settings file that is not JSON is refused with file:line:column and left as it was", () => {
    const home = tempDir("sg-cli-home-");
    mkdirSync(join(home, ".gemini"));
    const file = join(home, ".gemini", "settings.json");
    writeFileSync(file, '{\n  "theme": "GitHub",\n  "general": { vimMode: true }\n}\n');
    const r = cli(["install", "gemini"], home);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:3:16: not valid JSON`);
    expect(readFileSync(file, "utf8")).toBe('{\n  "theme": "GitHub",\n  "general": { vimMode: true }\n}\n');
  });

  it("--list --json shows detection and each scope's state", () => {
    const home = tempDir("sg-cli-home-");
    const project = tempDir("sg-cli-project-");
    mkdirSync(join(home, ".codex"));
    expect(cli(["install", "codex", "--project"], home, project).status).toBe(0);
    const r = cli(["install", "--list", "--json"], home, project);
    expect(r.status).toBe(0);
    const codex = JSON.parse(r.stdout).find((a: { agent: string }) => a.agent === "codex");
    expect(codex.found).toEqual([join(home, ".codex")]);
    expect(codex.hooks.map((h: { scope: string; state: string }) => [h.scope, h.state])).toEqual([
      ["user", "absent"],
      ["project", "installed"],
    ]);
  });

  it.each([
    [["install"], /name the agent/],
    [["install", "vim"], /unknown agent "vim"/],
    [["install", "claude", "--user", "--project"], /cannot be used together/],
    [["install", "claude", "codex"], /one agent at a time/],
    [["uninstall", "claude", "--queue", "/q"], /unknown option --queue/],
    [["install", "--list", "claude"], /--list takes only --json/],
  ])("usage error: %j", (args, message) => {
    const r = cli(args, tempDir("sg-cli-home-"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
