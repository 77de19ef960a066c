// Reads the audit log as a stream of records and filters them (decision, tool, rule, agent, front end, period) for `log` and `report`.
import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Action } from "../types.js";
import { GENESIS, checkLink, type ChainBreak } from "./chain.js";
import type { AuditRecord } from "./types.js";

export interface RecordFilter {
  decisions?: Action[];
  tools?: string[];
  /** Globs over reason rule ids and finding ids (`git/*`, `defaults/high`). */
  rules?: string[];
  agents?: string[];
  frontends?: string[];
  since?: Date;
  until?: Date;
}

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/** `30m`, `12h`, `7d`, `2w`, or a date/time (`2025-01-31`, ISO 8601). Undefined when it is neither. */
export function parseSince(value: string, now: Date = new Date()): Date | undefined {
  const m = /^(\d+)\s*([smhdw])$/.exec(value.trim());
  if (m) return new Date(now.getTime() - Number(m[1]) * UNITS[m[2]!]!);
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t);
}

function globRe(g: string): RegExp {
  return new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}

export function matcher(f: RecordFilter): (r: AuditRecord) => boolean {
  const rules = f.rules?.map(globRe);
  const since = f.since?.getTime();
  const until = f.until?.getTime();
  return (r) => {
    if (f.decisions?.length && !f.decisions.includes(r.decision)) return false;
    if (f.tools?.length && !(r.tools ?? []).some((t) => f.tools!.includes(t))) return false;
    if (f.agents?.length && !(r.agent && f.agents.includes(r.agent))) return false;
    if (f.frontends?.length && !f.frontends.includes(r.frontend)) return false;
    if (since !== undefined || until !== undefined) {
      const t = Date.parse(r.time);
      if (since !== undefined && !(t >= since)) return false;
      if (until !== undefined && !(t <= until)) return false;
    }
    if (rules?.length) {
      const ids = [...(r.reasons ?? []).map((x) => x.rule), ...(r.findings ?? []).map((x) => x.id)];
      if (!ids.some((id) => rules.some((re) => re.test(id)))) return false;
    }
    return true;
  };
}

/** Every parseable record in file order; unparseable lines are counted, not fatal (verify is the place that judges them). */
export async function* readRecords(path: string, stats: { skipped: number } = { skipped: 0 }): AsyncGenerator<AuditRecord> {
  if (!existsSync(path)) return;
  const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as AuditRecord;
      if (r && typeof r === "object" && typeof r.decision === "string") yield r;
      else stats.skipped++;
    } catch {
      stats.skipped++;
    }
  }
}

export interface VerifyResult {
  records: number;
  lastHash: string;
  break?: ChainBreak;
}

/** Walks the chain from the first line; stops at the first broken link. */
export async function verifyLog(path: string): Promise<VerifyResult> {
  const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let prev = GENESIS;
  let lineNo = 0;
  let records = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) {
      rl.close();
      return { records, lastHash: prev, break: { line: lineNo, problem: "an empty line where a record should be (the file was edited)" } };
    }
    const r = checkLink(line, lineNo, prev);
    if ("break" in r) {
      rl.close();
      return { records, lastHash: prev, break: r.break };
    }
    prev = r.hash;
    records++;
  }
  return { records, lastHash: prev };
}
