// Rule pack for PaaS CLIs (doctl, heroku, fly, vercel, netlify, railway): destroys, production deploys, scale to zero, config removal.
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { Evidence, Invocation, Word } from "../../types.js";
import { parseArgs, type ParsedArgs } from "../flags.js";
import { defineRule, type FindingSpec, type ReportOptions, type RuleContext } from "../rule.js";

const PAAS_FINDINGS = {
  destroy: {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {command} deletes or stops {what}{target}",
    hint: "check the app or resource name; back up its data first, and run it yourself if it is intended",
    description: "Destroying apps, droplets, databases, volumes, add-ons and deployments, or resetting a database.",
  },
  deploy: {
    risk: "low",
    categories: ["mutate"],
    message: "{tool} {command} deploys{target}",
    hint: "deploy to a preview or staging environment first",
    description: "Deploys and releases (production apps and --prod deploys ask).",
  },
  mutate: {
    risk: "low",
    categories: ["mutate"],
    message: "{tool} {command} changes {what}{target}",
    hint: "make the change on a non-production app first",
    description: "Other changes to apps and resources (production ask).",
  },
  "scale-to-zero": {
    risk: "medium",
    categories: ["mutate"],
    message: "{tool} {command} scales {what}{target} to zero, taking it offline",
    hint: "scale down gradually, or put the app in maintenance mode",
    description: "Scaling an app's processes or machines to zero.",
  },
  "env-remove": {
    risk: "medium",
    categories: ["mutate", "destroy"],
    message: "{tool} {command} removes configuration variables{target}",
    hint: "note the current values first so they can be restored",
    description: "Unsetting config vars, secrets or environment variables.",
  },
  "remote-exec": {
    risk: "medium",
    categories: ["mutate", "remote-code"],
    message: "{tool} {command} runs commands {where}{target}",
    hint: "run the command against a non-production app first",
    description: "Remote shells, one-off dynos, database consoles, commands run with the app's credentials.",
  },
  "credential-create": {
    risk: "high",
    categories: ["privilege"],
    message: "{tool} {command} creates or resets credentials",
    hint: "create credentials yourself, scoped and short-lived",
    description: "API tokens, database users' passwords, droplet root passwords.",
  },
  "access-change": {
    risk: "medium",
    categories: ["privilege", "mutate"],
    message: "{tool} {command} changes who may access{target}",
    hint: "have a person review the access change",
    description: "Collaborators, team members, app transfers.",
  },
  opaque: {
    risk: "high",
    categories: ["opaque"],
    message: "{detail}",
    hint: "write the command and app name literally so they can be checked",
    description: "A command word computed at run time.",
  },
} satisfies Record<string, FindingSpec>;

type Id = keyof typeof PAAS_FINDINGS;
type Ctx = RuleContext<Id>;

interface Target {
  /** Production evidence (app, context, environment, target). */
  evidence: Evidence[];
  /** ` (app x)` for messages. */
  label: string;
}

export default defineRule<Id>({
  name: "paas",
  description: "PaaS CLIs (doctl, heroku, fly, vercel, netlify, railway): destroys, production deploys, scale to zero, config removal.",
  programs: ["doctl", "heroku", "fly", "flyctl", "vercel", "vc", "netlify", "ntl", "railway"],
  findings: PAAS_FINDINGS,
  check(inv, ctx) {
    switch (inv.program) {
      case "doctl":
        return doctl(inv, ctx);
      case "heroku":
        return heroku(inv, ctx);
      case "fly":
      case "flyctl":
        return fly(inv, ctx);
      case "vercel":
      case "vc":
        return vercel(inv, ctx);
      case "netlify":
      case "ntl":
        return netlify(inv, ctx);
      case "railway":
        return railway(inv, ctx);
    }
  },
});

/** Reports with the target's production evidence; `opaque` when a command word is not static. */
function emit(ctx: Ctx, tool: string, command: string, word: Word | undefined, target: Target) {
  return (id: Id, extra: Record<string, string> = {}, opts: ReportOptions = {}) =>
    ctx.report(id, {
      ...(word ? { word } : {}),
      ...opts,
      data: { tool, command, what: "resources", target: target.label, where: "remotely", ...extra },
      ...(target.evidence.length ? { production: target.evidence } : {}),
    });
}

