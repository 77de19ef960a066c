// SQL statement risk: splits SQL text (and client meta-commands) into statements and classifies what each one does.

export type SqlDialect = "postgres" | "mysql" | "sqlite" | "generic";

/** What a statement does, finest first: the database rule turns each kind into one finding id. */
export type SqlKind =
  | "read"
  | "session"
  | "connect"
  | "include"
  | "write"
  | "privilege"
  | "admin"
  | "drop-database"
  | "drop"
  | "truncate"
  | "delete-all"
  | "update-all"
  | "alter-drop"
  | "shell"
  | "dynamic";

export interface SqlStatement {
  kind: SqlKind;
  /** The leading verb in capitals (`DROP TABLE`, `DELETE`, `\i`, `.shell`). */
  verb: string;
  /** Object, file or database the statement names, when it names one. */
  target?: string;
  /** The statement on one line, shortened for messages. */
  text: string;
  /** For privilege/admin: the statement is among the severe ones (GRANT ALL, SUPERUSER, SHUTDOWN). */
  severe?: boolean;
}

export interface RawStatement {
  text: string;
  /** `meta` for client commands (psql `\x`, sqlite `.x`, mysql `source`/`system`/`use`). */
  kind: "sql" | "meta";
}

const oneLine = (s: string, max = 80): string => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
};

const MYSQL_CLIENT_COMMANDS = new Set(["source", "system", "use", "connect", "delimiter", "quit", "exit", "help", "status", "rehash", "tee", "notee", "prompt", "charset", "warnings", "nowarning", "pager", "nopager", "edit", "print", "go", "ego", "clear"]);

