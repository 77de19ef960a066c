// A fast path for the plainest command lines (words, quotes without expansions, && || ; |): builds the same AST
// tree-sitter would, so a cold process can skip loading the wasm parser. Anything else returns undefined.
import type { Span } from "../types.js";
import type { BinaryCmd, File, Redir, Stmt, WordNode, WordPart } from "./ast.js";

const PLAIN = /[A-Za-z0-9_@%+=:,./^~-]/;
const RESERVED = new Set(["export", "declare", "typeset", "local", "readonly", "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "function", "select", "coproc", "time", "in", "!", "[[", "]]", "{", "}"]);

type Tok =
  | { kind: "word"; word: WordNode }
  | { kind: "op"; op: "&&" | "||" | ";" | "|"; span: Span }
  | { kind: "redir"; redir: Redir };

const REDIR = /^(\d*)(>>|>\||>&|<&|&>>|&>|>|<(?![<(]))/;
const PARAM = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\}|([0-9@*#?$!-]))/;

function tokenize(text: string): Tok[] | undefined {
  const toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === "&" || c === "|" || c === ";") {
      const two = text.slice(i, i + 2);
      if (two === "&&" || two === "||") {
        toks.push({ kind: "op", op: two, span: { start: i, end: i + 2 } });
        i += 2;
        continue;
      }
      if (c === "&" || two === "|&" || two === ";;" || two === ";&") return undefined;
      toks.push({ kind: "op", op: c as ";" | "|", span: { start: i, end: i + 1 } });
      i++;
      continue;
    }
    const rm = REDIR.exec(text.slice(i, i + 4));
    if (rm && (rm[1] || c === ">" || c === "<" || (c === "&" && rm[2]!.startsWith("&")))) {
      const opStart = i;
      i += rm[0].length;
      while (text[i] === " " || text[i] === "\t") i++;
      const target = readWord(text, i);
      if (!target || target.parts.length === 0) return undefined;
      i = target.span.end;
      const r: Redir = { op: rm[2]!, word: target, span: { start: opStart, end: i } };
      if (rm[1]) r.fd = Number(rm[1]);
      toks.push({ kind: "redir", redir: r });
      continue;
    }
    const word = readWord(text, i);
    if (!word) return undefined;
    i = word.span.end;
    toks.push({ kind: "word", word });
  }
  return toks;
}

export function readWord(text: string, from: number): WordNode | undefined {
  const n = text.length;
  let i = from;
  {
    const start = i;
    const parts: WordPart[] = [];
    let lit = "";
    let litStart = i;
    const flush = () => {
      if (lit) parts.push({ type: "Lit", value: lit, span: { start: litStart, end: i } });
      lit = "";
    };
    while (i < n) {
      const ch = text[i]!;
      if (ch === "$") {
        const pm = PARAM.exec(text.slice(i, i + 130));
        if (!pm) return undefined;
        flush();
        parts.push({ type: "ParamExp", name: pm[1] ?? pm[2] ?? pm[3]!, complex: false, span: { start: i, end: i + pm[0].length } });
        i += pm[0].length;
        continue;
      }
      if (PLAIN.test(ch)) {
        if (!lit) litStart = i;
        lit += ch;
        i++;
        continue;
      }
      if (ch === "'") {
        flush();
        const end = text.indexOf("'", i + 1);
        if (end < 0) return undefined;
        const body = text.slice(i + 1, end);
        if (body.includes("\n")) return undefined;
        parts.push({ type: "SglQuoted", value: body, dollar: false, span: { start: i, end: end + 1 } });
        i = end + 1;
        continue;
      }
      if (ch === '"') {
        flush();
        const end = text.indexOf('"', i + 1);
        if (end < 0) return undefined;
        const body = text.slice(i + 1, end);
        if (/[`\\\n!]/.test(body)) return undefined;
        const inner = dquoted(body, i + 1);
        if (!inner) return undefined;
        parts.push({ type: "DblQuoted", parts: inner, span: { start: i, end: end + 1 } });
        i = end + 1;
        continue;
      }
      if (ch === " " || ch === "\t" || ch === "&" || ch === "|" || ch === ";" || ch === ">" || ch === "<") break;
      return undefined;
    }
    flush();
    if (i === start) return undefined;
    return { type: "Word", parts, span: { start, end: i }, raw: text.slice(start, i) };
  }
}

/** Double-quoted body: literal text and plain `$NAME` / `${NAME}` expansions only. */
function dquoted(body: string, offset: number): WordPart[] | undefined {
  const parts: WordPart[] = [];
  let i = 0;
  let litStart = 0;
  while (i < body.length) {
    if (body[i] !== "$") {
      i++;
      continue;
    }
    const pm = PARAM.exec(body.slice(i, i + 130));
    if (!pm) return undefined;
    if (i > litStart) parts.push({ type: "Lit", value: body.slice(litStart, i), span: { start: offset + litStart, end: offset + i } });
    parts.push({ type: "ParamExp", name: pm[1] ?? pm[2] ?? pm[3]!, complex: false, span: { start: offset + i, end: offset + i + pm[0].length } });
    i += pm[0].length;
    litStart = i;
  }
  if (i > litStart) parts.push({ type: "Lit", value: body.slice(litStart, i), span: { start: offset + litStart, end: offset + i } });
  return parts;
}

const stmtOf = (cmd: Stmt["cmd"], span: Span): Stmt => ({ cmd, redirects: [], background: false, negated: false, span });

/** Parses `text` when it uses only the plain subset; undefined means "ask tree-sitter". */
export function parseSimple(text: string): File | undefined {
  if (text.length > 4096) return undefined;
  const toks = tokenize(text);
  if (!toks || toks.length === 0) return undefined;
  const stmts: Stmt[] = [];
  let i = 0;
  // statement := andor (';' andor)* ; andor := pipeline (('&&'|'||') pipeline)* ; pipeline := call ('|' call)*
  const call = (): Stmt | undefined => {
    const words: WordNode[] = [];
    const redirs: Redir[] = [];
    while (i < toks.length && toks[i]!.kind !== "op") {
      const t = toks[i++]!;
      if (t.kind === "word") words.push(t.word);
      else if (t.kind === "redir") redirs.push(t.redir);
    }
    if (!words.length) return undefined;
    const first = words[0]!;
    if (RESERVED.has(first.raw) || /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(first.raw) || first.parts.length === 0) return undefined;
    const end = Math.max(words[words.length - 1]!.span.end, ...redirs.map((r) => r.span.end));
    const start = Math.min(first.span.start, ...redirs.map((r) => r.span.start));
    const span = { start, end };
    return stmtOf({ type: "CallExpr", assigns: [], args: words, redirects: redirs, span }, span);
  };
  const pipeline = (): Stmt | undefined => {
    let left = call();
    if (!left) return undefined;
    while (i < toks.length && toks[i]!.kind === "op" && (toks[i] as { op: string }).op === "|") {
      i++;
      const right = call();
      if (!right) return undefined;
      const span = { start: left.span.start, end: right.span.end };
      left = stmtOf({ type: "BinaryCmd", op: "|", x: left, y: right, span }, span);
    }
    return left;
  };
  const andor = (): Stmt | undefined => {
    let left = pipeline();
    if (!left) return undefined;
    while (i < toks.length && toks[i]!.kind === "op") {
      const op = (toks[i] as { op: string }).op;
      if (op !== "&&" && op !== "||") break;
      i++;
      const right = pipeline();
      if (!right) return undefined;
      const span = { start: left.span.start, end: right.span.end };
      left = stmtOf({ type: "BinaryCmd", op: op as BinaryCmd["op"], x: left, y: right, span }, span);
    }
    return left;
  };
  while (i < toks.length) {
    const s = andor();
    if (!s) return undefined;
    stmts.push(s);
    if (i < toks.length) {
      const t = toks[i]!;
      if (t.kind !== "op" || t.op !== ";") return undefined;
      i++;
    }
  }
  return { stmts, errors: [], text };
}