function opaqueWord(ctx: Ctx, tool: string, words: readonly Word[]): boolean {
  const w = words.find((x) => x.value === undefined);
  if (!w) return false;
  ctx.report("opaque", { word: w, data: { detail: `the ${tool} command word ${w.raw} is computed at run time` } });
  return true;
}

/** Evidence from named values (an app, a context, an environment); the first one names the target in messages. */
function target(ctx: Ctx, items: { kind: string; value?: string; source: string }[]): Target {
  const evidence: Evidence[] = [];
  let label = "";
  for (const it of items) {
    if (!it.value) continue;
    if (!label) label = ` (${it.kind.replace(/^[a-z]+-/, "")} ${it.value})`;
    const e = ctx.production.evidence(it.kind, it.value, it.source);
    if (e && !evidence.some((x) => x.value === e.value && x.kind === e.kind)) evidence.push(e);
  }
  return { evidence, label };
}

const fileCache = new Map<string, { mtimeMs: number; value: string | undefined }>();

/** One value pulled from a small config file by a regex, cached by mtime (fly.toml's app, doctl's context). */
function fileValue(path: string, re: RegExp): string | undefined {
  try {
    const st = statSync(path);
    const key = `${path}\0${re.source}`;
    const hit = fileCache.get(key);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit.value;
    const value = re.exec(readFileSync(path, "utf8"))?.[1];
    fileCache.set(key, { mtimeMs: st.mtimeMs, value });
    return value;
  } catch {
    return undefined;
  }
}

const isRemote = (inv: Invocation) => inv.host !== undefined || inv.container !== undefined;
const vals = (ws: readonly Word[]) => ws.map((w) => w.value ?? w.raw);

// ---------------------------------------------------------------- doctl

const DOCTL_VALUE = ["t", "access-token", "u", "api-url", "c", "config", "context", "o", "output", "format", "http-retry-max", "http-retry-wait-max", "http-retry-wait-min", "region", "size", "image", "tag-name", "ssh-keys", "vpc-uuid", "engine", "num-nodes", "node-pool", "type", "snapshot-name", "version"];
const DOCTL_READ = new Set(["list", "ls", "get", "g", "logs", "connection", "options", "show", "fwd", "kubeconfig", "docker-config", "describe", "status"]);
const DOCTL_DESTROY = new Set(["delete", "d", "rm", "del", "destroy", "remove", "power-off", "shutdown", "reboot", "power-cycle", "rebuild", "undeploy", "disable-backups", "detach", "unassign", "cancel", "restore"]);
const DOCTL_LOCAL = new Set(["auth", "version", "completion", "help", "registry login", "serverless connect", "serverless install"]);

