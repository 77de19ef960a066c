// Database clients (psql, mysql, sqlite3, mongosh, redis-cli ...), admin CLIs and migration tools: what the statements do, and whether the database is production.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { Invocation, Risk, Word } from "../../types.js";
import { parseArgs, type FlagSpec, type ParsedArgs } from "../flags.js";
import { defineRule, type RuleContext } from "../rule.js";
import { classifySql, type SqlDialect, type SqlKind } from "../sql.js";
import { connectionParts, databaseEvidence, envParts, type DbTargetPart } from "../../context/database.js";

type Id =
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
type Kind = SqlKind | "flush" | "mass-delete" | "reset" | "accept-data-loss" | "migrate" | "rollback" | "restore";

interface Effect {
  kind: Kind;
  /** The argument that carried the statement, for the finding's span. */
  word?: Word;
  verb: string;
  target?: string;
  text: string;
  severe?: boolean;
  risk?: Risk;
}

const MAX_SQL_FILE = 512 * 1024;
const MAX_INCLUDE_DEPTH = 4;

// ---------------------------------------------------------------- reading SQL from files and stdin

/** Static content written earlier on the same line (`cat > q.sql <<EOF`), so a later `psql -f q.sql` can be read. */
function writtenEarlier(ctx: RuleContext<Id>, inv: Invocation, path: string): string | undefined {
  let found: string | undefined;
  for (const other of ctx.invocations) {
    if (other.index >= inv.index) break;
    if ((other.program !== "cat" && other.program !== "tee") || other.stdin?.kind !== "static") continue;
    const targets = other.program === "tee" ? other.argv.slice(1).filter((w) => !w.value?.startsWith("-")).map((w) => w.value) : other.redirects.filter((r) => /^>/.test(r.op) && r.op !== ">&").map((r) => r.target?.value);
    for (const t of targets) if (t && (isAbsolute(t) ? t : other.cwd ? resolve(other.cwd, t) : t) === path) found = other.stdin.text;
  }
  return found;
}

type Read = { text: string } | { why: string };

function readSqlFile(ctx: RuleContext<Id>, inv: Invocation, file: string, relativeTo?: string): Read {
  const base = relativeTo ?? inv.cwd;
  if (inv.host !== undefined || inv.container !== undefined) return { why: `${file} is on another machine` };
  const abs = isAbsolute(file) ? file : base !== undefined ? resolve(base, file) : undefined;
  if (abs === undefined) return { why: `the directory of ${file} is not known` };
  const early = writtenEarlier(ctx, inv, abs);
  if (early !== undefined) return { text: early };
  return ctx.memo(`sql-file:${abs}`, (): Read => {
    try {
      if (!existsSync(abs)) return { why: `${file} does not exist yet` };
      const s = statSync(abs);
      if (!s.isFile()) return { why: `${file} is not a regular file` };
      if (s.size > MAX_SQL_FILE) return { why: `${file} is larger than ${MAX_SQL_FILE / 1024} KiB` };
      const buf = readFileSync(abs);
      if (buf.includes(0)) return { why: `${file} is not text (compressed or binary)` };
      return { text: buf.toString("utf8") };
    } catch (e) {
      return { why: `${file} cannot be read (${(e as Error).message})` };
    }
  });
}

/** Dump tools whose output, piped into a client, restores a database; whether that dump drops objects first. */
function dumpProducer(p: Invocation): Effect | undefined {
  const args = p.argv.slice(1).map((w) => w.value ?? "");
  switch (p.program) {
    case "pg_dump":
    case "pg_dumpall": {
      const clean = args.some((a) => a === "--clean" || (/^-[^-]/.test(a) && a.includes("c")));
      return clean ? { kind: "drop", verb: `${p.program} --clean | restore`, text: p.text } : { kind: "restore", verb: `${p.program} | restore`, text: p.text };
    }
    case "mysqldump":
    case "mariadb-dump": {
      // mysqldump adds DROP TABLE before each table unless told not to.
      const keeps = args.includes("--skip-add-drop-table") || args.includes("--skip-opt") || args.includes("--no-create-info") || args.includes("-t");
      return keeps && !args.includes("--add-drop-database") ? { kind: "restore", verb: `${p.program} | restore`, text: p.text } : { kind: "drop", verb: `${p.program} | restore (drops each table first)`, text: p.text };
    }
    default:
      return undefined;
  }
}

/** Text a client reads on stdin: static text, a readable file, a `cat FILE` producer, or why it cannot be known. */
function stdinText(ctx: RuleContext<Id>, inv: Invocation): Read | { effect: Effect } | undefined {
  const s = inv.stdin;
  if (!s) return undefined;
  if (s.kind === "static") return { text: s.text };
  if (s.kind === "file") return s.path ? readSqlFile(ctx, inv, s.path) : { why: "the input file name is not static" };
  if (s.kind === "opaque") return { why: s.why };
  const producer = ctx.invocations[s.index];
  if (producer) {
    const dump = dumpProducer(producer);
    if (dump) return { effect: dump };
    const files = producer.argv.slice(1).filter((w) => !w.value?.startsWith("-"));
    if (producer.program === "cat" && files.length && files.every((w) => w.value !== undefined)) {
      const parts: string[] = [];
      for (const f of files) {
        const r = readSqlFile(ctx, producer, f.value!);
        if ("why" in r) return r;
        parts.push(r.text);
      }
      return { text: parts.join("\n") };
    }
  }
  return { why: `its input comes from ${s.program ?? "another command"}` };
}

// ---------------------------------------------------------------- redis

const REDIS_READS = new Set([
  "GET", "MGET", "GETRANGE", "STRLEN", "EXISTS", "TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "TYPE", "KEYS", "SCAN", "SSCAN", "HSCAN", "ZSCAN", "RANDOMKEY", "DBSIZE",
  "PING", "ECHO", "INFO", "TIME", "LASTSAVE", "ROLE", "MONITOR", "HGET", "HMGET", "HGETALL", "HKEYS", "HVALS", "HLEN", "HEXISTS", "HSTRLEN", "HRANDFIELD",
  "LRANGE", "LLEN", "LINDEX", "LPOS", "SMEMBERS", "SCARD", "SISMEMBER", "SMISMEMBER", "SRANDMEMBER", "SINTER", "SUNION", "SDIFF", "SINTERCARD", "ZRANGE", "ZREVRANGE",
  "ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZCARD", "ZSCORE", "ZMSCORE", "ZRANK", "ZREVRANK", "ZCOUNT", "ZLEXCOUNT", "ZRANDMEMBER",
  "ZINTER", "ZUNION", "ZDIFF", "ZINTERCARD", "XRANGE", "XREVRANGE", "XREAD", "XLEN", "XINFO", "XPENDING", "GEOPOS", "GEODIST", "GEOHASH", "GEORADIUS_RO",
  "GEORADIUSBYMEMBER_RO", "GEOSEARCH", "BITCOUNT", "BITPOS", "GETBIT", "BITFIELD_RO", "PFCOUNT", "OBJECT", "MEMORY", "SLOWLOG", "LATENCY", "COMMAND", "DUMP",
  "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "PUBSUB", "AUTH", "HELLO", "SELECT", "QUIT", "RESET", "READONLY", "READWRITE", "WAIT",
  "WAITAOF", "SAVE", "BGSAVE", "BGREWRITEAOF", "LOLWUT", "SORT_RO", "EVAL_RO", "EVALSHA_RO", "FCALL_RO", "JSON.GET", "JSON.MGET", "JSON.TYPE", "JSON.STRLEN",
  "JSON.OBJKEYS", "JSON.OBJLEN", "JSON.ARRLEN", "FT.SEARCH", "FT.AGGREGATE", "FT.INFO", "FT._LIST", "TS.GET", "TS.MGET", "TS.RANGE", "TS.MRANGE", "TS.INFO",
  "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "SUBSTR", "GETEX",
]);

/** Sub-commands of container commands (CONFIG, CLUSTER, ACL, CLIENT, SCRIPT, FUNCTION, MODULE) that only read. */
const REDIS_READ_SUBS = new Set(["GET", "INFO", "NODES", "SLOTS", "SHARDS", "MYID", "MYSHARDID", "KEYSLOT", "COUNTKEYSINSLOT", "GETKEYSINSLOT", "LINKS", "LIST", "WHOAMI", "GETUSER", "CAT", "LOG", "USERS", "DRYRUN", "GENPASS", "ID", "GETNAME", "GETREDIR", "TRACKINGINFO", "NO-EVICT", "NO-TOUCH", "SETNAME", "SETINFO", "EXISTS", "STATS", "DUMP", "HELP", "COUNT-FAILURE-REPORTS", "REPLICAS", "SLAVES"]);

