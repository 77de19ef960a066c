// Turns what a database command does into findings, with the production evidence of its target.
import type { Invocation, Risk } from "../../../types.js";
import type { RuleContext } from "../../rule.js";
import { databaseEvidence } from "../../../context/database.js";
import type { Effect, Gathered, Id, Kind, Language } from "./types.js";

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

export function report(inv: Invocation, ctx: RuleContext<Id>, g: Gathered, language: Language | "tool"): void {
  // Statements such as `\c prod` or `use prod` switch the database they run against.
  for (const e of g.effects) if (e.kind === "connect" && e.target) g.parts.push({ kind: "database", value: e.target, source: `${e.verb} in the statements` });
  // A file that does not exist makes the client fail; what it was meant to run is unknown, so it counts as a change.
  for (const d of g.dynamic) if (d.missing) g.effects.push({ kind: "write", verb: "statements", text: `statements from a file that does not exist (${d.why})`, ...(d.word ? { word: d.word } : {}) });
  g.dynamic = g.dynamic.filter((d) => !d.missing);
  // A client that names no server runs against the machine it runs on: the ssh host, or the container it was started in.
  if (!g.parts.some((p) => p.kind === "host" && p.value !== undefined)) {
    if (inv.host) g.parts.push({ kind: "host", value: inv.host, source: "ssh host this runs on" });
    else if (inv.container) g.parts.push({ kind: "host", value: inv.container, source: "container or pod this runs in" });
  }
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
  } else if (changes && !production.length) {
    const unknown = g.parts.find((p) => p.value === undefined);
    if (unknown && word) ctx.report("dynamic-target", { word, data: { word: unknown.source } });
  }
}
