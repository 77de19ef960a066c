// Maps a tree-sitter-bash syntax tree onto our AST; anything it does not model becomes an UnknownCmd or Unknown part.
import type { Node } from "web-tree-sitter";
import type { Span } from "../types.js";
import { readWord } from "./simple.js";
import type {
  AssignNode,
  BinaryCmd,
  Command,
  File,
  Redir,
  Stmt,
  WordNode,
  WordPart,
} from "./ast.js";

const span = (n: Node): Span => ({ start: n.startIndex, end: n.endIndex });

export function convertProgram(root: Node, text: string): File {
  const errors: Span[] = [];
  if (root.hasError) collectErrors(root, errors);
  // tree-sitter can silently skip text (a lone `-` at the start of a list item); text no node covers is an error.
  findGaps(root, text, errors);
  if (/[^\s;&\\]/.test(text.slice(0, root.startIndex))) errors.push({ start: 0, end: root.startIndex });
  if (/[^\s;&\\]/.test(text.slice(root.endIndex))) errors.push({ start: root.endIndex, end: text.length });
  const conv = new Converter(text);
  const stmts = conv.stmtList(root.namedChildren);
  errors.push(...conv.errors);
  return { stmts, errors, text };
}

/** Structural nodes whose children should cover all of their non-blank text; `command` and `redirected_statement` recover their gaps as words. */
const COVERED = new Set(["program", "list", "pipeline", "variable_assignments", "negated_command", "subshell", "compound_statement", "do_group"]);

function findGaps(n: Node, text: string, out: Span[]): void {
  if (COVERED.has(n.type)) {
    let pos = n.startIndex;
    for (const c of n.children) {
      if (!c) continue;
      if (/[^\s;&\\]/.test(text.slice(pos, c.startIndex))) out.push({ start: pos, end: c.startIndex });
      pos = Math.max(pos, c.endIndex);
    }
    if (/[^\s;&\\]/.test(text.slice(pos, n.endIndex))) out.push({ start: pos, end: n.endIndex });
  }
  for (const c of n.namedChildren) if (c && c.type !== "heredoc_body" && c.type !== "string" && c.type !== "raw_string") findGaps(c, text, out);
}

function rightmost(s: Stmt): Stmt {
  let cur = s;
  for (;;) {
    if (cur.cmd.type === "BinaryCmd") cur = cur.cmd.y;
    else if (cur.cmd.type === "Block" && cur.cmd.stmts.length) cur = cur.cmd.stmts[cur.cmd.stmts.length - 1]!;
    else return cur;
  }
}

function collectErrors(n: Node, out: Span[]): void {
  if (n.type === "ERROR" || n.isMissing) {
    out.push(span(n));
    return;
  }
  for (const c of n.children) if (c.hasError || c.isMissing || c.type === "ERROR") collectErrors(c, out);
}

class Converter {
  /** Shapes tree-sitter is known to misread; the line becomes opaque instead of being analysed wrongly. */
  readonly errors: Span[] = [];

  constructor(private readonly text: string) {}

  stmtList(nodes: (Node | null)[]): Stmt[] {
    const out: Stmt[] = [];
    // Only named nodes are statements; separators like `;` can arrive in field lists (while conditions).
    const list = nodes.filter((n): n is Node => !!n && n.isNamed && n.type !== "comment");
    for (let i = 0; i < list.length; i++) {
      const n = list[i]!;
      if (n.type === "heredoc_body" || n.type === "heredoc_end") continue;
      const s = this.stmt(n);
      if (!s) continue;
      // A trailing `&` after a statement is an anonymous sibling token.
      const next = n.nextSibling;
      if (next && next.type === "&") s.background = true;
      out.push(s);
    }
    return out;
  }

