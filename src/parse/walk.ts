// Walks our AST into the flat list of simple commands that would run, tracking variables, cwd and functions.
import { existsSync } from "node:fs";
import { isAbsolute, resolve as resolvePath } from "node:path";
import type { Assign, Invocation, OpaqueNote, Redirect, Span, Stdin, Via, Word, Wrapper } from "../types.js";
import type { Command, File, FuncDecl, Redir, Stmt, WordNode } from "./ast.js";
import { SHELLS, nestedIn, type Nested } from "./nested.js";
import { analyseInterpreter, type Lang } from "./interpreters.js";
import { basename, wrapperFor } from "./wrappers.js";
import { readScript, shellQuote, staticOutput, substitutionOutput, xargsItems } from "./static-output.js";
import { expandBraces, resolveWord, substitutionsIn, type Var, type WordScope } from "./words.js";

export const MAX_DEPTH = 8;
const MAX_LOOP_ITEMS = 16;

export interface Scope extends WordScope {
  vars: Map<string, Var>;
  env: Record<string, string | undefined>;
  cwd?: string;
  functions: Map<string, FuncDecl>;
  calling: Set<string>;
  called: Set<string>;
  /** Aliases defined earlier on the line, and those being expanded now (an alias is not expanded inside itself). */
  aliases: Map<string, string>;
  expanding: Set<string>;
  /** Files this script writes: static content (`cat > x.sh <<EOF`) so a later `bash x.sh` can be read; undefined when the content is not known. */
  files: Map<string, string | undefined>;
}

export interface WalkCtx {
  out: Invocation[];
  depth: number;
  via: Via[];
  mapSpan: (s: Span) => Span;
  text: string;
  parent?: number;
  host?: string;
  container?: string;
  wrappers: Wrapper[];
  /** Parses nested shell text; throws when the parser is not loaded (the argv path loads it on demand). */
  parse: (text: string) => File;
  /** Opaque notes that belong to no single command (parse errors), attached to the next invocation. */
  pending: OpaqueNote[];
}

export function newScope(env: Record<string, string | undefined>, cwd: string | undefined, home: string | undefined = env.HOME): Scope {
  const s: Scope = { vars: new Map(), env, cwd, functions: new Map(), calling: new Set(), called: new Set(), files: new Map(), aliases: new Map(), expanding: new Set(), substitute: substitutionOutput };
  if (home !== undefined) s.home = home;
  return s;
}


function childScope(s: Scope): Scope {
  return { ...s, vars: new Map(s.vars), functions: new Map(s.functions), calling: new Set(s.calling), files: new Map(s.files), aliases: new Map(s.aliases), expanding: new Set(s.expanding) };
}

/** Walks a whole parsed file. */
export function walkFile(file: File, scope: Scope, ctx: WalkCtx): void {
  if (file.errors.length) {
    const first = file.errors[0]!;
    ctx.pending.push({ kind: "parse-error", message: "the shell parser could not read this command line", span: ctx.mapSpan(first) });
  }
  walkStmts(file.stmts, scope, ctx);
  // Functions defined but never called may still run later (traps, sourced scripts): check their bodies too.
  for (const [name, fn] of scope.functions) {
    if (scope.called.has(name)) continue;
    scope.called.add(name);
    const s = childScope(scope);
    s.calling.add(name);
    walkStmt(fn.body, s, { ...ctx, via: [...ctx.via, "function"] });
  }
  if (ctx.pending.length) {
    // Nothing ran to carry the notes: emit an empty invocation so they are seen.
    emitOpaqueHolder(ctx, scope, { start: 0, end: file.text.length });
  }
}

function emitOpaqueHolder(ctx: WalkCtx, scope: Scope, span: Span): void {
  ctx.out.push({
    index: ctx.out.length,
    argv: [],
    assigns: [],
    redirects: [],
    wrappers: [],
    cwd: scope.cwd,
    env: scope.env,
    via: ctx.via,
    text: ctx.text.slice(span.start, span.end),
    span: ctx.mapSpan(span),
    opaque: ctx.pending.splice(0),
    ...(ctx.parent !== undefined ? { parent: ctx.parent } : {}),
  });
}

function walkStmts(stmts: Stmt[], scope: Scope, ctx: WalkCtx): void {
  for (const s of stmts) walkStmt(s, scope, ctx);
}

interface StmtIO {
  stdin?: Stdin;
  redirects: Redirect[];
}

