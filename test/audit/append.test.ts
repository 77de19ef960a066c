// appendAudit: what a record holds, where the log goes, the hash chain under tampering, stale locks, and failures that only warn.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { check } from "../../src/check.js";
import { appendAudit, appendRecord, auditLocation, GENESIS, verifyLog, type AuditRecord, type UnsealedRecord } from "../../src/audit/index.js";
import { clearDiscoveryCache, clearPolicyCache, defaultPolicy } from "../../src/policy/index.js";
import type { CheckContext } from "../../src/types.js";
import { makeTree, type Tree } from "../policy/fixture.js";

let t: Tree;
beforeAll(() => {
  t = makeTree();
});
afterAll(() => t.cleanup());
afterEach(() => {
  vi.restoreAllMocks();
  clearDiscoveryCache();
  clearPolicyCache();
});

const records = (path: string): AuditRecord[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditRecord);

let n = 0;
const fresh = (name: string) => join(t.root, `logs-${++n}`, name);

function unsealed(id: string): UnsealedRecord {
  return { v: 1, time: "2025-01-01T00:00:00.000Z", id, frontend: "shim", host: "h", cwd: "/", command: `echo ${id}`, tools: ["echo"], decision: "allow", mode: "enforce", findings: [], reasons: [], policy: [], outcome: "executed" };
}

async function logOf(ids: string[]): Promise<string> {
  const path = fresh("audit.jsonl");
  for (const id of ids) await appendRecord(path, unsealed(id));
  return path;
}

describe("a record", () => {
  it("holds who, where, the redacted command, findings, decision, policy, approval and outcome", async () => {
    const ctx: CheckContext = { cwd: t.project, env: t.env({ SHELLGATE_AUDIT_LOG: fresh("audit.jsonl") }), frontend: "hook:claude", agent: "claude" };
    const decision = await check("PGPASSWORD=hunter2 psql -h db -c 'select 1' && git push --force origin feature/x", ctx, { policy: defaultPolicy() });
    const approval = { by: "alice", at: "2025-01-01T00:00:01.000Z", channel: "tty", answer: "approve" as const };
    await appendAudit({ decision, context: ctx, approval, outcome: "executed", policy: defaultPolicy() });
    const [r] = records(ctx.env.SHELLGATE_AUDIT_LOG!);
    expect(r).toMatchObject({
      v: 1,
      frontend: "hook:claude",
      agent: "claude",
      user: "dev",
      host: hostname(),
      cwd: t.project,
      tools: ["psql", "git"],
      decision: "ask",
      mode: "enforce",
      policy: ["preset:recommended"],
      approval,
      outcome: "executed",
      prev: GENESIS,
    });
    expect(r!.command).not.toContain("hunter2");
    expect(r!.command).toContain("PGPASSWORD=***");
    expect(r!.findings.map((f) => f.id)).toContain("git/force-push");
    expect(r!.reasons.map((x) => x.rule)).toContain("defaults/high");
    expect(r!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(r!.time)).not.toBeNaN();
  });
});

describe("where the log goes", () => {
  const settings = (path: string, locked = false) => ({ path, enabled: true, locked, source: "policy.yaml" });
  const cases: [string, Record<string, string>, ReturnType<typeof settings> | undefined, string][] = [
    ["XDG_STATE_HOME", { HOME: "/h", XDG_STATE_HOME: "/state" }, undefined, "/state/shellgate/audit.jsonl"],
    ["HOME when XDG_STATE_HOME is unset", { HOME: "/h" }, undefined, "/h/.local/state/shellgate/audit.jsonl"],
    ["SHELLGATE_AUDIT_LOG", { HOME: "/h", SHELLGATE_AUDIT_LOG: "/logs/a.jsonl" }, undefined, "/logs/a.jsonl"],
    ["the policy's audit.path", { HOME: "/h" }, settings("/var/log/shellgate/x.jsonl"), "/var/log/shellgate/x.jsonl"],
    ["SHELLGATE_AUDIT_LOG over an unlocked policy path", { HOME: "/h", SHELLGATE_AUDIT_LOG: "/logs/a.jsonl" }, settings("/p.jsonl"), "/logs/a.jsonl"],
    ["a locked policy path over SHELLGATE_AUDIT_LOG", { HOME: "/h", SHELLGATE_AUDIT_LOG: "/logs/a.jsonl" }, settings("/p.jsonl", true), "/p.jsonl"],
    ["a directory path gets audit.jsonl inside it", { HOME: "/h" }, settings("/var/log/shellgate/"), "/var/log/shellgate/audit.jsonl"],
  ];
  for (const [name, env, s, expected] of cases) {
    it(name, () => {
      expect(auditLocation(env, s).path).toBe(expected);
    });
  }

  it("the policy decides: a user policy's audit.path, or nothing when it disables the log", async () => {
    const target = join(t.root, "user-log", "audit.jsonl");
    t.write(join(t.home, ".config/shellgate/policy.yaml"), `audit:\n  path: ${target}\n`);
    const ctx = t.ctx();
    const decision = await check("ls", ctx, { policy: defaultPolicy() });
    await appendAudit({ decision, context: ctx, outcome: "executed" });
    expect(records(target).map((r) => r.command)).toEqual(["ls"]);
    t.write(join(t.home, ".config/shellgate/policy.yaml"), `audit:\n  path: ${target}\n  enabled: false\n`);
    await appendAudit({ decision, context: t.ctx(), outcome: "executed" });
    expect(records(target).length).toBe(1);
    t.write(join(t.home, ".config/shellgate/policy.yaml"), "");
  });
});

