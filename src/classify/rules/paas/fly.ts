// fly (flyctl): destroying apps, machines and volumes, deploys, scaling, remote shells, with the app (flag, FLY_APP or fly.toml) as production evidence.
import { isAbsolute, join } from "node:path";
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { emit, opaqueWord, target, isRemote, vals, fileValue, type Ctx } from "./shared.js";

const FLY_VALUE = ["a", "app", "c", "config", "t", "access-token", "o", "org", "r", "region", "i", "image", "e", "env", "g", "process-group", "vm-size", "vm-memory", "vm-cpus", "vm-cpu-kind", "strategy", "build-arg", "dockerfile", "machine", "C", "command", "u", "user", "s", "size", "snapshot-id", "from-snapshot", "n", "name", "label", "wait-timeout", "max-per-region", "primary-region", "file-literal", "file-local", "file-secret", "entrypoint", "metadata", "port", "signal", "timeout", "count"];
const FLY_READ = new Set(["status", "logs", "list", "ls", "show", "open", "dashboard", "releases", "history", "check", "info", "version", "doctor", "docs", "help", "platform", "proxy", "monitor", "dig", "ping", "config", "regions", "auth", "agent", "wireguard", "completion", "image", "checks"]);
const FLY_DESTROY = new Set(["destroy", "delete", "remove", "rm", "kill", "stop", "release", "revoke", "detach", "failover", "suspend"]);
const FLY_REMOTE = new Set(["console", "exec", "connect", "sftp"]);

export function fly(inv: Invocation, ctx: Ctx): void {
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
    // A config kept per environment (`fly.production.toml`) says where the command is meant to go.
    { kind: "fly-config", ...(configPath ? { value: configPath.split("/").pop()! } : {}), source: "--config flag" },
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