function stmtIO(stmt: Stmt, scope: Scope, ctx: WalkCtx, inherited?: Stdin): StmtIO {
  const io: StmtIO = { redirects: [] };
  if (inherited) io.stdin = inherited;
  for (const r of stmt.redirects) {
    const red = toRedirect(r, scope, ctx);
    io.redirects.push(red);
    const st = stdinOf(r, red, scope, ctx);
    if (st) io.stdin = st;
  }
  return io;
}

function toRedirect(r: Redir, scope: Scope, ctx: WalkCtx): Redirect {
  for (const sub of substitutionsIn(r.word)) walkStmts(sub.stmts, childScope(scope), { ...ctx, via: [...ctx.via, sub.kind] });
  for (const sub of substitutionsIn(r.hdoc)) walkStmts(sub.stmts, childScope(scope), { ...ctx, via: [...ctx.via, "substitution"] });
  const red: Redirect = { op: r.op, span: ctx.mapSpan(r.span) };
  if (r.fd !== undefined) red.fd = r.fd;
  if (r.word) {
    const res = resolveWord(r.word, scope);
    red.target = { raw: r.word.raw, span: ctx.mapSpan(r.word.span), ...(res.value !== undefined ? { value: absolutise(res.value, scope.cwd, r.op) } : {}), ...(res.glob ? { glob: true } : {}) };
  }
  return red;
}

/** Redirect targets that name files are made absolute against the tracked cwd; fd duplications stay as they are. */
function absolutise(value: string, cwd: string | undefined, op: string): string {
  if (/^[<>]&$|^>&$|^<&$/.test(op) || /^\d+-?$|^-$/.test(value)) return value;
  return value;
}

function stdinOf(r: Redir, red: Redirect, scope: Scope, ctx: WalkCtx): Stdin | undefined {
  if (r.op === "<<" || r.op === "<<-") {
    if (!r.hdoc) return undefined;
    const res = resolveWord(r.hdoc, scope);
    let text = res.value;
    if (text !== undefined && r.op === "<<-") text = text.replace(/^\t+/gm, "");
    return text !== undefined ? { kind: "static", text, span: ctx.mapSpan(r.hdoc.span) } : { kind: "opaque", why: "the here-document expands variables or commands" };
  }
  if (r.op === "<<<") {
    const v = red.target?.value;
    return v !== undefined ? { kind: "static", text: v + "\n", span: red.target!.span } : { kind: "opaque", why: "the here-string is not static" };
  }
  if (r.op === "<" && (r.fd === undefined || r.fd === 0)) {
    const p = red.target?.value;
    return { kind: "file", ...(p !== undefined ? { path: scope.cwd && !isAbsolute(p) ? resolvePath(scope.cwd, p) : p } : {}) };
  }
  return undefined;
}

function walkStmt(stmt: Stmt, scope: Scope, ctx: WalkCtx, inheritedStdin?: Stdin): void {
  const io = stmtIO(stmt, scope, ctx, inheritedStdin);
  const c = stmt.background ? { ...ctx, via: [...ctx.via, "background" as Via] } : ctx;
  const before = ctx.out.length;
  walkCommand(stmt.cmd, scope, c, io);
  if (stmt.background) for (let i = before; i < ctx.out.length; i++) ctx.out[i]!.background = true;
  // Redirects on a compound statement apply to what runs inside it; record them once, on its first command.
  if (stmt.cmd.type !== "CallExpr" && io.redirects.length && ctx.out.length > before) ctx.out[before]!.redirects.push(...io.redirects);
}

