// heroku: destroying apps, databases and add-ons, one-off dynos and consoles, config removal, with the app as production evidence.
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { classifySql, isDestructive } from "../../sql.js";
import { emit, opaqueWord, target, type Ctx, type Id } from "./shared.js";

const HEROKU_EXACT: Record<string, Id | "read"> = {
  destroy: "destroy", "apps:destroy": "destroy", "apps:delete": "destroy", "pg:reset": "destroy", "pg:copy": "destroy", "pg:backups:restore": "destroy",
  "pg:backups:delete": "destroy", "pg:kill": "destroy", "pg:killall": "destroy", "addons:destroy": "destroy", "addons:remove": "destroy", "addons:detach": "destroy",
  "ps:stop": "destroy", "ps:kill": "destroy", "pipelines:destroy": "destroy", "spaces:destroy": "destroy", "redis:reset": "destroy",
  "config:unset": "env-remove", "config:remove": "env-remove",
  run: "remote-exec", "run:detached": "remote-exec", "run:inside": "remote-exec", "ps:exec": "remote-exec", "pg:psql": "remote-exec", "redis:cli": "remote-exec", console: "remote-exec",
  "access:add": "access-change", "access:update": "access-change", "members:add": "access-change", "members:set": "access-change", "apps:transfer": "access-change", "sharing:add": "access-change",
  "authorizations:create": "credential-create", "authorizations:rotate": "credential-create", "pg:credentials:create": "credential-create", "keys:add": "credential-create",
  "releases:rollback": "deploy", rollback: "deploy", "container:release": "deploy", "container:push": "deploy", "builds:create": "deploy", "pipelines:promote": "deploy",
  "pg:backups:capture": "read", "pg:backups:download": "read", "pg:backups:url": "read", "pg:backups:schedules": "read", local: "read", "auth:token": "read",
};
const HEROKU_READ_SEGMENT = /^(backups|info|list|ls|get|logs|status|whoami|open|version|help|diagnose|wait|outliers|url|credentials|download|show|ps|login|logout|token|remote|clone|autocomplete|plugins|update|which|search|inspect|blocking|locks|bloat|cache-hit|index-usage|long-running-queries|seq-scans|vacuum-stats|table-size|index-size|records-rank|unused-indexes|calls|mandelbrot)$/;
const HEROKU_DESTROY_SEGMENT = /^(destroy|delete|remove|rm|reset|kill|killall|stop|clear|detach)$/;

export function heroku(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: ["a", "app", "r", "remote", "confirm", "t", "team", "s", "space", "e", "env", "x", "exit-code", "c", "command", "f", "file", "credential"] });
  const cmdWord = p.positionals[0];
  if (!cmdWord) return;
  if (opaqueWord(ctx, "heroku", [cmdWord])) return;
  const command = cmdWord.value!.toLowerCase();
  const args = p.positionals.slice(1);
  const segments = command.split(":");
  const lastSeg = segments[segments.length - 1]!;
  let kind: Id | "read";
  if (HEROKU_EXACT[command]) kind = HEROKU_EXACT[command]!;
  else if (segments.length === 1) kind = command === "create" || command === "maintenance:on" ? "mutate" : command === "restart" ? "mutate" : "read";
  else if (HEROKU_READ_SEGMENT.test(lastSeg) || segments[0] === "plugins" || segments[0] === "git" || segments[0] === "auth") kind = "read";
  else if (HEROKU_DESTROY_SEGMENT.test(lastSeg)) kind = "destroy";
  else if (lastSeg === "unset") kind = "env-remove";
  else kind = "mutate";
  if (kind === "read") return;
  const app = p.get("a", "app");
  const remote = p.get("r", "remote");
  const positionalApp = /^(destroy|apps:destroy|apps:delete)$/.test(command) ? args[0]?.value : undefined;
  const t = target(ctx, [
    { kind: "heroku-app", ...(app ? { value: app } : {}), source: "--app flag" },
    { kind: "heroku-app", ...(positionalApp ? { value: positionalApp } : {}), source: `app named in heroku ${command}` },
    { kind: "heroku-app", ...(p.get("confirm") ? { value: p.get("confirm")! } : {}), source: "--confirm flag" },
    { kind: "heroku-remote", ...(remote ? { value: remote } : {}), source: "--remote flag (a git remote)" },
    { kind: "heroku-app", ...(!app && inv.env.HEROKU_APP ? { value: inv.env.HEROKU_APP } : {}), source: "HEROKU_APP" },
  ]);
  const report = emit(ctx, "heroku", command, cmdWord, t);
  if (command === "ps:scale" || command === "scale") {
    const zero = args.some((w) => /^[\w-]+=0(:|$)/.test(w.value ?? ""));
    report(zero ? "scale-to-zero" : "mutate", { what: "dynos" });
    return;
  }
  // `pg:psql -c SQL` does what its statements do; without them it opens a console on the database.
  const sql = command === "pg:psql" ? p.get("c", "command") : undefined;
  if (sql !== undefined) {
    const effects = classifySql(sql, "postgres");
    const destroys = effects.find((e) => isDestructive(e.kind));
    if (destroys) return report("destroy", { what: `data (${destroys.text})` });
    if (effects.every((e) => e.kind === "read" || e.kind === "session")) return;
    if (!effects.some((e) => e.kind === "dynamic" || e.kind === "shell")) return report("mutate", { what: "the app's database" });
  }
  const what = /^pg:|^addons:/.test(command) ? "a database or add-on" : /^(destroy|apps:)/.test(command) ? "the app" : "resources";
  report(kind, { what, where: command.startsWith("pg:") || command === "redis:cli" ? "in the app's database" : "on the app's dynos" });
}
