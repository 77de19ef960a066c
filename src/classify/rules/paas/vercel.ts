// vercel: production deploys, promotes and rollbacks, removals, environment variables and domains.
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { emit, target, type Ctx } from "./shared.js";

const VERCEL_VALUE = ["t", "token", "S", "scope", "cwd", "A", "local-config", "Q", "global-config", "e", "env", "b", "build-env", "m", "meta", "regions", "target", "archive", "environment", "project", "team", "limit", "next", "git-branch", "sensitive", "T"];
const VERCEL_COMMANDS = new Set([
  "deploy", "dev", "build", "env", "domains", "domain", "dns", "certs", "cert", "alias", "aliases", "ln", "promote", "rollback", "redeploy", "remove", "rm",
  "project", "projects", "teams", "team", "switch", "secrets", "secret", "link", "pull", "login", "logout", "whoami", "inspect", "logs", "log", "list", "ls",
  "git", "integration", "integrations", "bisect", "init", "help", "blob", "cache", "target", "targets", "microfrontends", "mcp", "telemetry", "install", "i",
  "open", "httpstat", "curl", "guidance", "webhooks", "redirects",
]);
const VERCEL_QUIET = new Set(["dev", "build", "link", "pull", "login", "logout", "whoami", "inspect", "logs", "log", "list", "ls", "help", "init", "bisect", "switch", "open", "telemetry", "install", "i", "httpstat", "curl", "mcp", "guidance"]);

/** The custom domain of `vercel alias [set] DEPLOYMENT DOMAIN` (not a *.vercel.app preview alias), if any. */
function customAlias(cmd: string, args: readonly { value?: string }[]): string | undefined {
  if (cmd !== "alias" && cmd !== "aliases" && cmd !== "ln") return undefined;
  const rest = args[0]?.value === "set" ? args.slice(1) : args;
  const domain = rest.length >= 2 ? rest[1]?.value : undefined;
  return domain && !/\.vercel\.app$/.test(domain) ? domain : undefined;
}

export function vercel(inv: Invocation, ctx: Ctx): void {
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
    // Pointing a custom domain at a deployment sends that domain's (production) traffic to it.
    { kind: "vercel-target", ...(customAlias(cmd, args) ? { value: "production" } : {}), source: `vercel ${cmd} points the custom domain ${customAlias(cmd, args) ?? ""} at a deployment` },
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