function walkCommand(cmd: Command, scope: Scope, ctx: WalkCtx, io: StmtIO): void {
  switch (cmd.type) {
    case "CallExpr":
      {
        const own = cmd.redirects.map((r) => {
          const red = toRedirect(r, scope, ctx);
          const st = stdinOf(r, red, scope, ctx);
          if (st) io.stdin = st;
          return red;
        });
        // Source order, wherever the parser attached each redirect.
        const all = [...io.redirects, ...own].sort((a, b) => a.span.start - b.span.start);
        return walkCall(cmd.args, cmd.assigns, all, scope, ctx, io.stdin, cmd.span);
      }
    case "BinaryCmd": {
      if (cmd.op === "|" || cmd.op === "|&") {
        const left = childScope(scope);
        const start = ctx.out.length;
        walkStmt(cmd.x, left, { ...ctx, via: ctx.via }, io.stdin);
        const producer = lastTopLevel(ctx.out, start, ctx);
        const stdin: Stdin | undefined = producer ? staticOutput(producer) ?? { kind: "command", index: producer.index, ...(producer.program ? { program: producer.program } : {}) } : undefined;
        const right = childScope(scope);
        const startRight = ctx.out.length;
        walkStmt(cmd.y, right, { ...ctx, via: [...ctx.via, "pipe"] }, stdin);
        if (producer) {
          const consumer = ctx.out.slice(startRight).find((i) => i.via.length === ctx.via.length + 1 && i.parent === ctx.parent);
          if (consumer && consumer.pipedFrom === undefined) consumer.pipedFrom = producer.index;
        }
        return;
      }
      walkStmt(cmd.x, scope, ctx, io.stdin);
      walkStmt(cmd.y, scope, { ...ctx, via: [...ctx.via, "list"] }, io.stdin);
      return;
    }
    case "Subshell":
      return walkStmts(cmd.stmts, childScope(scope), { ...ctx, via: [...ctx.via, "subshell"] });
    case "Block":
      for (const s of cmd.stmts) walkStmt(s, scope, ctx, io.stdin);
      return;
    case "IfClause":
      return walkStmts(cmd.stmts, scope, { ...ctx, via: [...ctx.via, "condition"] });
    case "WhileClause": {
      const c = { ...ctx, via: [...ctx.via, "loop" as Via] };
      walkStmts(cmd.cond, scope, c);
      // Variables read in the loop condition (`while read f`) are unknown inside the body.
      for (const s of cmd.cond) markReadVars(s, scope);
      walkStmts(cmd.body, scope, c);
      return;
    }
    case "ForClause": {
      const c = { ...ctx, via: [...ctx.via, "loop" as Via] };
      for (const w of cmd.arith) for (const sub of substitutionsIn(w)) walkStmts(sub.stmts, childScope(scope), { ...c, via: [...c.via, sub.kind] });
      if (!cmd.name) return walkStmts(cmd.body, scope, c);
      const items: Var[] = [];
      let dynamic = cmd.items.length === 0;
      for (const w of cmd.items) {
        for (const sub of substitutionsIn(w)) walkStmts(sub.stmts, childScope(scope), { ...c, via: [...c.via, sub.kind] });
        const r = resolveWord(w, scope);
        const fields = r.fields ?? (r.value !== undefined ? [r.value] : undefined);
        if (!fields) dynamic = true;
        else if (r.brace) items.push(...fields.flatMap((f) => expandBraces(f)).map((value) => ({ value, glob: r.glob })));
        else items.push(...fields.map((value) => ({ value, glob: r.glob })));
      }
      if (dynamic || items.length > MAX_LOOP_ITEMS) {
        scope.vars.set(cmd.name, { value: undefined });
        return walkStmts(cmd.body, scope, c);
      }
      for (const it of items) {
        scope.vars.set(cmd.name, it);
        walkStmts(cmd.body, scope, c);
      }
      return;
    }
    case "CaseClause": {
      for (const sub of substitutionsIn(cmd.word)) walkStmts(sub.stmts, childScope(scope), { ...ctx, via: [...ctx.via, sub.kind] });
      for (const it of cmd.items) walkStmts(it.stmts, scope, { ...ctx, via: [...ctx.via, "condition"] });
      return;
    }
    case "FuncDecl":
      scope.functions.set(cmd.name, cmd);
      return;
    case "TestClause":
    case "ArithmCmd":
      for (const w of cmd.words) for (const sub of substitutionsIn(w)) walkStmts(sub.stmts, childScope(scope), { ...ctx, via: [...ctx.via, sub.kind] });
      return;
    case "DeclClause": {
      const readonlyOnly = cmd.args.every((a) => a.type === "Word" && /^-/.test(a.raw));
      void readonlyOnly;
      for (const a of cmd.args) {
        if (a.type === "Assign") assign(a.name, a.value, a.array, scope, ctx, cmd.variant === "export" || cmd.variant === "declare" && false);
      }
      return;
    }
    case "UnknownCmd":
      ctx.pending.push({ kind: "unsupported", message: `shell construct '${cmd.kind}' is not analysed`, span: ctx.mapSpan(cmd.span) });
      emitOpaqueHolder(ctx, scope, cmd.span);
      return;
  }
}

