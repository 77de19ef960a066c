// netlify and railway: production deploys, site and environment deletion, variables, remote shells.
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { emit, opaqueWord, target, type Ctx } from "./shared.js";

const NETLIFY_VALUE = ["a", "auth", "site", "s", "context", "filter", "dir", "d", "functions", "f", "message", "m", "alias", "branch", "b", "data", "scope", "timeout", "name", "n", "account-slug", "build", "payload", "querystring", "identity", "port"];
const NETLIFY_TOPICS = new Set(["sites", "env", "functions", "addons", "blobs", "deploy", "logs", "api", "link", "status", "open", "dev", "build", "init", "serve", "watch", "switch", "login", "logout", "unlink", "completion", "recipes", "help", "lm"]);

export function netlify(inv: Invocation, ctx: Ctx): void {
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

export function railway(inv: Invocation, ctx: Ctx): void {
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

