// Table-driven rule tests (after ESLint's RuleTester): valid commands, invalid commands with finding ids, equivalent spellings.
import { afterAll, describe, expect, it } from "vitest";
import { check } from "../../src/check.js";
import type { Action, Decision } from "../../src/types.js";
import { makeWorld, type World } from "./world.js";

export interface Case {
  command: string;
  /** Where it runs: the project (default), home, the filesystem root, a terraform workspace dir (`tf:prod`), or an absolute path. */
  cwd?: "project" | "home" | "root" | `tf:${string}` | string;
  /** Extra environment; `__HOME__` in values is replaced by the fixture HOME, `__ROOT__` by the world root. */
  env?: Record<string, string>;
  /** Kube context for the default KUBECONFIG. */
  kube?: string;
}

export interface InvalidCase extends Case {
  /** Finding ids that must all be present. */
  ids: string[];
  /** Expected decision, when the case pins it. */
  decision?: Action;
}

export interface ValidCase extends Case {
  decision?: Action;
}

export interface RuleTable {
  /** Commands on which the pack reports nothing. */
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
  /** Spellings that must give the same finding ids (and, if given, decision). */
  equivalent?: { ids: string[]; decision?: Action; commands: (string | Case)[] }[];
}

export function runInWorld(world: World, c: Case): Promise<Decision> {
  const cwd =
    !c.cwd || c.cwd === "project" ? world.project : c.cwd === "home" ? world.home : c.cwd === "root" ? "/" : c.cwd.startsWith("tf:") ? world.tf(c.cwd.slice(3)) : c.cwd;
  const fill = (v: string) => v.replaceAll("__HOME__", world.home).replaceAll("__ROOT__", world.root);
  const env = world.env({
    ...(c.kube ? { KUBECONFIG: world.kube(c.kube) } : {}),
    ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, fill(v)])),
  });
  return check(fill(c.command), { cwd, env, frontend: "cli" });
}

const summary = (d: Decision) => `${d.action} ${JSON.stringify(d.findings.map((f) => `${f.id}:${f.risk}`))}`;

/** Registers a describe block for one pack; `pack` is the finding-id prefix (e.g. `git`). */
export function ruleTable(pack: string, table: RuleTable): void {
  const world = makeWorld();
  afterAll(() => world.cleanup());
  describe(`${pack} rules`, () => {
    describe("valid", () => {
      for (const v of table.valid) {
        const c = typeof v === "string" ? { command: v } : v;
        it(c.command, async () => {
          const d = await runInWorld(world, c);
          const own = d.findings.filter((f) => f.id.startsWith(pack + "/"));
          expect(own.map((f) => f.id), summary(d)).toEqual([]);
          if (typeof v !== "string" && v.decision) expect(d.action, summary(d)).toBe(v.decision);
        });
      }
    });
    describe("invalid", () => {
      for (const c of table.invalid) {
        it(c.command, async () => {
          const d = await runInWorld(world, c);
          const ids = d.findings.map((f) => f.id);
          for (const id of c.ids) expect(ids, summary(d)).toContain(id);
          if (c.decision) expect(d.action, summary(d)).toBe(c.decision);
        });
      }
    });
    for (const group of table.equivalent ?? []) {
      describe(`equivalent: ${group.ids.join(", ")}`, () => {
        for (const e of group.commands) {
          const c = typeof e === "string" ? { command: e } : e;
          it(c.command, async () => {
            const d = await runInWorld(world, c);
            const ids = d.findings.map((f) => f.id);
            for (const id of group.ids) expect(ids, summary(d)).toContain(id);
            if (group.decision) expect(d.action, summary(d)).toBe(group.decision);
          });
        }
      });
    }
  });
}