function classifyRedis(words: (string | undefined)[], text: string): Effect[] {
  const [head, ...rest] = words;
  if (head === undefined) return [{ kind: "dynamic", verb: "redis command", text }];
  const cmd = head.toUpperCase();
  const sub = rest[0]?.toUpperCase();
  const e = (kind: Kind, verb: string, extra: Partial<Effect> = {}): Effect[] => [{ kind, verb, text, ...extra }];
  switch (cmd) {
    case "FLUSHALL":
    case "FLUSHDB":
      return e("flush", cmd);
    case "DEL":
    case "UNLINK":
      // Keys fed from a scan (`--scan | xargs redis-cli DEL`) delete an unknown, usually large, set.
      if (rest.some((k) => k === undefined)) return e("mass-delete", cmd);
      return e("write", cmd, { target: rest.join(" ") });
    case "SHUTDOWN":
      return e("admin", cmd, { severe: true });
    case "DEBUG":
      return sub === "OBJECT" || sub === "HELP" ? [] : e("admin", `DEBUG ${sub ?? ""}`.trim(), { severe: true });
    case "CONFIG":
      if (sub === "GET" || sub === "HELP") return [];
      return e("admin", `CONFIG ${sub ?? ""}`.trim(), { severe: sub === "SET" || sub === "REWRITE" });
    case "SLAVEOF":
    case "REPLICAOF":
      // Becoming a replica replaces the whole dataset with the primary's.
      if (sub === "NO") return e("admin", `${cmd} NO ONE`, { severe: true });
      return e("flush", `${cmd} ${rest.join(" ")}`.trim());
    case "SWAPDB":
    case "FAILOVER":
      return e("admin", cmd, { severe: true });
    case "MODULE":
      if (sub === "LOAD" || sub === "LOADEX") return e("shell", `MODULE ${sub}`);
      return sub === "UNLOAD" ? e("admin", "MODULE UNLOAD", { severe: true }) : [];
    case "SCRIPT":
    case "FUNCTION":
      if (sub === "FLUSH" || sub === "DELETE") return e("drop", `${cmd} ${sub}`);
      if (sub === "KILL") return e("admin", `${cmd} KILL`);
      if (sub === "LOAD" || sub === "RESTORE") return e("write", `${cmd} ${sub}`);
      return [];
    case "ACL":
      if (sub && REDIS_READ_SUBS.has(sub)) return [];
      return e("privilege", `ACL ${sub ?? ""}`.trim(), { severe: sub === "SETUSER" && rest.some((r) => /^(allcommands|\+@all|allkeys|~\*)$/i.test(r ?? "")) });
    case "CLIENT":
      if (sub && REDIS_READ_SUBS.has(sub)) return [];
      return e("admin", `CLIENT ${sub ?? ""}`.trim());
    case "CLUSTER":
      if (sub && REDIS_READ_SUBS.has(sub)) return [];
      return e("admin", `CLUSTER ${sub ?? ""}`.trim(), { severe: /^(RESET|FLUSHSLOTS|FORGET|DELSLOTS|DELSLOTSRANGE|FAILOVER)$/.test(sub ?? "") });
    case "EVAL":
    case "EVALSHA":
    case "FCALL":
      return cmd === "EVAL" && rest[0] !== undefined ? classifyLua(rest[0], text) : e("write", cmd);
    default:
      if (REDIS_READS.has(cmd)) return [];
      return e("write", cmd, { target: rest[0] });
  }
}

