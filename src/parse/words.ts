// Static word resolution: quotes, $'..', ~, known variables and ${X:-default}; anything else stays dynamic.
import type { Word } from "../types.js";
import type { Stmt, WordNode, WordPart } from "./ast.js";

/** A shell variable as far as we know it: value undefined means set to something we cannot know. */
export interface Var {
  value?: string;
  /** Unknown value, but known to be a path below this directory (`$(mktemp -d)`). */
  pathUnder?: string;
  /** The value came from an unquoted glob (for loops over `*`), so it still expands. */
  glob?: boolean;
}

export interface WordScope {
  vars: Map<string, Var>;
  env: Record<string, string | undefined>;
  cwd?: string;
  /** The user's home for `~` when HOME is unset (bash then reads it from the password database). */
  home?: string;
  /** Output of a command substitution when it is static (`$(echo x)`), or what is known of it (`$(mktemp -d)`). */
  substitute?: (stmts: Stmt[], scope: WordScope) => { value?: string; pathUnder?: string } | undefined;
}

export interface Resolved {
  value?: string;
  glob: boolean;
  /** Unquoted literal text contained brace-expansion syntax. */
  brace: boolean;
  /** An unquoted expansion whose value the shell splits into fields on IFS. */
  split?: boolean;
  /** The fields after splitting, when they differ from the single value. */
  fields?: string[];
  /** Unknown value, but known to be a path below this directory. */
  pathUnder?: string;
}

const DYNAMIC_SPECIALS = new Set(["@", "*", "#", "?", "$", "!", "-", "_", "RANDOM", "SECONDS", "LINENO", "BASHPID", "EPOCHSECONDS", "EPOCHREALTIME", "SRANDOM", "OLDPWD"]);

export function lookupVar(name: string, scope: WordScope): Var | undefined {
  // Positional parameters are known inside a function called with static arguments.
  const v = scope.vars.get(name);
  if (v) return v;
  if (DYNAMIC_SPECIALS.has(name) || /^[0-9]+$/.test(name)) return { value: undefined };
  if (name === "PWD") return scope.cwd !== undefined ? { value: scope.cwd } : { value: undefined };
  const e = scope.env[name];
  if (e !== undefined) return { value: e };
  return undefined;
}

export function resolveWord(w: WordNode, scope: WordScope): Resolved {
  let value: string | undefined = "";
  let glob = false;
  let brace = false;
  let split = false;
  const segments: { text: string; split: boolean }[] = [];
  const parts = w.parts;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const r = resolvePart(p, scope, i === 0, false);
    if (p.type === "ParamExp" || p.type === "CmdSubst") split = true;
    if (r.glob) glob = true;
    if (r.brace) brace = true;
    if (r.value === undefined) value = undefined;
    else if (value !== undefined) {
      value += r.value;
      segments.push({ text: r.value, split: p.type === "ParamExp" || p.type === "CmdSubst" });
    }
  }
  if (value === undefined && parts.length === 1) {
    const only = parts[0]!;
    const inner = only.type === "DblQuoted" && only.parts.length === 1 ? only.parts[0]! : only;
    const r = resolvePart(inner, scope, true, only.type === "DblQuoted");
    if (r.pathUnder !== undefined) return { value: undefined, glob: false, brace: false, pathUnder: r.pathUnder };
  }
  if (split && value !== undefined) {
    const fields = fieldsOf(segments, scope);
    if (!fields) return { value: undefined, glob, brace };
    if (fields.length !== 1 || fields[0] !== value) return { value, glob, brace, split, fields };
  }
  // tree-sitter splits `{a,b}` into several literal parts: look for brace syntax across unquoted literals.
  if (!brace && value !== undefined && parts.length > 1 && parts.every((p) => p.type === "Lit") && /\{[^{}]*(,|\.\.)[^{}]*\}/.test(value)) brace = true;
  return split ? { value, glob, brace, split } : { value, glob, brace };
}

/**
 * Field splitting as bash does it: only text that came from unquoted expansions splits on IFS
 * (`cmd="rm -rf x"; $cmd` runs rm). Undefined when IFS itself is not known.
 */
