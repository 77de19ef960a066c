// Policy layers: where each file is found, and how system, user, project and command line combine (lock, trust, precedence).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { defaultPolicy } from "../../src/policy/index.js";
import { decidedBy, makeTree, type Tree } from "./fixture.js";

let t: Tree;
beforeEach(() => {
  t = makeTree();
});
afterEach(() => t.cleanup());

const FORCE_PUSH = "git push --force origin feature/x";
const userFile = () => join(t.home, ".config/shellgate/policy.yaml");
const projectFile = () => join(t.project, ".shellgaterc.yaml");

const allowForcePush = (id = "allow-force-push") => `rules:\n  - id: ${id}\n    match: { finding: git/force-push }\n    action: allow\n`;
const blockForcePush = (id = "block-force-push") => `rules:\n  - id: ${id}\n    match: { finding: git/force-push }\n    action: block\n`;

describe("discovery", () => {
  it("no policy file anywhere gives the recommended preset without loading any file", async () => {
    const p = await t.load();
    expect(p).toBe(defaultPolicy());
    expect(p.sources).toEqual(["preset:recommended"]);
  });

  const projectPlaces: [string, string][] = [
    [".shellgaterc", "mode: audit\n"],
    [".shellgaterc.json", '{"interactive": false}\n'],
    [".shellgaterc.yaml", "interactive: false\n"],
    [".shellgaterc.yml", "interactive: false\n"],
    [".config/shellgaterc.yaml", "interactive: false\n"],
    ["shellgate.config.yaml", "interactive: false\n"],
    ["shellgate.config.json", '{"interactive": false}\n'],
    ["package.json", '{"name": "app", "shellgate": {"interactive": false}}\n'],
  ];
  for (const [place, text] of projectPlaces) {
    it(`finds the project file ${place} from a subdirectory`, async () => {
      const file = t.write(join(t.project, place), text);
      const p = await t.load({ cwd: join(t.project, "src") });
      expect(p.errors).toEqual([]);
      expect(p.layers?.map((l) => [l.layer, l.source])).toEqual([
        ["built-in", "preset:recommended"],
        ["project", file],
      ]);
    });
  }

  it("a package.json without a shellgate key is not a policy", async () => {
    t.write(join(t.project, "package.json"), '{"name": "app", "dependencies": {"shellgate": "1"}}\n');
    expect((await t.load()).layers?.map((l) => l.layer)).toEqual(["built-in"]);
  });

  it("the nearest directory wins", async () => {
    t.write(join(t.home, "work", ".shellgaterc.yaml"), "interactive: false\n");
    const near = t.write(projectFile(), "interactive: false\n");
    expect((await t.load()).layers?.at(-1)?.source).toBe(near);
  });

  it("the search stops at HOME when the command runs inside it", async () => {
    t.write(join(t.root, ".shellgaterc.yaml"), "interactive: false\n");
    expect((await t.load()).layers?.map((l) => l.layer)).toEqual(["built-in"]);
    const outside = join(t.root, "elsewhere");
    t.write(join(outside, "x"), "");
    expect((await t.load({ cwd: outside })).layers?.map((l) => l.layer)).toEqual(["built-in", "project"]);
  });

  it("two files in one directory: the first in search order is used, with a warning", async () => {
    const yaml = t.write(projectFile(), "interactive: false\n");
    t.write(join(t.project, "shellgate.config.json"), "{}\n");
    const p = await t.load();
    expect(p.layers?.at(-1)?.source).toBe(yaml);
    expect(p.warnings?.some((w) => w.includes("shellgate.config.json"))).toBe(true);
  });

  it("finds the system and user files, XDG_CONFIG_HOME first", async () => {
    t.write(t.system, "interactive: false\n");
    t.write(userFile(), "interactive: false\n");
    const xdg = t.write(join(t.root, "xdg", "shellgate", "policy.yaml"), "interactive: false\n");
    expect((await t.load()).layers?.map((l) => [l.layer, l.source])).toEqual([
      ["built-in", "preset:recommended"],
      ["system", t.system],
      ["user", userFile()],
    ]);
    expect((await t.load({ env: { XDG_CONFIG_HOME: join(t.root, "xdg") } })).layers?.map((l) => l.source)).toEqual(["preset:recommended", t.system, xdg]);
  });

  it("--policy and SHELLGATE_POLICY are the command-line layer; a bare name is a preset", async () => {
    const file = t.write(join(t.root, "team.yaml"), "interactive: false\n");
    expect((await t.load({ file })).layers?.at(-1)).toMatchObject({ layer: "command-line", source: file });
    expect((await t.load({ env: { SHELLGATE_POLICY: file } })).layers?.at(-1)).toMatchObject({ layer: "command-line", source: file });
    expect((await t.load({ file: "ci" })).layers?.at(-1)).toMatchObject({ layer: "command-line", source: "preset:ci" });
    expect((await t.load({ file: "ci" })).interactive).toBe(false);
  });

  it("a --policy file that does not exist fails every check closed", async () => {
    const d = await t.decide("ls", { file: join(t.root, "missing.yaml") });
    expect(d.action).toBe("block");
    expect(d.errors.join()).toContain("missing.yaml");
    expect(d.errors.join()).toContain("--policy");
  });

  it("caches per file set and reloads when a file changes", async () => {
    t.write(projectFile(), allowForcePush());
    const a = await t.load();
    expect(await t.load()).toBe(a);
    t.write(projectFile(), blockForcePush());
    const b = await t.load();
    expect(b).not.toBe(a);
    expect(b.layers?.at(-1)?.rules.map((r) => r.id)).toEqual(["block-force-push"]);
  });
});

