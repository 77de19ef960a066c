// Rule pack for the Azure CLI (az): the verb ending the command path, role assignments and credentials, subscription context.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Evidence, Invocation, Word } from "../../types.js";
import { tildify } from "../../context/aws.js";
import { defineRule, type FindingSpec, type ReportOptions, type RuleContext } from "../rule.js";

/** Global arguments that take one value; they may come before the command path. */
const GLOBAL_VALUE = new Set(["subscription", "output", "o", "query"]);
/** Command groups that only change the CLI's own state on this machine. */
const LOCAL_FIRST = new Set(["login", "logout", "config", "configure", "extension", "upgrade", "version", "find", "interactive", "init", "cloud", "bicep", "self-test", "feedback", "survey", "help", "cache"]);
const LOCAL_PATHS = new Set(["account set", "account clear", "acr login", "aks install-cli", "aks get-credentials", "account get-access-token"]);

const READ_VERBS = new Set(["show", "list", "get", "exists", "check", "query", "wait", "download", "browse", "tail", "export", "validate", "what", "version", "find", "test", "search", "lookup", "describe", "diff", "preview"]);
const DESTROY_VERBS = new Set([
  "delete", "purge", "remove", "deallocate", "stop", "restart", "reimage", "revoke", "disable", "cancel", "detach", "unregister", "reset", "disconnect",
  "unlink", "clear", "flush", "shutdown", "power", "abort", "terminate", "kill", "evict", "drain", "regenerate", "renew", "failover",
]);

const REMOTE_PATHS = [/^vm run-command (invoke|create)$/, /^vmss run-command (invoke|create)$/, /^aks command invoke$/, /^vm extension set$/, /^webapp (create-remote-connection|ssh)$/, /^ssh (vm|arc|config)$/, /^(containerapp|container) exec$/, /^(postgres|mysql) flexible-server (connect|execute)$/];

const ADMIN_ROLE = /^(owner|contributor|user access administrator|role based access control administrator|.*administrator|8e3af657-a8ff-443c-a75c-2fe8c4bcb635|b24988ac-6180-42a0-ab88-20f7382dd24c|18d7d88d-d35e-4fb5-a5c3-7773c20a72d9)$/i;
const RESOURCE_OPTION = /^(n|name|ids|[a-z]+(-[a-z]+)*-name|server|vault|cluster|slot|target-slot)$/;
const UNSAFE_FLAG = /^(force-deletion-types|force-delete|force)$/;

type Kind = "read" | "destroy" | "mutate";

interface Opt {
  name: string;
  word: Word;
  eq?: string;
  values: Word[];
}

/** `az [globals] group [subgroup...] verb --arg values...`: the path ends at the first argument. */
export function parseAz(argv: readonly Word[]): { path: Word[]; options: Opt[] } {
  const path: Word[] = [];
  const options: Opt[] = [];
  let cur: Opt | undefined;
  let pathDone = false;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const a = w.value;
    if (a !== undefined && /^--?[A-Za-z]/.test(a)) {
      const body = a.replace(/^--?/, "");
      const eq = body.indexOf("=");
      const opt: Opt = { name: eq >= 0 ? body.slice(0, eq) : body, word: w, values: [] };
      if (eq >= 0) opt.eq = body.slice(eq + 1);
      options.push(opt);
      if (path.length) pathDone = true;
      cur = undefined;
      if (eq >= 0) continue;
      if (GLOBAL_VALUE.has(opt.name)) {
        if (i + 1 < argv.length) opt.values.push(argv[++i]!);
      } else if (pathDone) cur = opt;
      continue;
    }
    if (!pathDone) path.push(w);
    else cur?.values.push(w);
  }
  return { path, options };
}

const optValues = (o: Opt): string[] => (o.eq !== undefined ? [o.eq] : o.values.flatMap((w) => (w.value === undefined ? [] : [w.value])));
const value = (opts: Opt[], ...names: string[]): string | undefined => {
  for (let i = opts.length - 1; i >= 0; i--) if (names.includes(opts[i]!.name)) return optValues(opts[i]!).join(" ") || undefined;
  return undefined;
};

export function azVerbKind(verb: string): Kind {
  const head = verb.split("-")[0]!;
  if (READ_VERBS.has(head)) return "read";
  if (DESTROY_VERBS.has(head)) return "destroy";
  return "mutate";
}

interface Subscription {
  id: string;
  name: string;
  isDefault?: boolean;
}

const profileCache = new Map<string, { mtimeMs: number; subs: Subscription[] }>();

/** Subscriptions from azureProfile.json (UTF-8 with a BOM as the CLI writes it), cached by mtime. */
function readSubscriptions(path: string): Subscription[] {
  try {
    const st = statSync(path);
    const hit = profileCache.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit.subs;
    const json = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")) as { subscriptions?: Subscription[] };
    const subs = Array.isArray(json.subscriptions) ? json.subscriptions.filter((s) => s && typeof s.id === "string") : [];
    profileCache.set(path, { mtimeMs: st.mtimeMs, subs });
    return subs;
  } catch {
    return [];
  }
}

