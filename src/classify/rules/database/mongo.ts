// Mongo shell JavaScript: which calls drop, delete or update every document, change users, or switch databases.
import type { Effect } from "./types.js";

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

export function classifyMongo(code: string): Effect[] {
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
