// Database clients (psql, mysql, sqlite3, mongosh, redis-cli ...), admin CLIs and migration tools: what the statements do, and whether the database is production.
import type { Invocation } from "../../types.js";
import { defineRule, type RuleContext } from "../rule.js";
import type { Id } from "./database/types.js";
import { CLIENTS, classifyCode, gatherClient } from "./database/clients.js";
import { readSqlFile, stdinText } from "./database/sources.js";
import { adminTool } from "./database/admin.js";
import { frameworkTool } from "./database/migrations.js";
import { MIGRATION_CLIS, migrationCli } from "./database/migrate-cli.js";
import { report } from "./database/report.js";

export default defineRule<Id>({
  name: "database",
  description: "Database clients, admin CLIs and migration tools: statements that destroy data, and changes to production databases.",
  programs: [
    ...Object.keys(CLIENTS), "clickhouse", "dropdb", "dropuser", "createdb", "pg_restore", "pg_dropcluster", "mysqladmin", "mariadb-admin", "mongorestore",
    "prisma", "rails", "rake", "manage.py", "django-admin", "python", "python3", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "pypy3", "knex", "sequelize", "sequelize-cli", "typeorm", "typeorm-ts-node-commonjs",
    "typeorm-ts-node-esm", "drizzle-kit", "alembic", "mix", "php", "artisan", "supabase", "dotnet", "mikro-orm", "flask", "mongoimport", "cargo", ...MIGRATION_CLIS,
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
    // `cargo sqlx ...` is the sqlx CLI run as a cargo subcommand.
    if (inv.program === "cargo") return inv.argv[1]?.value === "sqlx" ? checkDatabase({ ...inv, program: "sqlx", argv: inv.argv.slice(1) }, ctx) : undefined;
    checkDatabase(inv, ctx);
  },
});

/** One database client, admin CLI or migration tool: gather what it runs and where, then report. */
function checkDatabase(inv: Invocation, ctx: RuleContext<Id>): void {
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
  const g = adminTool(inv) ?? frameworkTool(inv) ?? migrationCli(inv);
  if (!g) return;
  if (g.sqlFrom && "stdin" in g.sqlFrom) {
    const s = stdinText(ctx, inv);
    if (s && "text" in s) classifyCode(ctx, inv, "generic", s.text, g, undefined, inv.cwd);
    else if (s && "effect" in s) g.effects.push(s.effect);
    else if (s && "why" in s) g.dynamic.push({ why: `${inv.program} reads its statements from stdin, and ${s.why}` });
  } else if (g.sqlFrom) {
    const r = readSqlFile(ctx, inv, g.sqlFrom.file);
    if ("why" in r) g.dynamic.push({ why: r.why, unreadable: true, missing: r.missing });
    else classifyCode(ctx, inv, "generic", r.text, g, undefined, inv.cwd);
  }
  report(inv, ctx, g, "tool");
}
