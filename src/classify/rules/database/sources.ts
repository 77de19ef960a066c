// Where a database client's statements come from besides its arguments: SQL files, stdin, earlier heredocs and dump pipes.
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { Invocation } from "../../../types.js";
import type { RuleContext } from "../../rule.js";
import type { Effect } from "./types.js";

const MAX_SQL_FILE = 512 * 1024;

/** Static content written earlier on the same line (`cat > q.sql <<EOF`), so a later `psql -f q.sql` can be read. */
function writtenEarlier(ctx: RuleContext, inv: Invocation, path: string): string | undefined {
  let found: string | undefined;
  for (const other of ctx.invocations) {
    if (other.index >= inv.index) break;
    if ((other.program !== "cat" && other.program !== "tee") || other.stdin?.kind !== "static") continue;
    const targets = other.program === "tee" ? other.argv.slice(1).filter((w) => !w.value?.startsWith("-")).map((w) => w.value) : other.redirects.filter((r) => /^>/.test(r.op) && r.op !== ">&").map((r) => r.target?.value);
    for (const t of targets) if (t && (isAbsolute(t) ? t : other.cwd ? resolve(other.cwd, t) : t) === path) found = other.stdin.text;
  }
  return found;
}

/** `missing`: the file does not exist and nothing earlier on the line makes it, so the client fails before running anything. */
export type Read = { text: string } | { why: string; missing?: boolean };

/** Some earlier command on the line names the path (`curl -o f.sql`, `pg_dump > f.sql`, `cp a f.sql`): it may exist by then. */
function namedEarlier(ctx: RuleContext, inv: Invocation, abs: string): boolean {
  for (const other of ctx.invocations) {
    if (other.index >= inv.index) break;
    const at = (v: string | undefined) => v !== undefined && (isAbsolute(v) ? v : other.cwd !== undefined ? resolve(other.cwd, v) : v) === abs;
    if (other.argv.some((w) => at(w.value) || at(w.value?.replace(/^[^=]*=/, ""))) || other.redirects.some((r) => at(r.target?.value))) return true;
  }
  return false;
}

export function readSqlFile(ctx: RuleContext, inv: Invocation, file: string, relativeTo?: string): Read {
  const base = relativeTo ?? inv.cwd;
  if (inv.host !== undefined || inv.container !== undefined) return { why: `${file} is on another machine` };
  const abs = isAbsolute(file) ? file : base !== undefined ? resolve(base, file) : undefined;
  if (abs === undefined) return { why: `the directory of ${file} is not known` };
  const early = writtenEarlier(ctx, inv, abs);
  if (early !== undefined) return { text: early };
  if (!existsSync(abs)) return namedEarlier(ctx, inv, abs) ? { why: `${file} does not exist yet` } : { why: `${file} does not exist`, missing: true };
  return ctx.memo(`sql-file:${abs}`, (): Read => {
    try {
      const s = statSync(abs);
      if (!s.isFile()) return { why: `${file} is not a regular file` };
      if (s.size > MAX_SQL_FILE) return { why: `${file} is larger than ${MAX_SQL_FILE / 1024} KiB` };
      const buf = readFileSync(abs);
      if (buf.includes(0)) return { why: `${file} is not text (compressed or binary)` };
      return { text: buf.toString("utf8") };
    } catch (e) {
      return { why: `${file} cannot be read (${(e as Error).message})` };
    }
  });
}

/** Dump tools whose output, piped into a client, restores a database; whether that dump drops objects first. */
function dumpProducer(p: Invocation): Effect | undefined {
  const args = p.argv.slice(1).map((w) => w.value ?? "");
  switch (p.program) {
    case "pg_dump":
    case "pg_dumpall": {
      const clean = args.some((a) => a === "--clean" || (/^-[^-]/.test(a) && a.includes("c")));
      return clean ? { kind: "drop", verb: `${p.program} --clean | restore`, text: p.text } : { kind: "restore", verb: `${p.program} | restore`, text: p.text };
    }
    case "mysqldump":
    case "mariadb-dump": {
      // mysqldump adds DROP TABLE before each table unless told not to.
      const keeps = args.includes("--skip-add-drop-table") || args.includes("--skip-opt") || args.includes("--no-create-info") || args.includes("-t");
      return keeps && !args.includes("--add-drop-database") ? { kind: "restore", verb: `${p.program} | restore`, text: p.text } : { kind: "drop", verb: `${p.program} | restore (drops each table first)`, text: p.text };
    }
    default:
      return undefined;
  }
}

/**
 * The command that carries this one into a container or onto another host (`docker exec -i db psql <<SQL`,
 * `kubectl exec -i pod -- mysql < f`, `ssh host psql <<SQL`): its input is what the nested command reads.
 */
function carrier(ctx: RuleContext, inv: Invocation): Invocation | undefined {
  if (inv.stdin || inv.parent === undefined || !inv.via.some((v) => v === "container" || v === "remote")) return undefined;
  const parent = ctx.invocations[inv.parent];
  return parent?.stdin ? parent : undefined;
}

/** Text a client reads on stdin: static text, a readable file, a `cat FILE` producer, or why it cannot be known. */
export function stdinText(ctx: RuleContext, inv: Invocation): Read | { effect: Effect } | undefined {
  const via = carrier(ctx, inv);
  if (via) return stdinText(ctx, via);
  const s = inv.stdin;
  if (!s) return undefined;
  if (s.kind === "static") return { text: s.text };
  if (s.kind === "file") return s.path ? readSqlFile(ctx, inv, s.path) : { why: "the input file name is not static" };
  if (s.kind === "opaque") return { why: s.why };
  const producer = ctx.invocations[s.index];
  if (producer) {
    const dump = dumpProducer(producer);
    if (dump) return { effect: dump };
    const files = producer.argv.slice(1).filter((w) => !w.value?.startsWith("-"));
    if (producer.program === "cat" && files.length && files.every((w) => w.value !== undefined)) {
      const parts: string[] = [];
      for (const f of files) {
        const r = readSqlFile(ctx, producer, f.value!);
        if ("why" in r) return r;
        parts.push(r.text);
      }
      return { text: parts.join("\n") };
    }
  }
  return { why: `its input comes from ${s.program ?? "another command"}` };
}
