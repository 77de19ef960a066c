// Migration frameworks (prisma, rails, django, knex, sequelize, typeorm, mikro-orm, drizzle, alembic, flask, mix, artisan, supabase, dotnet ef): which tasks reset, roll back or migrate, and in which environment.
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { classifySql } from "../../sql.js";
import { connectionParts, envParts, type DbTargetPart } from "../../../context/database.js";
import { task, type Effect, type Gathered, type Kind } from "./types.js";

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

/** Migration tools and frameworks: each maps its task words to an effect. */
export function frameworkTool(inv: Invocation): Gathered | undefined {
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
  const o = parseArgs(args, { value: ["e", "environment", "env", "settings", "database", "schema", "url", "knexfile", "config", "c", "d", "dataSource", "x", "n", "name", "connection", "context", "project", "startup-project", "db-url", "p", "password", "workdir", "migrations-path", "seeders-path", "models-path", "options-path", "url-env", "file", "app", "A", "to", "from"] });
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
        else add("write", "rails runner");
      }
      // A console can change anything the app can; only the environment it opens decides whether that matters.
      if (p === "rails" && /^(console|c|dbconsole|db)$/.test(first) && !o.has("sandbox", "s")) add("write", `rails ${first} (interactive)`);
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
        else if (/\.(delete|update|save|create|bulk_create|bulk_update)\(/.test(code) || !code) add("write", `${p} shell${code ? "" : " (interactive)"}`);
      } else if (first === "dbshell") {
        // `manage.py dbshell -- -c SQL` passes the SQL to the database's own client.
        const sql = o.rest.length ? parseArgs(o.rest, { value: ["c", "command", "e", "execute"] }).get("c", "command", "e", "execute") : undefined;
        if (sql !== undefined) g.effects.push(...classifySql(sql));
        else if (inv.stdin) g.sqlFrom = { stdin: true };
        else add("write", `${p} dbshell (interactive)`);
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
    case "mikro-orm": {
      g.parts.push(...envParts("app", env));
      const run = o.has("run");
      if ((first === "schema:drop" || first === "schema:fresh") && run) add("reset", `mikro-orm ${first} --run`);
      else if (first === "migration:fresh") add("reset", "mikro-orm migration:fresh");
      else if (first === "migration:down") o.has("to") && o.get("to") === "0" ? add("reset", "mikro-orm migration:down --to 0") : add("rollback", "mikro-orm migration:down");
      else if ((first === "schema:update" && run) || first === "migration:up" || first === "seeder:run") add("migrate", `mikro-orm ${first}`);
      else return undefined;
      return g;
    }
    case "flask": {
      // Flask-Migrate: `flask [--app X] db upgrade|downgrade [REV]`.
      g.parts.push(...envParts("app", env));
      g.parts.push(...envName(undefined, "", argVars, inv.env, "FLASK_ENV", "APP_ENV"));
      if (first !== "db") return undefined;
      const [, cmd, rev] = pos;
      if (cmd === "downgrade") rev === "base" ? add("reset", "flask db downgrade base") : add("rollback", `flask db downgrade ${rev ?? ""}`.trim());
      else if (cmd === "upgrade" || cmd === "stamp") add("migrate", `flask db ${cmd}`);
      else return undefined;
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
      else if (first === "tinker" || first === "db") add("write", `artisan ${first} (interactive)`);
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