interface LayerCase {
  name: string;
  system?: string;
  user?: string;
  project?: string;
  cli?: string;
  command: string;
  decision: string;
  rule: string;
}

const LAYER_CASES: LayerCase[] = [
  { name: "no policy: the risk table asks", command: FORCE_PUSH, decision: "ask", rule: "defaults/high" },
  { name: "a user rule beats the risk table", user: allowForcePush(), command: FORCE_PUSH, decision: "allow", rule: "allow-force-push" },
  { name: "a later layer overrides an earlier one", system: blockForcePush(), user: allowForcePush(), command: FORCE_PUSH, decision: "allow", rule: "allow-force-push" },
  { name: "a system lock stops the user layer loosening", system: `lock: true\n${blockForcePush()}`, user: allowForcePush(), command: FORCE_PUSH, decision: "block", rule: "block-force-push" },
  { name: "a user lock stops the command line loosening", user: `lock: true\n${blockForcePush()}`, cli: allowForcePush(), command: FORCE_PUSH, decision: "block", rule: "block-force-push" },
  { name: "a locked layer below may still tighten", system: "lock: true\n", user: blockForcePush(), command: FORCE_PUSH, decision: "block", rule: "block-force-push" },
  { name: "a project file may tighten", user: allowForcePush(), project: blockForcePush(), command: FORCE_PUSH, decision: "block", rule: "block-force-push" },
  { name: "an untrusted project file cannot loosen", project: allowForcePush(), command: FORCE_PUSH, decision: "ask", rule: "defaults/high" },
  { name: "an untrusted project file cannot loosen the risk table", project: "defaults:\n  high: allow\n", command: FORCE_PUSH, decision: "ask", rule: "defaults/high" },
  { name: "a project file may raise a risk-table row", project: "defaults:\n  high: block\n", command: FORCE_PUSH, decision: "block", rule: "defaults/high" },
  { name: "a user policy can trust project files", user: "project:\n  trust: true\n", project: allowForcePush(), command: FORCE_PUSH, decision: "allow", rule: "allow-force-push" },
  { name: "a system lock wins over a user's trust", system: "lock: true\n", user: "project:\n  trust: true\n", project: allowForcePush(), command: FORCE_PUSH, decision: "ask", rule: "defaults/high" },
  { name: "a system policy can trust project files and the user can withdraw it", system: "project:\n  trust: true\n", user: "project:\n  trust: false\n", project: allowForcePush(), command: FORCE_PUSH, decision: "ask", rule: "defaults/high" },
  { name: "the command line overrides a project file's tightening", project: blockForcePush(), cli: allowForcePush("cli-allow"), command: FORCE_PUSH, decision: "allow", rule: "cli-allow" },
  { name: "a preset in a later layer adds to the earlier layers' risk table", system: "defaults:\n  high: block\n", user: "extends: production-lockdown\n", command: FORCE_PUSH, decision: "block", rule: "defaults/high" },
  { name: "the ci preset on the command line keeps the user's table and turns ask into block", user: "defaults:\n  high: warn\n", cli: "extends: ci\n", command: FORCE_PUSH, decision: "warn", rule: "defaults/high" },
  { name: "a non-interactive project file turns ask into block", project: "interactive: false\n", command: FORCE_PUSH, decision: "block", rule: "defaults/high" },
  { name: "an untrusted project cannot make a non-interactive policy interactive", user: "interactive: false\n", project: "interactive: true\n", command: FORCE_PUSH, decision: "block", rule: "defaults/high" },
];

