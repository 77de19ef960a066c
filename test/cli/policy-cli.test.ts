// `shellgate policy init|validate|show|test` and `shellgate explain`, run in-process against files in a temp HOME and project.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { makeTree, type Tree } from "../policy/fixture.js";
import { runCli } from "./io.js";

let t: Tree;
beforeAll(() => {
  t = makeTree();
});
afterAll(() => t.cleanup());

const cli = (argv: string[], cwd = t.project, env: Record<string, string> = {}) => runCli(argv, { cwd, env: t.env(env) });

describe("policy init", () => {
  it("writes a starter that validates and passes its own tests", async () => {
    const dir = join(t.root, "init");
    t.write(join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
    const r = await cli(["policy", "init"], dir);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, ".shellgaterc.yaml"))).toBe(true);
    expect((await cli(["policy", "validate", ".shellgaterc.yaml"], dir)).code).toBe(0);
    const tests = await cli(["policy", "test", ".shellgaterc.yaml"], dir);
    expect(tests.stdout.trim().split("\n").at(-1)).toBe("2 passed, 0 failed");
    expect(tests.code).toBe(0);
  });

  it("refuses to overwrite without --force", async () => {
    const dir = join(t.root, "init");
    const r = await cli(["policy", "init"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("already exists");
    expect((await cli(["policy", "init", "--force"], dir)).code).toBe(0);
  });
});

describe("policy validate", () => {
  it("exits 0 for good files and presets, 1 with the located error for a broken one", async () => {
    const good = t.write(join(t.root, "v", "good.yaml"), "extends: strict\n");
    const bad = t.write(join(t.root, "v", "bad.yaml"), "mode: enforce\ndefaults:\n  high: deny\n");
    expect((await cli(["policy", "validate", good, "ci"])).code).toBe(0);
    const r = await cli(["policy", "validate", good, bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3: defaults.high`);
  });

  it("with no file validates every layer that applies here", async () => {
    t.write(join(t.project, ".shellgaterc.yaml"), "rules:\n  - { id: r, match: { finding: nope/none }, action: ask }\n");
    const r = await cli(["policy", "validate"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("invalid  .shellgaterc.yaml");
    expect(r.stderr).toContain(".shellgaterc.yaml:2: rules.0.match.finding");
    t.write(join(t.project, ".shellgaterc.yaml"), "interactive: false\n");
  });
});

describe("policy show", () => {
  it("lists each layer, each rule with its file and line, and the audit log", async () => {
    const user = t.write(join(t.home, ".config/shellgate/policy.yaml"), "extends: production-lockdown\nrules:\n  - id: team/no-curl\n    match: { program: curl }\n    action: ask\n");
    const r = await cli(["policy", "show", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { layers: { layer: string; source: string; tightenOnly: boolean; rules: { id: string; source: string; line?: number }[] }[]; audit: { log: { path: string } } };
    expect(j.layers.map((l) => [l.layer, l.source, l.tightenOnly])).toEqual([
      ["built-in", "preset:recommended", false],
      ["user", user, false],
      ["project", join(t.project, ".shellgaterc.yaml"), true],
    ]);
    expect(j.layers[1]!.rules.map((x) => [x.id, x.source, x.line])).toEqual([
      ["lockdown/production-change", "preset:production-lockdown", expect.any(Number)],
      ["team/no-curl", user, 3],
    ]);
    expect(j.audit.log.path).toBe(join(t.home, ".local/state/shellgate/audit.jsonl"));
    const text = await cli(["policy", "show"]);
    expect(text.stdout).toContain("team/no-curl → ask");
    expect(text.stdout).toContain("~/.config/shellgate/policy.yaml:3");
    t.write(join(t.home, ".config/shellgate/policy.yaml"), "");
  });
});

describe("policy test", () => {
  it("prints one PASS or FAIL line per case and a closing count; exits 1 on a failure", async () => {
    const file = t.write(
      join(t.root, "pt", "p.yaml"),
      "extends: ci\ntests:\n  - { command: 'git push --force origin feature/x', expect: block }\n  - { command: 'ls', expect: allow }\n  - { command: 'rm -rf src', expect: allow }\n",
    );
    const r = await cli(["policy", "test", file]);
    const lines = r.stdout.trim().split("\n");
    expect(lines.map((l) => l.split(" ")[0])).toEqual(["PASS", "PASS", "FAIL", "2"]);
    expect(lines[2]).toContain(`${file}:5`);
    expect(lines[2]).toContain("expected allow, got block");
    expect(lines.at(-1)).toBe("2 passed, 1 failed");
    expect(r.code).toBe(1);
  });

  it("a policy that does not load is a failure, with its errors", async () => {
    const file = t.write(join(t.root, "pt", "broken.yaml"), "mode: loud\n");
    const r = await cli(["policy", "test", file]);
    expect(r.stderr).toContain(`${file}:1: mode`);
    expect(r.stdout.trim().split("\n")).toEqual([`FAIL  ${file}: the policy does not load`, "0 passed, 1 failed"]);
    expect(r.code).toBe(1);
  });
});

describe("explain", () => {
  it("names the deciding rule, its file and line, its layer, and the findings", async () => {
    const project = t.write(join(t.project, ".shellgaterc.yaml"), "rules:\n  - id: no-force-push\n    match: { finding: git/force-push }\n    action: block\n    message: push a branch and open a pull request\n");
    const r = await cli(["explain", "--json", "--", "git push --force origin feature/x; ls"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      decision: string;
      findings: { id: string }[];
      reasons: { rule: string; source: string; layer: string; line: number; action: string }[];
      trace: { finding?: string; invocation: string; action: string; decidedBy?: { rule: string }; steps: { rule: string; effect: string }[] }[];
    };
    expect(j.decision).toBe("block");
    expect(j.findings.map((f) => f.id)).toEqual(["git/force-push"]);
    expect(j.reasons[0]).toMatchObject({ rule: "no-force-push", source: project, layer: "project", line: 2, action: "block" });
    expect(j.trace.map((u) => [u.finding, u.invocation, u.action, u.decidedBy?.rule])).toEqual([
      ["git/force-push", "git push --force origin feature/x", "block", "no-force-push"],
      [undefined, "ls", "allow", undefined],
    ]);
    expect(j.trace[0]!.steps.map((s) => [s.rule, s.effect])).toEqual([
      ["defaults/high", "overridden"],
      ["no-force-push", "raised"],
    ]);
    const text = await cli(["explain", "--", "git push --force origin feature/x"]);
    expect(text.stdout).toContain("no-force-push");
    expect(text.stdout).toContain("~/work/app/.shellgaterc.yaml:2");
  });

  it("with an invalid policy says so and exits 1", async () => {
    t.write(join(t.project, ".shellgaterc.yaml"), "mode: loud\n");
    const r = await cli(["explain", "--", "ls"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(".shellgaterc.yaml:1: mode");
    t.write(join(t.project, ".shellgaterc.yaml"), "interactive: false\n");
  });

  it("needs a command", async () => {
    expect((await cli(["explain"])).code).toBe(2);
  });
});