  stmt(n: Node): Stmt | undefined {
    const base: Stmt = { cmd: { type: "UnknownCmd", kind: n.type, span: span(n) }, redirects: [], background: false, negated: false, span: span(n) };
    switch (n.type) {
      case "redirected_statement": {
        const body = n.childForFieldName("body");
        const inner = body ? this.stmt(body) : undefined;
        this.gapWords(n);
        const s: Stmt = inner ? { ...inner, span: span(n) } : { ...base, cmd: { type: "CallExpr", assigns: [], args: [], redirects: [], span: span(n) } };
        let continuation: { op: BinaryCmd["op"]; stmt: Stmt } | undefined;
        for (const r of n.children) {
          if (!r || !r.isNamed) continue;
          if (r === body) continue;
          if (r.type === "file_redirect" || r.type === "herestring_redirect") s.redirects.push(this.redir(r));
          else if (r.type === "heredoc_redirect") {
            const { redirs, cont } = this.heredoc(r);
            s.redirects.push(...redirs);
            if (cont) continuation = cont;
          }
        }
        // tree-sitter-bash #345: a redirect written after `a | b` or `a && b` is attached to the whole list,
        // but bash applies it (and any words after it) to the last simple command.
        const bodyIsList = body && (body.type === "pipeline" || body.type === "list");
        const target = bodyIsList ? rightmost(s) : s;
        if (bodyIsList && target !== s) {
          target.redirects.push(...s.redirects);
          s.redirects = [];
        }
        this.takeStray(target);
        const fixed = s;
        if (continuation) {
          return { cmd: { type: "BinaryCmd", op: continuation.op, x: fixed, y: continuation.stmt, span: span(n) }, redirects: [], background: false, negated: false, span: span(n) };
        }
        return fixed;
      }
      case "negated_command": {
        const c = n.namedChildren.find((x) => x && x.type !== "comment");
        const s = c ? this.stmt(c) : undefined;
        return s ? { ...s, negated: true, span: span(n) } : base;
      }
      case "variable_assignment": {
        const word = this.notAnAssignment(n);
        if (word) return { ...base, cmd: { type: "CallExpr", assigns: [], args: [word], redirects: [], span: span(n) } };
        return { ...base, cmd: { type: "CallExpr", assigns: [this.assign(n)], args: [], redirects: [], span: span(n) } };
      }
      case "variable_assignments": {
        // From the first word that is not a valid assignment on, bash reads a command and its arguments.
        const assigns: AssignNode[] = [];
        const args: WordNode[] = [];
        for (const c of n.namedChildren) {
          if (!c || c.type !== "variable_assignment") continue;
          const word = args.length ? this.notAnAssignment(c) ?? this.plainWord(c) : this.notAnAssignment(c);
          if (word) args.push(word);
          else assigns.push(this.assign(c));
        }
        return { ...base, cmd: { type: "CallExpr", assigns, args, redirects: [], span: span(n) } };
      }
      default: {
        const cmd = this.command(n);
        return { ...base, cmd };
      }
    }
  }

