// Our own shell AST (names after mvdan/sh): a closed union of nodes with spans, independent of tree-sitter.
import type { Span } from "../types.js";

export interface File {
  stmts: Stmt[];
  /** Set when the parser found a syntax error; the walker treats the whole text as opaque. */
  errors: Span[];
  text: string;
}

export interface Stmt {
  cmd: Command;
  redirects: Redir[];
  background: boolean;
  negated: boolean;
  span: Span;
}

export type Command =
  | CallExpr
  | BinaryCmd
  | Subshell
  | Block
  | IfClause
  | WhileClause
  | ForClause
  | CaseClause
  | FuncDecl
  | TestClause
  | ArithmCmd
  | DeclClause
  | UnknownCmd;

export interface CallExpr {
  type: "CallExpr";
  assigns: AssignNode[];
  args: WordNode[];
  /** Redirects tree-sitter placed inside the command itself (before the name or between arguments). */
  redirects: Redir[];
  span: Span;
}

/** `&&`, `||`, `|`, `|&`; sequences are plain Stmt lists. */
export interface BinaryCmd {
  type: "BinaryCmd";
  op: "&&" | "||" | "|" | "|&";
  x: Stmt;
  y: Stmt;
  span: Span;
}

export interface Subshell {
  type: "Subshell";
  stmts: Stmt[];
  span: Span;
}

export interface Block {
  type: "Block";
  stmts: Stmt[];
  span: Span;
}

export interface IfClause {
  type: "IfClause";
  /** Conditions and bodies in source order; every part may run. */
  stmts: Stmt[];
  span: Span;
}

export interface WhileClause {
  type: "WhileClause";
  until: boolean;
  cond: Stmt[];
  body: Stmt[];
  span: Span;
}

export interface ForClause {
  type: "ForClause";
  /** Loop variable; undefined for C-style loops. */
  name?: string;
  items: WordNode[];
  /** Arithmetic parts of a C-style loop (may hold substitutions). */
  arith: WordNode[];
  body: Stmt[];
  span: Span;
}

export interface CaseClause {
  type: "CaseClause";
  word: WordNode;
  items: { patterns: WordNode[]; stmts: Stmt[] }[];
  span: Span;
}

export interface FuncDecl {
  type: "FuncDecl";
  name: string;
  body: Stmt;
  span: Span;
}

/** `[[ ... ]]` and `[ ... ]`: only the substitutions inside can run anything. */
export interface TestClause {
  type: "TestClause";
  words: WordNode[];
  span: Span;
}

export interface ArithmCmd {
  type: "ArithmCmd";
  words: WordNode[];
  span: Span;
}

/** declare, typeset, export, local, readonly. */
export interface DeclClause {
  type: "DeclClause";
  variant: string;
  args: (AssignNode | WordNode)[];
  span: Span;
}

export interface UnknownCmd {
  type: "UnknownCmd";
  kind: string;
  span: Span;
}

export interface AssignNode {
  type: "Assign";
  name: string;
  append: boolean;
  /** undefined for `declare x` and for array assignments we do not model. */
  value?: WordNode;
  array?: WordNode[];
  span: Span;
}

export interface WordNode {
  type: "Word";
  parts: WordPart[];
  span: Span;
  raw: string;
}

export type WordPart =
  | { type: "Lit"; value: string; span: Span }
  | { type: "SglQuoted"; value: string; dollar: boolean; span: Span }
  | { type: "DblQuoted"; parts: WordPart[]; span: Span }
  | { type: "ParamExp"; name: string; op?: string; arg?: WordNode; length?: boolean; complex: boolean; span: Span }
  | { type: "CmdSubst"; stmts: Stmt[]; span: Span }
  | { type: "ProcSubst"; op: "<(" | ">("; stmts: Stmt[]; span: Span }
  | { type: "ArithmExp"; words: WordNode[]; span: Span }
  | { type: "BraceExp"; raw: string; span: Span }
  | { type: "Unknown"; raw: string; span: Span };

export interface Redir {
  op: string;
  fd?: number;
  word?: WordNode;
  /** Heredoc body, with the expansions the shell would perform (unless the delimiter was quoted). */
  hdoc?: WordNode;
  /** Commands tree-sitter attached to a heredoc line (`cat <<EOF | bash`): they follow the heredoc command in a pipe or list. */
  span: Span;
}
