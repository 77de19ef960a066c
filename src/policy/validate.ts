// Schema validation of a policy file, with each problem said in plain words: file, line, dotted path, what was expected.
import type * as z from "zod/mini";
import { describeValue, type PathKey, type SourceFile } from "./file.js";

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

const NOUN: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value lines)",
  record: "a mapping (key: value lines)",
};

export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** The closest known word, when it is close enough to be a typo. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = editDistance(word.toLowerCase(), k.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PathKey, unknown>)[k];
  }
  return v;
}

/** Keys an object schema allows at a path (for `unknown key` messages). */
function keysAt(schema: AnySchema, path: readonly PathKey[]): string[] {
  let s: AnySchema | undefined = schema;
  const unwrap = (x: AnySchema | undefined): AnySchema | undefined => {
    let cur = x;
    for (let i = 0; i < 8 && cur; i++) {
      const def = cur._zod.def as { type: string; innerType?: AnySchema; options?: AnySchema[] };
      if (def.type === "optional" || def.type === "nullable" || def.type === "default") cur = def.innerType;
      else if (def.type === "union") cur = def.options?.find((o) => ["object", "array"].includes((o._zod.def as { type: string }).type)) ?? def.options?.[0];
      else break;
    }
    return cur;
  };
  for (const k of path) {
    s = unwrap(s);
    if (!s) return [];
    const def = s._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema; valueType?: AnySchema };
    if (def.type === "object") s = def.shape?.[String(k)];
    else if (def.type === "array") s = def.element;
    else if (def.type === "record") s = def.valueType;
    else return [];
  }
  s = unwrap(s);
  const def = s?._zod.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

function expectedOf(issue: Issue): string[] {
  if (issue.code === "invalid_type") return [NOUN[issue.expected] ?? issue.expected];
  if (issue.code === "invalid_value") return [`one of ${issue.values.map((v) => String(v)).join(", ")}`];
  if (issue.code === "invalid_union") return issue.errors.flatMap((branch) => branch.filter((i) => i.path.length === 0).flatMap(expectedOf));
  if (issue.code === "invalid_format") return [issue.message];
  return [];
}

interface Problem {
  path: PathKey[];
  message: string;
  key?: string;
}

function problemsOf(issue: Issue, data: unknown, schema: AnySchema, base: PathKey[] = []): Problem[] {
  const path = [...base, ...(issue.path as PathKey[])];
  const value = valueAt(data, path);
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return [{ path, message: `is missing; expected ${NOUN[issue.expected] ?? issue.expected}` }];
      return [{ path, message: `expected ${NOUN[issue.expected] ?? issue.expected}, got ${describeValue(value)}` }];
    case "invalid_value": {
      const values = issue.values.map((v) => String(v));
      if (value === undefined) return [{ path, message: `is missing; expected one of ${values.join(", ")}` }];
      const hint = typeof value === "string" ? didYouMean(value, values) : undefined;
      return [{ path, message: `expected one of ${values.join(", ")}, got ${describeValue(value)}${hint ? ` (did you mean ${hint}?)` : ""}` }];
    }
    case "unrecognized_keys": {
      const allowed = keysAt(schema, path);
      return issue.keys.map((key) => {
        const hint = didYouMean(key, allowed);
        return { path: [...path, key], key, message: `unknown key${hint ? `; did you mean "${hint}"?` : ""}${allowed.length ? ` (allowed here: ${allowed.join(", ")})` : ""}` };
      });
    }
    case "too_small":
      return [{ path, message: issue.origin === "string" ? "must not be empty" : issue.origin === "array" ? "needs at least one entry" : `is too small (minimum ${String(issue.minimum)})` }];
    case "invalid_union": {
      // When the value has the shape of one branch, that branch's own problems are the useful ones.
      const deep = issue.errors.find((branch) => branch.length && branch.every((i) => i.path.length > 0 || i.code === "unrecognized_keys"));
      if (deep && value !== null && typeof value === "object") return deep.flatMap((i) => problemsOf(i, data, schema, path));
      const nouns = [...new Set(expectedOf(issue))];
      return [{ path, message: `expected ${nouns.join(" or ")}, got ${describeValue(value)}` }];
    }
    case "invalid_format":
      return [{ path, message: `expected ${issue.message}, got ${describeValue(value)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

export function dotted(path: readonly PathKey[], prefix = ""): string {
  const p = path.map(String).join(".");
  return prefix ? (p ? `${prefix}.${p}` : prefix) : p || "(top level)";
}

/** `file:line: dotted.path: message` (the line when the format has lines). */
export function located(file: SourceFile, path: readonly PathKey[], message: string, key?: string): string {
  const line = key !== undefined ? file.keyLineOf(path.slice(0, -1) as PathKey[], key) : file.lineOf(path as PathKey[]);
  const prefix = file.path.endsWith("package.json") ? "shellgate" : "";
  return `${file.source}${line !== undefined ? `:${line}` : ""}: ${dotted(path, prefix)}: ${message}`;
}

/** Validates data against a schema; returns the parsed value or plain-words errors. */
export function validate<T>(schema: z.ZodMiniType<T>, file: SourceFile): { value?: T; errors: string[] } {
  const r = schema.safeParse(file.data);
  if (r.success) return { value: r.data, errors: [] };
  const problems = r.error.issues.flatMap((i) => problemsOf(i, file.data, schema));
  const seen = new Set<string>();
  const lines: { line: number; text: string }[] = [];
  for (const p of problems) {
    const s = located(file, p.path, p.message, p.key);
    if (seen.has(s)) continue;
    seen.add(s);
    lines.push({ line: (p.key !== undefined ? file.keyLineOf(p.path.slice(0, -1), p.key) : file.lineOf(p.path)) ?? 0, text: s });
  }
  // In file order, so the list reads top to bottom like the file.
  return { errors: lines.sort((a, b) => a.line - b.line).map((l) => l.text) };
}
