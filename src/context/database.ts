// Database target of a command: hosts and database names from flags, connection URIs, conninfo strings and the environment, as production evidence.
import { basename } from "node:path";
import type { Evidence } from "../types.js";
import type { ProductionMatcher } from "./production.js";

/** One thing that names where a command connects, with where it came from in words. Password parts never appear here. */
export interface DbTargetPart {
  kind: "host" | "database" | "environment" | "config";
  /** Undefined when the value is not static. */
  value?: string;
  source: string;
}

export interface Connection {
  host?: string;
  database?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Host names worth matching: not IP addresses, sockets or localhost. */
function usefulHost(h: string | undefined): string | undefined {
  if (!h) return undefined;
  const host = h.replace(/^\[|\]$/g, "").replace(/:\d+$/, "");
  if (!host || IPV4.test(host) || host.includes(":") || host.startsWith("/") || /^(localhost|127\.0\.0\.1)$/i.test(host)) return undefined;
  return host;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Host and database from a connection string: URIs (`postgres://u:p@db-prod-1:5432/app`, `mongodb+srv://...`, `jdbc:mysql://...`,
 * `redis://...`), libpq conninfo (`host=db dbname=app`) and ADO-style strings (`Server=db;Database=app`). Undefined when it is none of these.
 */
export function parseConnection(s: string): Connection | undefined {
  const text = s.trim();
  const uri = /^(?:jdbc:)?([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(\/[^?#]*)?(\?[^#]*)?/i.exec(text);
  if (uri) {
    const scheme = uri[1]!.toLowerCase();
    const authority = uri[2]!;
    const hostPart = authority.includes("@") ? authority.slice(authority.lastIndexOf("@") + 1) : authority;
    const hosts = hostPart.split(",").map((h) => usefulHost(safeDecode(h)));
    const out: Connection = {};
    const host = hosts.find((h) => h !== undefined);
    if (host) out.host = host;
    const path = uri[3] ? safeDecode(uri[3].slice(1)) : "";
    if (scheme.startsWith("sqlite") || scheme === "file") {
      if (path) out.database = basename(path);
    } else if (path && !/^\d+$/.test(path)) out.database = path.split("/")[0]!;
    const q = new URLSearchParams(uri[4]?.slice(1) ?? "");
    const qHost = usefulHost(q.get("host") ?? undefined);
    if (!out.host && qHost) out.host = qHost;
    const qDb = q.get("dbname") ?? q.get("database");
    if (!out.database && qDb) out.database = qDb;
    return out;
  }
  if (/^sqlite:/i.test(text)) return { database: basename(text.replace(/^sqlite:/i, "")) };
  // libpq keyword/value conninfo.
  if (/^\s*\w+\s*=/.test(text) && !text.includes(";")) {
    const out: Connection = {};
    for (const m of text.matchAll(/(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/g)) {
      const key = m[1]!.toLowerCase();
      const val = m[2]!.replace(/^'|'$/g, "");
      if ((key === "host" || key === "hostaddr") && !out.host) {
        const h = usefulHost(val.split(",")[0]);
        if (h) out.host = h;
      } else if (key === "dbname") out.database = val;
      else if (key === "service" && !out.database) out.database = val;
    }
    return out.host || out.database ? out : undefined;
  }
  // ADO.NET / ODBC connection strings.
  if (/[=;]/.test(text) && text.includes(";")) {
    const out: Connection = {};
    for (const part of text.split(";")) {
      const eq = part.indexOf("=");
      if (eq < 0) continue;
      const key = part.slice(0, eq).trim().toLowerCase().replace(/\s+/g, " ");
      const val = part.slice(eq + 1).trim();
      if (/^(server|host|data source|address|addr|network address)$/.test(key)) {
        const h = usefulHost(val.replace(/^tcp:/i, "").split(/[,\\]/)[0]);
        if (h) out.host = h;
      } else if (/^(database|initial catalog|dbname)$/.test(key)) out.database = val;
    }
    return out.host || out.database ? out : undefined;
  }
  return undefined;
}

/** Target parts from a connection string, or from a bare word that is a database name or a host. */
export function connectionParts(value: string | undefined, source: string, bare: "database" | "host" = "database"): DbTargetPart[] {
  if (value === undefined) return [{ kind: bare, source }];
  const c = parseConnection(value);
  if (!c) {
    if (bare === "host") {
      const h = usefulHost(value.includes("@") ? value.slice(value.lastIndexOf("@") + 1) : value);
      return h ? [{ kind: "host", value: h, source }] : [];
    }
    return value ? [{ kind: "database", value, source }] : [];
  }
  const out: DbTargetPart[] = [];
  if (c.host) out.push({ kind: "host", value: c.host, source });
  if (c.database) out.push({ kind: "database", value: c.database, source });
  return out;
}

/** Environment variables each client reads to pick its server and database. */
const CLIENT_ENV: Record<string, { name: string; kind: "host" | "database" | "url" }[]> = {
  postgres: [
    { name: "PGHOST", kind: "host" },
    { name: "PGHOSTADDR", kind: "host" },
    { name: "PGDATABASE", kind: "database" },
    { name: "PGSERVICE", kind: "database" },
  ],
  mysql: [{ name: "MYSQL_HOST", kind: "host" }],
  /** Application tools (ORMs, migration runners) read the app's DATABASE_URL. */
  app: [{ name: "DATABASE_URL", kind: "url" }],
};

/** Target parts a client takes from its environment (PGHOST, MYSQL_HOST, DATABASE_URL ...). */
export function envParts(family: keyof typeof CLIENT_ENV | string, env: Record<string, string | undefined>): DbTargetPart[] {
  const out: DbTargetPart[] = [];
  for (const e of CLIENT_ENV[family] ?? []) {
    const v = env[e.name];
    const source = `${e.name} in the environment`;
    // Set on this command line to a value computed at run time (`DATABASE_URL=$(...) prisma migrate deploy`): the target is unknown.
    if (v === undefined && e.name in env) out.push({ kind: e.kind === "url" ? "database" : e.kind, source: `${e.name} (computed at run time)` });
    if (!v) continue;
    if (e.kind === "url") out.push(...connectionParts(v, source));
    else if (e.kind === "host") {
      const h = usefulHost(v);
      if (h) out.push({ kind: "host", value: h, source });
    } else out.push({ kind: "database", value: v, source });
  }
  return out;
}

/** Production evidence for target parts; parts without a static value are skipped (callers report them as dynamic). */
export function databaseEvidence(parts: readonly DbTargetPart[], matcher: ProductionMatcher): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const p of parts) {
    if (p.value === undefined) continue;
    const ev = matcher.evidence(p.kind, p.value, p.source);
    const key = `${p.kind}|${p.value}`;
    if (ev && !seen.has(key)) {
      seen.add(key);
      out.push(ev);
    }
  }
  return out;
}
