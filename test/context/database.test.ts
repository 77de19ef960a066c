// Database target detection: hosts and databases from connection strings and client environment variables, and production evidence.
import { describe, expect, it } from "vitest";
import { productionMatcher } from "../../src/context/production.js";
import { connectionParts, databaseEvidence, envParts, parseConnection } from "../../src/context/database.js";

const matcher = productionMatcher();

describe("connection strings", () => {
  const table: [string, { host?: string; database?: string } | undefined][] = [
    ["postgres://app:secret@db-prod-1:5432/app", { host: "db-prod-1", database: "app" }],
    ["mongodb+srv://u:p@cluster0.prod.acme.net/app?retryWrites=true", { host: "cluster0.prod.acme.net", database: "app" }],
    ["jdbc:mysql://db-prod-1:3306/shop", { host: "db-prod-1", database: "shop" }],
    ["postgres://localhost/app_dev", { database: "app_dev" }],
    ["host=db-prod-1 dbname=app", { host: "db-prod-1", database: "app" }],
    ["service=prod", { database: "prod" }],
    ["Server=tcp:sql-prod.database.windows.net,1433;Database=app;", { host: "sql-prod.database.windows.net", database: "app" }],
    ["sqlite:///var/data/app.db", { database: "app.db" }],
    ["app_dev", undefined],
  ];
  for (const [text, want] of table) it(text, () => expect(parseConnection(text)).toEqual(want));
});

describe("environment", () => {
  it("reads the client's variables and DATABASE_URL", () => {
    expect(envParts("postgres", { PGHOST: "db-prod-1", PGDATABASE: "app" })).toEqual([
      { kind: "host", value: "db-prod-1", source: "PGHOST in the environment" },
      { kind: "database", value: "app", source: "PGDATABASE in the environment" },
    ]);
    expect(envParts("app", { DATABASE_URL: "postgres://u@db-prod-1/app" }).map((p) => [p.kind, p.value])).toEqual([["host", "db-prod-1"], ["database", "app"]]);
  });
  it("a variable set on the command line to a value computed at run time is a target without a value", () => {
    expect(envParts("app", { DATABASE_URL: undefined })).toEqual([{ kind: "database", source: "DATABASE_URL (computed at run time)" }]);
    expect(envParts("app", {})).toEqual([]);
  });
  it("production evidence skips localhost, IP addresses and parts without a value", () => {
    const parts = [...connectionParts("postgres://127.0.0.1/app_prod", "--dbname flag"), { kind: "host" as const, source: "PGHOST (computed at run time)" }, ...connectionParts("10.0.0.5", "-h flag", "host")];
    expect(databaseEvidence(parts, matcher)).toEqual([{ kind: "database", value: "app_prod", pattern: 'token "prod"', source: "--dbname flag" }]);
  });
});
