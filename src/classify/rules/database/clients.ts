// Database client grammars (psql, mysql, sqlite3, duckdb, mongosh, redis-cli, clickhouse, cqlsh, sqlcmd, snowsql, usql): where they connect and what they run.
import { dirname, isAbsolute, resolve } from "node:path";
import type { Invocation, Word } from "../../../types.js";
import { parseArgs, type FlagSpec, type ParsedArgs } from "../../flags.js";
import type { RuleContext } from "../../rule.js";
import { classifySql } from "../../sql.js";
import { connectionParts, envParts } from "../../../context/database.js";
import type { Effect, Gathered, Language } from "./types.js";
import { readSqlFile, stdinText } from "./sources.js";
import { classifyLua, classifyRedis, redisLines } from "./redis.js";
import { classifyMongo } from "./mongo.js";

const MAX_INCLUDE_DEPTH = 4;

export interface ClientSpec {
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
export const MYSQL: ClientSpec = {
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

export const CLIENTS: Record<string, ClientSpec> = {
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
export function withoutMysqlPassword(args: Word[]): Word[] {
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

function classifyText(language: Language, text: string): Effect[] {
  if (language === "mongo") return classifyMongo(text);
  if (language === "redis") return redisLines(text).flatMap((w) => classifyRedis(w, w.join(" ")));
  return classifySql(text, language);
}

/** Classifies code and follows its includes (`\i file`, `source file`, `.read file`, `load()`), bounded in depth. */
export function classifyCode(ctx: RuleContext, inv: Invocation, language: Language, text: string, g: Gathered, word: Word | undefined, dir: string | undefined, depth = 0): void {
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
    if ("why" in r) g.dynamic.push({ ...(word ? { word } : {}), why: `${e.verb} ${e.target}: ${r.why}`, unreadable: true, missing: r.missing });
    else {
      const abs = isAbsolute(e.target) ? e.target : resolve(dir ?? inv.cwd ?? "/", e.target);
      classifyCode(ctx, inv, language, r.text, g, word, dirname(abs), depth + 1);
    }
  }
}

export function gatherClient(inv: Invocation, ctx: RuleContext, spec: ClientSpec, argsIn: Word[]): Gathered | undefined {
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
          if ("why" in r) g.dynamic.push({ word: h.word, why: r.why, unreadable: true, missing: r.missing });
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
          if ("why" in r) g.dynamic.push({ word: w, why: r.why, unreadable: true, missing: r.missing });
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
        if ("why" in r) g.dynamic.push({ word: o.hit("eval")!.word, why: r.why, unreadable: true, missing: r.missing });
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
    else if (s && "why" in s) g.dynamic.push({ why: `${inv.program} reads its statements from stdin, and ${s.why}`, unreadable: inv.stdin?.kind === "file", missing: "missing" in s ? s.missing : undefined });
  }
  // A read-only connection makes every change fail; safe-updates mode refuses UPDATE/DELETE without a key.
  // An in-memory database (`sqlite3 :memory:`, no file) vanishes on exit, unless the statements open or attach a file.
  if (inMemory && !g.effects.some((e) => e.kind === "connect")) g.effects = g.effects.filter((e) => e.kind === "shell" || e.kind === "dynamic");
  if (spec.readonly?.some((n) => o.has(n))) g.effects = g.effects.filter((e) => e.kind === "shell" || e.kind === "dynamic" || e.kind === "connect");
  if (spec.safeUpdates?.some((n) => o.has(n))) g.effects = g.effects.filter((e) => e.kind !== "delete-all" && e.kind !== "update-all");
  return g;
}