function fieldsOf(segments: { text: string; split: boolean }[], scope: WordScope): string[] | undefined {
  const ifsVar = scope.vars.get("IFS") ?? (scope.env.IFS !== undefined ? { value: scope.env.IFS } : undefined);
  if (ifsVar && ifsVar.value === undefined) return undefined;
  const ifs = ifsVar?.value ?? " \t\n";
  const ws: string[] = [...ifs].filter((c) => c === " " || c === "\t" || c === "\n");
  const other: string[] = [...ifs].filter((c) => !ws.includes(c));
  const out: string[] = [];
  let cur = "";
  let started = false;
  for (const seg of segments) {
    if (!seg.split || ifs === "") {
      cur += seg.text;
      if (seg.text || !seg.split) started = true;
      continue;
    }
    for (const ch of seg.text) {
      if (ws.includes(ch)) {
        if (started) out.push(cur);
        cur = "";
        started = false;
      } else if (other.includes(ch)) {
        out.push(cur);
        cur = "";
        started = false;
      } else {
        cur += ch;
        started = true;
      }
    }
  }
  if (started) out.push(cur);
  return out;
}

function resolvePart(p: WordPart, scope: WordScope, first: boolean, quoted: boolean): Resolved {
  switch (p.type) {
    case "Lit": {
      let v = p.value;
      if (!quoted && first && v.startsWith("~")) {
        const m = /^~([^/]*)/.exec(v)!;
        if (m[1] === "") {
          const home = lookupVar("HOME", scope)?.value ?? (lookupVar("HOME", scope) ? undefined : scope.home);
          if (home === undefined) return { value: undefined, glob: false, brace: false };
          v = home + v.slice(1);
        } else if (m[1] === "+") {
          if (scope.cwd === undefined) return { value: undefined, glob: false, brace: false };
          v = scope.cwd + v.slice(2);
        } else if (/^[a-z_][a-z0-9_-]*$/i.test(m[1]!)) {
          // ~user: another user's home; we cannot know it for sure.
          return { value: undefined, glob: false, brace: false };
        }
      }
      return { value: v, glob: !quoted && /[*?[]/.test(p.value), brace: !quoted && /\{[^{}]*(,|\.\.)[^{}]*\}/.test(p.value) };
    }
    case "SglQuoted":
      return { value: p.value, glob: false, brace: false };
    case "DblQuoted": {
      let value: string | undefined = "";
      // Quotes stop expansion, but a loop variable over a glob still stands for one of its matches.
      let glob = false;
      for (const q of p.parts) {
        const r = resolvePart(q, scope, false, true);
        if (r.glob) glob = true;
        if (r.value === undefined) value = undefined;
        else if (value !== undefined) value += r.value;
      }
      return { value, glob, brace: false };
    }
    case "ParamExp": {
      if (p.complex) return { value: undefined, glob: false, brace: false };
      const v = lookupVar(p.name, scope);
      const op = p.op;
      if (!op) {
        if (!v || v.value === undefined) return { value: undefined, glob: false, brace: false, ...(v?.pathUnder !== undefined ? { pathUnder: v.pathUnder } : {}) };
        // A loop variable over a glob stands for one of its matches, quoted or not.
        return { value: v.value, glob: !!v.glob || (!quoted && /[*?[]/.test(v.value)), brace: false };
      }
      const isSet = v !== undefined;
      const known = v?.value !== undefined;
      const empty = known && v!.value === "";
      const useArg = (): Resolved => (p.arg ? resolveWord(p.arg, scope) : { value: "", glob: false, brace: false });
      switch (op) {
        case ":-":
        case ":=":
          if (!isSet || empty) return useArg();
          return known ? { value: v!.value, glob: false, brace: false } : { value: undefined, glob: false, brace: false };
        case "-":
        case "=":
          if (!isSet) return useArg();
          return known ? { value: v!.value, glob: false, brace: false } : { value: undefined, glob: false, brace: false };
        case ":+":
          if (!isSet || empty) return { value: "", glob: false, brace: false };
          return known ? useArg() : { value: undefined, glob: false, brace: false };
        case "+":
          if (!isSet) return { value: "", glob: false, brace: false };
          return useArg();
        default:
          return known ? { value: v!.value, glob: false, brace: false } : { value: undefined, glob: false, brace: false };
      }
    }
    case "CmdSubst": {
      const out = scope.substitute?.(p.stmts, scope);
      if (!out) return { value: undefined, glob: false, brace: false };
      // The shell strips trailing newlines from a substitution's output.
      if (out.value !== undefined) return { value: out.value.replace(/\n+$/, ""), glob: false, brace: false };
      return { value: undefined, glob: false, brace: false, ...(out.pathUnder !== undefined ? { pathUnder: out.pathUnder } : {}) };
    }
    default:
      return { value: undefined, glob: false, brace: false };
  }
}

/** Expands one level of `{a,b}` and `{1..3}` in an unquoted word, as bash would before anything else. */
export function expandBraces(value: string): string[] {
  const m = /^(.*?)\{([^{}]*)\}(.*)$/s.exec(value);
  if (!m) return [value];
  const [, pre, body, post] = m as unknown as [string, string, string, string];
  let items: string[] | undefined;
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(body) ?? /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
  if (range) {
    const numeric = /\d/.test(range[1]!);
    const a = numeric ? Number(range[1]) : range[1]!.charCodeAt(0);
    const b = numeric ? Number(range[2]) : range[2]!.charCodeAt(0);
    if (Math.abs(b - a) > 64) return [value];
    items = [];
    for (let i = a; a <= b ? i <= b : i >= b; i += a <= b ? 1 : -1) items.push(numeric ? String(i) : String.fromCharCode(i));
  } else if (body.includes(",")) items = body.split(",");
  if (!items) return [value];
  return items.flatMap((it) => expandBraces(pre + it + post));
}

/** Every command/process substitution a word would run, in order. */
export function substitutionsIn(w: WordNode | undefined): { stmts: Stmt[]; kind: "substitution" | "process-substitution" }[] {
  const out: { stmts: Stmt[]; kind: "substitution" | "process-substitution" }[] = [];
  if (!w) return out;
  const visit = (p: WordPart) => {
    switch (p.type) {
      case "CmdSubst":
        out.push({ stmts: p.stmts, kind: "substitution" });
        break;
      case "ProcSubst":
        out.push({ stmts: p.stmts, kind: "process-substitution" });
        break;
      case "DblQuoted":
        p.parts.forEach(visit);
        break;
      case "ParamExp":
        if (p.arg) p.arg.parts.forEach(visit);
        break;
      case "ArithmExp":
        for (const x of p.words) x.parts.forEach(visit);
        break;
      default:
        break;
    }
  };
  w.parts.forEach(visit);
  return out;
}

/** Builds our Word from a resolution. */
export function toWord(w: WordNode, r: Resolved, mapSpan: (s: { start: number; end: number }) => { start: number; end: number }): Word {
  const out: Word = { raw: w.raw, span: mapSpan(w.span) };
  if (r.value !== undefined) out.value = r.value;
  if (r.glob) out.glob = true;
  return out;
}

/** The text of a single-quoted-only or plain-literal word sits at a fixed offset from its span: nested code in it keeps exact spans. */
export function literalOffset(w: WordNode): number | undefined {
  if (w.parts.length !== 1) return undefined;
  const p = w.parts[0]!;
  if (p.type === "SglQuoted" && !p.dollar) return p.span.start + 1;
  if (p.type === "Lit" && !p.value.includes("\\") && p.value === w.raw) return p.span.start;
  if (p.type === "DblQuoted" && p.parts.length === 1) {
    const q = p.parts[0]!;
    if (q.type === "Lit" && q.span.end - q.span.start === q.value.length) return q.span.start;
  }
  if (p.type === "DblQuoted" && p.parts.length === 0) return p.span.start + 1;
  return undefined;
}