describe("the hash chain", () => {
  it("links each record to the one before", async () => {
    const path = await logOf(["a", "b", "c"]);
    const rs = records(path);
    expect(rs.map((r) => r.prev)).toEqual([GENESIS, rs[0]!.hash, rs[1]!.hash]);
    expect(await verifyLog(path)).toEqual({ records: 3, lastHash: rs[2]!.hash });
  });

  const tamper: [string, (lines: string[]) => string[], number, string][] = [
    ["an edited record", (l) => l.map((x, i) => (i === 1 ? x.replace('"decision":"allow"', '"decision":"block"') : x)), 2, "changed"],
    ["a removed record", (l) => [l[0]!, l[2]!, l[3]!], 2, "prev does not match"],
    ["reordered records", (l) => [l[0]!, l[2]!, l[1]!, l[3]!], 2, "prev does not match"],
    ["a removed first record", (l) => l.slice(1), 1, "does not start the chain"],
    ["a torn last line", (l) => [...l.slice(0, 3), l[3]!.slice(0, 40)], 4, "not a complete audit record"],
    ["an inserted blank line", (l) => [l[0]!, "", ...l.slice(1)], 2, "empty line"],
  ];
  for (const [name, change, line, problem] of tamper) {
    it(`log verify finds ${name} at line ${line}`, async () => {
      const path = await logOf(["a", "b", "c", "d"]);
      const lines = readFileSync(path, "utf8").split("\n").filter(Boolean);
      writeFileSync(path, change(lines).join("\n") + "\n");
      const v = await verifyLog(path);
      expect(v.break?.line).toBe(line);
      expect(v.break?.problem).toContain(problem);
    });
  }

  it("after a torn last line the next record starts on its own line and chains to the last whole one", async () => {
    const path = await logOf(["a", "b"]);
    const good = records(path)[1]!.hash;
    writeFileSync(path, readFileSync(path, "utf8") + '{"v":1,"id":"torn');
    const next = await appendRecord(path, unsealed("c"));
    expect(next.prev).toBe(good);
    expect(readFileSync(path, "utf8").split("\n").at(-2)).toBe(JSON.stringify(next));
    expect((await verifyLog(path)).break?.line).toBe(3);
  });
});

describe("the lock", () => {
  it("takes over a lock left by a process that died", async () => {
    const path = fresh("audit.jsonl");
    mkdirSync(join(path, ".."), { recursive: true });
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(`${path}.lock`, `${dead} ${hostname()} ${Date.now()} x`);
    await appendRecord(path, unsealed("a"), { timeoutMs: 2000 });
    expect(records(path).map((r) => r.id)).toEqual(["a"]);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it("takes over a lock older than the stale limit, and waits for a fresh one", async () => {
    const path = fresh("audit.jsonl");
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(`${path}.lock`, `${process.ppid} ${hostname()} 0 x`);
    await expect(appendRecord(path, unsealed("a"), { timeoutMs: 150, staleMs: 60_000 })).rejects.toThrow(/timed out/);
    const old = new Date(Date.now() - 120_000);
    utimesSync(`${path}.lock`, old, old);
    await appendRecord(path, unsealed("b"), { timeoutMs: 2000, staleMs: 60_000 });
    expect(records(path).map((r) => r.id)).toEqual(["b"]);
  });
});

describe("a failing write", () => {
  it("never throws, never changes the decision, and warns once", async () => {
    const blocker = t.write(join(t.root, "not-a-dir"), "a file where the log directory should be\n");
    const ctx: CheckContext = { cwd: t.project, env: t.env({ SHELLGATE_AUDIT_LOG: join(blocker, "audit.jsonl") }), frontend: "shim" };
    const decision = await check("rm -rf /", ctx, { policy: defaultPolicy() });
    const before = JSON.stringify(decision);
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await expect(appendAudit({ decision, context: ctx, outcome: "refused", policy: defaultPolicy() })).resolves.toBeUndefined();
    await appendAudit({ decision, context: ctx, outcome: "refused", policy: defaultPolicy() });
    const warnings = spy.mock.calls.map((c) => String(c[0])).filter((s) => s.includes("audit log"));
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain(join(blocker, "audit.jsonl"));
    expect(decision.action).toBe("block");
    expect(JSON.stringify(decision)).toBe(before);
  });
});