describe("precedence between layers", () => {
  for (const c of LAYER_CASES) {
    it(c.name, async () => {
      if (c.system) t.write(t.system, c.system);
      if (c.user) t.write(userFile(), c.user);
      if (c.project) t.write(projectFile(), c.project);
      const cli = c.cli ? t.write(join(t.root, "cli.yaml"), c.cli) : undefined;
      const d = await t.decide(c.command, cli ? { file: cli } : {});
      expect(d.errors).toEqual([]);
      expect(d.action).toBe(c.decision);
      expect(decidedBy(d)).toBe(c.rule);
    });
  }

  it("marks which layers may only tighten, and why", async () => {
    t.write(t.system, "lock: true\n");
    t.write(userFile(), "interactive: false\n");
    t.write(projectFile(), "interactive: false\n");
    const p = await t.load();
    expect(p.layers?.map((l) => [l.layer, !!l.tightenOnly])).toEqual([
      ["built-in", false],
      ["system", false],
      ["user", true],
      ["project", true],
    ]);
    expect(p.layers?.[2]?.tightenWhy).toContain(t.system);
  });
});

describe("precedence inside one policy", () => {
  const cases: { name: string; rules: string; decision: string; rule: string }[] = [
    {
      name: "the more specific rule wins over a stricter, vaguer one",
      rules: "  - { id: vague-block, match: { risk: high }, action: block }\n  - { id: exact-allow, match: { finding: git/force-push }, action: allow }\n",
      decision: "allow",
      rule: "exact-allow",
    },
    {
      name: "an exact finding id counts more than a glob",
      rules: "  - { id: glob-block, match: { finding: 'git/*' }, action: block }\n  - { id: exact-warn, match: { finding: git/force-push }, action: warn }\n",
      decision: "warn",
      rule: "exact-warn",
    },
    {
      name: "at equal specificity block beats allow",
      rules: "  - { id: allow-it, match: { finding: git/force-push }, action: allow }\n  - { id: block-it, match: { finding: git/force-push }, action: block }\n",
      decision: "block",
      rule: "block-it",
    },
    {
      name: "at equal specificity and action the first written wins",
      rules: "  - { id: first, match: { risk: high }, action: warn }\n  - { id: second, match: { category: destroy }, action: warn }\n",
      decision: "warn",
      rule: "first",
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      t.write(userFile(), `rules:\n${c.rules}`);
      const d = await t.decide(FORCE_PUSH);
      expect(d.errors).toEqual([]);
      expect([d.action, decidedBy(d)]).toEqual([c.decision, c.rule]);
    });
  }

  it("a file's rule replaces an extended preset's rule with the same id", async () => {
    t.write(userFile(), "extends: production-lockdown\nrules:\n  - id: lockdown/production-change\n    match: { production: true, category: [mutate, destroy] }\n    action: ask\n");
    const d = await t.decide("kubectl --context prod-eu-1 apply -f k8s/");
    expect([d.action, decidedBy(d)]).toEqual(["ask", "lockdown/production-change"]);
    const p = await t.load();
    expect(p.layers?.at(-1)?.rules.filter((r) => r.id === "lockdown/production-change").map((r) => r.source)).toEqual([userFile()]);
  });

  it("extends chains through files and presets, extended ones first", async () => {
    const base = t.write(join(t.home, ".config/shellgate/base.yaml"), "extends: strict\n");
    t.write(userFile(), "extends: ./base.yaml\n");
    const p = await t.load();
    expect(p.layers?.at(-1)?.sources).toEqual(["preset:strict", base, userFile()]);
    expect(p.defaults.high).toBe("block");
  });
});

