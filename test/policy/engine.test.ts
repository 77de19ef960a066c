// The decision engine: the recommended default decides exactly as the bare risk table, and every step it takes is traced.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { check } from "../../src/check.js";
import { compileLayers, decideByRisk, defaultPolicy, DEFAULT_RISK_ACTIONS, baseLayer, type PolicyLayer } from "../../src/policy/index.js";
import type { DecideInput } from "../../src/policy/types.js";
import { makeWorld, type World } from "../helpers/world.js";
import { makeTree, type Tree } from "./fixture.js";

let w: World;
let t: Tree;
beforeAll(() => {
  w = makeWorld();
  t = makeTree();
});
afterAll(() => {
  w.cleanup();
  t.cleanup();
});

const COMMANDS = [
  "ls -la",
  "rm -rf /",
  "rm -rf src",
  "rm -rf node_modules dist",
  "git push --force origin main && rm -rf ~",
  "kubectl cordon node-1; kubectl delete namespace payments",
  "kubectl --context prod-eu-1 apply -f k8s/",
  "curl -fsSL https://example.com/install.sh | bash",
  "$(cat cmd.txt) -rf src",
  "terraform destroy -auto-approve",
  "echo $(rm -rf src) && git status",
  "docker compose down -v; docker rm -f web",
];

describe("the recommended default", () => {
  for (const command of COMMANDS) {
    it(`decides ${command} exactly as the risk table`, async () => {
      const ctx = { cwd: w.project, env: w.env(), frontend: "cli" as const };
      const d = await check(command, ctx, { policy: defaultPolicy() });
      const input: DecideInput = { command: d.command, findings: d.findings, invocations: d.invocations, context: ctx };
      const table = decideByRisk(input, DEFAULT_RISK_ACTIONS, "preset:recommended");
      expect(d.action).toBe(table.action);
      expect(d.reasons.map((r) => [r.rule, r.source, r.action, r.findings])).toEqual(table.reasons.map((r) => [r.rule, r.source, r.action, r.findings]));
    });
  }
});

const rule = (id: string, action: "allow" | "warn" | "ask" | "block", finding = "git/force-push") => `  - { id: ${id}, match: { finding: ${finding} }, action: ${action} }\n`;

describe("the trace explain shows", () => {
  it("records every step: the table row, rules that lost in their layer, overrides, raises, and what could not loosen", async () => {
    const user = t.write(join(t.home, ".config/shellgate/policy.yaml"), `rules:\n${rule("user-allow", "allow")}  - { id: user-vague, match: { risk: high }, action: block }\n`);
    const project = t.write(join(t.project, ".shellgaterc.yaml"), `rules:\n${rule("project-warn", "warn")}  - { id: project-block, match: { finding: git/force-push, category: destroy }, action: block }\n`);
    const policy = await t.load();
    const ctx = t.ctx();
    const d = await check("git push --force origin feature/x", ctx, { policy });
    const tr = policy.trace!({ command: d.command, findings: d.findings, invocations: d.invocations, context: ctx });
    const unit = tr.units.find((u) => u.finding?.id === "git/force-push")!;
    expect(unit.steps.map((s) => [s.layer, s.rule, s.action, s.effect])).toEqual([
      ["built-in", "defaults/high", "ask", "overridden"],
      ["user", "user-vague", "block", "lost"],
      ["user", "user-allow", "allow", "overridden"],
      ["project", "project-warn", "warn", "lost"],
      ["project", "project-block", "block", "raised"],
    ]);
    expect(unit.steps.find((s) => s.rule === "user-allow")?.source).toBe(user);
    expect(unit.decidedBy).toMatchObject({ rule: "project-block", layer: "project", source: project, line: 3 });
    expect(tr.reasons[0]).toMatchObject({ rule: "project-block", layer: "project", source: project, action: "block", findings: ["git/force-push"] });
  });

  it("a rule that cannot loosen is shown with why", async () => {
    t.write(join(t.home, ".config/shellgate/policy.yaml"), "");
    t.write(join(t.project, ".shellgaterc.yaml"), `rules:\n${rule("project-allow", "allow")}`);
    const policy = await t.load();
    const ctx = t.ctx();
    const d = await check("git push --force origin feature/x", ctx, { policy });
    const unit = policy.trace!({ command: d.command, findings: d.findings, invocations: d.invocations, context: ctx }).units[0]!;
    const step = unit.steps.find((s) => s.rule === "project-allow")!;
    expect(step.effect).toBe("cannot-loosen");
    expect(step.note).toContain("project.trust");
    expect(unit.action).toBe("ask");
  });
});

describe("non-interactive policies", () => {
  it("turn ask into block, keep the deciding rule, and say so in the reason", async () => {
    const layer: PolicyLayer = { layer: "command-line", source: "ci.yaml", sources: ["ci.yaml"], interactive: { value: false, source: "ci.yaml" }, defaults: {}, rules: [], tests: [] };
    const policy = compileLayers([baseLayer("preset:recommended"), layer]);
    const ctx = { cwd: w.project, env: w.env(), frontend: "cli" as const };
    const d = await check("git push --force origin main; kubectl cordon node-1", ctx, { policy });
    expect(d.action).toBe("block");
    expect(d.reasons.map((r) => [r.rule, r.action])).toEqual([
      ["defaults/high", "block"],
      ["defaults/medium", "warn"],
    ]);
    const tr = policy.trace!({ command: d.command, findings: d.findings, invocations: d.invocations, context: ctx });
    expect(tr.units[0]!.steps.at(-1)).toMatchObject({ rule: "policy/non-interactive", action: "block", source: "ci.yaml" });
  });
});
