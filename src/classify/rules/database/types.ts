// Shared shapes of the database pack: finding ids, what a statement or task does, and what one command gathers.
import type { Risk, Word } from "../../../types.js";
import type { SqlDialect, SqlKind } from "../../sql.js";
import type { DbTargetPart } from "../../../context/database.js";

export type Id =
  | "drop-database"
  | "drop"
  | "truncate"
  | "delete-all"
  | "update-all"
  | "alter-drop"
  | "flush"
  | "mass-delete"
  | "reset"
  | "accept-data-loss"
  | "write"
  | "migrate"
  | "rollback"
  | "restore"
  | "privilege"
  | "server-admin"
  | "shell-escape"
  | "dynamic-sql"
  | "unreadable-sql"
  | "dynamic-target";


/** What one statement, command or task does; `read`/`session`/`connect`/`include` never become findings. */
export type Kind = SqlKind | "flush" | "mass-delete" | "reset" | "accept-data-loss" | "migrate" | "rollback" | "restore";

export interface Effect {
  kind: Kind;
  /** The argument that carried the statement, for the finding's span. */
  word?: Word;
  verb: string;
  target?: string;
  text: string;
  severe?: boolean;
  risk?: Risk;
}

export type Language = SqlDialect | "redis" | "mongo";

export interface Gathered {
  effects: Effect[];
  parts: DbTargetPart[];
  /** A word naming the target that is not static. */
  dynamicTarget?: Word;
  /** Statements that cannot be seen (dynamic code, unreadable files). */
  dynamic: { word?: Word; why: string; unreadable?: boolean; missing?: boolean }[];
  /** A tool that passes SQL through to the database reads it from here (`prisma db execute --file`, `dbshell` on stdin). */
  sqlFrom?: { stdin: true } | { file: string };
}

/** One effect of a tool's task, as a list so callers can spread it. */
export const task = (kind: Kind, verb: string, text: string, extra: Partial<Effect> = {}): Effect[] => [{ kind, verb, text, ...extra }];