function doctl(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: DOCTL_VALUE });
  const words = p.positionals;
  if (!words.length) return;
  if (opaqueWord(ctx, "doctl", words.slice(0, 4))) return;
  const names = vals(words);
  if (DOCTL_LOCAL.has(names[0]!) || DOCTL_LOCAL.has(names.slice(0, 2).join(" ")) || names.includes("kubeconfig")) return;
  let at = names.findIndex((n, i) => i >= 1 && (DOCTL_READ.has(n) || DOCTL_DESTROY.has(n) || /^(create|c|update|u|deploy|assign|attach|resize|snapshot|enable-backups|migrate|upgrade|add|password-reset|reset|restart|run|enable|flush|rename|install|power-on|tag|untag|set|import)$/.test(n)));
  if (at < 0) at = names.length - 1;
  const verb = names[at]!;
  const command = names.slice(0, at + 1).join(" ");
  if (DOCTL_READ.has(verb)) return;
  const remote = isRemote(inv);
  const configFile = p.get("c", "config") ?? (inv.env.HOME ? join(inv.env.HOME, ".config", "doctl", "config.yaml") : undefined);
  const flagContext = p.get("context");
  const context = flagContext ?? inv.env.DIGITALOCEAN_CONTEXT ?? (configFile && !remote ? fileValue(configFile, /^context:\s*["']?([^"'\s#]+)/m) : undefined);
  const t = target(ctx, [
    ...words.slice(at + 1).map((w) => ({ kind: "doctl-resource", ...(w.value ? { value: w.value } : {}), source: `resource named in doctl ${command}` })),
    { kind: "doctl-context", ...(context ? { value: context } : {}), source: flagContext ? "--context flag" : inv.env.DIGITALOCEAN_CONTEXT ? "DIGITALOCEAN_CONTEXT" : "context in doctl's config.yaml" },
  ]);
  const report = emit(ctx, "doctl", command, words[at], t);
  if (verb === "password-reset" || (verb === "reset" && names.includes("user"))) report("credential-create");
  else if (DOCTL_DESTROY.has(verb)) report("destroy", { what: names.slice(0, at).filter((n) => n !== "compute").join(" ") || "resources" });
  else if (verb === "ssh" || verb === "console") report("remote-exec", { where: "on a droplet or app" });
  else if (/^(deploy|create-deployment)$/.test(verb)) report("deploy");
  else report("mutate", { what: names.slice(0, at).filter((n) => n !== "compute").join(" ") || "resources" });
}

// ---------------------------------------------------------------- heroku

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
const HEROKU_READ_SEGMENT = /^(info|list|ls|get|logs|status|whoami|open|version|help|diagnose|wait|outliers|url|credentials|download|show|ps|login|logout|token|remote|clone|autocomplete|plugins|update|which|search|inspect|blocking|locks|bloat|cache-hit|index-usage|long-running-queries|seq-scans|vacuum-stats|table-size|index-size|records-rank|unused-indexes|calls|mandelbrot)$/;
const HEROKU_DESTROY_SEGMENT = /^(destroy|delete|remove|rm|reset|kill|killall|stop|clear|detach)$/;

function heroku(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: ["a", "app", "r", "remote", "confirm", "t", "team", "s", "space", "e", "env", "x", "exit-code"] });
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
  const what = /^pg:|^addons:/.test(command) ? "a database or add-on" : /^(destroy|apps:)/.test(command) ? "the app" : "resources";
  report(kind, { what, where: command.startsWith("pg:") || command === "redis:cli" ? "in the app's database" : "on the app's dynos" });
}

// ---------------------------------------------------------------- fly

const FLY_VALUE = ["a", "app", "c", "config", "t", "access-token", "o", "org", "r", "region", "i", "image", "e", "env", "g", "process-group", "vm-size", "vm-memory", "vm-cpus", "vm-cpu-kind", "strategy", "build-arg", "dockerfile", "machine", "C", "command", "u", "user", "s", "size", "snapshot-id", "from-snapshot", "n", "name", "label", "wait-timeout", "max-per-region", "primary-region", "file-literal", "file-local", "file-secret", "entrypoint", "metadata", "port", "signal", "timeout", "count"];
const FLY_READ = new Set(["status", "logs", "list", "ls", "show", "open", "dashboard", "releases", "history", "check", "info", "version", "doctor", "docs", "help", "platform", "proxy", "monitor", "dig", "ping", "config", "regions", "auth", "agent", "wireguard", "completion", "image", "checks"]);
const FLY_DESTROY = new Set(["destroy", "delete", "remove", "rm", "kill", "stop", "release", "revoke", "detach", "failover", "suspend"]);
const FLY_REMOTE = new Set(["console", "exec", "connect", "sftp"]);