describe("settings across layers", () => {
  it("mode audit from the user layer applies; the decision keeps its action", async () => {
    t.write(userFile(), "mode: audit\n");
    const d = await t.decide(FORCE_PUSH);
    expect([d.action, d.mode]).toEqual(["ask", "audit"]);
  });

  it("an untrusted project cannot switch to audit mode", async () => {
    t.write(projectFile(), "mode: audit\n");
    const p = await t.load();
    expect(p.mode).toBe("enforce");
    expect(p.warnings?.some((w) => w.includes("mode: audit is ignored"))).toBe(true);
  });

  it("a project file cannot move or disable the audit log; a user file can", async () => {
    t.write(projectFile(), "audit:\n  path: /tmp/elsewhere.jsonl\n  enabled: false\n");
    let p = await t.load();
    expect(p.audit).toMatchObject({ enabled: true });
    expect(p.audit?.path).toBeUndefined();
    t.write(userFile(), "audit:\n  path: ~/logs/\n");
    p = await t.load();
    expect(p.audit?.path).toBe(join(t.home, "logs") + "/");
  });

  it("production patterns add to the built-in ones; replace drops them; a project cannot replace", async () => {
    const prodApply = "kubectl --context acme-main apply -f k8s/";
    expect((await t.decide(prodApply)).action).toBe("allow");
    t.write(userFile(), "production:\n  kube_contexts: ['acme-main']\n");
    expect((await t.decide(prodApply)).action).toBe("ask");
    expect((await t.decide("kubectl --context prod-eu-1 apply -f k8s/")).action).toBe("ask");
    t.write(userFile(), "production:\n  replace: true\n  kube_contexts: ['acme-main']\n");
    expect((await t.decide("kubectl --context prod-eu-1 apply -f k8s/")).action).toBe("allow");
    t.write(userFile(), "");
    t.write(projectFile(), "production:\n  replace: true\n  tokens: [main]\n");
    const p = await t.load();
    expect(p.production.tokens).toEqual(expect.arrayContaining(["prod", "main"]));
    expect(p.warnings?.some((w) => w.includes("production.replace is ignored"))).toBe(true);
  });
});

describe("approval settings", () => {
  it("a user policy sets the queue and timeout; a project file cannot (it could route approvals to itself)", async () => {
    t.write(projectFile(), "approvals:\n  queue: ./my-queue\n  timeout: 5\n");
    let p = await t.load();
    expect(p.approvals).toBeUndefined();
    expect(p.warnings?.some((w) => w.includes("approvals settings are ignored"))).toBe(true);
    t.write(userFile(), "approvals:\n  queue: ~/queue\n  timeout: 120\n");
    p = await t.load();
    expect(p.approvals).toEqual({ queue: join(t.home, "queue"), timeout: 120 });
  });
});

describe("JavaScript policy files", () => {
  it("an untrusted project's JavaScript file is not run: checks fail closed and say why", async () => {
    t.write(join(t.project, ".shellgaterc.cjs"), "module.exports = { interactive: false };\n");
    const d = await t.decide("ls");
    expect(d.action).toBe("block");
    expect(d.errors.join()).toContain(".shellgaterc.cjs");
    expect(d.errors.join()).toContain("project: { trust: true }");
  });

  it("a trusted project's JavaScript file loads through cosmiconfig", async () => {
    t.write(userFile(), "project:\n  trust: true\n");
    t.write(join(t.project, ".shellgaterc.cjs"), `module.exports = ${JSON.stringify({ rules: [{ id: "js-rule", match: { finding: "git/force-push" }, action: "warn" }] })};\n`);
    const d = await t.decide(FORCE_PUSH);
    expect([d.action, decidedBy(d)]).toEqual(["warn", "js-rule"]);
  });

  it("an ES module given with --policy loads", async () => {
    const file = t.write(join(t.root, "team.mjs"), "export default { interactive: false };\n");
    expect((await t.load({ file })).interactive).toBe(false);
  });
});
