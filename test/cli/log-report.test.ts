// `shellgate log`, `log verify` and `report` over a log written by appendAudit from real decisions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { check } from "../../src/check.js";
import { appendAudit, appendRecord, type AuditRecord, type UnsealedRecord } from "../../src/audit/index.js";
import { defaultPolicy } from "../../src/policy/index.js";
import type { CheckContext } from "../../src/types.js";
import { makeTree, type Tree } from "../policy/fixture.js";
import { runCli } from "./io.js";

let t: Tree;
let log: string;

const COMMANDS: [string, string, string][] = [
  ["ls -la", "shim", "executed"],
  ["rm -rf /", "shim", "refused"],
  ["rm -rf /", "hook:claude", "refused"],
  ["git push --force origin feature/x", "hook:claude", "refused"],
  ["kubectl cordon node-1", "pty", "executed"],
  ["kubectl delete namespace payments", "pty", "refused"],
  ["PGPASSWORD=hunter2 mkfs.ext4 /dev/sdb1", "shim", "refused"],
];

beforeAll(async () => {
  t = makeTree();
  log = join(t.home, ".local/state/shellgate/audit.jsonl");
  for (const [command, frontend, outcome] of COMMANDS) {
    const ctx: CheckContext = { cwd: t.project, env: t.env(), frontend: frontend as CheckContext["frontend"], ...(frontend === "hook:claude" ? { agent: "claude" } : {}) };
    const decision = await check(command, ctx, { policy: defaultPolicy() });
    await appendAudit({ decision, context: ctx, outcome: outcome as "executed" | "refused", policy: defaultPolicy() });
  }
  // One old record, outside any recent period.
  const old: UnsealedRecord = { v: 1, time: "2020-01-01T00:00:00.000Z", id: "old", frontend: "shim", host: "h", cwd: "/", command: "rm -rf /old", tools: ["rm"], decision: "block", mode: "enforce", findings: [], reasons: [], policy: [], outcome: "refused" };
  const sealed = await appendRecord(join(t.root, "old.jsonl"), old);
  writeFileSync(join(t.root, "with-old.jsonl"), JSON.stringify(sealed) + "\n");
});
afterAll(() => t.cleanup());

const cli = (argv: string[]) => runCli(argv, { cwd: t.project, env: t.env() });
const ids = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as AuditRecord).command);

describe("shellgate log", () => {
  const cases: [string[], string[]][] = [
    [[], COMMANDS.map((c) => c[0].replace("hunter2", "***"))],
    [["-n", "2"], ["kubectl delete namespace payments", "PGPASSWORD=*** mkfs.ext4 /dev/sdb1"]],
    [["--decision", "block"], ["rm -rf /", "rm -rf /", "PGPASSWORD=*** mkfs.ext4 /dev/sdb1"]],
    [["--decision", "ask,warn"], ["git push --force origin feature/x", "kubectl cordon node-1", "kubectl delete namespace payments"]],
    [["--tool", "kubectl"], ["kubectl cordon node-1", "kubectl delete namespace payments"]],
    [["--rule", "git/*"], ["git push --force origin feature/x"]],
    [["--rule", "defaults/critical"], ["rm -rf /", "rm -rf /", "PGPASSWORD=*** mkfs.ext4 /dev/sdb1"]],
    [["--agent", "claude"], ["rm -rf /", "git push --force origin feature/x"]],
    [["--frontend", "pty"], ["kubectl cordon node-1", "kubectl delete namespace payments"]],
    [["--since", "1h"], COMMANDS.map((c) => c[0].replace("hunter2", "***"))],
    [["--until", "2021-01-01"], []],
  ];
  for (const [args, expected] of cases) {
    it(`log ${args.join(" ") || "(no filter)"}`, async () => {
      const r = await cli(["log", "--json", ...args]);
      expect(r.code).toBe(0);
      expect(ids(r.stdout)).toEqual(expected);
    });
  }

  it("prints one line per record for people, with the deciding rule", async () => {
    const r = await cli(["log", "--decision", "block", "--tool", "mkfs.ext4"]);
    const lines = r.stdout.trim().split("\n");
    expect(lines.length).toBe(1);
    expect(lines[0]).toContain("BLOCK");
    expect(lines[0]).toContain("defaults/critical");
    expect(lines[0]).not.toContain("hunter2");
  });

  it("rejects a bad filter with a usage error", async () => {
    expect((await cli(["log", "--decision", "deny"])).code).toBe(2);
    expect((await cli(["log", "--since", "yesterday-ish"])).code).toBe(2);
  });
});

describe("shellgate log verify", () => {
  it("reports an intact chain, then the first broken link after an edit", async () => {
    const ok = await cli(["log", "verify", "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, records: COMMANDS.length });
    const copy = join(t.root, "edited.jsonl");
    const lines = readFileSync(log, "utf8").split("\n");
    lines[3] = lines[3]!.replace('"decision":"ask"', '"decision":"allow"');
    writeFileSync(copy, lines.join("\n"));
    const bad = await cli(["log", "verify", "--json", "--file", copy]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, records: 3, break: { line: 4 } });
  });
});

describe("shellgate report", () => {
  it("counts by decision, tool and rule, and lists the top blocked commands", async () => {
    const r = await cli(["report", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      total: number;
      byDecision: Record<string, number>;
      byTool: { tool: string; total: number; block: number }[];
      byRule: { rule: string; total: number }[];
      topBlocked: { command: string; count: number; rules: string[] }[];
      byFrontend: Record<string, number>;
    };
    expect(j.total).toBe(COMMANDS.length);
    expect(j.byDecision).toEqual({ allow: 1, warn: 1, ask: 2, block: 3 });
    expect(j.byTool.find((x) => x.tool === "rm")).toMatchObject({ total: 2, block: 2 });
    expect(j.byRule.find((x) => x.rule === "defaults/critical")).toMatchObject({ total: 3 });
    expect(j.topBlocked[0]).toMatchObject({ command: "rm -rf /", count: 2, rules: ["defaults/critical"] });
    expect(j.byFrontend).toEqual({ shim: 3, "hook:claude": 2, pty: 2 });
  });

  it("covers the last 7 days unless told otherwise", async () => {
    const recent = JSON.parse((await cli(["report", "--json", "--file", join(t.root, "with-old.jsonl")])).stdout) as { total: number };
    const all = JSON.parse((await cli(["report", "--json", "--all", "--file", join(t.root, "with-old.jsonl")])).stdout) as { total: number };
    expect([recent.total, all.total]).toEqual([0, 1]);
  });
});
