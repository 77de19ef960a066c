// doctl (DigitalOcean): destroying droplets, databases and clusters, deploys, credential resets, with the context as production evidence.
import { join } from "node:path";
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { emit, opaqueWord, target, isRemote, vals, fileValue, type Ctx } from "./shared.js";

const DOCTL_VALUE = ["t", "access-token", "u", "api-url", "c", "config", "context", "o", "output", "format", "http-retry-max", "http-retry-wait-max", "http-retry-wait-min", "region", "size", "image", "tag-name", "ssh-keys", "vpc-uuid", "engine", "num-nodes", "node-pool", "type", "snapshot-name", "version"];
const DOCTL_READ = new Set(["list", "ls", "get", "g", "logs", "connection", "options", "show", "fwd", "kubeconfig", "docker-config", "describe", "status"]);
const DOCTL_DESTROY = new Set(["delete", "d", "rm", "del", "destroy", "remove", "power-off", "shutdown", "reboot", "power-cycle", "rebuild", "undeploy", "disable-backups", "detach", "unassign", "cancel", "restore"]);
const DOCTL_LOCAL = new Set(["auth", "version", "completion", "help", "registry login", "serverless connect", "serverless install"]);

export function doctl(inv: Invocation, ctx: Ctx): void {
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