function markReadVars(stmt: Stmt, scope: Scope): void {
  const c = stmt.cmd;
  if (c.type === "CallExpr" && c.args[0]?.raw === "read") {
    for (const w of c.args.slice(1)) if (/^[A-Za-z_]\w*$/.test(w.raw)) scope.vars.set(w.raw, { value: undefined });
  } else if (c.type === "BinaryCmd") {
    markReadVars(c.x, scope);
    markReadVars(c.y, scope);
  }
}

function lastTopLevel(out: Invocation[], start: number, ctx: WalkCtx): Invocation | undefined {
  for (let i = out.length - 1; i >= start; i--) {
    const inv = out[i]!;
    if (inv.parent === ctx.parent && !inv.via.slice(ctx.via.length).some((v) => v === "substitution" || v === "process-substitution" || v === "function")) return inv;
  }
  return undefined;
}

function assign(name: string, value: WordNode | undefined, array: WordNode[] | undefined, scope: Scope, ctx: WalkCtx, exported: boolean): void {
  if (array) {
    for (const w of array) for (const sub of substitutionsIn(w)) walkStmts(sub.stmts, childScope(scope), { ...ctx, via: [...ctx.via, sub.kind] });
    scope.vars.set(name, { value: undefined });
    return;
  }
  if (!value) return;
  for (const sub of substitutionsIn(value)) walkStmts(sub.stmts, childScope(scope), { ...ctx, via: [...ctx.via, sub.kind] });
  const r = resolveWord(value, scope);
  scope.vars.set(name, { value: r.value, ...(r.pathUnder !== undefined ? { pathUnder: r.pathUnder } : {}) });
  if (exported) scope.env = { ...scope.env, [name]: r.value };
}

function resolveArgs(args: WordNode[], scope: Scope, ctx: WalkCtx): Word[] {
  const out: Word[] = [];
  for (const a of args) {
    for (const sub of substitutionsIn(a)) walkStmts(sub.stmts, childScope(scope), { ...ctx, via: [...ctx.via, sub.kind] });
    const span = ctx.mapSpan(a.span);
    // "$@" (and $@, $*) inside a function called with static arguments: one word per argument, as bash does.
    const only = a.parts.length === 1 ? a.parts[0]! : undefined;
    const inner = only?.type === "DblQuoted" && only.parts.length === 1 ? only.parts[0]! : only;
    const count = scope.vars.get("#")?.value;
    if (inner?.type === "ParamExp" && !inner.op && (inner.name === "@" || (inner.name === "*" && only?.type !== "DblQuoted")) && count !== undefined) {
      for (let k = 1; k <= Number(count); k++) {
        const v = scope.vars.get(String(k));
        out.push({ raw: a.raw, span, ...(v?.value !== undefined ? { value: v.value } : {}), ...(v?.glob ? { glob: true } : {}) });
      }
      continue;
    }
    const r = resolveWord(a, scope);
    if (r.fields) {
      for (const value of r.fields) out.push({ raw: a.raw, value, span, ...(r.glob ? { glob: true } : {}) });
      continue;
    }
    if (r.value !== undefined && r.brace) {
      for (const value of expandBraces(r.value)) out.push({ raw: a.raw, value, span, ...(r.glob ? { glob: true } : {}) });
      continue;
    }
    // An unquoted expansion that is empty vanishes from argv, as in the shell.
    if (r.value === "" && a.parts.every((p) => p.type === "ParamExp")) continue;
    out.push({ raw: a.raw, span, ...(r.value !== undefined ? { value: r.value } : {}), ...(r.glob ? { glob: true } : {}), ...(r.pathUnder !== undefined ? { pathUnder: r.pathUnder } : {}) });
  }
  return out;
}

function walkCall(args: WordNode[], assigns: { name: string; value?: WordNode; array?: WordNode[]; span: Span; append: boolean }[], redirects: Redirect[], scope: Scope, ctx: WalkCtx, stdin: Stdin | undefined, span: Span): void {
  const words = resolveArgs(args, scope, ctx);
  if (words.length === 0) {
    for (const a of assigns) assign(a.name, a.value, a.array, scope, ctx, false);
    if (redirects.length || ctx.pending.length) {
      // `> file` alone truncates a file: keep it visible.
      emitInvocation([], [], redirects, scope, ctx, stdin, span, {});
    }
    return;
  }
  const prefix: Assign[] = [];
  for (const a of assigns) {
    for (const sub of substitutionsIn(a.value)) walkStmts(sub.stmts, childScope(scope), { ...ctx, via: [...ctx.via, sub.kind] });
    const r = a.value ? resolveWord(a.value, scope) : { value: "" };
    prefix.push({ name: a.name, raw: `${a.name}=${a.value?.raw ?? ""}`, span: ctx.mapSpan(a.span), ...(r.value !== undefined ? { value: r.value } : {}) });
  }
  emitCommand(words, prefix, redirects, scope, ctx, stdin, span);
}

