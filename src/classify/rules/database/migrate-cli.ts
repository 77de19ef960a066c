// Standalone migration CLIs (flyway, liquibase, goose, golang-migrate, dbmate, atlas, sqitch, diesel, sqlx, hasura): which commands drop, reset, roll back or migrate, and where.
import type { Invocation } from "../../../types.js";
import { parseArgs, type ParsedArgs } from "../../flags.js";
import { connectionParts, envParts } from "../../../context/database.js";
import { task, type Effect, type Gathered, type Kind } from "./types.js";

type Add = (kind: Kind, verb: string, extra?: Partial<Effect>) => void;

/** The database a tool connects to: a URL option, then the app's DATABASE_URL. */
function urlTarget(g: Gathered, o: ParsedArgs, names: string[], flag: string, env: Record<string, string | undefined>): void {
  const hit = o.hit(...names);
  if (hit) {
    if (hit.value === undefined) g.dynamicTarget ??= hit.word;
    else g.parts.push(...connectionParts(hit.value, `${flag} flag`));
  } else g.parts.push(...envParts("app", env));
}

/** `goose [opts] [DRIVER DBSTRING] COMMAND [ARG]`; the driver and connection may come from GOOSE_DRIVER / GOOSE_DBSTRING. */
function goose(inv: Invocation, g: Gathered, add: Add): boolean {
  const o = parseArgs(inv.argv.slice(1), { singleDashLong: true, bundling: false, value: ["dir", "table", "certfile", "ssl-cert", "ssl-key", "env", "timeout"] });
  const pos = o.positionals;
  const at = pos.findIndex((w) => /^(up|up-by-one|up-to|down|down-to|redo|reset|status|version|create|fix|validate)$/.test(w.value ?? ""));
  if (at < 0) return false;
  const cmd = pos[at]!.value!;
  const conn = at >= 2 ? pos[at - 1] : undefined;
  if (conn) conn.value === undefined ? (g.dynamicTarget ??= conn) : g.parts.push(...connectionParts(conn.value, "goose connection argument"));
  else if (inv.env.GOOSE_DBSTRING) g.parts.push(...connectionParts(inv.env.GOOSE_DBSTRING, "GOOSE_DBSTRING in the environment"));
  const arg = pos[at + 1]?.value;
  if (cmd === "reset" || (cmd === "down-to" && arg === "0")) add("reset", `goose ${cmd}${arg ? ` ${arg}` : ""}`);
  else if (cmd === "down" || cmd === "down-to" || cmd === "redo") add("rollback", `goose ${cmd}`);
  else if (cmd.startsWith("up")) add("migrate", `goose ${cmd}`);
  return true;
}

/** golang-migrate: `migrate -path P -database URL up|down [N] [-all]|drop [-f]|goto V|force V`. */
function golangMigrate(inv: Invocation, g: Gathered, add: Add): boolean {
  const o = parseArgs(inv.argv.slice(1), { singleDashLong: true, bundling: false, value: ["path", "source", "database", "prefetch", "lock-timeout", "ext", "dir", "digits", "format", "tz"] });
  const [cmd, arg] = o.positionals.map((w) => w.value);
  if (!cmd || !/^(up|down|drop|goto|force)$/.test(cmd)) return false;
  urlTarget(g, o, ["database"], "-database", inv.env);
  if (cmd === "drop") add("reset", "migrate drop (every table)");
  else if (cmd === "down") arg === undefined || o.has("all") ? add("reset", "migrate down (every migration)") : add("rollback", `migrate down ${arg}`);
  else if (cmd === "goto") add("rollback", `migrate goto ${arg ?? ""}`.trim());
  else if (cmd === "force") add("admin", `migrate force ${arg ?? ""}`.trim());
  else add("migrate", "migrate up");
  return true;
}

/** dbmate: `dbmate [-u URL | -e VAR] up|migrate|create|load|rollback|down|drop`. */
function dbmate(inv: Invocation, g: Gathered, add: Add): boolean {
  const o = parseArgs(inv.argv.slice(1), { value: ["u", "url", "e", "env", "d", "migrations-dir", "migrations-table", "s", "schema-file", "wait-timeout", "env-file"] });
  const cmd = o.positionals[0]?.value;
  if (!cmd) return false;
  const envVar = o.get("e", "env");
  if (envVar && !o.has("u", "url")) {
    const v = inv.env[envVar];
    if (v) g.parts.push(...connectionParts(v, `${envVar} in the environment`));
    else if (envVar in inv.env) g.parts.push({ kind: "database", source: `${envVar} (computed at run time)` });
  } else urlTarget(g, o, ["u", "url"], "--url", inv.env);
  if (cmd === "drop") add("drop-database", "dbmate drop");
  else if (cmd === "rollback" || cmd === "down") add("rollback", `dbmate ${cmd}`);
  else if (/^(up|migrate|create|load)$/.test(cmd)) add("migrate", `dbmate ${cmd}`);
  else return false;
  return true;
}