/** Redis calls inside a Lua script (EVAL, --eval). */
function classifyLua(code: string, text: string): Effect[] {
  const out: Effect[] = [];
  const calls = [...code.matchAll(/redis\.p?call\s*\(\s*(['"])([\w.]+)\1/gi)].map((m) => m[2]!.toUpperCase());
  const scans = calls.some((c) => c === "KEYS" || c === "SCAN");
  for (const c of new Set(calls)) {
    if ((c === "DEL" || c === "UNLINK") && (scans || /unpack|for\s/.test(code))) out.push({ kind: "mass-delete", verb: `${c} in a script`, text });
    else out.push(...classifyRedis([c], text));
  }
  if (!calls.length && /redis\.p?call/.test(code)) out.push({ kind: "dynamic", verb: "EVAL", text });
  return out;
}

/** redis-cli reads one command per line on stdin. */
function redisLines(text: string): (string | undefined)[][] {
  const out: (string | undefined)[][] = [];
  for (const line of text.split("\n")) {
    const words = [...line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
    if (words.length && !words[0]!.startsWith("#")) out.push(words);
  }
  return out;
}

// ---------------------------------------------------------------- mongo shell JavaScript

const MONGO_WRITES = new Set([
  "insertOne", "insertMany", "insert", "updateOne", "update", "replaceOne", "deleteOne", "findOneAndDelete", "findOneAndUpdate", "findOneAndReplace",
  "findAndModify", "bulkWrite", "save", "createCollection", "createIndex", "createIndexes", "ensureIndex", "renameCollection", "createView", "convertToCapped",
  "hideIndex", "unhideIndex", "createSearchIndex", "updateSearchIndex", "compact", "reIndex", "shardCollection", "enableSharding",
]);
const MONGO_DROPS = new Set(["drop", "dropIndex", "dropIndexes", "dropUser", "dropAllUsers", "dropRole", "dropAllRoles", "dropSearchIndex"]);
const MONGO_PRIVILEGE = new Set(["createUser", "updateUser", "grantRolesToUser", "revokeRolesFromUser", "grantPrivilegesToRole", "revokePrivilegesFromRole", "createRole", "updateRole", "changeUserPassword", "grantRolesToRole"]);

/** The argument text of a call starting at `open` (the index of `(`), up to the matching `)`. */
function callArgs(code: string, open: number): string {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i]!;
    if (c === "'" || c === '"' || c === "`") {
      const close = code.indexOf(c, i + 1);
      if (close < 0) return code.slice(open + 1);
      i = close;
      continue;
    }
    if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      depth--;
      if (depth === 0) return code.slice(open + 1, i);
    }
  }
  return code.slice(open + 1);
}

/** The first argument of a call, when it is an empty filter (`{}`) or absent. */
const emptyFilter = (args: string): boolean => /^\s*(\{\s*\})?\s*(,|$)/.test(args);

/** Collection a method is called on: `db.users.drop()`, `db.getCollection('users').drop()`, `db["users"].drop()`. */
function collectionBefore(code: string, dot: number): string | undefined {
  const before = code.slice(Math.max(0, dot - 120), dot);
  const m = /(?:db\.(\w+)|getCollection\(\s*['"]([^'"]+)['"]\s*\)|db\[\s*['"]([^'"]+)['"]\s*\])\s*$/.exec(before);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function classifyMongo(code: string): Effect[] {
  const out: Effect[] = [];
  const text = code.replace(/\s+/g, " ").trim().slice(0, 80);
  for (const m of code.matchAll(/\.\s*(\w+)\s*\(/g)) {
    const method = m[1]!;
    const open = m.index! + m[0].length - 1;
    const args = callArgs(code, open);
    const coll = collectionBefore(code, m.index!);
    const target = coll ? { target: coll } : {};
    if (method === "dropDatabase") out.push({ kind: "drop-database", verb: "dropDatabase()", text });
    else if (MONGO_DROPS.has(method)) out.push({ kind: "drop", verb: `${method}()`, text, ...target });
    else if (method === "deleteMany" || method === "remove") out.push({ kind: emptyFilter(args) ? "delete-all" : "write", verb: `${method}(${emptyFilter(args) ? "{}" : "…"})`, text, ...target });
    else if (method === "updateMany" || (method === "update" && /multi\s*:\s*true/.test(args))) out.push({ kind: emptyFilter(args) ? "update-all" : "write", verb: `${method}()`, text, ...target });
    else if (method === "shutdownServer") out.push({ kind: "admin", verb: "shutdownServer()", text, severe: true });
    else if (MONGO_PRIVILEGE.has(method)) out.push({ kind: "privilege", verb: `${method}()`, text });
    else if (MONGO_WRITES.has(method)) out.push({ kind: "write", verb: `${method}()`, text, ...target });
    else if (method === "aggregate" && /\$(out|merge)\b/.test(args)) out.push({ kind: "write", verb: "aggregate($out)", text, ...target });
    else if (method === "runCommand" || method === "adminCommand") {
      if (/\bdropDatabase\s*:/.test(args)) out.push({ kind: "drop-database", verb: "dropDatabase command", text });
      else if (/\bdrop\s*:/.test(args)) out.push({ kind: "drop", verb: "drop command", text });
      else if (/\bshutdown\s*:/.test(args)) out.push({ kind: "admin", verb: "shutdown command", text, severe: true });
      else if (/\b(delete|update|insert|findAndModify|create|createIndexes|renameCollection)\s*:/.test(args)) out.push({ kind: "write", verb: "write command", text });
    }
  }
  for (const m of code.matchAll(/(?:^|[\s;])load\s*\(\s*(['"])([^'"]+)\1\s*\)/g)) out.push({ kind: "include", verb: "load()", text, target: m[2]! });
  for (const m of code.matchAll(/(?:^|\n)\s*use\s+([\w-]+)/g)) out.push({ kind: "connect", verb: "use", text, target: m[1]! });
  for (const m of code.matchAll(/getSiblingDB\s*\(\s*['"]([^'"]+)['"]/g)) out.push({ kind: "connect", verb: "getSiblingDB", text, target: m[1]! });
  return out;
}

// ---------------------------------------------------------------- client grammars

type Language = SqlDialect | "redis" | "mongo";

interface ClientSpec {
  language: Language;
  flags: FlagSpec;
  /** Options whose value is code to run. */
  code: string[];
  /** Options whose value is a file of code to run. */
  files: string[];
  host: string[];
  database: string[];
  /** Options whose value is a connection URI. */
  uri?: string[];
  /** How positionals are read. */
  positionals: "dbname" | "file-then-sql" | "redis" | "mongo" | "host" | "uri" | "none";
  env?: string;
  /** Options that make writes fail (`sqlite3 -readonly`). */
  readonly?: string[];
  /** Options that make UPDATE/DELETE without a key fail (`mysql --safe-updates`). */
  safeUpdates?: string[];
  /** Options after which the client runs no statements (`psql -l`, `--version`). */
  noop?: string[];
}

const PSQL: ClientSpec = {
  language: "postgres",
  flags: { value: ["c", "command", "d", "dbname", "f", "file", "v", "set", "variable", "h", "host", "p", "port", "U", "username", "o", "output", "L", "log-file", "P", "pset", "F", "field-separator", "R", "record-separator", "T", "table-attr"] },
  code: ["c", "command"],
  files: ["f", "file"],
  host: ["h", "host"],
  database: ["d", "dbname"],
  positionals: "dbname",
  env: "postgres",
  noop: ["l", "list", "V", "version", "help", "?"],
};
const MYSQL: ClientSpec = {
  language: "mysql",
  flags: {
    value: [
      "e", "execute", "h", "host", "P", "port", "u", "user", "D", "database", "S", "socket", "init-command", "default-character-set", "defaults-file", "defaults-extra-file",
      "login-path", "protocol", "ssl-ca", "ssl-cert", "ssl-key", "ssl-mode", "tee", "pager", "connect-timeout", "max-allowed-packet", "net-buffer-length", "bind-address",
      "plugin-dir", "default-auth", "character-sets-dir", "delimiter", "prompt", "load-data-local-dir", "ssl-cipher", "tls-version", "server-public-key-path", "max-join-size", "select-limit",
    ],
  },
  code: ["e", "execute", "init-command"],
  files: [],
  host: ["h", "host"],
  database: ["D", "database"],
  positionals: "dbname",
  env: "mysql",
  safeUpdates: ["U", "safe-updates", "i-am-a-dummy"],
  noop: ["V", "version", "help", "?"],
};
const SQLITE: ClientSpec = {
  language: "sqlite",
  flags: { singleDashLong: true, bundling: false, value: ["cmd", "init", "separator", "nullvalue", "newline", "A", "vfs", "maxsize", "mmap", "lookaside", "pagecache", "heap", "escape", "limit", "memtrace", "pcachetrace"] },
  code: ["cmd"],
  files: ["init"],
  host: [],
  database: [],
  positionals: "file-then-sql",
  readonly: ["readonly"],
  noop: ["version", "help"],
};
const DUCKDB: ClientSpec = {
  language: "sqlite",
  flags: { singleDashLong: true, bundling: false, value: ["c", "cmd", "s", "init", "f", "separator", "nullvalue", "newline"] },
  code: ["c", "cmd", "s"],
  files: ["init", "f"],
  host: [],
  database: [],
  positionals: "file-then-sql",
  readonly: ["readonly"],
  noop: ["version", "help"],
};
const MONGOSH: ClientSpec = {
  language: "mongo",
  flags: {
    bundling: false,
    value: [
      "host", "port", "u", "username", "p", "password", "authenticationDatabase", "authenticationMechanism", "eval", "f", "file", "tlsCAFile", "tlsCertificateKeyFile",
      "tlsCertificateKeyFilePassword", "tlsCRLFile", "apiVersion", "awsAccessKeyId", "awsSecretAccessKey", "awsSessionToken", "gssapiServiceName", "sspiHostnameCanonicalization",
      "sspiRealmOverride", "csfleLibraryPath", "cryptSharedLibPath", "keyVaultNamespace", "kmsURL", "oidcFlows", "oidcRedirectUri", "browser",
    ],
  },
  code: ["eval"],
  files: ["f", "file"],
  host: ["host"],
  database: [],
  positionals: "mongo",
  noop: ["version", "help"],
};
const REDIS: ClientSpec = {
  language: "redis",
  flags: {
    bundling: false,
    stopAtPositional: true,
    value: [
      "h", "p", "s", "a", "user", "pass", "u", "r", "i", "n", "d", "D", "sni", "cacert", "cacertdir", "tls-ciphers", "tls-ciphersuites", "cert", "key", "pattern", "count",
      "quoted-pattern", "memkeys-samples", "intrinsic-latency", "eval", "lru-test", "rdb", "functions-rdb", "pipe-timeout", "cluster", "t", "keystats-samples", "cursor", "top",
    ],
  },
  code: [],
  files: [],
  host: ["h"],
  database: ["n"],
  uri: ["u"],
  positionals: "redis",
  noop: ["version", "help", "scan", "bigkeys", "memkeys", "hotkeys", "keystats", "stat", "latency", "latency-history", "latency-dist", "rdb", "functions-rdb", "intrinsic-latency", "lru-test", "replica", "slave"],
};
const CLICKHOUSE: ClientSpec = {
  language: "generic",
  flags: { value: ["h", "host", "port", "u", "user", "password", "d", "database", "q", "query", "queries-file", "f", "format", "C", "config-file", "config", "history_file", "connection", "jwt", "param"] },
  code: ["q", "query"],
  files: ["queries-file"],
  host: ["h", "host"],
  database: ["d", "database"],
  positionals: "none",
  noop: ["version", "V", "help"],
};
const CQLSH: ClientSpec = {
  language: "generic",
  flags: { value: ["e", "execute", "f", "file", "k", "keyspace", "u", "username", "p", "password", "cqlshrc", "cqlversion", "protocol-version", "connect-timeout", "request-timeout", "encoding", "t", "b", "secure-connect-bundle"] },
  code: ["e", "execute"],
  files: ["f", "file"],
  host: [],
  database: ["k", "keyspace"],
  positionals: "host",
  noop: ["version", "help"],
};
const SQLCMD: ClientSpec = {
  language: "generic",
  flags: { bundling: false, value: ["S", "d", "U", "P", "Q", "q", "i", "o", "H", "t", "l", "s", "w", "h", "f", "v", "a", "c", "L", "A", "G", "K", "M", "N", "F", "r", "z", "Z", "server", "database-name", "user-name", "password", "query", "initial-query", "input-file", "output-file"] },
  code: ["Q", "q", "query", "initial-query"],
  files: ["i", "input-file"],
  host: ["S", "server"],
  database: ["d", "database-name"],
  positionals: "none",
  noop: ["version", "?"],
};
const SNOWSQL: ClientSpec = {
  language: "generic",
  flags: { value: ["a", "accountname", "u", "username", "d", "dbname", "s", "schemaname", "r", "rolename", "w", "warehousename", "q", "query", "f", "filename", "c", "connection", "o", "option", "D", "variable", "config", "authenticator", "private-key-path", "region", "host", "port", "protocol"] },
  code: ["q", "query"],
  files: ["f", "filename"],
  host: ["a", "accountname", "host"],
  database: ["d", "dbname", "c", "connection"],
  positionals: "none",
  noop: ["version", "help"],
};
const USQL: ClientSpec = {
  language: "generic",
  flags: { value: ["c", "command", "f", "file", "o", "out", "v", "set", "variable", "P", "pset", "F", "field-separator", "R", "record-separator", "T", "table-attr", "J", "config"] },
  code: ["c", "command"],
  files: ["f", "file"],
  host: [],
  database: [],
  positionals: "uri",
  noop: ["version", "V", "help"],
};

const CLIENTS: Record<string, ClientSpec> = {
  psql: PSQL,
  mysql: MYSQL,
  mariadb: MYSQL,
  sqlite3: SQLITE,
  sqlite: SQLITE,
  duckdb: DUCKDB,
  mongosh: MONGOSH,
  mongo: MONGOSH,
  "redis-cli": REDIS,
  "valkey-cli": REDIS,
  "keydb-cli": REDIS,
  "clickhouse-client": CLICKHOUSE,
  cqlsh: CQLSH,
  sqlcmd: SQLCMD,
  snowsql: SNOWSQL,
  usql: USQL,
};

/** mysql's `-pSECRET` attaches an optional password; it must not be read as bundled flags. */
function withoutMysqlPassword(args: Word[]): Word[] {
  return args.filter((w) => !(w.value !== undefined && /^-p/.test(w.value) && !w.value.startsWith("--")));
}

/** Dynamic words that are really `--opt=$X` for one of the names. */
function dynamicOption(o: ParsedArgs, names: string[]): Word | undefined {
  const hit = o.options.find((h) => names.includes(h.name) && h.dynamicValue);
  if (hit) return hit.word;
  const esc = (n: string) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // `--opt=$X`, `-opt=$X` (single-dash long), or a short option with its value attached (`-c$Q`).
  return o.positionals.find((w) => w.value === undefined && names.some((n) => new RegExp(n.length === 1 ? `^-${esc(n)}` : `^--?${esc(n)}=`).test(w.raw)));
}

interface Gathered {
  effects: Effect[];
  parts: DbTargetPart[];
  /** A word naming the target that is not static. */
  dynamicTarget?: Word;
  /** Statements that cannot be seen (dynamic code, unreadable files). */
  dynamic: { word?: Word; why: string; unreadable?: boolean }[];
  /** A tool that passes SQL through to the database reads it from here (`prisma db execute --file`, `dbshell` on stdin). */
  sqlFrom?: { stdin: true } | { file: string };
}

function classifyText(language: Language, text: string): Effect[] {
  if (language === "mongo") return classifyMongo(text);
  if (language === "redis") return redisLines(text).flatMap((w) => classifyRedis(w, w.join(" ")));
  return classifySql(text, language);
}

/** Classifies code and follows its includes (`\i file`, `source file`, `.read file`, `load()`), bounded in depth. */
function classifyCode(ctx: RuleContext<Id>, inv: Invocation, language: Language, text: string, g: Gathered, word: Word | undefined, dir: string | undefined, depth = 0): void {
  for (const e of classifyText(language, text)) {
    if (e.kind !== "include") {
      g.effects.push(word ? { ...e, word } : e);
      continue;
    }
    if (!e.target) {
      g.dynamic.push({ ...(word ? { word } : {}), why: `${e.verb} names no file` });
      continue;
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      g.dynamic.push({ ...(word ? { word } : {}), why: `${e.verb} ${e.target} nests includes too deep`, unreadable: true });
      continue;
    }
    const r = readSqlFile(ctx, inv, e.target, dir);
    if ("why" in r) g.dynamic.push({ ...(word ? { word } : {}), why: `${e.verb} ${e.target}: ${r.why}`, unreadable: true });
    else {
      const abs = isAbsolute(e.target) ? e.target : resolve(dir ?? inv.cwd ?? "/", e.target);
      classifyCode(ctx, inv, language, r.text, g, word, dirname(abs), depth + 1);
    }
  }
}

function gatherClient(inv: Invocation, ctx: RuleContext<Id>, spec: ClientSpec, argsIn: Word[]): Gathered | undefined {
  const args = spec === MYSQL ? withoutMysqlPassword(argsIn) : argsIn;
  const o = parseArgs(args, spec.flags);
  if (spec.noop?.some((n) => o.has(n)) && !spec.code.some((n) => o.has(n))) {
    if (spec.language !== "redis" || !o.positionals.length) return undefined;
  }
  const g: Gathered = { effects: [], parts: [], dynamic: [] };
  const lang = spec.language;
  // Where it connects.
  for (const h of o.options) {
    const source = `${h.name.length === 1 ? "-" : "--"}${h.name} flag`;
    if (spec.host.includes(h.name)) {
      if (h.value === undefined) g.dynamicTarget ??= h.word;
      else g.parts.push(...connectionParts(h.value, source, "host"));
    } else if (spec.database.includes(h.name)) {
      if (h.value === undefined) g.dynamicTarget ??= h.word;
      else g.parts.push(...connectionParts(h.value, source, "database"));
    } else if (spec.uri?.includes(h.name)) {
      if (h.value === undefined) g.dynamicTarget ??= h.word;
      else g.parts.push(...connectionParts(h.value, source, "host"));
    }
  }
  const dynTarget = dynamicOption(o, [...spec.host, ...spec.database, ...(spec.uri ?? [])]);
  if (dynTarget) g.dynamicTarget ??= dynTarget;
  if (spec.env) g.parts.push(...envParts(spec.env, inv.env));

  // What it runs.
  let code = 0;
  for (const h of o.options) {
    if (spec.code.includes(h.name)) {
      code++;
      if (h.value === undefined) g.dynamic.push({ word: h.word, why: `the code given to ${h.name.length === 1 ? "-" : "--"}${h.name} is not static` });
      else if (lang === "redis") g.effects.push(...classifyRedis([h.value], h.value));
      else classifyCode(ctx, inv, lang, h.value, g, h.word, inv.cwd);
    } else if (spec.files.includes(h.name)) {
      code++;
      if (h.value === undefined) g.dynamic.push({ word: h.word, why: "the file name is not static" });
      else if (h.value === "-") code--;
      else {
        for (const f of spec === SQLCMD ? h.value.split(",") : [h.value]) {
          const r = readSqlFile(ctx, inv, f);
          if ("why" in r) g.dynamic.push({ word: h.word, why: r.why, unreadable: true });
          else classifyCode(ctx, inv, lang, r.text, g, h.word, dirname(isAbsolute(f) ? f : resolve(inv.cwd ?? "/", f)));
        }
      }
    }
  }
  const dynCode = dynamicOption(o, [...spec.code, ...spec.files]);
  if (dynCode) {
    code++;
    g.dynamic.push({ word: dynCode, why: "the code given to the client is not static" });
  }

  // Other dynamic words that start with a dash are options (`-u$USER`), not database names or code.
  let inMemory = false;
  const pos = o.positionals.filter((w) => w !== dynTarget && w !== dynCode && !(w.value === undefined && w.raw.startsWith("-")));
  switch (spec.positionals) {
    case "dbname":
    case "uri": {
      const db = pos[0];
      if (db) {
        const isUrlVar = /^"?\$\{?DATABASE_URL\}?"?$/.test(db.raw);
        const value = db.value ?? (isUrlVar ? inv.env.DATABASE_URL : undefined);
        if (value === undefined) g.dynamicTarget ??= db;
        else g.parts.push(...connectionParts(value, isUrlVar ? "$DATABASE_URL argument" : /:\/\/|=/.test(value) ? "connection string argument" : "database argument"));
      }
      break;
    }
    case "host": {
      const host = pos[0];
      if (host) {
        if (host.value === undefined) g.dynamicTarget ??= host;
        else g.parts.push(...connectionParts(host.value, "host argument", "host"));
      }
      break;
    }
    case "file-then-sql": {
      const [file, ...sql] = pos;
      inMemory = !file || file.value === ":memory:" || file.value === "";
      if (file && !inMemory) {
        if (file.value === undefined) g.dynamicTarget ??= file;
        else g.parts.push({ kind: "database", value: file.value.slice(file.value.lastIndexOf("/") + 1), source: "database file argument" });
      }
      for (const w of sql) {
        code++;
        if (w.value === undefined) g.dynamic.push({ word: w, why: "the SQL argument is not static" });
        else classifyCode(ctx, inv, lang, w.value, g, w, inv.cwd);
      }
      break;
    }
    case "mongo": {
      for (const w of pos) {
        if (w.value !== undefined && /\.(js|mongodb)$/.test(w.value)) {
          code++;
          const r = readSqlFile(ctx, inv, w.value);
          if ("why" in r) g.dynamic.push({ word: w, why: r.why, unreadable: true });
          else classifyCode(ctx, inv, lang, r.text, g, w, inv.cwd);
        } else if (w === pos[0]) {
          if (w.value === undefined) g.dynamicTarget ??= w;
          else g.parts.push(...connectionParts(w.value.includes("/") && !w.value.includes("://") ? `mongodb://${w.value}` : w.value, "connection argument"));
        }
      }
      break;
    }
    case "redis": {
      const cluster = o.get("cluster");
      let words = pos;
      if (cluster !== undefined) {
        const sub = cluster.toLowerCase();
        const hostWord = pos[0];
        if (hostWord?.value) g.parts.push(...connectionParts(hostWord.value.replace(/:\d+$/, ""), "--cluster host argument", "host"));
        if (sub === "call") words = pos.slice(1);
        else {
          if (!/^(check|info|help)$/.test(sub)) g.effects.push({ kind: "admin", verb: `--cluster ${sub}`, text: inv.text, severe: /^(del-node|fix|reshard|rebalance|import)$/.test(sub) });
          return g;
        }
      }
      const evalFile = o.get("eval");
      if (evalFile !== undefined) {
        code++;
        const r = readSqlFile(ctx, inv, evalFile);
        if ("why" in r) g.dynamic.push({ word: o.hit("eval")!.word, why: r.why, unreadable: true });
        else g.effects.push(...classifyLua(r.text, `--eval ${evalFile}`));
        break;
      }
      if (words.length) {
        code++;
        const values = words.map((w) => w.value);
        // `-x` makes the last argument come from stdin; it is data, not a command.
        if (o.has("x")) values.push("<stdin>");
        const at = words[0]!;
        g.effects.push(...classifyRedis(values, words.map((w) => w.raw).join(" ")).map((e) => ({ ...e, word: at })));
      }
      if (o.has("pipe") && !code) {
        const s = stdinText(ctx, inv);
        if (s && "text" in s) classifyCode(ctx, inv, lang, s.text, g, undefined, inv.cwd);
        else g.effects.push({ kind: "write", verb: "--pipe", text: inv.text });
        return g;
      }
      if (o.options.some((h) => spec.noop?.includes(h.name))) return g;
      break;
    }
    case "none":
      break;
  }

  // With nothing to run from the arguments, the client reads its statements from stdin.
  if (!code && !o.has("x")) {
    const s = stdinText(ctx, inv);
    if (s && "text" in s) classifyCode(ctx, inv, lang, s.text, g, undefined, inv.cwd);
    else if (s && "effect" in s) g.effects.push(s.effect);
    else if (s && "why" in s) g.dynamic.push({ why: `${inv.program} reads its statements from stdin, and ${s.why}`, unreadable: inv.stdin?.kind === "file" });
  }
  // A read-only connection makes every change fail; safe-updates mode refuses UPDATE/DELETE without a key.
  // An in-memory database (`sqlite3 :memory:`, no file) vanishes on exit, unless the statements open or attach a file.
  if (inMemory && !g.effects.some((e) => e.kind === "connect")) g.effects = g.effects.filter((e) => e.kind === "shell" || e.kind === "dynamic");
  if (spec.readonly?.some((n) => o.has(n))) g.effects = g.effects.filter((e) => e.kind === "shell" || e.kind === "dynamic" || e.kind === "connect");
  if (spec.safeUpdates?.some((n) => o.has(n))) g.effects = g.effects.filter((e) => e.kind !== "delete-all" && e.kind !== "update-all");
  return g;
}

// ---------------------------------------------------------------- admin CLIs and migration tools

const task = (kind: Kind, verb: string, text: string, extra: Partial<Effect> = {}): Effect[] => [{ kind, verb, text, ...extra }];

/** `VAR=value` words that rake/rails read as environment. */
function argEnv(words: Word[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of words) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/s.exec(w.value ?? "");
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** The environment a tool runs under, from a flag, a `VAR=value` argument or the environment, with its source in words. */
function envName(flag: string | undefined, flagName: string, args: Record<string, string>, env: Record<string, string | undefined>, ...vars: string[]): DbTargetPart[] {
  if (flag !== undefined) return flag ? [{ kind: "environment", value: flag, source: `${flagName} flag` }] : [];
  for (const v of vars) {
    const a = args[v];
    if (a) return [{ kind: "environment", value: a, source: `${v}=${a} argument` }];
    const e = env[v];
    if (e) return [{ kind: "environment", value: e, source: `${v} in the environment` }];
  }
  return [];
}

function adminTool(inv: Invocation): Gathered | undefined {
  const g: Gathered = { effects: [], parts: [], dynamic: [] };
  const args = inv.argv.slice(1);
  const p = inv.program!;
  const text = inv.text;
  switch (p) {
    case "dropdb":
    case "dropuser":
    case "createdb":
    case "pg_restore":
    case "pg_dropcluster": {
      const o = parseArgs(args, { value: ["h", "host", "p", "port", "U", "username", "d", "dbname", "maintenance-db", "f", "file", "n", "schema", "t", "table", "j", "jobs", "F", "format", "L", "use-list", "I", "index", "P", "function", "T", "trigger", "S", "superuser", "role", "section", "exclude-schema", "N", "E", "encoding", "O", "owner", "D", "tablespace", "l", "locale", "T", "template", "lc-collate", "lc-ctype", "icu-locale", "strategy", "filter"] });
      for (const h of o.options) {
        if (h.name === "h" || h.name === "host") h.value === undefined ? (g.dynamicTarget ??= h.word) : g.parts.push(...connectionParts(h.value, `--host flag`, "host"));
        if ((h.name === "d" || h.name === "dbname") && p === "pg_restore") h.value === undefined ? (g.dynamicTarget ??= h.word) : g.parts.push(...connectionParts(h.value, "--dbname flag"));
      }
      g.parts.push(...envParts("postgres", inv.env));
      const name = o.positionals[0];
      if (p === "pg_restore") {
        if (!o.has("d", "dbname")) return undefined;
        const clean = o.has("c", "clean");
        g.effects.push(...task(clean ? "drop" : "restore", clean ? "pg_restore --clean" : "pg_restore", text, { target: name?.value ?? "" }));
        return g;
      }
      if (name) name.value === undefined ? (g.dynamicTarget ??= name) : g.parts.push({ kind: "database", value: name.value, source: `${p} argument` });
      if (p === "dropdb") g.effects.push(...task("drop-database", "dropdb", text, { target: name?.value ?? name?.raw ?? "" }));
      else if (p === "pg_dropcluster") g.effects.push(...task("drop-database", "pg_dropcluster", text, { target: o.positionals.map((w) => w.raw).join(" ") }));
      else if (p === "dropuser") g.effects.push(...task("drop", "dropuser", text, { target: name?.value ?? "" }));
      else g.effects.push(...task("write", "createdb", text, { target: name?.value ?? "" }));
      return g;
    }
    case "mysqladmin":
    case "mariadb-admin": {
      const o = parseArgs(withoutMysqlPassword(args), { value: MYSQL.flags.value! });
      for (const h of o.options) if (h.name === "h" || h.name === "host") h.value === undefined ? (g.dynamicTarget ??= h.word) : g.parts.push(...connectionParts(h.value, "--host flag", "host"));
      g.parts.push(...envParts("mysql", inv.env));
      const [cmd, arg] = o.positionals;
      const c = cmd?.value?.toLowerCase();
      if (cmd && c === undefined) g.dynamic.push({ word: cmd, why: "the mysqladmin command is not static" });
      if (c === "drop") {
        if (arg?.value) g.parts.push({ kind: "database", value: arg.value, source: "mysqladmin drop argument" });
        g.effects.push(...task("drop-database", "mysqladmin drop", text, { target: arg?.value ?? "" }));
      } else if (c === "create") g.effects.push(...task("write", "mysqladmin create", text, { target: arg?.value ?? "" }));
      else if (c === "shutdown") g.effects.push(...task("admin", "mysqladmin shutdown", text, { severe: true }));
      else if (c === "kill" || c === "stop-replica" || c === "stop-slave" || c === "start-replica" || c === "start-slave") g.effects.push(...task("admin", `mysqladmin ${c}`, text));
      else if (c === "password") g.effects.push(...task("privilege", "mysqladmin password", text));
      else if (c === "purge") g.effects.push(...task("drop", "mysqladmin purge", text));
      return g.effects.length || g.dynamic.length ? g : undefined;
    }
    case "mongorestore": {
      const o = parseArgs(args, { value: ["h", "host", "port", "u", "username", "p", "password", "d", "db", "c", "collection", "uri", "nsInclude", "nsExclude", "nsFrom", "nsTo", "archive", "dir", "authenticationDatabase", "j", "numParallelCollections"] });
      for (const h of o.options) {
        if (h.name === "h" || h.name === "host" || h.name === "uri") h.value === undefined ? (g.dynamicTarget ??= h.word) : g.parts.push(...connectionParts(h.value, `--${h.name} flag`, "host"));
        if (h.name === "d" || h.name === "db") h.value !== undefined && g.parts.push({ kind: "database", value: h.value, source: "--db flag" });
      }
      if (o.positionals[0]?.value?.startsWith("mongodb")) g.parts.push(...connectionParts(o.positionals[0].value, "connection argument"));
      g.effects.push(...task(o.has("drop") ? "drop" : "restore", o.has("drop") ? "mongorestore --drop" : "mongorestore", text));
      return g;
    }
    default:
      return undefined;
  }
}

/** Migration tools and frameworks: each maps its task words to an effect. */
function frameworkTool(inv: Invocation): Gathered | undefined {
  const g: Gathered = { effects: [], parts: [], dynamic: [] };
  let args = inv.argv.slice(1);
  let p = inv.program!;
  const text = inv.text;
  // `python [opts] manage.py TASK`, `python -m django TASK`, `php artisan TASK`, `dotnet ef ...`.
  if (/^python(\d+(\.\d+)?)?$/.test(p) || p === "pypy3") {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!.value ?? "";
      if (a === "-m") {
        if (args[i + 1]?.value !== "django") return undefined;
        p = "django-admin";
        args = args.slice(i + 2);
        break;
      }
      if (a === "-c" || a === "-" || a === "--") return undefined;
      if (a === "-W" || a === "-X") i++;
      else if (!a.startsWith("-")) {
        if (!/(^|\/)manage\.py$/.test(a)) return undefined;
        p = "manage.py";
        args = args.slice(i + 1);
        break;
      }
    }
    if (p !== "manage.py" && p !== "django-admin") return undefined;
  } else if (p === "php") {
    const i = args.findIndex((w) => !(w.value ?? "").startsWith("-"));
    if (i < 0 || !/(^|\/)artisan$/.test(args[i]!.value ?? "")) return undefined;
    p = "artisan";
    args = args.slice(i + 1);
  } else if (p === "dotnet") {
    if (args[0]?.value !== "ef") return undefined;
    p = "dotnet-ef";
    args = args.slice(1);
  }
  const o = parseArgs(args, { value: ["e", "environment", "env", "settings", "database", "schema", "url", "knexfile", "config", "c", "d", "dataSource", "x", "n", "name", "connection", "context", "project", "startup-project", "db-url", "p", "password", "workdir", "migrations-path", "seeders-path", "models-path", "options-path", "url-env", "file"] });
  const pos = o.positionals.map((w) => w.value ?? "");
  const argVars = argEnv(o.positionals);
  const env = { ...inv.env, ...argVars };
  const flagEnv = o.get("e", "environment", "env");
  const first = pos[0] ?? "";
  const add = (kind: Kind, verb: string, extra: Partial<Effect> = {}) => g.effects.push(...task(kind, verb, text, extra));
  switch (p) {
    case "prisma": {
      g.parts.push(...envParts("app", env));
      const url = o.get("url");
      if (url !== undefined) g.parts.push(...connectionParts(url, "--url flag"));
      const [a, b] = pos;
      if (a === "migrate" && b === "reset") add("reset", "prisma migrate reset");
      else if (a === "db" && b === "push") o.has("accept-data-loss", "force-reset") ? add("accept-data-loss", `prisma db push ${o.has("force-reset") ? "--force-reset" : "--accept-data-loss"}`) : add("migrate", "prisma db push");
      else if (a === "migrate" && (b === "deploy" || b === "dev" || b === "resolve")) add("migrate", `prisma migrate ${b}`);
      else if (a === "db" && b === "seed") add("migrate", "prisma db seed");
      else if (a === "db" && b === "execute") {
        const file = o.get("file");
        if (o.has("stdin")) g.sqlFrom = { stdin: true };
        else if (file !== undefined) g.sqlFrom = { file };
        else add("write", "prisma db execute");
      } else return undefined;
      return g;
    }
    case "rails":
    case "rake": {
      g.parts.push(...envParts("app", env));
      g.parts.push(...envName(flagEnv, "--environment", argVars, inv.env, "RAILS_ENV", "RACK_ENV"));
      for (const t of pos) {
        if (/^db:(drop|drop:all|purge|purge:all)$/.test(t)) add("drop-database", `${p} ${t}`);
        else if (/^db:(reset|schema:load|structure:load|setup|truncate_all|migrate:reset|seed:replant|fixtures:load|test:purge|test:load|test:prepare)$/.test(t)) add(t.startsWith("db:test:") ? "migrate" : "reset", `${p} ${t}`);
        else if (/^db:(rollback|migrate:down|migrate:redo)$/.test(t)) add("rollback", `${p} ${t}`);
        else if (/^db:(migrate|migrate:up|seed|create|create:all|prepare|environment:set|schema:cache:dump|encryption:init)$/.test(t)) add("migrate", `${p} ${t}`);
      }
      if (p === "rails" && (first === "runner" || first === "r")) {
        const code = o.positionals[1]?.value ?? "";
        if (/\.(delete_all|destroy_all)\b/.test(code)) add("delete-all", "rails runner delete_all");
        else if (/\b(drop_table|drop_database|truncate)\b/.test(code)) add("drop", "rails runner");
      }
      return g.effects.length ? g : undefined;
    }
    case "manage.py":
    case "django-admin": {
      g.parts.push(...envName(o.get("settings"), "--settings", argVars, inv.env, "DJANGO_SETTINGS_MODULE"));
      const dbAlias = o.get("database");
      if (dbAlias) g.parts.push({ kind: "database", value: dbAlias, source: "--database flag" });
      g.parts.push(...envParts("app", env));
      if (first === "flush") add("reset", `${p} flush`);
      else if (first === "reset_db" || first === "drop_test_database") add("drop-database", `${p} ${first}`);
      else if (first === "migrate") pos[2] === "zero" ? add("reset", `${p} migrate ${pos[1]} zero`) : add("migrate", `${p} migrate`);
      else if (first === "loaddata" || first === "createcachetable") add("migrate", `${p} ${first}`);
      else if (first === "shell") {
        const code = o.get("c", "command") ?? "";
        if (/\.objects(\.all\(\))?\.delete\(\)/.test(code)) add("delete-all", `${p} shell .delete()`);
        else if (/\.(delete|update|save|create|bulk_create|bulk_update)\(/.test(code)) add("write", `${p} shell`);
      } else if (first === "dbshell") {
        // `manage.py dbshell -- -c SQL` passes the SQL to the database's own client.
        const sql = o.rest.length ? parseArgs(o.rest, { value: ["c", "command", "e", "execute"] }).get("c", "command", "e", "execute") : undefined;
        if (sql !== undefined) g.effects.push(...classifySql(sql));
        else g.sqlFrom = { stdin: true };
      } else return undefined;
      return g;
    }
    case "knex": {
      g.parts.push(...envName(flagEnv, "--env", argVars, inv.env, "NODE_ENV"));
      if (first === "migrate:rollback") o.has("all") ? add("reset", "knex migrate:rollback --all") : add("rollback", "knex migrate:rollback");
      else if (first === "migrate:down") add("rollback", "knex migrate:down");
      else if (first === "migrate:unlock") add("admin", "knex migrate:unlock");
      else if (/^(migrate:latest|migrate:up|seed:run)$/.test(first)) add("migrate", `knex ${first}`);
      else return undefined;
      return g;
    }
    case "sequelize":
    case "sequelize-cli": {
      g.parts.push(...envName(flagEnv, "--env", argVars, inv.env, "NODE_ENV"));
      const url = o.get("url");
      if (url !== undefined) g.parts.push(...connectionParts(url, "--url flag"));
      if (first === "db:drop") add("drop-database", `${p} db:drop`);
      else if (first === "db:migrate:undo:all" || first === "db:seed:undo:all") add("reset", `${p} ${first}`);
      else if (first === "db:migrate:undo" || first === "db:seed:undo") add("rollback", `${p} ${first}`);
      else if (/^(db:migrate|db:seed|db:seed:all|db:create)$/.test(first)) add("migrate", `${p} ${first}`);
      else return undefined;
      return g;
    }
    case "typeorm":
    case "typeorm-ts-node-commonjs":
    case "typeorm-ts-node-esm": {
      const ds = o.get("d", "dataSource");
      if (ds) g.parts.push({ kind: "config", value: ds, source: "--dataSource flag" });
      g.parts.push(...envName(undefined, "", argVars, inv.env, "NODE_ENV"));
      if (first === "schema:drop") add("reset", "typeorm schema:drop");
      else if (first === "schema:sync") add("migrate", "typeorm schema:sync", { risk: "medium" });
      else if (first === "migration:revert") add("rollback", "typeorm migration:revert");
      else if (first === "migration:run") add("migrate", "typeorm migration:run");
      else if (first === "query") {
        const sql = o.positionals[1];
        if (sql?.value === undefined) g.dynamic.push({ ...(sql ? { word: sql } : {}), why: "the typeorm query is not static" });
        else g.effects.push(...classifySql(sql.value));
      } else return undefined;
      return g;
    }
    case "drizzle-kit": {
      if (first === "push") o.has("force") ? add("accept-data-loss", "drizzle-kit push --force") : add("migrate", "drizzle-kit push");
      else if (first === "migrate") add("migrate", "drizzle-kit migrate");
      else return undefined;
      g.parts.push(...envParts("app", env));
      return g;
    }
    case "alembic": {
      for (const v of o.all("x")) g.parts.push({ kind: "environment", value: v.replace(/^[^=]*=/, ""), source: `-x ${v} flag` });
      const cfg = o.get("c", "config");
      if (cfg) g.parts.push({ kind: "config", value: cfg, source: "--config flag" });
      const section = o.get("n", "name");
      if (section) g.parts.push({ kind: "config", value: section, source: "--name flag" });
      g.parts.push(...envParts("app", env));
      if (first === "downgrade") pos[1] === "base" ? add("reset", "alembic downgrade base") : add("rollback", `alembic downgrade ${pos[1] ?? ""}`.trim());
      else if (first === "upgrade" || first === "stamp") add("migrate", `alembic ${first}`);
      else return undefined;
      return g;
    }
    case "flyway": {
      const fo = parseArgs(inv.argv.slice(1), { singleDashLong: true, bundling: false });
      for (const h of fo.options) {
        if (h.name === "url" && h.value !== undefined) g.parts.push(...connectionParts(h.value, "-url flag"));
        if ((h.name === "environment" || h.name === "configFiles") && h.value !== undefined) g.parts.push({ kind: "environment", value: h.value, source: `-${h.name} flag` });
      }
      const cmds = fo.positionals.map((w) => w.value ?? "");
      for (const c of cmds) {
        if (c === "clean") add("reset", "flyway clean");
        else if (c === "undo") add("rollback", "flyway undo");
        else if (c === "migrate" || c === "repair" || c === "baseline") add("migrate", `flyway ${c}`);
      }
      return g.effects.length ? g : undefined;
    }
    case "liquibase": {
      const url = o.get("url");
      if (url !== undefined) g.parts.push(...connectionParts(url, "--url flag"));
      const df = o.get("defaults-file", "defaultsFile");
      if (df) g.parts.push({ kind: "config", value: df, source: "--defaults-file flag" });
      const c = first.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
      if (c === "drop-all") add("reset", "liquibase drop-all");
      else if (c.startsWith("rollback") && !c.endsWith("-sql")) add("rollback", `liquibase ${c}`);
      else if (c.startsWith("update") && !c.endsWith("-sql")) add("migrate", `liquibase ${c}`);
      else return undefined;
      return g;
    }
    case "mix": {
      g.parts.push(...envName(undefined, "", argVars, inv.env, "MIX_ENV"));
      if (first === "ecto.drop") add("drop-database", "mix ecto.drop");
      else if (first === "ecto.reset") add("reset", "mix ecto.reset");
      else if (first === "ecto.rollback") o.has("all") ? add("reset", "mix ecto.rollback --all") : add("rollback", "mix ecto.rollback");
      else if (/^ecto\.(migrate|create|setup)$/.test(first)) add("migrate", `mix ${first}`);
      else return undefined;
      return g;
    }
    case "artisan": {
      g.parts.push(...envName(flagEnv, "--env", argVars, inv.env, "APP_ENV"));
      const dbc = o.get("database");
      if (dbc) g.parts.push({ kind: "database", value: dbc, source: "--database flag" });
      if (/^(migrate:fresh|migrate:reset|migrate:refresh|db:wipe)$/.test(first)) add("reset", `artisan ${first}`);
      else if (first === "migrate:rollback") add("rollback", "artisan migrate:rollback");
      else if (first === "migrate" || first === "db:seed") add("migrate", `artisan ${first}`);
      else return undefined;
      return g;
    }
    case "supabase": {
      const url = o.get("db-url");
      if (url !== undefined) g.parts.push(...connectionParts(url, "--db-url flag"));
      const [a, b] = pos;
      if (a === "db" && b === "reset") add("reset", `supabase db reset${o.has("linked") ? " --linked (the remote project)" : ""}`);
      else if (a === "db" && b === "push") add("migrate", "supabase db push");
      else if (a === "migration" && (b === "repair" || b === "up" || b === "down")) add(b === "down" ? "rollback" : "migrate", `supabase migration ${b}`);
      else return undefined;
      return g;
    }
    case "dotnet-ef": {
      const conn = o.get("connection");
      if (conn !== undefined) g.parts.push(...connectionParts(conn, "--connection flag"));
      g.parts.push(...envName(undefined, "", argVars, inv.env, "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"));
      const [a, b, target] = pos;
      if (a !== "database") return undefined;
      if (b === "drop") add("drop-database", "dotnet ef database drop");
      else if (b === "update") target === "0" ? add("reset", "dotnet ef database update 0") : add("migrate", "dotnet ef database update");
      else return undefined;
      return g;
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- reporting

const KIND_ID: Partial<Record<Kind, Id>> = {
  "drop-database": "drop-database",
  drop: "drop",
  truncate: "truncate",
  "delete-all": "delete-all",
  "update-all": "update-all",
  "alter-drop": "alter-drop",
  flush: "flush",
  "mass-delete": "mass-delete",
  reset: "reset",
  "accept-data-loss": "accept-data-loss",
  write: "write",
  migrate: "migrate",
  rollback: "rollback",
  restore: "restore",
  privilege: "privilege",
  admin: "server-admin",
  shell: "shell-escape",
  dynamic: "dynamic-sql",
};

function report(inv: Invocation, ctx: RuleContext<Id>, g: Gathered, language: Language | "tool"): void {
  // Statements such as `\c prod` or `use prod` switch the database they run against.
  for (const e of g.effects) if (e.kind === "connect" && e.target) g.parts.push({ kind: "database", value: e.target, source: `${e.verb} in the statements` });
  const production = databaseEvidence(g.parts, ctx.production);
  const byId = new Map<Id, Effect[]>();
  for (const e of g.effects) {
    const id = KIND_ID[e.kind];
    if (!id) continue;
    const list = byId.get(id) ?? [];
    list.push(e);
    byId.set(id, list);
  }
  const word = inv.argv[0];
  let changes = false;
  for (const [id, list] of byId) {
    const first = list[0]!;
    const more = list.length > 1 ? ` (and ${list.length - 1} more)` : "";
    const severe = list.some((e) => e.severe);
    const risk: Risk | undefined = (id === "privilege" || id === "server-admin") && severe ? "high" : list.find((e) => e.risk)?.risk;
    if (id !== "dynamic-sql" && id !== "shell-escape") changes = true;
    const at = first.word ?? word;
    ctx.report(id, {
      ...(at ? { word: at } : {}),
      data: {
        verb: first.verb,
        target: first.target ? ` ${first.target}` : "",
        statement: first.text,
        more,
        client: language === "redis" ? "redis" : language === "mongo" ? "mongo" : "the database",
        why: `${first.verb} runs statements computed at run time (${first.text})`,
      },
      ...(risk ? { risk } : {}),
      ...(production.length ? { production } : {}),
    });
  }
  for (const d of g.dynamic) {
    ctx.report(d.unreadable ? "unreadable-sql" : "dynamic-sql", { ...(d.word ? { word: d.word } : word ? { word } : {}), data: { verb: "statements", statement: d.why, why: d.why, target: "", more: "" } });
  }
  if (changes && !production.length && g.dynamicTarget) {
    ctx.report("dynamic-target", { word: g.dynamicTarget, data: { word: g.dynamicTarget.raw } });
  }
}

export default defineRule<Id>({
  name: "database",
  description: "Database clients, admin CLIs and migration tools: statements that destroy data, and changes to production databases.",
  programs: [
    ...Object.keys(CLIENTS), "clickhouse", "dropdb", "dropuser", "createdb", "pg_restore", "pg_dropcluster", "mysqladmin", "mariadb-admin", "mongorestore",
    "prisma", "rails", "rake", "manage.py", "django-admin", "python", "python3", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "pypy3", "knex", "sequelize", "sequelize-cli", "typeorm", "typeorm-ts-node-commonjs",
    "typeorm-ts-node-esm", "drizzle-kit", "alembic", "flyway", "liquibase", "mix", "php", "artisan", "supabase", "dotnet",
  ],
  findings: {
    "drop-database": {
      risk: "high",
      categories: ["destroy"],
      message: "{statement} deletes a whole database{more}",
      hint: "take a backup (pg_dump / mysqldump) and let a human drop it",
      description: "Drops a database, schema or keyspace (DROP DATABASE, dropdb, mysqladmin drop, dropDatabase(), db:drop).",
    },
    drop: {
      risk: "high",
      categories: ["destroy"],
      message: "{statement} deletes database objects and their data{more}",
      hint: "rename it or take a backup first, and let a human run the drop",
      description: "Drops tables, collections, indexes, users or other objects.",
    },
    truncate: {
      risk: "high",
      categories: ["destroy"],
      message: "{statement} deletes every row{more}",
      hint: "back the table up first, and let a human run it",
      description: "Empties tables.",
    },
    "delete-all": {
      risk: "high",
      categories: ["destroy"],
      message: "{statement} has no filter, so it deletes every row{more}",
      hint: "add a WHERE clause (or a filter), check it with SELECT count(*) first",
      description: "DELETE without WHERE, deleteMany({}), delete_all.",
    },
    "update-all": {
      risk: "high",
      categories: ["destroy"],
      message: "{statement} has no filter, so it overwrites every row{more}",
      hint: "add a WHERE clause (or a filter), check it with SELECT count(*) first",
      description: "UPDATE without WHERE, updateMany({}).",
    },
    "alter-drop": {
      risk: "high",
      categories: ["destroy"],
      message: "{statement} deletes a column or partition and its data{more}",
      hint: "back the table up first, and let a human run it",
      description: "ALTER ... DROP COLUMN / PARTITION, ALTER ... TRUNCATE.",
    },
    flush: {
      risk: "high",
      categories: ["destroy"],
      message: "{statement} deletes every key in the {client} server or database{more}",
      hint: "delete the specific keys you mean, or let a human flush",
      description: "Redis FLUSHALL / FLUSHDB, or REPLICAOF that replaces the dataset.",
    },
    "mass-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "{verb} deletes keys fed from a scan or pattern, which can be any number of them{more}",
      hint: "list the keys first, review them, then delete that list",
      description: "Deleting keys in bulk (`--scan | xargs redis-cli DEL`).",
    },
    reset: {
      risk: "high",
      categories: ["destroy"],
      message: "{verb} drops or empties the database's tables and rebuilds them{more}",
      hint: "run forward migrations instead, or let a human reset the database",
      description: "Resets a database (prisma migrate reset, rails db:reset, manage.py flush, flyway clean, migrate:fresh ...).",
    },
    "accept-data-loss": {
      risk: "high",
      categories: ["destroy"],
      message: "{verb} applies schema changes even when they delete data{more}",
      hint: "write a migration and review it, or run without the flag to see the data-loss warnings",
      description: "Schema push that accepts data loss (prisma db push --accept-data-loss, drizzle-kit push --force).",
    },
    write: {
      risk: "low",
      categories: ["mutate"],
      message: "{statement} changes data or schema{more}",
      description: "Statements that change data or schema (INSERT, UPDATE/DELETE with WHERE, CREATE, ALTER ADD ...).",
    },
    migrate: {
      risk: "low",
      categories: ["mutate"],
      message: "{verb} changes the database schema or data{more}",
      description: "Forward migrations and seeds.",
    },
    rollback: {
      risk: "medium",
      categories: ["mutate"],
      message: "{verb} reverts migrations, which can drop tables and columns{more}",
      hint: "check what the down migrations do first",
      description: "Migration rollbacks.",
    },
    restore: {
      risk: "low",
      categories: ["mutate"],
      message: "{verb} loads a dump into the database{more}",
      description: "Restoring a dump (pg_restore -d, mongorestore, pg_dump | psql).",
    },
    privilege: {
      risk: "medium",
      categories: ["privilege"],
      message: "{statement} changes who may do what in the database{more}",
      hint: "grant the narrowest privileges needed",
      description: "GRANT, REVOKE, CREATE/ALTER USER or ROLE, ACL SETUSER.",
    },
    "server-admin": {
      risk: "medium",
      categories: ["mutate"],
      message: "{statement} changes or stops the database server{more}",
      hint: "let a human administer the server",
      description: "SHUTDOWN, CONFIG SET, DEBUG, killing sessions, cluster changes.",
    },
    "shell-escape": {
      risk: "high",
      categories: ["remote-code"],
      message: "{statement} runs an operating-system command from the database client or server{more}",
      hint: "run the command directly so it can be checked",
      description: "psql `\\!`, COPY ... PROGRAM, sqlite `.shell`, mysql `system`, MODULE LOAD.",
    },
    "dynamic-sql": {
      risk: "high",
      categories: ["opaque"],
      message: "the statements cannot be read: {why}",
      hint: "pass the statements literally (or in a readable file) so they can be checked",
      description: "SQL or commands computed at run time (`-c \"$Q\"`, `\\gexec`, EXECUTE, input from another program).",
    },
    "unreadable-sql": {
      risk: "high",
      categories: ["opaque"],
      message: "the statements cannot be read: {why}",
      hint: "make the file readable where the command runs, or pass the statements literally",
      description: "A SQL or script file that shellgate cannot read.",
    },
    "dynamic-target": {
      risk: "high",
      categories: ["opaque"],
      message: "this changes a database, but the target {word} is not static, so production cannot be told",
      hint: "write the host or database name literally",
      description: "A change whose host or database is computed at run time.",
    },
  },
  check(inv, ctx) {
    let program = inv.program!;
    let args = inv.argv.slice(1);
    if (program === "clickhouse") {
      if (args[0]?.value !== "client") return;
      program = "clickhouse-client";
      args = args.slice(1);
    }
    const spec = CLIENTS[program];
    if (spec) {
      const g = gatherClient(inv, ctx, spec, args);
      if (g) report(inv, ctx, g, spec.language);
      return;
    }
    const g = adminTool(inv) ?? frameworkTool(inv);
    if (!g) return;
    if (g.sqlFrom && "stdin" in g.sqlFrom) {
      const s = stdinText(ctx, inv);
      if (s && "text" in s) classifyCode(ctx, inv, "generic", s.text, g, undefined, inv.cwd);
      else if (s && "effect" in s) g.effects.push(s.effect);
      else if (s && "why" in s) g.dynamic.push({ why: `${inv.program} reads its statements from stdin, and ${s.why}` });
    } else if (g.sqlFrom) {
      const r = readSqlFile(ctx, inv, g.sqlFrom.file);
      if ("why" in r) g.dynamic.push({ why: r.why, unreadable: true });
      else classifyCode(ctx, inv, "generic", r.text, g, undefined, inv.cwd);
    }
    report(inv, ctx, g, "tool");
  },
});