function fly(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: FLY_VALUE });
  const words = p.positionals;
  if (!words.length) return;
  if (opaqueWord(ctx, "fly", words.slice(0, 3))) return;
  const names = vals(words);
  const at = names.findIndex((n) => FLY_READ.has(n) || FLY_DESTROY.has(n) || FLY_REMOTE.has(n) || /^(deploy|launch|create|set|unset|import|update|start|restart|run|clone|extend|fork|scale|count|vm|memory|allocate|allocate-v4|allocate-v6|add|attach|move|invite|issue|cordon|uncordon|suspend|resume|sync|rollback)$/.test(n));
  const i = at < 0 ? 0 : at;
  const verb = names[i]!;
  const command = names.slice(0, verb === "scale" && names[i + 1] ? i + 2 : i + 1).join(" ");
  // `fly config`, `fly image show` and the like only read; `fly secrets list`, `fly scale show` too.
  if (FLY_READ.has(verb) && !(verb === "image" && names[i + 1] === "update") && !(verb === "config" && names[i + 1] === "save")) return;
  const remote = isRemote(inv);
  const flagApp = p.get("a", "app");
  const configPath = p.get("c", "config");
  const tomlPath = configPath ? (isAbsolute(configPath) || !inv.cwd ? configPath : join(inv.cwd, configPath)) : inv.cwd ? join(inv.cwd, "fly.toml") : undefined;
  const tomlApp = !flagApp && !inv.env.FLY_APP && tomlPath && !remote ? fileValue(tomlPath, /^\s*app\s*=\s*["']([^"']+)["']/m) : undefined;
  const positionalApp = /^(destroy|apps destroy|apps delete|apps restart|apps move)$/.test(command) ? words[i + 1]?.value : undefined;
  const t = target(ctx, [
    { kind: "fly-app", ...(flagApp ? { value: flagApp } : {}), source: "--app flag" },
    { kind: "fly-app", ...(positionalApp ? { value: positionalApp } : {}), source: `app named in fly ${command}` },
    { kind: "fly-app", ...(!flagApp && inv.env.FLY_APP ? { value: inv.env.FLY_APP } : {}), source: "FLY_APP" },
    { kind: "fly-app", ...(tomlApp ? { value: tomlApp } : {}), source: `app in ${configPath ?? "fly.toml"}` },
  ]);
  const report = emit(ctx, "fly", command, words[i], t);
  const group = names[0] === verb ? "" : names.slice(0, i).join(" ");
  const what = /^(destroy|apps)$/.test(names[0]!) ? "the app" : group || "resources";

  if (verb === "scale" || names[0] === "scale") {
    const count = names[0] === "scale" && names[1] === "count" ? names.slice(2) : [];
    const zero = count.some((n) => /^(\w+=)?0$/.test(n));
    if (names[1] === "show") return;
    report(zero ? "scale-to-zero" : "mutate", { what: "machines" });
  } else if (verb === "unset" && names[0] === "secrets") report("env-remove");
  else if (verb === "issue" || (verb === "create" && names[0] === "tokens")) report("credential-create");
  else if (verb === "invite") report("access-change");
  else if (FLY_DESTROY.has(verb)) report("destroy", { what });
  else if (FLY_REMOTE.has(verb) || (names[0] === "ssh" && at < 0)) report("remote-exec", { where: names[0] === "postgres" || names[0] === "pg" ? "in the app's database" : "on the app's machines" });
  else if (verb === "deploy" || (verb === "rollback")) report("deploy");
  else report("mutate", { what });
}

// ---------------------------------------------------------------- vercel

const VERCEL_VALUE = ["t", "token", "S", "scope", "cwd", "A", "local-config", "Q", "global-config", "e", "env", "b", "build-env", "m", "meta", "regions", "target", "archive", "environment", "project", "team", "limit", "next", "git-branch", "sensitive", "T"];
const VERCEL_COMMANDS = new Set([
  "deploy", "dev", "build", "env", "domains", "domain", "dns", "certs", "cert", "alias", "aliases", "ln", "promote", "rollback", "redeploy", "remove", "rm",
  "project", "projects", "teams", "team", "switch", "secrets", "secret", "link", "pull", "login", "logout", "whoami", "inspect", "logs", "log", "list", "ls",
  "git", "integration", "integrations", "bisect", "init", "help", "blob", "cache", "target", "targets", "microfrontends", "mcp", "telemetry", "install", "i",
  "open", "httpstat", "curl", "guidance", "webhooks", "redirects",
]);
const VERCEL_QUIET = new Set(["dev", "build", "link", "pull", "login", "logout", "whoami", "inspect", "logs", "log", "list", "ls", "help", "init", "bisect", "switch", "open", "telemetry", "install", "i", "httpstat", "curl", "mcp", "guidance"]);