/** The shared path for parsed commands and for argv from a shim: peel wrappers, emit, follow nested code. */
export function emitCommand(words: Word[], prefix: Assign[], redirects: Redirect[], scope: Scope, ctx: WalkCtx, stdin: Stdin | undefined, span: Span): void {
  let env: Record<string, string | undefined> = { ...scope.env };
  for (const a of prefix) env[a.name] = a.value;
  let cwd = scope.cwd;
  const wrappers: Wrapper[] = [...ctx.wrappers];
  const notes: OpaqueNote[] = [];
  let via = ctx.via;
  let argv = words;
  for (let guard = 0; guard < 16 && argv.length; guard++) {
    const head = argv[0]!;
    if (head.value === undefined) break;
    const program = basename(head.value);
    if (scope.functions.has(head.value)) break;
    const spec = wrapperFor(program);
    if (!spec) break;
    const r = spec(argv.slice(1), program);
    if (!r) break;
    wrappers.push({ program, args: r.args });
    if (r.clearEnv) env = {};
    for (const e of r.env ?? []) env[e.name] = e.value;
    if (r.chdir) cwd = r.chdir.path === undefined ? undefined : cwd && !isAbsolute(r.chdir.path) ? resolvePath(cwd, r.chdir.path) : r.chdir.path;
    if (r.opaque) notes.push({ kind: "dynamic-command", message: r.opaque, span: head.span });
    if (r.script) {
      const joined = r.script.joined;
      const value = joined ? (joined.every((w) => w.value !== undefined) ? joined.map((w) => w.value).join(" ") : undefined) : r.script.word.value;
      const word: Word = { ...r.script.word, ...(value !== undefined ? { value } : {}) };
      if (value === undefined) delete (word as { value?: string }).value;
      // The wrapper itself is recorded, then its script is walked as nested code.
      const idx = emitInvocation(argv, prefix, redirects, { ...scope, env, cwd }, { ...ctx, wrappers: wrappers.slice(0, -1), via }, stdin, span, { notes });
      followNested([{ kind: "script", word, via: "wrapper" }], idx, { ...scope, env, cwd }, ctx);
      return;
    }
    if (!r.rest) break;
    let rest = r.rest;
    if (r.appendDynamic) {
      const under = stdin?.kind === "command" ? ctx.out[stdin.index] : undefined;
      const pathUnder = under?.program === "find" ? findRoot(under) : undefined;
      const dyn = (w: Word): Word => ({ raw: w.raw, span: w.span, ...(pathUnder ? { pathUnder } : {}) });
      const rep = r.appendDynamic.replace;
      // Static input (`echo / | xargs rm -rf`, `xargs rm <<< x`) is known: pass its items as real words.
      const items = stdin?.kind === "static" ? xargsItems(stdin.text, r.args, !!rep) : undefined;
      if (rep) {
        const item = items?.length === 1 ? items[0] : undefined;
        rest = rest.map((w, i) => (i > 0 && w.value?.includes(rep) ? (item !== undefined ? { ...w, value: w.value.split(rep).join(item) } : dyn(w)) : w));
      } else if (items) rest = [...rest, ...items.map((value) => ({ raw: value, value, span: stdin!.kind === "static" ? stdin!.span : argv[0]!.span }))];
      else rest = [...rest, dyn({ raw: "<input>", span: argv[0]!.span })];
    }
    if (r.via) via = [...via, r.via];
    argv = rest;
  }
  emitInvocation(argv, prefix, redirects, { ...scope, env, cwd }, { ...ctx, wrappers, via }, stdin, span, { notes, updateScope: scope });
}


function findRoot(inv: Invocation): string | undefined {
  const root = inv.argv.slice(1).find((w) => w.value !== undefined && !w.value.startsWith("-"))?.value ?? ".";
  return isAbsolute(root) || !inv.cwd ? root : resolvePath(inv.cwd, root);
}

