// The generated pack index must list exactly what each rule module declares (regenerate: node scripts/gen-pack-index.mjs).
import { describe, expect, it } from "vitest";
import { PACK_INDEX } from "../../src/classify/pack-index.js";
import { RULES } from "../../src/classify/registry.js";

describe("pack index", () => {
  it("matches the registry's modules and their programs", async () => {
    expect(PACK_INDEX.map((p) => ({ name: p.name, programs: [...p.programs] }))).toEqual(RULES.map((r) => ({ name: r.name, programs: [...r.programs] })));
    for (const p of PACK_INDEX) expect((await p.load()).default.name).toBe(p.name);
  });
});

describe("docs/rules.md", () => {
  it("lists every finding id (regenerate with npm run gen)", async () => {
    const { readFileSync } = await import("node:fs");
    const doc = readFileSync(new URL("../../docs/rules.md", import.meta.url), "utf8");
    for (const r of RULES) for (const id of Object.keys(r.findings)) expect(doc, `${r.name}/${id}`).toContain(`\`${r.name}/${id}\``);
  });
});