function vercel(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: VERCEL_VALUE });
  const [first, ...rest] = p.positionals;
  if (first && first.value === undefined) {
    ctx.report("opaque", { word: first, data: { detail: `the vercel command ${first.raw} is computed at run time` } });
    return;
  }
  const cmd = first && VERCEL_COMMANDS.has(first.value!) ? first.value! : "deploy";
  const args = cmd === "deploy" && first?.value !== "deploy" ? p.positionals : rest;
  if (VERCEL_QUIET.has(cmd)) return;
  const targetFlag = p.get("target", "environment");
  const prod = p.has("prod", "production");
  const sub = args[0]?.value;
  const envTarget = cmd === "env" ? args[2]?.value : undefined;
  const items = [
    { kind: "vercel-target", ...(prod ? { value: "production" } : {}), source: "--prod flag" },
    { kind: "vercel-target", ...(targetFlag ? { value: targetFlag } : {}), source: "--target flag" },
    { kind: "vercel-target", ...(envTarget ? { value: envTarget } : {}), source: `environment named in vercel env ${sub ?? ""}`.trim() },
    // promote and rollback act on the production deployment whatever the flags say.
    { kind: "vercel-target", ...(cmd === "promote" || cmd === "rollback" ? { value: "production" } : {}), source: `vercel ${cmd} changes the production deployment` },
  ];
  const t = target(ctx, items);
  const word = first ?? inv.argv[0];
  if (cmd === "deploy" || cmd === "redeploy" || cmd === "promote" || cmd === "rollback") {
    emit(ctx, "vercel", cmd, word, t)("deploy");
    return;
  }
  if (cmd === "remove" || cmd === "rm") {
    emit(ctx, "vercel", cmd, word, target(ctx, args.map((w) => ({ kind: "vercel-project", ...(w.value ? { value: w.value } : {}), source: "name given to vercel remove" }))))("destroy", { what: "deployments or projects" });
    return;
  }
  if (!sub || /^(ls|list|inspect|get|pull|show|verify|check)$/.test(sub)) return;
  const report = emit(ctx, "vercel", `${cmd} ${sub}`, args[0], t);
  if (cmd === "env" && /^(rm|remove|delete)$/.test(sub)) report("env-remove");
  else if (/^(rm|remove|delete|purge)$/.test(sub)) report("destroy", { what: cmd });
  else if (/^(teams?|project|projects)$/.test(cmd) && /^(invite|add-member|members)$/.test(sub)) report("access-change");
  else report("mutate", { what: cmd });
}

// ---------------------------------------------------------------- netlify

const NETLIFY_VALUE = ["a", "auth", "site", "s", "context", "filter", "dir", "d", "functions", "f", "message", "m", "alias", "branch", "b", "data", "scope", "timeout", "name", "n", "account-slug", "build", "payload", "querystring", "identity", "port"];
const NETLIFY_TOPICS = new Set(["sites", "env", "functions", "addons", "blobs", "deploy", "logs", "api", "link", "status", "open", "dev", "build", "init", "serve", "watch", "switch", "login", "logout", "unlink", "completion", "recipes", "help", "lm"]);