function emitInvocation(
  argv: Word[],
  prefix: Assign[],
  redirects: Redirect[],
  scope: Scope,
  ctx: WalkCtx,
  stdin: Stdin | undefined,
  span: Span,
  opts: { notes?: OpaqueNote[]; updateScope?: Scope },
): number {
  const head = argv[0];
  const inv: Invocation = {
    index: ctx.out.length,
    argv,
    assigns: prefix,
    redirects,
    wrappers: ctx.wrappers,
    env: scope.env,
    via: ctx.via,
    text: ctx.text.slice(span.start, span.end),
    span: ctx.mapSpan(span),
    opaque: [...ctx.pending.splice(0), ...(opts.notes ?? [])],
  };
  if (scope.cwd !== undefined) inv.cwd = scope.cwd;
  if (ctx.parent !== undefined) inv.parent = ctx.parent;
  if (ctx.host !== undefined) inv.host = ctx.host;
  if (ctx.container !== undefined) inv.container = ctx.container;
  if (stdin) inv.stdin = stdin;
  if (head) {
    if (head.value !== undefined && head.value !== "") {
      inv.programPath = head.value;
      inv.program = basename(head.value);
    } else if (head.pathUnder !== undefined) {
      inv.opaque.push({ kind: "dynamic-command", message: "the command to run comes from input that cannot be seen", span: head.span });
    } else {
      inv.opaque.push({ kind: "dynamic-command", message: `the command word ${head.raw} is not static`, span: head.span });
    }
  }
  if (ctx.depth > MAX_DEPTH) inv.opaque.push({ kind: "too-deep", message: `nested more than ${MAX_DEPTH} levels deep`, span: inv.span });
  ctx.out.push(inv);
  const upd = opts.updateScope;
  if (!upd || !inv.program || ctx.depth > MAX_DEPTH) return inv.index;

  // Functions defined earlier in the same script run their body.
  const fn = !inv.programPath?.includes("/") ? upd.functions.get(inv.program) : undefined;
  if (fn) {
    inv.callsFunction = fn.name;
    if (upd.calling.has(fn.name)) inv.recursive = true;
    else {
      upd.called.add(fn.name);
      const s = childScope(upd);
      s.calling.add(fn.name);
      // The function sees the call's arguments as $1, $2 ..., $# and $@.
      const params = argv.slice(1);
      params.forEach((w, i) => s.vars.set(String(i + 1), w.value !== undefined ? { value: w.value, ...(w.glob ? { glob: true } : {}) } : { value: undefined, ...(w.pathUnder !== undefined ? { pathUnder: w.pathUnder } : {}) }));
      s.vars.set("#", { value: String(params.length) });
      const all = params.every((w) => w.value !== undefined) ? params.map((w) => w.value).join(" ") : undefined;
      s.vars.set("@", { value: all });
      s.vars.set("*", { value: all });
      walkStmt(fn.body, s, { ...ctx, wrappers: [], via: [...ctx.via, "function"] });
    }
    return inv.index;
  }
  builtinEffects(inv, upd, ctx);
  if (upd.functions.has(inv.program)) return inv.index;
  // A use of an alias defined earlier runs its text with these arguments appended.
  const alias = inv.programPath === inv.program ? upd.aliases.get(inv.program) : undefined;
  if (alias !== undefined && !upd.expanding.has(inv.program)) {
    const s = childScope(scope);
    s.expanding.add(inv.program);
    const text = [alias, ...argv.slice(1).map((w) => (w.value !== undefined ? shellQuote(w.value) : w.raw))].join(" ");
    followNested([{ kind: "script", word: { raw: head!.raw, value: text, span: head!.span }, via: "nested", joined: true }], inv.index, s, ctx);
    return inv.index;
  }
  followNested(nestedIn(inv.program, argv, inv.cwd), inv.index, scope, ctx);
  return inv.index;
}