/** Atlas: ariga's schema tool (`atlas schema clean|apply`, `atlas migrate apply|down`), or MongoDB's (`atlas clusters delete`). */
function atlas(inv: Invocation, g: Gathered, add: Add): boolean {
  const o = parseArgs(inv.argv.slice(1), { value: ["u", "url", "to", "dev-url", "env", "c", "config", "dir", "format", "s", "schema", "exclude", "projectId", "o", "output", "var", "revisions-schema", "to-version", "baseline", "tx-mode", "lock-timeout"] });
  const [group, cmd, name] = o.positionals.map((w) => w.value);
  const env = o.get("env");
  if (env) g.parts.push({ kind: "environment", value: env, source: "--env flag" });
  if (group === "schema" || group === "migrate") {
    urlTarget(g, o, ["u", "url"], "--url", inv.env);
    if (group === "schema" && cmd === "clean") add("reset", "atlas schema clean (drops every object)");
    else if (group === "schema" && cmd === "apply") add("migrate", "atlas schema apply", o.has("auto-approve") ? { risk: "medium" } : {});
    else if (group === "migrate" && cmd === "down") add("rollback", "atlas migrate down");
    else if (group === "migrate" && cmd === "apply") add("migrate", "atlas migrate apply");
    else return false;
    return true;
  }
  if ((group === "clusters" || group === "cluster") && cmd === "delete") {
    if (name) g.parts.push({ kind: "database", value: name, source: "atlas cluster name" });
    add("drop-database", `atlas clusters delete ${name ?? ""}`.trim());
    return true;
  }
  return false;
}

/** Sqitch: `sqitch revert [--to CHANGE] [TARGET]`, `deploy`, `rebase`, with the target as `--target` or a positional URI. */
function sqitch(inv: Invocation, g: Gathered, add: Add): boolean {
  const o = parseArgs(inv.argv.slice(1), { value: ["C", "chdir", "etc-path", "plan-file", "top-dir", "registry", "client", "db-client", "d", "db-name", "u", "db-user", "db-username", "h", "db-host", "p", "db-port", "t", "target", "to", "to-change", "onto", "onto-change", "upto", "mode", "s", "set", "e", "engine"] });
  const [cmd, target] = o.positionals.map((w) => w.value);
  if (cmd !== "revert" && cmd !== "deploy" && cmd !== "rebase" && cmd !== "checkout") return false;
  const t = o.get("t", "target") ?? target;
  if (t) g.parts.push(...connectionParts(t.replace(/^db:/, ""), "sqitch target"));
  const host = o.get("h", "db-host");
  if (host) g.parts.push(...connectionParts(host, "--db-host flag", "host"));
  const to = o.get("to", "to-change", "onto", "onto-change");
  if (cmd === "revert") to === undefined || to === "@ROOT" ? add("reset", "sqitch revert (every change)") : add("rollback", `sqitch revert --to ${to}`);
  else if (cmd === "rebase" || cmd === "checkout") add("rollback", `sqitch ${cmd}`);
  else add("migrate", "sqitch deploy");
  return true;
}

/** diesel and sqlx: `database drop|reset|setup|create`, `migration(s) run|revert|redo`. */
function rustCli(inv: Invocation, g: Gathered, add: Add): boolean {
  const p = inv.program!;
  const o = parseArgs(inv.argv.slice(1), { value: ["database-url", "D", "source", "migration-dir", "config", "connect-timeout", "target-version"] });
  const [group, cmd] = o.positionals.map((w) => w.value);
  urlTarget(g, o, ["database-url", "D"], "--database-url", inv.env);
  if (group === "database") {
    if (cmd === "drop") add("drop-database", `${p} database drop`);
    else if (cmd === "reset") add("reset", `${p} database reset`);
    else if (cmd === "setup" || cmd === "create") add("migrate", `${p} database ${cmd}`);
    else return false;
  } else if (group === "migration" || group === "migrate") {
    if (cmd === "revert") o.has("all") || o.get("target-version") === "0" ? add("reset", `${p} ${group} revert --all`) : add("rollback", `${p} ${group} revert`);
    else if (cmd === "redo") add("rollback", `${p} ${group} redo`);
    else if (cmd === "run") add("migrate", `${p} ${group} run`);
    else return false;
  } else if (group === "setup" && p === "diesel") add("migrate", "diesel setup");
  else return false;
  return true;
}