function netlify(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: NETLIFY_VALUE });
  const words = p.positionals;
  if (!words.length) return;
  if (opaqueWord(ctx, "netlify", words.slice(0, 2))) return;
  let command = words[0]!.value!;
  let args = words.slice(1);
  // `netlify sites delete` is the spaced spelling of `netlify sites:delete`.
  if (!command.includes(":") && NETLIFY_TOPICS.has(command) && !["deploy", "api", "dev", "build", "link", "init"].includes(command) && args[0]?.value && /^[a-z-]+$/.test(args[0].value)) {
    command = `${command}:${args[0].value}`;
    args = args.slice(1);
  }
  const topic = command.split(":")[0]!;
  const sub = command.split(":")[1] ?? "";
  const site = p.get("site", "s");
  const context = p.get("context");
  const prod = p.has("prod", "p", "prodIfUnlocked", "prod-if-unlocked");
  const t = target(ctx, [
    { kind: "netlify-target", ...(prod ? { value: "production" } : {}), source: "--prod flag" },
    { kind: "netlify-context", ...(context ? { value: context } : {}), source: "--context flag" },
    { kind: "netlify-site", ...(site ? { value: site } : {}), source: "--site flag" },
    { kind: "netlify-site", ...(command === "sites:delete" && args[0]?.value ? { value: args[0].value } : {}), source: "site named in netlify sites:delete" },
  ]);
  const report = emit(ctx, "netlify", command, words[0], t);
  if (topic === "deploy") {
    report("deploy");
    return;
  }
  if (topic === "api") {
    const method = args[0]?.value ?? "";
    const head = method.split(/(?=[A-Z])/)[0] ?? "";
    if (/^(list|get|show)$/.test(head)) return;
    report(/^(delete|remove|purge|cancel|unlink)$/.test(head) ? "destroy" : "mutate", { what: "resources" }, args[0] ? { word: args[0] } : {});
    return;
  }
  // A topic alone (`netlify status`, `netlify link`) and listing subcommands only read or change local files.
  if (!sub || /^(list|ls|get|show|status|info)$/.test(sub)) return;
  if (topic === "env" && /^(unset|rm|delete|remove)$/.test(sub)) report("env-remove");
  else if (/^(delete|destroy|remove|rm|unset)$/.test(sub)) report("destroy", { what: topic === "sites" ? "the site" : topic });
  else if (topic === "functions" && sub !== "invoke") return;
  else report("mutate", { what: topic });
}

// ---------------------------------------------------------------- railway

function railway(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: ["e", "environment", "s", "service", "p", "project", "m", "message", "set", "v", "volume", "mount-path", "port", "domain"] });
  const words = p.positionals;
  if (!words.length || opaqueWord(ctx, "railway", words.slice(0, 1))) return;
  const cmd = words[0]!.value!;
  const sub = words[1]?.value;
  const env = p.get("e", "environment");
  const envTarget = /^(environment|env)$/.test(cmd) && sub && /^(delete|rm|remove)$/.test(sub) ? words[2]?.value : undefined;
  const t = target(ctx, [
    { kind: "railway-environment", ...(env ? { value: env } : {}), source: "--environment flag" },
    { kind: "railway-environment", ...(envTarget ? { value: envTarget } : {}), source: "environment named in railway environment delete" },
    { kind: "railway-service", ...(p.get("s", "service") ? { value: p.get("s", "service")! } : {}), source: "--service flag" },
  ]);
  const report = emit(ctx, "railway", sub && /^(environment|env|service|volume|variables|variable|vars|domain)$/.test(cmd) ? `${cmd} ${sub}` : cmd, words[0], t);
  switch (cmd) {
    case "up":
    case "redeploy":
    case "deploy":
      report("deploy");
      return;
    case "down":
      report("destroy", { what: "the latest deployment" });
      return;
    case "delete":
      report("destroy", { what: "the project" });
      return;
    case "run":
    case "shell":
      report("remote-exec", { where: "locally with the environment's credentials" }, { risk: "low" });
      return;
    case "connect":
    case "ssh":
      report("remote-exec", { where: cmd === "connect" ? "in the environment's database" : "in the service's container" });
      return;
    case "variables":
    case "variable":
    case "vars":
      if (sub && /^(delete|rm|remove|unset)$/.test(sub)) report("env-remove");
      else if (p.has("set") || sub === "set") report("mutate", { what: "variables" });
      return;
    case "environment":
    case "env":
    case "service":
    case "volume":
    case "domain":
      if (!sub || /^(list|ls|link|status|get)$/.test(sub)) return;
      if (/^(delete|rm|remove|detach)$/.test(sub)) report("destroy", { what: `the ${cmd}` });
      else report("mutate", { what: cmd });
      return;
    case "add":
    case "init":
      report("mutate", { what: "the project" });
      return;
    default:
      return;
  }
}