/** Builtins that change what later commands see: cd, read, unset, export via wrappers, alias, trap; files written from heredocs. */
function builtinEffects(inv: Invocation, scope: Scope, ctx: WalkCtx): void {
  const args = inv.argv.slice(1);
  const p = inv.program;
  if (p === "cd" || p === "pushd" || p === "popd") {
    const target = args.find((w) => !(w.value ?? "x").startsWith("-") || w.value === "-");
    if (p === "popd" || target?.value === "-") scope.cwd = undefined;
    else if (!target) scope.cwd = p === "cd" ? scope.env.HOME ?? scope.cwd : scope.cwd;
    else if (target.value === undefined) scope.cwd = undefined;
    else scope.cwd = isAbsolute(target.value) ? resolvePath(target.value) : scope.cwd !== undefined ? resolvePath(scope.cwd, target.value) : undefined;
  } else if (p === "read" || p === "mapfile" || p === "readarray" || p === "getopts") {
    for (const w of args) if (w.value && /^[A-Za-z_]\w*$/.test(w.value)) scope.vars.set(w.value, { value: undefined });
  } else if (p === "unset") {
    for (const w of args) if (w.value && /^[A-Za-z_]\w*$/.test(w.value)) scope.vars.set(w.value, { value: undefined });
  } else if (p === "alias") {
    // An alias does not run now, but any later use would: check its text as code, and expand later uses.
    for (const w of args) {
      const m = /^([^=]+)=(.*)$/s.exec(w.value ?? "");
      if (!m) continue;
      scope.aliases.set(m[1]!, m[2]!);
      const s = childScope(scope);
      s.expanding.add(m[1]!);
      followNested([{ kind: "script", word: { ...w, value: m[2] }, via: "nested" }], inv.index, s, ctx);
    }
  } else if (p === "trap") {
    const action = args.find((w) => !w.value?.startsWith("-"));
    if (action && args.length > 1) followNested([{ kind: "script", word: action, via: "nested" }], inv.index, scope, ctx);
  } else if (p === "printf") {
    const vi = args.findIndex((w) => w.value === "-v");
    if (vi >= 0 && args[vi + 1]?.value) scope.vars.set(args[vi + 1]!.value!, { value: undefined });
  }
  // Remember what this line writes into files, so a later `bash x.sh` / `source x.sh` reads that content.
  const content = staticOutput(inv);
  const text = content?.kind === "static" ? content.text : undefined;
  const written = inv.redirects.filter((r) => (r.fd === undefined || r.fd === 1) && /^(>|>\||>>|&>|&>>)$/.test(r.op)).map((r) => r.target?.value);
  if (p === "tee") written.push(...args.filter((w) => !w.value?.startsWith("-")).map((w) => w.value));
  for (const t of written) {
    if (!t) continue;
    const abs = inv.cwd !== undefined && !isAbsolute(t) ? resolvePath(inv.cwd, t) : t;
    const append = inv.redirects.some((r) => r.op.endsWith(">>") && r.target?.value === t);
    const before = scope.files.get(abs);
    scope.files.set(abs, text === undefined ? undefined : append ? (scope.files.has(abs) && before !== undefined ? before + text : undefined) : text);
  }
}

