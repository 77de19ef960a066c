// wrangler (Cloudflare Workers): deploys, deletions of workers, D1 databases, KV, R2 and queues, and the SQL D1 runs, with the environment and names as production evidence.
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { classifySql, isDestructive } from "../../sql.js";
import { emit, opaqueWord, target, type Ctx } from "./shared.js";

const VALUE = [
  "e", "env", "c", "config", "name", "command", "file", "binding", "namespace-id", "preview-id", "compatibility-date", "route", "routes", "var", "define",
  "branch", "project-name", "commit-message", "commit-hash", "message", "tag", "x", "experimental-json-config", "persist-to", "account-id", "batch-size",
];
const GROUPS = /^(d1|kv|kv:namespace|kv:key|kv:bulk|r2|queues|pages|secret|versions|deployments|hyperdrive|vectorize|workflows|containers)$/;
const SUBGROUPS = /^(migrations|namespace|key|bulk|bucket|object|project|deployment|sippy|notification|domain|lifecycle|cors)$/;
/** Words after the group that only read or act locally. */
const READ = /^(list|ls|get|info|view|tail|whoami|login|logout|dev|init|generate|types|help|docs|version|versions|deployments|status|export|time-travel|insights)$/;

export function wrangler(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: VALUE });
  const words = p.positionals;
  if (!words.length || opaqueWord(ctx, "wrangler", words.slice(0, 3))) return;
  const names = words.map((w) => w.value ?? "");
  if (p.has("dry-run") || p.has("h", "help")) return;
  const group = names[0]!;
  // Resource groups lead to their verb, past any sub-groups: `d1 migrations apply`, `kv key delete`, `r2 object delete`.
  let k = GROUPS.test(group) ? 1 : 0;
  while (k < names.length - 1 && SUBGROUPS.test(names[k]!)) k++;
  if (k >= names.length) return;
  const verb = names[k]!;
  const command = names.slice(0, k + 1).join(" ");
  if (READ.test(verb) && !(group === "versions" && verb === "deploy")) return;
  const env = p.get("e", "env") ?? inv.env.CLOUDFLARE_ENV;
  const named = words.slice(k + 1).find((w) => w.value !== undefined && !/^-/.test(w.value));
  const t = target(ctx, [
    { kind: "wrangler-env", ...(env ? { value: env } : {}), source: "--env flag" },
    { kind: "wrangler-resource", ...(named?.value ? { value: named.value } : {}), source: `name given to wrangler ${command}` },
    { kind: "wrangler-name", ...(p.get("name") ? { value: p.get("name")! } : {}), source: "--name flag" },
  ]);
  const report = emit(ctx, "wrangler", command, words[k] as Word, t);
  if (group === "d1" && verb === "execute") {
    const sql = p.get("command");
    if (sql === undefined) return report("mutate", { what: "a D1 database" });
    const effects = classifySql(sql, "sqlite");
    const destroys = effects.find((e) => isDestructive(e.kind));
    if (destroys) return report("destroy", { what: `data (${destroys.text})` });
    if (effects.every((e) => e.kind === "read" || e.kind === "session")) return;
    return report("mutate", { what: "a D1 database" });
  }
  if (/^(delete|remove|rm|purge)$/.test(verb)) return report(group === "secret" ? "env-remove" : "destroy", { what: group === "delete" ? "the worker" : `${group} resources` });
  if (/^(deploy|publish|rollback|upload)$/.test(verb) || group === "deploy" || group === "publish" || group === "rollback") return report("deploy");
  report("mutate", { what: group ?? "resources" });
}
