// Many shims append at once: 8 writer processes × 1000 records, no lost, torn or interleaved lines, and an unbroken hash chain.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { verifyLog } from "../../src/audit/read.js";

const WRITERS = 8;
const RECORDS = 1000;
let dir: string;
let writer: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sg-audit-conc-"));
  writer = join(dir, "writer.mjs");
  await build({ entryPoints: [join(__dirname, "fixtures", "writer.ts")], outfile: writer, bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "error" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runWriter(log: string, n: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [writer, log, `w${n}`, String(RECORDS)], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve(code) : reject(new Error(`writer ${n} exited ${code}: ${err}`))));
  });
}

describe("concurrent appends", () => {
  it(`${WRITERS} processes × ${RECORDS} records`, async () => {
    const log = join(dir, "audit.jsonl");
    await Promise.all(Array.from({ length: WRITERS }, (_, i) => runWriter(log, i)));

    const text = readFileSync(log, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines.length).toBe(WRITERS * RECORDS);
    const ids = new Set<string>();
    for (const line of lines) {
      const r = JSON.parse(line) as { id: string; command: string };
      const [w, i] = r.id.split("-");
      // Each line is whole: its command is the one its writer wrote for that id.
      expect(r.command.startsWith(`echo ${w} ${i} `)).toBe(true);
      expect(r.command.length).toBe(`echo ${w} ${i} `.length + (Number(i) % 7) * 1500);
      ids.add(r.id);
    }
    expect(ids.size).toBe(WRITERS * RECORDS);

    const v = await verifyLog(log);
    expect(v.break).toBeUndefined();
    expect(v.records).toBe(WRITERS * RECORDS);
    expect(existsSync(`${log}.lock`)).toBe(false);
  }, 120_000);
});
