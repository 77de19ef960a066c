// Entry points of the parse stage: command text or a shim's argv in, Invocation[] out.
import type { CheckContext, Invocation, Span, Word } from "../types.js";
import type { File } from "./ast.js";
import { convertProgram } from "./from-tree-sitter.js";
import { parseSimple } from "./simple.js";
import { loadedParser, loadParser } from "./tree-sitter.js";
import { emitCommand, newScope, walkFile, type WalkCtx } from "./walk.js";

/** Longest command text we parse; longer input is refused as opaque rather than risking a slow parse. */
export const MAX_COMMAND_CHARS = 256 * 1024;

/** Thrown when text needs tree-sitter before it was loaded; async callers load it and retry. */
export class ParserNotLoaded extends Error {}

/** Parses shell text into our AST: plain lines by the fast path, everything else with the loaded tree-sitter parser. */
export function parseFile(text: string): File {
  return parseSimple(text) ?? parseWithTreeSitter(text);
}

/** Parses with tree-sitter only (tests compare it with the fast path). */
export function parseWithTreeSitter(text: string): File {
  const parser = loadedParser();
  if (!parser) throw new ParserNotLoaded("parser not loaded");
  const tree = parser.parse(text);
  if (!tree) return { stmts: [], errors: [{ start: 0, end: text.length }], text };
  try {
    return convertProgram(tree.rootNode, text);
  } finally {
    tree.delete();
  }
}

function baseCtx(text: string): WalkCtx {
  return { out: [], depth: 0, via: [], mapSpan: (s: Span) => s, text, wrappers: [], parse: parseFile, pending: [] };
}

/** Every simple command the text would run. Requires loadParser() to have finished. */
export function invocationsFromText(text: string, ctx: CheckContext): Invocation[] {
  const c = baseCtx(text);
  if (text.length > MAX_COMMAND_CHARS) {
    c.pending.push({ kind: "unsupported", message: `command is longer than ${MAX_COMMAND_CHARS} characters`, span: { start: 0, end: 0 } });
    walkFile({ stmts: [], errors: [], text }, newScope(ctx.env, ctx.cwd), c);
    return c.out;
  }
  walkFile(parseFile(text), newScope(ctx.env, ctx.cwd), c);
  return c.out;
}

/** Every simple command the text would run; loads tree-sitter only when the text needs it. */
export async function parseCommand(text: string, ctx: CheckContext): Promise<Invocation[]> {
  try {
    return invocationsFromText(text, ctx);
  } catch (e) {
    if (!(e instanceof ParserNotLoaded)) throw e;
    await loadParser();
    return invocationsFromText(text, ctx);
  }
}

/** Quotes one argument for display the way a shell user would type it. */
export function displayArg(a: string): string {
  if (a === "") return "''";
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(a)) return a;
  return `'${a.replace(/'/g, `'\\''`)}'`;
}

/** A shim's argv (already expanded by the calling shell): no re-parse; nested shell code loads the parser only when present. */
export async function invocationsFromArgv(argv: string[], ctx: CheckContext): Promise<{ text: string; invocations: Invocation[] }> {
  let text = "";
  const words: Word[] = argv.map((a, i) => {
    if (i > 0) text += " ";
    const shown = displayArg(a);
    const start = text.length;
    text += shown;
    return { raw: shown, value: a, span: { start, end: text.length } };
  });
  const run = () => {
    const c = baseCtx(text);
    emitCommand(words, [], [], newScope(ctx.env, ctx.cwd), c, undefined, { start: 0, end: text.length });
    return c.out;
  };
  try {
    return { text, invocations: run() };
  } catch (e) {
    if (!(e instanceof ParserNotLoaded)) throw e;
    await loadParser();
    return { text, invocations: run() };
  }
}