  /** A heredoc redirect, plus the pipe or list tree-sitter hangs on its first line (`cat <<EOF | bash`). */
  heredoc(r: Node): { redirs: Redir[]; cont?: { op: BinaryCmd["op"]; stmt: Stmt } } {
    const start = r.children.find((c) => c?.type === "heredoc_start");
    const bodyNode = r.children.find((c) => c?.type === "heredoc_body");
    const quoted = !!start && /['"\\]/.test(start.text);
    const opNode = r.children.find((c) => c && !c.isNamed && (c.type === "<<" || c.type === "<<-"));
    const redirs: Redir[] = [];
    const hd: Redir = { op: opNode?.type ?? "<<", span: span(r) };
    if (bodyNode) {
      hd.hdoc = quoted
        ? { type: "Word", parts: [{ type: "SglQuoted", value: bodyNode.text, dollar: false, span: span(bodyNode) }], span: span(bodyNode), raw: bodyNode.text }
        : this.heredocBody(bodyNode);
    } else {
      hd.hdoc = { type: "Word", parts: [{ type: "Lit", value: "", span: span(r) }], span: span(r), raw: "" };
    }
    redirs.push(hd);
    let cont: { op: BinaryCmd["op"]; stmt: Stmt } | undefined;
    const kids = r.children.filter((c): c is Node => !!c);
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i]!;
      if (c.type === "file_redirect" || c.type === "herestring_redirect") redirs.push(this.redir(c));
      else if (c.type === "pipeline") {
        const stmts = this.stmtList(c.namedChildren);
        const piped = stmts.reduceRight<Stmt | undefined>((acc, s) => (acc ? { cmd: { type: "BinaryCmd", op: "|", x: s, y: acc, span: s.span }, redirects: [], background: false, negated: false, span: s.span } : s), undefined);
        if (piped) cont = { op: c.children.some((x) => x?.type === "|&") ? "|&" : "|", stmt: piped };
      } else if (!c.isNamed && (c.type === "&&" || c.type === "||" || c.type === "|" || c.type === "|&")) {
        const right = kids.slice(i + 1).find((x) => x.isNamed && x.type !== "heredoc_body" && x.type !== "heredoc_end");
        const s = right ? this.stmt(right) : undefined;
        if (s) cont = { op: c.type as BinaryCmd["op"], stmt: s };
        break;
      }
    }
    return { redirs, cont };
  }

  heredocBody(n: Node): WordNode {
    const parts: WordPart[] = [];
    let pos = n.startIndex;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.startIndex > pos) parts.push({ type: "Lit", value: this.text.slice(pos, c.startIndex), span: { start: pos, end: c.startIndex } });
      if (c.type === "heredoc_content") parts.push({ type: "Lit", value: unescapeHeredoc(c.text), span: span(c) });
      else parts.push(...this.wordParts(c, true));
      pos = c.endIndex;
    }
    if (pos < n.endIndex) parts.push({ type: "Lit", value: this.text.slice(pos, n.endIndex), span: { start: pos, end: n.endIndex } });
    return { type: "Word", parts, span: span(n), raw: n.text };
  }

  command(n: Node): Command {
    switch (n.type) {
      case "command":
        return this.call(n);
      case "list": {
        // `a && b || c` arrives as nested lists with anonymous operator tokens.
        const kids = n.children.filter((c): c is Node => !!c && c.type !== "comment");
        let acc: Stmt | undefined;
        let op: BinaryCmd["op"] | ";" | undefined;
        for (const c of kids) {
          if (!c.isNamed) {
            if (c.type === "&&" || c.type === "||") op = c.type;
            else if (c.type === ";" || c.type === "&") op = ";";
            continue;
          }
          const s = this.stmt(c);
          if (!s) continue;
          if (!acc) acc = s;
          else if (op === ";" || !op) acc = { cmd: { type: "Block", stmts: [acc, s], span: { start: acc.span.start, end: s.span.end } }, redirects: [], background: false, negated: false, span: { start: acc.span.start, end: s.span.end } };
          else acc = { cmd: { type: "BinaryCmd", op, x: acc, y: s, span: { start: acc.span.start, end: s.span.end } }, redirects: [], background: false, negated: false, span: { start: acc.span.start, end: s.span.end } };
        }
        return acc ? acc.cmd : { type: "UnknownCmd", kind: "empty-list", span: span(n) };
      }
      case "pipeline": {
        const kids = n.children.filter((c): c is Node => !!c && c.type !== "comment");
        const stmts: Stmt[] = [];
        const ops: BinaryCmd["op"][] = [];
        for (const c of kids) {
          if (!c.isNamed) {
            if (c.type === "|" || c.type === "|&") ops.push(c.type);
            continue;
          }
          const s = this.stmt(c);
          if (s) stmts.push(s);
        }
        let acc = stmts[0];
        if (!acc) return { type: "UnknownCmd", kind: "empty-pipeline", span: span(n) };
        for (let i = 1; i < stmts.length; i++) {
          const s = stmts[i]!;
          acc = { cmd: { type: "BinaryCmd", op: ops[i - 1] ?? "|", x: acc, y: s, span: { start: acc.span.start, end: s.span.end } }, redirects: [], background: false, negated: false, span: { start: acc.span.start, end: s.span.end } };
        }
        return acc.cmd;
      }
      case "subshell":
        return { type: "Subshell", stmts: this.stmtList(n.namedChildren), span: span(n) };
      case "compound_statement":
      case "do_group":
        // `(( i++ ))` arrives as a compound statement opened by `((`: arithmetic, which runs only its substitutions.
        if (n.children[0]?.type === "((") return { type: "ArithmCmd", words: this.leafWords(n), span: span(n) };
        return { type: "Block", stmts: this.stmtList(n.namedChildren), span: span(n) };
      case "if_statement":
      case "elif_clause":
      case "else_clause":
        return { type: "IfClause", stmts: this.stmtList(n.namedChildren.flatMap((c) => (c && (c.type === "elif_clause" || c.type === "else_clause") ? [c] : [c]))), span: span(n) };
      case "while_statement": {
        const cond = n.childrenForFieldName("condition").filter((c): c is Node => !!c);
        const body = n.childForFieldName("body");
        return {
          type: "WhileClause",
          until: n.children[0]?.type === "until",
          cond: this.stmtList(cond),
          body: body ? this.stmtList(body.namedChildren) : [],
          span: span(n),
        };
      }
      case "for_statement": {
        const v = n.childForFieldName("variable");
        const items = n.childrenForFieldName("value").filter((c): c is Node => !!c).map((c) => this.word(c));
        const body = n.childForFieldName("body");
        return { type: "ForClause", name: v?.text, items, arith: [], body: body ? this.stmtList(body.namedChildren) : [], span: span(n) };
      }
      case "c_style_for_statement": {
        const body = n.childForFieldName("body");
        const arith = n.namedChildren.filter((c): c is Node => !!c && c !== body).map((c) => this.word(c));
        return { type: "ForClause", items: [], arith, body: body ? this.stmtList(body.namedChildren) : [], span: span(n) };
      }
      case "case_statement": {
        const value = n.childForFieldName("value");
        const items = n.namedChildren
          .filter((c): c is Node => !!c && c.type === "case_item")
          .map((ci) => {
            // Patterns come before the `)`, the item's commands after it.
            const kids = ci.children.filter((c): c is Node => !!c);
            const close = kids.findIndex((c) => !c.isNamed && c.type === ")");
            const pats = kids.slice(0, Math.max(close, 0)).filter((c) => c.isNamed);
            const stmts = this.stmtList(kids.slice(close + 1));
            return { patterns: pats.map((p) => this.word(p)), stmts };
          });
        return { type: "CaseClause", word: value ? this.word(value) : this.emptyWord(n), items, span: span(n) };
      }
      case "function_definition": {
        const name = n.childForFieldName("name");
        const body = n.childForFieldName("body");
        const bodyStmt = body ? this.stmt(body) : undefined;
        return {
          type: "FuncDecl",
          name: name?.text ?? "",
          body: bodyStmt ?? { cmd: { type: "UnknownCmd", kind: "empty-function", span: span(n) }, redirects: [], background: false, negated: false, span: span(n) },
          span: span(n),
        };
      }
      case "test_command":
        return { type: "TestClause", words: this.leafWords(n), span: span(n) };
      case "arithmetic_expansion":
      case "arithmetic_command":
        return { type: "ArithmCmd", words: this.leafWords(n), span: span(n) };
      case "declaration_command": {
        const variant = n.children[0]?.text ?? "declare";
        const args: (AssignNode | WordNode)[] = [];
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === "variable_assignment") args.push(this.assign(c));
          else args.push(this.word(c));
        }
        return { type: "DeclClause", variant, args, span: span(n) };
      }
      case "unset_command": {
        const args = n.namedChildren.filter((c): c is Node => !!c).map((c) => this.word(c));
        return { type: "CallExpr", assigns: [], args: [{ type: "Word", parts: [{ type: "Lit", value: "unset", span: span(n) }], span: { start: n.startIndex, end: n.startIndex + 5 }, raw: "unset" }, ...args], redirects: [], span: span(n) };
      }
      default:
        return { type: "UnknownCmd", kind: n.type, span: span(n) };
    }
  }

  /** Words inside test and arithmetic clauses: we only need the substitutions they may run. */
  leafWords(n: Node): WordNode[] {
    const out: WordNode[] = [];
    const visit = (c: Node) => {
      if (c.type === "command_substitution" || c.type === "process_substitution" || c.type === "string" || c.type === "simple_expansion" || c.type === "expansion" || c.type === "word" || c.type === "concatenation") {
        out.push(this.word(c));
        return;
      }
      for (const k of c.namedChildren) if (k) visit(k);
    };
    for (const k of n.namedChildren) if (k) visit(k);
    return out;
  }

  /** `--a=b` is not an assignment in bash (invalid name): it is an ordinary word. */
  notAnAssignment(n: Node): WordNode | undefined {
    const name = n.childForFieldName("name")?.text ?? "";
    if (/^[A-Za-z_][A-Za-z0-9_]*(\[.*\])?$/s.test(name)) return undefined;
    const parts = n.children.filter((c): c is Node => !!c).flatMap((c) => (c.isNamed ? this.wordParts(c, false) : [{ type: "Lit" as const, value: c.text, span: span(c) }]));
    return { type: "Word", parts, span: span(n), raw: n.text };
  }

  /** A valid-looking assignment written after the command word is just an argument. */
  plainWord(n: Node): WordNode {
    const parts = n.children.filter((c): c is Node => !!c).flatMap((c) => (c.isNamed && c.type !== "variable_name" ? this.wordParts(c, false) : [{ type: "Lit" as const, value: c.text, span: span(c) }]));
    return { type: "Word", parts, span: span(n), raw: n.text };
  }

  /** Words tree-sitter skipped between children (a lone `-` before a redirect); bash passes them on. */
  gapWords(n: Node): void {
    let pos = n.startIndex;
    for (const c of n.children) {
      if (!c) continue;
      this.recover(pos, c.startIndex);
      pos = Math.max(pos, c.endIndex);
    }
    this.recover(pos, n.endIndex);
  }

  private recover(from: number, to: number): void {
    if (to <= from) return;
    const gap = this.text.slice(from, to);
    for (const m of gap.matchAll(/[^\s\\]+/g)) {
      const start = from + m.index!;
      this.strayArgs.push({ type: "Word", parts: [{ type: "Lit", value: m[0], span: { start, end: start + m[0].length } }], span: { start, end: start + m[0].length }, raw: m[0] });
    }
  }

  call(n: Node): Command {
    // `time (cmd)` / `time { cmd; }`: tree-sitter reads the group as an argument of a command named time.
    const name = n.childForFieldName("name");
    const groups = n.namedChildren.filter((c): c is Node => !!c && (c.type === "subshell" || c.type === "compound_statement"));
    if (groups.length && (name?.text === "time" || name?.text === "coproc")) {
      return { type: "Block", stmts: groups.flatMap((g) => this.stmt(g) ?? []), span: span(n) };
    }
    const assigns: AssignNode[] = [];
    const args: WordNode[] = [];
    const redirs: Redir[] = [];
    this.gapWords(n);
    // Two word nodes with no blank between them are one shell word that tree-sitter split
    // (`"/bin/"rm$X -rf /` yields command `rm$` and argument `X`; `A=$H/a:$H/b` cuts at `:$`).
    // When the plain-word reader reads the whole word, use that; otherwise never analyse the split.
    const merged = new Map<Node, WordNode>();
    const skip = new Set<Node>();
    let prev: Node | undefined;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (prev && prev.endIndex === c.startIndex && !/redirect$/.test(c.type) && !/redirect$/.test(prev.type)) {
        const value = prev.type === "variable_assignment" ? prev.childForFieldName("value") : prev.type === "command_name" ? prev : prev;
        const whole = value ? readWord(this.text, value.startIndex) : undefined;
        if (whole && whole.span.end === c.endIndex && !skip.has(prev)) {
          merged.set(prev, whole);
          skip.add(c);
        } else this.errors.push({ start: prev.startIndex, end: c.endIndex });
      }
      prev = c;
    }
    for (const c of n.namedChildren) {
      if (!c || skip.has(c)) continue;
      const whole = merged.get(c);
      if (whole && c.type === "variable_assignment") {
        const a = this.assign(c);
        assigns.push({ ...a, value: whole, span: { start: c.startIndex, end: whole.span.end } });
        continue;
      }
      if (whole) {
        args.push(whole);
        continue;
      }
      const notAssign = c.type === "variable_assignment" ? this.notAnAssignment(c) : undefined;
      if (notAssign) args.push(notAssign);
      else if (c.type === "variable_assignment") assigns.push(this.assign(c));
      else if (c.type === "command_name") {
        const inner = c.namedChildren[0];
        args.push(this.word(inner ?? c));
      } else if (c.type === "file_redirect" || c.type === "herestring_redirect") redirs.push(this.redir(c));
      else if (c.type === "comment") continue;
      else args.push(this.word(c));
    }
    if (this.strayArgs.length) {
      args.push(...this.strayArgs.splice(0));
      args.sort((a, b) => a.span.start - b.span.start);
    }
    return { type: "CallExpr", assigns, args, redirects: redirs, span: span(n) };
  }

  assign(n: Node): AssignNode {
    const name = n.childForFieldName("name");
    const value = n.childForFieldName("value");
    const append = n.children.some((c) => c?.type === "+=");
    const a: AssignNode = { type: "Assign", name: name?.text ?? "", append, span: span(n) };
    if (value) {
      if (value.type === "array") a.array = value.namedChildren.filter((c): c is Node => !!c).map((c) => this.word(c));
      else a.value = this.word(value);
    } else if (n.children.some((c) => c?.type === "=")) {
      a.value = this.emptyWord(n);
    }
    return a;
  }

  redir(n: Node): Redir {
    const fdNode = n.childForFieldName("descriptor");
    const targets = n.namedChildren.filter((c): c is Node => !!c && c.type !== "file_descriptor" && c.type !== "comment");
    const dest = targets[0];
    const opNode = n.children.find((c) => c && !c.isNamed);
    const r: Redir = { op: n.type === "herestring_redirect" ? "<<<" : (opNode?.type ?? ">"), span: span(n) };
    if (fdNode) {
      // tree-sitter reads `src2>x` as descriptor "src2"; bash reads the word src2 and a plain `>x`.
      if (/^\d+$/.test(fdNode.text)) r.fd = Number(fdNode.text);
      else if (!/^\{\w+\}$/.test(fdNode.text)) this.strayArgs.push(this.word(fdNode));
    }
    if (dest) {
      r.word = this.word(dest);
      r.span = { start: n.startIndex, end: dest.endIndex };
    }
    // tree-sitter-bash files words after a redirect target under the redirect (`rm 2>/dev/null -rf ~`);
    // bash passes them to the command, so they go back into argv.
    if (targets.length > 1) this.strayArgs.push(...targets.slice(1).map((c) => this.word(c)));
    return r;
  }

  /** Arguments tree-sitter attached to redirects; the statement being built takes them back. */
  strayArgs: WordNode[] = [];

  takeStray(s: Stmt): void {
    if (!this.strayArgs.length) return;
    const extra = this.strayArgs.splice(0);
    if (s.cmd.type === "CallExpr") {
      s.cmd.args.push(...extra);
      s.cmd.args.sort((a, b) => a.span.start - b.span.start);
    }
    else s.cmd = { type: "UnknownCmd", kind: "arguments after a redirect", span: s.span };
  }

  emptyWord(n: Node): WordNode {
    return { type: "Word", parts: [], span: { start: n.endIndex, end: n.endIndex }, raw: "" };
  }

  word(n: Node): WordNode {
    return { type: "Word", parts: this.wordParts(n, false), span: span(n), raw: n.text };
  }

  wordParts(n: Node, inDouble: boolean): WordPart[] {
    switch (n.type) {
      case "word":
      case "number":
      case "variable_name":
      case "special_variable_name":
      case "extglob_pattern":
      case "regex":
      case "test_operator":
      case "file_descriptor":
        return [{ type: "Lit", value: inDouble ? n.text : unescapeUnquoted(n.text), span: span(n) }];
      case "heredoc_content":
        return [{ type: "Lit", value: unescapeHeredoc(n.text), span: span(n) }];
      case "string_content":
        return [{ type: "Lit", value: unescapeDouble(n.text), span: span(n) }];
      case "raw_string":
        return [{ type: "SglQuoted", value: n.text.slice(1, -1), dollar: false, span: span(n) }];
      case "ansi_c_string":
        return [{ type: "SglQuoted", value: decodeAnsiC(n.text.slice(2, -1)), dollar: true, span: span(n) }];
      case "string":
      case "translated_string": {
        const parts: WordPart[] = [];
        // Text between named children (e.g. `$` literals) is literal inside double quotes.
        const inner = n.type === "translated_string" ? n.namedChildren[0] : n;
        if (!inner) return [{ type: "DblQuoted", parts: [], span: span(n) }];
        let pos = inner.startIndex + 1;
        const end = inner.endIndex - 1;
        for (const c of inner.namedChildren) {
          if (!c) continue;
          if (c.startIndex > pos) parts.push({ type: "Lit", value: unescapeDouble(this.text.slice(pos, c.startIndex)), span: { start: pos, end: c.startIndex } });
          parts.push(...this.wordParts(c, true));
          pos = c.endIndex;
        }
        if (pos < end) parts.push({ type: "Lit", value: unescapeDouble(this.text.slice(pos, end)), span: { start: pos, end } });
        return [{ type: "DblQuoted", parts, span: span(n) }];
      }
      case "concatenation": {
        const parts: WordPart[] = [];
        let pos = n.startIndex;
        for (const c of n.children) {
          if (!c) continue;
          if (c.startIndex > pos) parts.push({ type: "Lit", value: this.text.slice(pos, c.startIndex), span: { start: pos, end: c.startIndex } });
          if (c.isNamed) parts.push(...this.wordParts(c, inDouble));
          else parts.push({ type: "Lit", value: c.text, span: span(c) });
          pos = c.endIndex;
        }
        return parts;
      }
      case "simple_expansion": {
        const v = n.namedChildren[0];
        return [{ type: "ParamExp", name: v?.text ?? n.text.slice(1), complex: false, span: span(n) }];
      }
      case "expansion":
        return [this.paramExp(n)];
      case "command_substitution": {
        return [{ type: "CmdSubst", stmts: this.stmtList(n.namedChildren), span: span(n) }];
      }
      case "process_substitution":
        return [{ type: "ProcSubst", op: n.text.startsWith(">") ? ">(" : "<(", stmts: this.stmtList(n.namedChildren), span: span(n) }];
      case "arithmetic_expansion":
        return [{ type: "ArithmExp", words: this.leafWords(n), span: span(n) }];
      case "brace_expression":
        return [{ type: "BraceExp", raw: n.text, span: span(n) }];
      default:
        // Unknown shapes keep their substitutions visible so nothing inside runs unseen.
        return [{ type: "Unknown", raw: n.text, span: span(n) }];
    }
  }

  paramExp(n: Node): WordPart {
    const kids = n.children.filter((c): c is Node => !!c);
    const nameNode = kids.find((c) => c.type === "variable_name" || c.type === "special_variable_name");
    const hasSubscript = kids.some((c) => c.type === "subscript");
    const opNode = kids.find((c) => !c.isNamed && c.type !== "${" && c.type !== "}");
    const first = kids[1];
    const length = first !== undefined && !first.isNamed && first.type === "#";
    const indirect = first !== undefined && !first.isNamed && first.type === "!";
    const argNodes = nameNode ? kids.filter((c) => c.isNamed && c !== nameNode && c.startIndex > nameNode.startIndex) : [];
    const simpleOps = new Set([":-", "-", ":=", "=", ":+", "+", ":?", "?"]);
    const op = opNode && nameNode && opNode.startIndex > nameNode.startIndex ? opNode.type : undefined;
    const complex = !nameNode || hasSubscript || indirect || (op !== undefined && !simpleOps.has(op)) || (length && false);
    let arg: WordNode | undefined;
    if (op && simpleOps.has(op)) {
      const start = opNode!.endIndex;
      const end = n.endIndex - 1;
      const parts: WordPart[] = [];
      let pos = start;
      for (const c of argNodes) {
        if (c.startIndex > pos) parts.push({ type: "Lit", value: this.text.slice(pos, c.startIndex), span: { start: pos, end: c.startIndex } });
        parts.push(...this.wordParts(c, false));
        pos = c.endIndex;
      }
      if (pos < end) parts.push({ type: "Lit", value: this.text.slice(pos, end), span: { start: pos, end } });
      arg = { type: "Word", parts, span: { start, end }, raw: this.text.slice(start, end) };
    } else if (argNodes.length) {
      // Keep substitutions inside complex expansions visible to the walker.
      arg = { type: "Word", parts: argNodes.flatMap((c) => this.wordParts(c, false)), span: span(n), raw: n.text };
    }
    return { type: "ParamExp", name: nameNode?.text ?? "", op, arg, length, complex: complex || length, span: span(n) };
  }
}

function unescapeUnquoted(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\\n/g, "").replace(/\\(.)/gs, "$1");
}

function unescapeDouble(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\\n/g, "").replace(/\\([$`"\\])/g, "$1");
}

function unescapeHeredoc(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\\n/g, "").replace(/\\([$`\\])/g, "$1");
}

/** Decodes the body of a `$'...'` string the way bash does. */
export function decodeAnsiC(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== "\\" || i + 1 >= s.length) {
      out += ch;
      continue;
    }
    const e = s[++i]!;
    const simple: Record<string, string> = { a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };
    if (e in simple) out += simple[e];
    else if (e === "x") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += m[0].length;
      } else out += "\\x";
    } else if (e === "u" || e === "U") {
      const m = (e === "u" ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(s.slice(i + 1));
      if (m) {
        out += String.fromCodePoint(parseInt(m[0], 16));
        i += m[0].length;
      } else out += "\\" + e;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i))!;
      out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
      i += m[0].length - 1;
    } else if (e === "c" && i + 1 < s.length) {
      out += String.fromCharCode(s.charCodeAt(++i) & 0x1f);
    } else out += "\\" + e;
  }
  return out;
}