/** Production evidence from the subscription: `--subscription` (name or id), else the CLI's default subscription. */
function subscriptionEvidence(ctx: RuleContext<string>, inv: Invocation, flag: Opt | undefined): Evidence[] {
  const env = inv.env;
  const dir = env.AZURE_CONFIG_DIR ?? (env.HOME ? join(env.HOME, ".azure") : undefined);
  const remote = inv.host !== undefined || inv.container !== undefined;
  const file = dir && !remote ? join(dir, "azureProfile.json") : undefined;
  const subs = file ? readSubscriptions(file) : [];
  const out: Evidence[] = [];
  const add = (v: string | undefined, source: string) => {
    const e = ctx.production.evidence("azure-subscription", v, source);
    if (e) out.push(e);
  };
  if (flag) {
    const given = optValues(flag)[0];
    if (given === undefined) return out;
    add(given, "--subscription flag");
    const named = subs.find((s) => s.id === given || s.name === given);
    if (named && named.name !== given) add(named.name, `name of subscription ${given} in ${tildify(file!, env.HOME)}`);
    return out;
  }
  const def = subs.find((s) => s.isDefault);
  if (def) add(def.name, `default subscription in ${tildify(file!, env.HOME)}`);
  return out;
}

function publicReason(options: Opt[]): string | undefined {
  for (const o of options) {
    for (const v of optValues(o)) {
      if (o.name === "public-access" && /^(blob|container)$/i.test(v)) return `--public-access ${v}`;
      if (o.name === "allow-blob-public-access" && /^true$/i.test(v)) return "--allow-blob-public-access true";
      if (/^source-address-prefix(es)?$/.test(o.name) && /^(\*|internet|any|0\.0\.0\.0\/0|::\/0)$/i.test(v)) return `--${o.name} ${v}`;
      if (o.name === "end-ip-address" && v === "255.255.255.255") return "firewall rule for every address";
    }
  }
  return undefined;
}

const AZURE_FINDINGS = {
  destroy: {
    risk: "high",
    categories: ["destroy"],
    message: "az {path} deletes, stops or resets Azure resources{target}",
    hint: "check the subscription, resource group and name; back up first, and run it yourself if it is intended",
    description: "A command whose verb deletes, purges, deallocates, stops, restarts, reimages or revokes.",
  },
  "unsafe-flag": {
    risk: "high",
    categories: ["destroy"],
    message: "{flag} removes the safety net of az {path}",
    hint: "drop {flag}",
    description: "--force-deletion-types and other forced deletes.",
  },
  "complete-deployment": {
    risk: "high",
    categories: ["destroy", "mutate"],
    message: "az {path} --mode Complete deletes every resource in the group that the template does not list",
    hint: "deploy in Incremental mode, or run what-if first",
    description: "ARM deployments in Complete mode.",
  },
  mutate: {
    risk: "low",
    categories: ["mutate"],
    message: "az {path} changes Azure resources{target}",
    hint: "run it against a non-production subscription first",
    description: "Creates, updates, starts, deploys (production subscriptions and groups ask).",
  },
  "remote-exec": {
    risk: "medium",
    categories: ["mutate", "remote-code"],
    message: "az {path} runs commands on a remote machine, cluster or database",
    hint: "run the commands against a non-production machine first",
    description: "vm run-command, aks command invoke, custom script extensions, ssh.",
  },
  "role-admin-grant": {
    risk: "high",
    categories: ["privilege"],
    message: "az {path} grants {role}",
    hint: "assign a narrower built-in role at the smallest scope",
    description: "Owner, Contributor, User Access Administrator or another administrator role, or admin group membership.",
  },
  "role-change": {
    risk: "medium",
    categories: ["privilege", "mutate"],
    message: "az {path} changes who may do what ({role})",
    hint: "have a person review the access change",
    description: "Other role assignments, custom roles and access policies.",
  },
  "credential-create": {
    risk: "high",
    categories: ["privilege"],
    message: "az {path} creates credentials",
    hint: "use managed identities or federated credentials reviewed by a person",
    description: "Service principals with secrets, credential resets, VM user passwords.",
  },
  "sas-create": {
    risk: "medium",
    categories: ["privilege"],
    message: "az {path} creates a shared access signature",
    hint: "prefer short-lived, read-only, user-delegation SAS tokens",
    description: "Shared access signatures for storage.",
  },
  "public-access": {
    risk: "high",
    categories: ["exfiltrate", "mutate"],
    message: "az {path} opens access to everyone ({detail})",
    hint: "restrict access to specific networks or identities",
    description: "Public blob access, rules open to any source address.",
  },
  opaque: {
    risk: "high",
    categories: ["opaque"],
    message: "{detail}",
    hint: "write the az command path and subscription literally so they can be checked",
    description: "A command word or subscription computed at run time.",
  },
} satisfies Record<string, FindingSpec>;

