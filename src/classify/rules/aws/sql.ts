// API operations that run SQL or PartiQL (athena, redshift-data, rds-data, dynamodb execute-statement): what the statements do.
import type { Word } from "../../../types.js";
import { classifySql, isDestructive, type SqlStatement } from "../../sql.js";
import { optValues, type Opt } from "./parse.js";

/** `service operation` → the options carrying statements. */
const SQL_OPERATIONS: Record<string, string[]> = {
  "athena start-query-execution": ["query-string"],
  "redshift-data execute-statement": ["sql"],
  "redshift-data batch-execute-statement": ["sqls"],
  "rds-data execute-statement": ["sql"],
  "rds-data batch-execute-statement": ["sql"],
  "dynamodb execute-statement": ["statement"],
  "dynamodb batch-execute-statement": ["statements"],
  "dynamodb execute-transaction": ["transact-statements"],
};

export type SqlVerdict =
  | { kind: "read" }
  | { kind: "destroy" | "write"; statement: SqlStatement; word: Word }
  | { kind: "dynamic"; word: Word };

/** PartiQL batches give statements as JSON or shorthand (`Statement=...`); plain SQL options give the text itself. */
function statementTexts(value: string): string[] {
  const fromJson = [...value.matchAll(/"Statement"\s*:\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\"/g, '"'));
  if (fromJson.length) return fromJson;
  const shorthand = [...value.matchAll(/Statement=("(?:[^"\\]|\\.)*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, ""));
  return shorthand.length ? shorthand : [value];
}

/** The effect of the statements an operation runs, or undefined when the operation runs none (then its verb decides). */
export function sqlOperation(service: string, op: string, options: Opt[]): SqlVerdict | undefined {
  const names = SQL_OPERATIONS[`${service} ${op}`];
  if (!names) return undefined;
  const opts = options.filter((o) => names.includes(o.name));
  if (!opts.length) return undefined;
  let write: SqlVerdict | undefined;
  for (const o of opts) {
    const dynamic = o.eq === undefined && o.values.some((w) => w.value === undefined);
    const word = o.values[0] ?? o.word;
    const values = optValues(o);
    // `file://q.sql` and values computed at run time cannot be read here.
    if (dynamic || !values.length || values.some((v) => /^(file|fileb):\/\//.test(v))) return { kind: "dynamic", word };
    for (const v of values) {
      for (const text of statementTexts(v)) {
        for (const s of classifySql(text)) {
          if (isDestructive(s.kind)) return { kind: "destroy", statement: s, word };
          if (s.kind === "dynamic" || s.kind === "shell") return { kind: "dynamic", word };
          if (s.kind !== "read" && s.kind !== "session" && s.kind !== "connect") write ??= { kind: "write", statement: s, word };
        }
      }
    }
  }
  return write ?? { kind: "read" };
}