function wordOffset(w: Word): number | undefined {
  if (w.value === undefined) return undefined;
  if (w.raw === w.value && !/[\\'"$`]/.test(w.raw)) return w.span.start;
  if ((w.raw.startsWith("'") || w.raw.startsWith('"')) && w.raw.slice(1, -1) === w.value && w.raw.length === w.value.length + 2) return w.span.start + 1;
  return undefined;
}

function followNested(list: Nested[], parent: number, scope: Scope, ctx: WalkCtx): void {
  const inv = ctx.out[parent]!;
  for (const n of list) {
    switch (n.kind) {
      case "opaque":
        inv.opaque.push({ kind: "dynamic-script", message: n.why, span: n.word?.span ?? inv.span });
        break;
      case "script": {
        if (n.word.value === undefined) {
          inv.opaque.push({ kind: "dynamic-script", message: `${inv.program ?? "this command"} runs shell code that is not static`, span: n.word.span });
          break;
        }
        const ns = nestedScope(scope, n);
        if (n.cwd !== undefined) ns.cwd = n.cwd;
        walkNestedText(n.word.value, n.joined ? undefined : wordOffset(n.word), n.word.span, ns, {
          ...ctx,
          parent,
          via: [...ctx.via, n.via],
          ...(n.host !== undefined ? { host: n.host } : {}),
          ...(n.container !== undefined ? { container: n.container } : {}),
        });
        break;
      }
      case "argv": {
        const s = nestedScope(scope, n);
        if (n.cwd !== undefined) s.cwd = n.cwd;
        const c: WalkCtx = { ...ctx, depth: ctx.depth + 1, parent, wrappers: [], via: [...ctx.via, n.via], ...(n.host !== undefined ? { host: n.host } : {}), ...(n.container !== undefined ? { container: n.container } : {}) };
        if (c.depth > MAX_DEPTH) {
          inv.opaque.push({ kind: "too-deep", message: `nested more than ${MAX_DEPTH} levels deep`, span: inv.span });
          break;
        }
        const text = n.argv.map((w) => w.value ?? w.raw).join(" ");
        emitCommand(n.argv, [], [], s, { ...c, text, mapSpan: () => inv.span }, undefined, { start: 0, end: text.length });
        break;
      }
      case "stdin-script": {
        const st = inv.stdin;
        const who = inv.program ?? "the command";
        if (!st) break;
        if (st.kind === "static") {
          if (n.interpreter) followNested(analyseInterpreter(who, { raw: st.text, value: st.text, span: st.span }, n.interpreter as Lang), parent, scope, ctx);
          else walkNestedText(st.text, undefined, st.span, childScope(scope), { ...ctx, parent, via: [...ctx.via, "stdin"] });
        } else if (st.kind === "command") {
          inv.opaque.push({ kind: "dynamic-stdin", message: `${who} runs code read from the output of ${st.program ?? "another command"}`, span: inv.argv[0]?.span ?? inv.span });
        } else if (st.kind === "file") {
          followNested([{ kind: "file", word: { raw: st.path ?? "<file>", span: inv.span, ...(st.path !== undefined ? { value: st.path } : {}) }, via: "script-file" }], parent, scope, ctx);
        } else inv.opaque.push({ kind: "dynamic-stdin", message: `${who} runs code that is not static: ${st.why}`, span: inv.span });
        break;
      }
      case "file": {
        const p = n.word.value;
        if (p === undefined) {
          inv.opaque.push({ kind: "dynamic-script", message: `${inv.program} runs a script whose path is not static`, span: n.word.span });
          break;
        }
        if (inv.host !== undefined || inv.container !== undefined) {
          inv.opaque.push({ kind: "unreadable-script", message: `${inv.program} runs the script ${p} on another machine`, span: n.word.span });
          break;
        }
        const abs = isAbsolute(p) ? p : inv.cwd !== undefined ? resolvePath(inv.cwd, p) : undefined;
        if (abs === undefined) {
          inv.opaque.push({ kind: "unreadable-script", message: `${inv.program} runs the script ${p} from a directory that is not known`, span: n.word.span });
          break;
        }
        const writtenHere = scope.files.has(abs);
        const text = writtenHere ? scope.files.get(abs) : readScript(abs);
        if (text === undefined) {
          // A script this line writes with unknown content, or one on disk we cannot read, is opaque;
          // a script that does not exist at all makes the command fail before anything runs.
          if (writtenHere || existsSync(abs)) inv.opaque.push({ kind: "unreadable-script", message: `${inv.program} runs the script ${p}, which shellgate cannot read`, span: n.word.span });
          break;
        }
        walkNestedText(text, undefined, n.word.span, childScope(scope), { ...ctx, parent, via: [...ctx.via, "script-file"], mapSpan: () => n.word.span });
        break;
      }
    }
  }
}


function nestedScope(scope: Scope, n: { host?: string; container?: string }): Scope {
  // On another machine or in a container, neither our environment nor our cwd applies.
  if (n.host !== undefined || n.container !== undefined) return newScope({}, undefined, undefined);
  const s = childScope(scope);
  s.env = { ...scope.env };
  for (const [k, v] of scope.vars) if (v.value !== undefined && k in scope.env) s.env[k] = v.value;
  return s;
}

/** Parses and walks shell text found inside another command. */
function walkNestedText(text: string, offset: number | undefined, whole: Span, scope: Scope, ctx: WalkCtx): void {
  const depth = ctx.depth + 1;
  const parent = ctx.out[ctx.parent ?? -1];
  if (depth > MAX_DEPTH) {
    parent?.opaque.push({ kind: "too-deep", message: `nested more than ${MAX_DEPTH} levels deep`, span: whole });
    return;
  }
  const file = ctx.parse(text);
  const mapSpan = offset !== undefined ? (s: Span) => ({ start: offset + s.start, end: offset + s.end }) : () => whole;
  const c: WalkCtx = { ...ctx, depth, text, mapSpan, wrappers: [], pending: [] };
  // Nested code that runs no command (`bash -c ''`) is harmless; a parse error in it is opaque.
  walkFile(file, scope, c);
  if (SHELLS.has(parent?.program ?? "")) void 0;
}


