// Database admin CLIs (dropdb, createdb, pg_restore, mysqladmin, mongorestore, mongoimport): the database they drop, create or restore.
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { connectionParts, envParts } from "../../../context/database.js";
import { task, type Gathered } from "./types.js";
import { MYSQL, withoutMysqlPassword } from "./clients.js";

export function adminTool(inv: Invocation): Gathered | undefined {
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
    case "mongoimport": {
      const o = parseArgs(args, { value: ["h", "host", "port", "u", "username", "p", "password", "d", "db", "c", "collection", "uri", "file", "type", "mode", "fields", "fieldFile", "columnsHaveTypes", "upsertFields", "authenticationDatabase", "j", "numInsertionWorkers", "writeConcern"] });
      for (const h of o.options) {
        if (h.name === "h" || h.name === "host" || h.name === "uri") h.value === undefined ? (g.dynamicTarget ??= h.word) : g.parts.push(...connectionParts(h.value, `--${h.name} flag`, "host"));
        if ((h.name === "d" || h.name === "db") && h.value !== undefined) g.parts.push({ kind: "database", value: h.value, source: "--db flag" });
      }
      if (o.positionals[0]?.value?.startsWith("mongodb")) g.parts.push(...connectionParts(o.positionals[0].value, "connection argument"));
      const coll = o.get("c", "collection");
      // --drop empties the collection first; --mode=delete removes the documents the file matches.
      if (o.has("drop")) g.effects.push(...task("drop", "mongoimport --drop", text, { target: coll ?? "" }));
      else g.effects.push(...task("write", o.get("mode") === "delete" ? "mongoimport --mode=delete" : "mongoimport", text, { target: coll ?? "" }));
      return g;
    }
    default:
      return undefined;
  }
}