type Id = keyof typeof AZURE_FINDINGS;

export default defineRule<Id>({
  name: "azure",
  description: "Azure CLI (az): deletes, changes, role assignments and credentials, with the subscription's production context.",
  programs: ["az"],
  findings: AZURE_FINDINGS,
  check(inv, ctx) {
    const { path, options } = parseAz(inv.argv);
    if (!path.length) return;
    const dynamic = path.find((w) => w.value === undefined);
    if (dynamic) {
      ctx.report("opaque", { word: dynamic, data: { detail: `the az command word ${dynamic.raw} is computed at run time` } });
      return;
    }
    const names = path.map((w) => w.value!);
    const joined = names.join(" ");
    if (LOCAL_FIRST.has(names[0]!) || LOCAL_PATHS.has(joined)) return;
    const verbWord = path[path.length - 1]!;
    const verb = names[names.length - 1]!;
    // `az rest` calls any ARM or Graph API: the HTTP method is the verb (GET by default, POST when a body is given).
    const method = joined === "rest" ? (value(options, "method", "m") ?? (value(options, "body", "b") ? "post" : "get")).toLowerCase() : undefined;
    const kind = method ? (/^(get|head|options)$/.test(method) ? "read" : method === "delete" ? "destroy" : "mutate") : names.length === 1 ? "mutate" : azVerbKind(verb);
    if (kind === "read") return;

    const subFlag = options.filter((o) => o.name === "subscription").pop();
    const production = [...subscriptionEvidence(ctx, inv, subFlag)];
    if (subFlag && !optValues(subFlag).length) {
      ctx.report("opaque", { word: subFlag.word, data: { detail: "the Azure subscription is computed at run time, so shellgate cannot tell whether it is production" } });
    }
    const group = value(options, "g", "resource-group", "resource-group-name") ?? inv.env.AZURE_DEFAULTS_GROUP;
    const groupSource = value(options, "g", "resource-group", "resource-group-name") ? "--resource-group on the command line" : "AZURE_DEFAULTS_GROUP";
    const ge = ctx.production.evidence("azure-resource-group", group, groupSource);
    if (ge) production.push(ge);
    let target = "";
    for (const o of options) {
      if (!RESOURCE_OPTION.test(o.name)) continue;
      for (const v of optValues(o)) {
        const flag = `${o.name.length === 1 ? "-" : "--"}${o.name}`;
        if (!target) target = ` (${flag} ${v})`;
        const e = ctx.production.evidence("azure-resource", v, `${flag} on the command line`);
        if (e) production.push(e);
      }
    }
    const report = (id: Id, o: ReportOptions) => ctx.report(id, { word: verbWord, ...o, ...(production.length ? { production } : {}) });
    const data = { path: joined, target };

    const pub = kind === "mutate" ? publicReason(options) : undefined;
    if (pub) report("public-access", { data: { ...data, detail: pub } });
    const role = value(options, "role");
    if (/^role assignment create$/.test(joined)) {
      report(role && ADMIN_ROLE.test(role) ? "role-admin-grant" : "role-change", { data: { ...data, role: role ?? "a role" } });
    } else if (/^(role definition (create|update)|keyvault set-policy|ad app permission (add|grant)|ad group member add|ad group owner add)$/.test(joined)) {
      const grp = value(options, "group", "g");
      if (/^ad group (member|owner) add$/.test(joined) && grp && /admin/i.test(grp)) report("role-admin-grant", { data: { ...data, role: `membership of ${grp}` } });
      else report("role-change", { data: { ...data, role: verb === "set-policy" ? "a key vault access policy" : joined } });
    } else if (/^ad (sp|app) create-for-rbac$|^ad (sp|app) (federated-)?credential (reset|create)$|^vm user (update|reset-ssh)$|^ad user update$/.test(joined) || (/ credential$/.test(names.slice(0, -1).join(" ")) && /^(reset|create)$/.test(verb))) {
      report("credential-create", { data });
    } else if (verb === "generate-sas") {
      report("sas-create", { data });
    } else if (/^deployment (group|sub|mg|tenant) (create|update)$|^group deployment create$/.test(joined) && /^complete$/i.test(value(options, "mode") ?? "")) {
      report("complete-deployment", { data });
    } else if (kind === "destroy") {
      report("destroy", { data });
    } else if (REMOTE_PATHS.some((re) => re.test(joined))) {
      report("remote-exec", { data });
    } else if (!pub) {
      report("mutate", { data });
    }
    if (kind === "destroy") for (const o of options) if (UNSAFE_FLAG.test(o.name)) report("unsafe-flag", { word: o.word, data: { ...data, flag: `--${o.name}` } });
  },
});