/** Hasura: `hasura migrate apply [--down N|all] [--endpoint URL]`, `hasura metadata clear`. */
function hasura(inv: Invocation, g: Gathered, add: Add): boolean {
  const o = parseArgs(inv.argv.slice(1), { value: ["endpoint", "admin-secret", "database-name", "down", "up", "goto", "version", "project", "envfile"] });
  const [group, cmd] = o.positionals.map((w) => w.value);
  const endpoint = o.get("endpoint");
  if (endpoint) g.parts.push(...connectionParts(endpoint, "--endpoint flag", "host"));
  const db = o.get("database-name");
  if (db) g.parts.push({ kind: "database", value: db, source: "--database-name flag" });
  if (group === "migrate" && cmd === "apply") {
    const down = o.get("down");
    if (down === "all") add("reset", "hasura migrate apply --down all");
    else if (down !== undefined || o.has("goto")) add("rollback", "hasura migrate apply --down");
    else add("migrate", "hasura migrate apply");
    return true;
  }
  if (group === "metadata" && (cmd === "clear" || cmd === "reset")) {
    add("reset", `hasura metadata ${cmd}`);
    return true;
  }
  if (group === "metadata" && cmd === "apply") {
    add("migrate", "hasura metadata apply");
    return true;
  }
  return false;
}

/** Flyway: `flyway [-url=...] [-environment=...] clean|undo|migrate|repair|baseline`. */
function flyway(inv: Invocation, g: Gathered, add: Add): boolean {
  const fo = parseArgs(inv.argv.slice(1), { singleDashLong: true, bundling: false });
  for (const h of fo.options) {
    if (h.name === "url" && h.value !== undefined) g.parts.push(...connectionParts(h.value, "-url flag"));
    if ((h.name === "environment" || h.name === "configFiles") && h.value !== undefined) g.parts.push({ kind: "environment", value: h.value, source: `-${h.name} flag` });
  }
  for (const c of fo.positionals.map((w) => w.value ?? "")) {
    if (c === "clean") add("reset", "flyway clean");
    else if (c === "undo") add("rollback", "flyway undo");
    else if (c === "migrate" || c === "repair" || c === "baseline") add("migrate", `flyway ${c}`);
  }
  return g.effects.length > 0;
}

/** Liquibase: `liquibase [--url=...] drop-all|dropAll|rollback*|update*`. */
function liquibase(inv: Invocation, g: Gathered, add: Add): boolean {
  const o = parseArgs(inv.argv.slice(1), { value: ["url", "defaults-file", "defaultsFile", "changelog-file", "changeLogFile", "username", "password", "tag", "count"] });
  const url = o.get("url");
  if (url !== undefined) g.parts.push(...connectionParts(url, "--url flag"));
  const df = o.get("defaults-file", "defaultsFile");
  if (df) g.parts.push({ kind: "config", value: df, source: "--defaults-file flag" });
  const c = (o.positionals[0]?.value ?? "").replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
  if (c === "drop-all") add("reset", "liquibase drop-all");
  else if (c.startsWith("rollback") && !c.endsWith("-sql")) add("rollback", `liquibase ${c}`);
  else if (c.startsWith("update") && !c.endsWith("-sql")) add("migrate", `liquibase ${c}`);
  else return false;
  return true;
}

const CLIS: Record<string, (inv: Invocation, g: Gathered, add: Add) => boolean> = {
  goose,
  migrate: golangMigrate,
  dbmate,
  atlas,
  sqitch,
  diesel: rustCli,
  sqlx: rustCli,
  "cargo-sqlx": rustCli,
  "sqlx-cli": rustCli,
  hasura,
  flyway,
  liquibase,
};

export const MIGRATION_CLIS = Object.keys(CLIS);

/** A standalone migration CLI's effect, or undefined when the command is not one it knows. */
export function migrationCli(inv: Invocation): Gathered | undefined {
  const run = CLIS[inv.program!];
  if (!run) return undefined;
  const g: Gathered = { effects: [], parts: [], dynamic: [] };
  const add: Add = (kind, verb, extra = {}) => void g.effects.push(...task(kind, verb, inv.text, extra));
  return run(inv, g, add) && g.effects.length ? g : undefined;
}