/** Splits SQL text into statements, respecting quotes, comments, dollar quotes and client meta-commands. */
export function splitSql(text: string, dialect: SqlDialect = "generic"): RawStatement[] {
  const out: RawStatement[] = [];
  let buf = "";
  let delimiter = ";";
  const n = text.length;
  const flush = () => {
    if (buf.trim()) out.push({ text: buf.trim(), kind: "sql" });
    buf = "";
  };
  const lineEnd = (from: number) => {
    const e = text.indexOf("\n", from);
    return e < 0 ? n : e;
  };
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    const atStart = buf.trim() === "";
    // Client commands that are recognised only at the start of a statement and end at the end of the line.
    if (atStart && c !== "\n" && c !== " " && c !== "\t" && c !== "\r") {
      const e = lineEnd(i);
      const line = text.slice(i, e);
      if ((dialect === "sqlite" || dialect === "generic") && /^\.[A-Za-z]/.test(line)) {
        out.push({ text: line.trim(), kind: "meta" });
        i = e;
        continue;
      }
      if (dialect === "mysql") {
        const word = /^([A-Za-z]+)\b/.exec(line)?.[1]?.toLowerCase();
        if (word === "delimiter") {
          delimiter = line.slice(word.length).trim() || ";";
          i = e;
          continue;
        }
        if (word && MYSQL_CLIENT_COMMANDS.has(word)) {
          // `system` hands the whole line to the shell; the others end at the delimiter.
          const d = word === "system" ? -1 : line.indexOf(delimiter);
          const end = d >= 0 ? i + d + delimiter.length : e;
          out.push({ text: (d >= 0 ? line.slice(0, d) : line).trim(), kind: "meta" });
          i = end;
          continue;
        }
      }
    }
    // T-SQL batch separator: `GO` alone on a line.
    if (dialect === "generic" && (i === 0 || text[i - 1] === "\n")) {
      const e = lineEnd(i);
      if (/^\s*go\s*(\d+\s*)?$/i.test(text.slice(i, e))) {
        flush();
        i = e;
        continue;
      }
    }
    if (c === "'" || c === '"' || (c === "`" && dialect === "mysql")) {
      const backslash = dialect === "mysql" || (c === "'" && /[eE]$/.test(buf) && !/\w[eE]$/.test(buf));
      let j = i + 1;
      while (j < n) {
        if (backslash && text[j] === "\\") {
          j += 2;
          continue;
        }
        if (text[j] === c) {
          if (text[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      buf += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === "$" && dialect !== "mysql" && !/[\w$]$/.test(buf)) {
      const m = /^\$([A-Za-z_]\w*)?\$/.exec(text.slice(i));
      if (m) {
        const close = text.indexOf(m[0], i + m[0].length);
        const end = close < 0 ? n : close + m[0].length;
        buf += text.slice(i, end);
        i = end;
        continue;
      }
    }
    if (c === "-" && text[i + 1] === "-") {
      i = lineEnd(i);
      buf += " ";
      continue;
    }
    if (c === "#" && dialect === "mysql") {
      i = lineEnd(i);
      buf += " ";
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      const end = close < 0 ? n : close + 2;
      // MySQL runs the body of `/*! ... */` comments as code.
      if (dialect !== "postgres" && text[i + 2] === "!") buf += " " + text.slice(i + 3, close < 0 ? n : close).replace(/^\d{5,6}/, "") + " ";
      else buf += " ";
      i = end;
      continue;
    }
    if (c === "\\" && dialect !== "sqlite") {
      if (dialect === "mysql") {
        const k = text[i + 1] ?? "";
        if (k === "g" || k === "G") {
          flush();
          i += 2;
          continue;
        }
        if (k === "." || k === "!" || k === "u" || k === "r") {
          flush();
          const e = lineEnd(i);
          out.push({ text: text.slice(i, e).trim(), kind: "meta" });
          i = e;
          continue;
        }
        i += 2;
        continue;
      }
      // psql: a meta-command ends the query buffer (`\g`, `\gexec` send it) and runs to the end of the line or `\\`.
      flush();
      let e = lineEnd(i);
      const sep = text.indexOf("\\\\", i + 1);
      if (sep >= 0 && sep < e) e = sep;
      out.push({ text: text.slice(i, e).trim(), kind: "meta" });
      i = sep >= 0 && sep === e ? e + 2 : e;
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      flush();
      i += delimiter.length;
      continue;
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

interface Tok {
  /** Upper-cased word, or the punctuation itself; strings are `'`. */
  t: string;
  raw: string;
  /** Identifier with quotes removed. */
  name: string;
  depth: number;
  str?: boolean;
}

function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  let depth = 0;
  const re = /\s+|'(?:[^'\\]|''|\\.)*'?|"(?:[^"\\]|""|\\.)*"?|`[^`]*`?|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$|[A-Za-z_][\w$.]*|\d+(?:\.\d+)?|<>|!=|<=|>=|::|[(),;=*<>.]|[\s\S]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const raw = m[0];
    if (/^\s+$/.test(raw)) continue;
    if (raw === "(") {
      toks.push({ t: "(", raw, name: raw, depth });
      depth++;
      continue;
    }
    if (raw === ")") {
      depth = Math.max(0, depth - 1);
      toks.push({ t: ")", raw, name: raw, depth });
      continue;
    }
    if (raw.startsWith("'") || raw.startsWith("$")) toks.push({ t: "'", raw, name: raw, depth, str: true });
    else if (raw.startsWith('"') || raw.startsWith("`")) toks.push({ t: raw.slice(1, -1).toUpperCase(), raw, name: raw.slice(1, -1), depth });
    else toks.push({ t: raw.toUpperCase(), raw, name: raw, depth });
  }
  return toks;
}

const unquote = (s: string): string => s.replace(/^(['"`])([\s\S]*)\1$/, "$2");
/** Body of a string or dollar-quoted token. */
const stringBody = (raw: string): string => {
  const d = /^\$([A-Za-z_]\w*)?\$/.exec(raw);
  if (d) return raw.slice(d[0].length, raw.length - d[0].length);
  return raw.slice(1, -1).replace(/''/g, "'");
};

const READ_VERBS = new Set(["SELECT", "VALUES", "TABLE", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "FETCH", "HELP", "LIST", "CHECKSUM", "HANDLER", "WAIT"]);
const SESSION_VERBS = new Set(["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET", "RESET", "LISTEN", "UNLISTEN", "NOTIFY", "DISCARD", "DEALLOCATE", "DECLARE", "CLOSE", "MOVE", "LOCK", "UNLOCK", "ABORT", "PREPARE", "XA", "GO", "DETACH", "LOAD", "PRAGMA", "USE", "CONSISTENCY", "PAGING", "TRACING", "EXPAND", "CAPTURE", "SERIAL", "LOGIN", "SOURCE"]);
/** Objects whose DROP loses a database's worth of data. */
const DATABASE_OBJECTS = new Set(["DATABASE", "SCHEMA", "KEYSPACE"]);
/** Words between DROP and the object kind. */
const DROP_MODIFIERS = new Set(["TEMPORARY", "TEMP", "MATERIALIZED", "FOREIGN", "GLOBAL", "EXTERNAL", "UNDO", "LOGFILE", "FULLTEXT", "SPATIAL", "ONLINE", "OFFLINE", "IF", "EXISTS", "UNIQUE", "PROCEDURAL", "TEXT", "SEARCH", "ACCESS", "EVENT", "USER", "DEFAULT"]);
/** ALTER ... DROP followed by one of these removes a property, not data. */
const HARMLESS_ALTER_DROP = new Set(["DEFAULT", "NOT", "IDENTITY", "EXPRESSION", "NULL"]);

/** Function calls that act on the server even inside a SELECT. */
const SIDE_EFFECT_FUNCTIONS: Record<string, { kind: SqlKind; severe?: boolean }> = {
  PG_TERMINATE_BACKEND: { kind: "admin" },
  PG_CANCEL_BACKEND: { kind: "admin" },
  PG_RELOAD_CONF: { kind: "admin" },
  PG_PROMOTE: { kind: "admin", severe: true },
  PG_DROP_REPLICATION_SLOT: { kind: "drop" },
  LO_UNLINK: { kind: "drop" },
  LO_IMPORT: { kind: "write" },
  LO_EXPORT: { kind: "write" },
  PG_FILE_WRITE: { kind: "write" },
  DBLINK_EXEC: { kind: "dynamic" },
  SYS_EXEC: { kind: "shell" },
  SYS_EVAL: { kind: "shell" },
  XP_CMDSHELL: { kind: "shell" },
  SETVAL: { kind: "write" },
  NEXTVAL: { kind: "session" },
};

const st = (kind: SqlKind, verb: string, text: string, target?: string, severe?: boolean): SqlStatement => ({
  kind,
  verb,
  text: oneLine(text),
  ...(target ? { target } : {}),
  ...(severe ? { severe } : {}),
});

/** The object names after a position: skips IF [NOT] EXISTS, ONLY, and collects a comma list of (qualified) names. */
function objectNames(toks: Tok[], from: number): string | undefined {
  let i = from;
  while (i < toks.length && /^(IF|NOT|EXISTS|ONLY|TABLE|FROM|INTO)$/.test(toks[i]!.t)) i++;
  const names: string[] = [];
  let joinNext = false;
  for (; i < toks.length; i++) {
    const k = toks[i]!;
    if (k.t === ",") continue;
    if (k.t === ".") {
      joinNext = true;
      continue;
    }
    if (k.str || k.t === "(" || k.t === ";" || /^(CASCADE|RESTRICT|WHERE|SET|USING|ON|WITH|AS|RESTART|CONTINUE|PURGE|LIMIT|ORDER|RETURNING|IN|AT|FORCE)$/.test(k.t)) break;
    if (!/^[\w$.*]+$/.test(k.raw) && k.raw === k.name) break;
    if (joinNext && names.length) names[names.length - 1] += "." + k.name;
    else names.push(k.name);
    joinNext = false;
    const next = toks[i + 1]?.t;
    if (next !== "," && next !== ".") break;
  }
  return names.length ? names.join(", ") : undefined;
}

const indexAtTop = (toks: Tok[], word: string, from = 0): number => {
  for (let i = from; i < toks.length; i++) if (toks[i]!.depth === 0 && toks[i]!.t === word) return i;
  return -1;
};

/** A WHERE clause that is always true (`WHERE 1=1`, `WHERE true`) filters nothing. */
function whereFilters(toks: Tok[], where: number): boolean {
  const cond: string[] = [];
  for (let i = where + 1; i < toks.length; i++) {
    const k = toks[i]!;
    if (k.depth === 0 && /^(ORDER|LIMIT|RETURNING|OFFSET|OUTPUT|FROM)$/.test(k.t)) break;
    cond.push(k.str ? k.raw : k.t);
  }
  const c = cond.join(" ").replace(/^\( (.*) \)$/, "$1");
  if (!c) return false;
  if (/^(TRUE|1|'1'|NOT FALSE|NOT 0)$/.test(c)) return false;
  const eq = /^(\S+) = (\S+)$/.exec(c);
  if (eq && eq[1] === eq[2]) return false;
  return true;
}

/** Classifies one SQL statement (already split). */
export function classifyStatement(text: string, depth = 0): SqlStatement[] {
  const toks = tokenize(text);
  if (!toks.length) return [];
  const out: SqlStatement[] = [];
  for (let i = 0; i < toks.length - 1; i++) {
    const fx = SIDE_EFFECT_FUNCTIONS[toks[i]!.t];
    if (fx && toks[i + 1]!.t === "(") out.push(st(fx.kind, toks[i]!.t, text, undefined, fx.severe));
  }
  const verb = toks[0]!.t;
  const w = (k: number) => toks[k]?.t;
  switch (verb) {
    case "WITH": {
      // A data-modifying CTE (`WITH d AS (DELETE ...)`) or the main statement after the CTE list.
      for (let k = 1; k < toks.length; k++) {
        const t = toks[k]!.t;
        const prev = toks[k - 1]!.t;
        if ((t === "DELETE" || t === "UPDATE" || t === "INSERT" || t === "MERGE") && (prev === "(" || prev === ")")) {
          const d0 = toks[k]!.depth;
          let e = k;
          while (e < toks.length && toks[e]!.depth >= d0 && !(toks[e]!.t === ")" && toks[e]!.depth < d0)) e++;
          out.push(...classifyStatement(toks.slice(k, e).map((x) => x.raw).join(" "), depth + 1));
        }
      }
      if (!out.length) out.push(st("read", "WITH", text));
      return out;
    }
    case "EXPLAIN": {
      // EXPLAIN ANALYZE runs the statement it explains.
      let k = 1;
      if (w(1) === "(") {
        const opts = toks.slice(1, toks.findIndex((x, j) => j > 0 && x.t === ")" && x.depth === 0) + 1);
        const runs = opts.some((x) => x.t === "ANALYZE" || x.t === "ANALYSE") && !opts.some((x, j) => (x.t === "ANALYZE" || x.t === "ANALYSE") && /^(FALSE|OFF|0)$/.test(opts[j + 1]?.t ?? ""));
        k = opts.length + 1;
        if (!runs) return [...out, st("read", "EXPLAIN", text)];
      } else {
        let runs = false;
        while (/^(ANALYZE|ANALYSE|VERBOSE|QUERY|PLAN|EXTENDED|FORMAT|=|JSON|TREE|TRADITIONAL)$/.test(w(k) ?? "")) {
          if (w(k) === "ANALYZE" || w(k) === "ANALYSE") runs = true;
          k++;
        }
        if (!runs) return [...out, st("read", "EXPLAIN", text)];
      }
      const inner = toks.slice(k).map((x) => x.raw).join(" ");
      return [...out, ...classifyStatement(inner, depth + 1)];
    }
    case "PREPARE": {
      const as = indexAtTop(toks, "AS");
      if (as > 0 && depth < 4) return [...out, ...classifyStatement(toks.slice(as + 1).map((x) => x.raw).join(" "), depth + 1)];
      if (as < 0 && toks.some((x) => x.t === "FROM")) return [...out, st("dynamic", "PREPARE", text)];
      return [...out, st("session", "PREPARE", text)];
    }
    case "DO": {
      const body = toks.find((x) => x.str && x.raw.startsWith("$")) ?? toks.find((x) => x.str);
      if (!body || depth >= 4) return [...out, st("dynamic", "DO", text)];
      return [...out, ...classifyProcedural(stringBody(body.raw), depth + 1)];
    }
    case "EXECUTE":
    case "EXEC":
      // EXECUTE of a prepared statement or a procedure: what it runs is not visible here.
      if (/^(IMMEDIATE)$/.test(w(1) ?? "") || toks[1]?.str) return [...out, st("dynamic", verb, text)];
      if (/^XP_CMDSHELL$|\.XP_CMDSHELL$/.test(w(1) ?? "")) return [...out, st("shell", verb, text)];
      return [...out, st("write", verb, text, toks[1]?.raw)];
    case "CALL":
      return [...out, st("write", "CALL", text, toks[1]?.raw)];
    case "DROP":
      return [...out, classifyDrop(toks, text)];
    case "TRUNCATE":
      return [...out, st("truncate", "TRUNCATE", text, objectNames(toks, 1))];
    case "DELETE": {
      const where = indexAtTop(toks, "WHERE");
      const from = indexAtTop(toks, "FROM");
      const target = objectNames(toks, from >= 0 ? from + 1 : 1);
      if (where < 0 || !whereFilters(toks, where)) return [...out, st("delete-all", "DELETE", text, target)];
      return [...out, st("write", "DELETE", text, target)];
    }
    case "UPDATE": {
      const where = indexAtTop(toks, "WHERE");
      const target = objectNames(toks, 1);
      if (where < 0 || !whereFilters(toks, where)) return [...out, st("update-all", "UPDATE", text, target)];
      return [...out, st("write", "UPDATE", text, target)];
    }
    case "ALTER":
      return [...out, ...classifyAlter(toks, text)];
    case "GRANT":
    case "REVOKE":
    case "DENY": {
      // Severe: admin roles, privileges on every database (`ON *.*`), or everything granted to everyone or passed on.
      // `GRANT ALL ON DATABASE app TO app` (one database, one role) is ordinary setup.
      const global = toks.some((x, j) => x.t === "*" && toks[j - 1]?.t === "." && toks[j - 2]?.t === "*");
      const toEveryone = toks.some((x, j) => x.t === "PUBLIC" && toks[j - 1]?.t === "TO") || toks.some((x, j) => x.t === "OPTION" && toks[j - 1]?.t === "GRANT" && toks[j - 2]?.t === "WITH");
      const all = global || (w(1) === "ALL" && toEveryone) || toks.some((x) => /^(SUPERUSER|SUPER|DBA|SYSADMIN|ACCOUNTADMIN|OWNERSHIP|RDS_SUPERUSER|CLOUDSQLSUPERUSER|AZURE_PG_ADMIN)$/.test(x.t));
      return [...out, st("privilege", verb, text, undefined, all)];
    }
    case "CREATE": {
      if (/^(USER|ROLE|LOGIN)$/.test(w(1) ?? "")) return [...out, st("privilege", `CREATE ${w(1)}`, text, toks[2]?.raw, toks.some((x) => /^(SUPERUSER|SUPER)$/.test(x.t)))];
      const kind = toks.slice(1, 5).find((x) => !/^(OR|REPLACE|TEMP|TEMPORARY|UNIQUE|GLOBAL|LOCAL|UNLOGGED|IF|NOT|EXISTS|MATERIALIZED|RECURSIVE|DEFINER|=|ALGORITHM|SQL|SECURITY)$/.test(x.t));
      return [...out, st("write", `CREATE ${kind?.t ?? ""}`.trim(), text)];
    }
    case "SET": {
      if (/^(GLOBAL|PERSIST|PERSIST_ONLY)$/.test(w(1) ?? "") || w(1) === "@" && w(2) === "@") return [...out, st("admin", "SET GLOBAL", text)];
      if (w(1) === "PASSWORD") return [...out, st("privilege", "SET PASSWORD", text)];
      if (w(1) === "ROLE" || w(1) === "SESSION" && w(2) === "AUTHORIZATION") return [...out, st("session", "SET ROLE", text)];
      return [...out, st("session", "SET", text)];
    }
    case "USE":
      return [...out, st("connect", "USE", text, toks[1]?.name)];
    case "ATTACH": {
      // SQLite/DuckDB: later statements may change the attached database file.
      const f = toks.find((x, j) => j > 0 && (x.str || !/^(DATABASE|IF|NOT|EXISTS)$/.test(x.t)));
      return [...out, st("connect", "ATTACH", text, f ? (f.str ? stringBody(f.raw) : f.name) : undefined)];
    }
    case "SOURCE":
      return [...out, st("include", "SOURCE", text, unquote(text.replace(/^\s*source\s+/i, "").trim()))];
    case "COPY": {
      if (toks.some((x) => x.t === "PROGRAM")) return [...out, st("shell", "COPY PROGRAM", text)];
      const from = indexAtTop(toks, "FROM");
      const to = indexAtTop(toks, "TO");
      if (from > 0 && (to < 0 || from < to)) return [...out, st("write", "COPY FROM", text, objectNames(toks, 1))];
      return [...out, st("read", "COPY TO", text)];
    }
    case "SELECT": {
      const into = indexAtTop(toks, "INTO");
      if (into > 0) return [...out, st("write", w(into + 1) === "OUTFILE" || w(into + 1) === "DUMPFILE" ? `SELECT INTO ${w(into + 1)}` : "SELECT INTO", text, toks[into + 1]?.raw)];
      return out.length ? out : [st("read", "SELECT", text)];
    }
    case "PRAGMA": {
      // `PRAGMA name` reads; `PRAGMA name = value` changes the database file's settings.
      if (toks.some((x) => x.t === "=") || toks.some((x, j) => j > 1 && x.t === "(" && !/_INFO$|^TABLE_|^INDEX_/.test(w(j - 1) ?? ""))) return [...out, st("write", "PRAGMA", text)];
      return [...out, st("read", "PRAGMA", text)];
    }
    case "SHUTDOWN":
      return [...out, st("admin", "SHUTDOWN", text, undefined, true)];
    case "KILL":
      return [...out, st("admin", "KILL", text)];
    case "RESET":
      if (/^(MASTER|SLAVE|REPLICA|BINARY)$/.test(w(1) ?? "")) return [...out, st("drop", `RESET ${w(1)}`, text)];
      return [...out, st("session", "RESET", text)];
    case "PURGE":
      return [...out, st("drop", "PURGE", text)];
    case "UNDROP":
    case "RESTORE":
    case "BACKUP":
      return [...out, st("write", verb, text)];
    case "LOAD":
      if (w(1) === "DATA" || w(1) === "XML") return [...out, st("write", `LOAD ${w(1)}`, text, objectNames(toks, indexAtTop(toks, "TABLE") + 1))];
      return [...out, st("session", "LOAD", text)];
    case "LOCK":
    case "UNLOCK":
      return [...out, st("session", verb, text)];
    case "RENAME":
    case "INSERT":
    case "REPLACE":
    case "UPSERT":
    case "MERGE":
    case "COMMENT":
    case "IMPORT":
    case "INSTALL":
    case "UNINSTALL":
    case "OPTIMIZE":
    case "REPAIR":
    case "REFRESH":
    case "EXCHANGE":
    case "APPLY":
    case "BATCH":
      return [...out, st("write", verb, text, verb === "INSERT" || verb === "REPLACE" ? objectNames(toks, 1) : undefined)];
    case "VACUUM":
    case "ANALYZE":
    case "ANALYSE":
    case "REINDEX":
    case "CLUSTER":
    case "CHECKPOINT":
    case "FLUSH":
    case "CHECK":
    case "CACHE":
    case "SYSTEM":
    case "SECURITY":
      return [...out, st("write", verb, text)];
    default:
      if (READ_VERBS.has(verb)) return out.length ? out : [st("read", verb, text)];
      if (SESSION_VERBS.has(verb)) return out.length ? out : [st("session", verb, text)];
      // An unknown statement is assumed to change something.
      return [...out, st("write", verb, text)];
  }
}

function classifyDrop(toks: Tok[], text: string): SqlStatement {
  let k = 1;
  while (k < toks.length && DROP_MODIFIERS.has(toks[k]!.t) && !(toks[k]!.t === "USER" && !/^(MAPPING)$/.test(toks[k + 1]?.t ?? ""))) k++;
  const obj = toks[k]?.t ?? "";
  if (obj === "USER" || obj === "ROLE" || obj === "LOGIN" || obj === "GROUP") return st("drop", `DROP ${obj}`, text, objectNames(toks, k + 1));
  // `DROP TABLE`, `DROP MATERIALIZED VIEW`: the kind may take two words.
  const two = /^(COLUMN|ACCESS|TEXT|FOREIGN|OPERATOR|EVENT)$/.test(obj) && toks[k + 1] ? `${obj} ${toks[k + 1]!.t}` : obj;
  const nameAt = k + two.split(" ").length;
  if (DATABASE_OBJECTS.has(obj)) return st("drop-database", `DROP ${obj}`, text, objectNames(toks, nameAt));
  if (obj === "OWNED") return st("drop", "DROP OWNED", text, objectNames(toks, k + 2));
  return st("drop", `DROP ${two}`.trim(), text, objectNames(toks, nameAt));
}

function classifyAlter(toks: Tok[], text: string): SqlStatement[] {
  const obj = toks[1]?.t ?? "";
  if (obj === "USER" || obj === "ROLE" || obj === "LOGIN") return [st("privilege", `ALTER ${obj}`, text, toks[2]?.raw, toks.some((x) => /^(SUPERUSER|SUPER)$/.test(x.t)))];
  if (obj === "SYSTEM" || obj === "SERVER" || obj === "INSTANCE") return [st("admin", `ALTER ${obj}`, text)];
  const nameAt = toks.findIndex((x, j) => j > 1 && !/^(IF|EXISTS|ONLY|TABLE|VIEW|MATERIALIZED|FOREIGN|ONLINE|IGNORE)$/.test(x.t));
  const target = nameAt > 0 ? objectNames(toks, nameAt) : undefined;
  // One ALTER may list several actions (`DROP CONSTRAINT c, DROP COLUMN x`): the most destructive one decides.
  let harmless: SqlStatement | undefined;
  for (let k = 2; k < toks.length; k++) {
    const x = toks[k]!;
    if (x.depth !== 0) continue;
    if (x.t === "DROP" && !HARMLESS_ALTER_DROP.has(toks[k + 1]?.t ?? "")) {
      const what = toks[k + 1] && /^(COLUMN|PARTITION|CONSTRAINT|INDEX|KEY|PRIMARY|FOREIGN|CHECK|SUBPARTITION|DETACHED|PROJECTION|STATISTICS|TTL)$/.test(toks[k + 1]!.t) ? ` ${toks[k + 1]!.t}` : "";
      // Dropping a constraint or an index keeps the data; dropping a column or partition does not.
      if (/^ (CONSTRAINT|INDEX|KEY|PRIMARY|FOREIGN|CHECK|STATISTICS|PROJECTION)$/.test(what)) {
        harmless ??= st("write", `ALTER ${obj} DROP${what}`, text, target);
        continue;
      }
      return [st("alter-drop", `ALTER ${obj} DROP${what}`, text, target)];
    }
    if (x.t === "TRUNCATE" || x.t === "DISCARD" && toks[k + 1]?.t === "TABLESPACE") return [st("alter-drop", `ALTER ${obj} ${x.t}`, text, target)];
    // ClickHouse mutations: ALTER TABLE t DELETE WHERE ... / UPDATE ... WHERE ...
    if ((x.t === "DELETE" || x.t === "UPDATE") && obj === "TABLE") {
      const where = indexAtTop(toks, "WHERE", k);
      if (where < 0 || !whereFilters(toks, where)) return [st(x.t === "DELETE" ? "delete-all" : "update-all", `ALTER TABLE ${x.t}`, text, target)];
      return [st("write", `ALTER TABLE ${x.t}`, text, target)];
    }
  }
  return [harmless ?? st("write", `ALTER ${obj}`.trim(), text, target)];
}

/** A procedural body (PL/pgSQL DO block): finds the statements it runs, and dynamic EXECUTE. */
function classifyProcedural(body: string, depth: number): SqlStatement[] {
  const out: SqlStatement[] = [];
  for (const part of splitSql(body, "postgres")) {
    let s = part.text.replace(/^\s*(DECLARE\b[\s\S]*?\bBEGIN\b|BEGIN\b|END\s+(IF|LOOP|CASE)\b|END\b|ELSE\b|ELSIF\b[\s\S]*?\bTHEN\b|IF\b[\s\S]*?\bTHEN\b|(FOR|WHILE)\b[\s\S]*?\bLOOP\b|LOOP\b|EXCEPTION\b[\s\S]*?\bTHEN\b|<<\w+>>)\s*/i, "");
    for (let guard = 0; guard < 4; guard++) {
      const again = s.replace(/^\s*(BEGIN\b|IF\b[\s\S]*?\bTHEN\b|(FOR|WHILE)\b[\s\S]*?\bLOOP\b|LOOP\b|ELSE\b)\s*/i, "");
      if (again === s) break;
      s = again;
    }
    if (!s.trim() || /^(NULL|RETURN|RAISE|PERFORM\s+pg_sleep|END|COMMIT|ROLLBACK)\b/i.test(s.trim())) continue;
    const t = s.trim();
    if (/^EXECUTE\b/i.test(t)) {
      const lit = /^EXECUTE\s+('(?:[^']|'')*'|\$(\w*)\$[\s\S]*?\$\2\$)\s*$/i.exec(t);
      if (lit) out.push(...classifyStatement(stringBody(lit[1]!), depth + 1));
      else out.push(st("dynamic", "EXECUTE", t));
      continue;
    }
    if (/^PERFORM\b/i.test(t)) {
      out.push(...classifyStatement(t.replace(/^PERFORM/i, "SELECT"), depth + 1));
      continue;
    }
    if (/^[A-Za-z_]\w*\s*:=/.test(t)) {
      out.push(...classifyStatement("SELECT " + t.replace(/^[A-Za-z_]\w*\s*:=/, ""), depth + 1));
      continue;
    }
    out.push(...classifyStatement(t, depth + 1));
  }
  return out;
}

/** Classifies a client meta-command (psql `\x`, sqlite `.x`, mysql client commands). */
export function classifyMeta(text: string): SqlStatement[] {
  const t = text.trim();
  if (t.startsWith("\\")) {
    const m = /^\\([A-Za-z!.?]+|[!.])\s*([\s\S]*)$/.exec(t);
    const cmd = m?.[1] ?? "";
    const arg = (m?.[2] ?? "").trim();
    const first = unquote(arg.split(/\s+/)[0] ?? "");
    if (cmd === "!" || cmd.startsWith("!")) return [st("shell", "\\!", t)];
    if (cmd === "." || cmd === "i" || cmd === "ir" || cmd === "include" || cmd === "include_relative") return [st("include", `\\${cmd}`, t, first)];
    if (cmd === "c" || cmd === "connect" || cmd === "u") return [st("connect", `\\${cmd}`, t, first || undefined)];
    if (cmd === "gexec") return [st("dynamic", "\\gexec", t)];
    if (cmd === "copy") {
      if (/\bprogram\b/i.test(arg)) return [st("shell", "\\copy program", t)];
      return /^\S+(\s*\([^)]*\))?\s+from\b/i.test(arg) ? [st("write", "\\copy from", t, first)] : [st("read", "\\copy to", t)];
    }
    if (cmd === "lo_unlink") return [st("drop", "\\lo_unlink", t)];
    if (cmd === "lo_import") return [st("write", "\\lo_import", t)];
    // `\o |cmd`, `\g |cmd`, `\w |cmd` pipe into a shell command.
    if (/^(o|out|w|write|g|gx)$/.test(cmd)) return arg.startsWith("|") ? [st("shell", `\\${cmd} |`, t)] : [st("session", `\\${cmd}`, t)];
    if (cmd === "password") return [st("privilege", "\\password", t, first || undefined)];
    return [st("read", `\\${cmd}`, t)];
  }
  if (t.startsWith(".")) {
    const m = /^\.(\w+)\s*([\s\S]*)$/.exec(t);
    const cmd = (m?.[1] ?? "").toLowerCase();
    const arg = unquote((m?.[2] ?? "").trim().split(/\s+/)[0] ?? "");
    if (cmd === "shell" || cmd === "system") return [st("shell", `.${cmd}`, t)];
    if (cmd === "read") return arg.startsWith("|") ? [st("shell", ".read |", t)] : [st("include", ".read", t, arg)];
    if (cmd === "restore") return [st("drop", ".restore", t, arg)];
    if (cmd === "import") return [st("write", ".import", t, (m?.[2] ?? "").trim().split(/\s+/)[1])];
    if (cmd === "open") return [st("connect", ".open", t, arg)];
    if (cmd === "once" || cmd === "output") return arg.startsWith("|") ? [st("shell", `.${cmd} |`, t)] : [st("session", `.${cmd}`, t)];
    if (cmd === "load") return [st("write", ".load", t)];
    return [st("read", `.${cmd}`, t)];
  }
  const m = /^(\w+)\s*([\s\S]*)$/.exec(t);
  const cmd = (m?.[1] ?? "").toLowerCase();
  const arg = unquote((m?.[2] ?? "").trim().split(/\s+/)[0] ?? "");
  if (cmd === "system") return [st("shell", "system", t)];
  if (cmd === "source") return [st("include", "source", t, arg)];
  if (cmd === "use" || cmd === "connect") return [st("connect", cmd.toUpperCase(), t, arg || undefined)];
  return [st("session", cmd, t)];
}

/** Splits and classifies SQL text; meta-commands are classified too. */
export function classifySql(text: string, dialect: SqlDialect = "generic"): SqlStatement[] {
  const out: SqlStatement[] = [];
  for (const s of splitSql(text, dialect)) out.push(...(s.kind === "meta" ? classifyMeta(s.text) : classifyStatement(s.text)));
  return out;
}

/** True when a kind destroys data (the database rule reports these as high whatever the target). */
export function isDestructive(kind: SqlKind): boolean {
  return kind === "drop-database" || kind === "drop" || kind === "truncate" || kind === "delete-all" || kind === "update-all" || kind === "alter-drop";
}
