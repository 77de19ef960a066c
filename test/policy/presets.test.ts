// The shipped presets: recommended is the built-in default, and every preset's suite passes through `shellgate policy test`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DEFAULT_RISK_ACTIONS, presetNames } from "../../src/policy/index.js";
import { compileStandalone } from "../../src/policy/compile.js";
import { runCli } from "../cli/io.js";
import { makeTree, type Tree } from "./fixture.js";

let t: Tree;
beforeAll(() => {
  t = makeTree();
});
afterAll(() => t.cleanup());

const PRESETS = ["audit-only", "ci", "production-lockdown", "recommended", "strict"];

describe("presets", () => {
  it("ships the five presets", () => {
    expect(presetNames()).toEqual(PRESETS);
  });

  it("policies/recommended.yaml says exactly what the built-in default does", async () => {
    const { policy, layer } = await compileStandalone("preset:recommended", t.ctx());
    expect(policy.errors).toEqual([]);
    expect(Object.fromEntries(Object.entries(layer!.defaults).map(([r, v]) => [r, v!.action]))).toEqual(DEFAULT_RISK_ACTIONS);
    expect(layer!.rules).toEqual([]);
    expect([layer!.production, layer!.interactive, layer!.lock, layer!.audit, layer!.trustProject]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(layer!.mode).toBeUndefined();
  });

  for (const name of PRESETS) {
    it(`${name}: its suite passes through shellgate policy test`, async () => {
      const r = await runCli(["policy", "test", name], { cwd: t.project, env: t.env() });
      const lines = r.stdout.trim().split("\n");
      const cases = lines.filter((l) => /^(PASS|FAIL) /.test(l));
      expect(cases.length).toBeGreaterThanOrEqual(4);
      expect(cases.filter((l) => l.startsWith("FAIL"))).toEqual([]);
      expect(lines.at(-1)).toBe(`${cases.length} passed, 0 failed`);
      expect(r.code).toBe(0);
    });
  }

  it("the built bin runs every suite from dist/ and exits 0", () => {
    const r = spawnSync(join(process.cwd(), "bin", "shellgate"), ["policy", "test", "--presets"], { cwd: t.project, env: { ...t.env(), NO_COLOR: "1" }, encoding: "utf8" });
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^\d+ passed, 0 failed$/);
    expect(r.status).toBe(0);
  });
});
