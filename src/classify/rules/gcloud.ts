// Rule pack for Google Cloud CLIs (gcloud, gcloud storage, gsutil, bq): verbs wherever they sit in the command path, keys, IAM, project context.
import type { Invocation } from "../../types.js";
import { parseArgs, type ParsedArgs } from "../flags.js";
import type { GcloudFlags } from "../../context/gcloud.js";
import { defineRule } from "../rule.js";
import { GCLOUD_FINDINGS, flagFrom, nameEvidence, reporter, type Ctx, type Id } from "./gcloud/shared.js";
import { checkGcloudStorage, checkGsutil } from "./gcloud/storage.js";
import { checkBq } from "./gcloud/bq.js";

/** Long options that take a value: gcloud's globals and the common command flags (so their values are not read as resource names). */
const VALUE_OPTIONS = [
  "project", "account", "configuration", "billing-project", "flatten", "format", "verbosity", "impersonate-service-account", "access-token-file",
  "trace-token", "flags-file", "zone", "region", "location", "filter", "limit", "page-size", "sort-by", "role", "member", "condition",
  "condition-from-file", "cluster", "instance", "database", "service", "keyring", "key", "iam-account", "image", "image-family", "image-project",
  "machine-type", "network", "subnet", "source", "source-ranges", "destination-ranges", "allow", "rules", "target-tags", "tags", "labels",
  "update-labels", "remove-labels", "description", "display-name", "platform", "memory", "cpu", "timeout", "runtime", "entry-point",
  "trigger-topic", "trigger-bucket", "set-env-vars", "update-env-vars", "remove-env-vars", "env-vars-file", "num-nodes", "size", "tier",
  "database-version", "root-password", "password", "delete-disks", "keep-disks", "scopes", "service-account", "min-instances", "max-instances",
  "concurrency", "port", "command", "container", "version", "destination", "topic", "subscription", "bucket", "dataset", "table", "key-file",
  "output-file", "predefined-acl", "content-type", "cache-control", "storage-class", "encryption-key", "exclude", "manifest-path", "default-storage-class",
];
const RELEASE_TRACKS = new Set(["alpha", "beta", "preview"]);
/** Groups that only change gcloud's own local state (login, properties, components, emulators). */
const LOCAL_GROUPS = new Set(["auth", "config", "components", "init", "info", "help", "version", "topic", "feedback", "survey", "cheat-sheet", "emulators", "docker"]);

const READ_VERBS = new Set([
  "list", "describe", "get", "read", "browse", "tail", "print", "search", "query", "wait", "check", "validate", "lookup", "explain", "test",
  "export", "download", "cat", "ls", "du", "hash", "sign", "show", "help", "access", "diff", "troubleshoot", "analyze", "verify", "fetch", "compare", "stat",
]);
const DESTROY_VERBS = new Set([
  "delete", "destroy", "purge", "remove", "rm", "reset", "stop", "disable", "cancel", "abandon", "detach", "revoke", "suspend", "restart",
  "failover", "unlink", "unregister", "terminate", "shutdown", "clear", "disconnect", "deactivate", "undeploy", "drain", "evict",
]);
const MUTATE_VERBS = new Set([
  "create", "update", "deploy", "set", "add", "patch", "import", "restore", "start", "resume", "run", "submit", "execute", "call", "publish",
  "apply", "attach", "enable", "move", "copy", "cp", "mv", "rsync", "resize", "promote", "rollback", "upload", "undelete", "clone", "replace",
  "migrate", "snapshot", "ack", "pull", "seek", "rotate", "link", "write", "simulate", "recreate", "upgrade", "switchover", "reinstall", "rename",
]);
const REMOTE_COMMANDS = new Set(["ssh", "scp", "connect", "sftp"]);

type Kind = "read" | "destroy" | "mutate" | "remote";

/** Kind of one command-path word: the whole word or its first hyphen segment (`add-iam-policy-binding` → add). */
export function verbKind(word: string): Kind | undefined {
  if (REMOTE_COMMANDS.has(word)) return "remote";
  const verb = word.split("-")[0]!;
  if (READ_VERBS.has(verb)) return "read";
  if (DESTROY_VERBS.has(verb)) return "destroy";
  if (MUTATE_VERBS.has(verb)) return "mutate";
  return undefined;
}

/** Roles that amount to owning the project or managing who may act in it. */
const ADMIN_ROLE = /^roles\/(owner|editor|iam\.[A-Za-z]+|resourcemanager\.[A-Za-z]*(Admin|Owner)|[A-Za-z]+\.admin)$/;
const PUBLIC_MEMBER = /^(allUsers|allAuthenticatedUsers)$/;
const WORLD_CIDR = /(^|[,\s])(0\.0\.0\.0\/0|::\/0)($|[,\s])/;
const UNSAFE_FLAG = /^(no-deletion-protection|delete-disks)$/;
const RESOURCE_OPTION = /^(cluster|instance|database|service|bucket|function|topic|subscription|dataset|table|repository|environment|app)$/;

export default defineRule<Id>({
  name: "gcloud",
  description: "Google Cloud CLIs (gcloud, gcloud storage, gsutil, bq): deletes, changes, keys and IAM, with the project's production context.",
  programs: ["gcloud", "gsutil", "bq"],
  findings: GCLOUD_FINDINGS,
  check(inv, ctx) {
    if (inv.program === "gsutil") checkGsutil(inv, ctx);
    else if (inv.program === "bq") checkBq(inv, ctx);
    else checkGcloud(inv, ctx);
  },
});

function checkGcloud(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: [...VALUE_OPTIONS, "s", "x"] });
  const words = p.positionals;
  let start = 0;
  while (start < words.length && RELEASE_TRACKS.has(words[start]!.value ?? "")) start++;
  const group = words[start];
  if (!group) return;
  if (group.value === undefined) {
    ctx.report("opaque", { word: group, data: { detail: `the gcloud command ${group.raw} is computed at run time` } });
    return;
  }
  if (LOCAL_GROUPS.has(group.value)) return;
  const flags: GcloudFlags = {};
  const set = (k: keyof GcloudFlags, ...names: string[]) => {
    const f = flagFrom(p, ...names);
    if (f) flags[k] = f;
  };
  set("project", "project");
  set("configuration", "configuration");
  set("account", "account");
  set("impersonate", "impersonate-service-account");
  const report = reporter(inv, ctx, flags);

  if (group.value === "storage" && words[start + 1]?.value && ["rm", "cp", "mv", "rsync"].includes(words[start + 1]!.value!)) {
    checkGcloudStorage(ctx, report, words[start + 1]!, words.slice(start + 2), p);
    return;
  }
  let verbAt = -1;
  for (let i = start + 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.value === undefined) {
      ctx.report("opaque", { word: w, data: { detail: `the gcloud command word ${w.raw} is computed at run time` } });
      return;
    }
    if (verbKind(w.value)) {
      verbAt = i;
      break;
    }
  }
  // Without a known verb the command is something shellgate has no table for: count it as a change.
  const verbWord = verbAt >= 0 ? words[verbAt]! : words[words.length - 1]!;
  const pathWords = words.slice(start, verbAt >= 0 ? verbAt + 1 : words.length);
  const path = pathWords.map((w) => w.value).join(" ");
  const verb = verbWord.value!;
  const kind: Kind = verbAt >= 0 ? verbKind(verb)! : "mutate";
  if (kind === "read" || p.has("dry-run", "validate-only")) return;

  const args = verbAt >= 0 ? words.slice(verbAt + 1) : [];
  const resourceOpts = p.options.filter((o) => RESOURCE_OPTION.test(o.name) && o.value !== undefined);
  const resources = [
    ...nameEvidence(ctx, args, "gcloud-resource", `resource name in ${path}`),
    ...resourceOpts.flatMap((o) => {
      const e = ctx.production.evidence("gcloud-resource", o.value, `--${o.name} on the command line`);
      return e ? [e] : [];
    }),
  ];
  const firstArg = args[0]?.value;
  const target = firstArg ? ` (${firstArg})` : "";
  const data = { tool: "gcloud", path, target };
  const base = { word: verbWord, resources };

  const pub = publicReason(p, verb);
  if (pub) report("public-access", { ...base, data: { ...data, detail: pub } });

  if (/^(keys|hmac)$/.test(words[verbAt - 1]?.value ?? "") && /^(create|upload)$/.test(verb) && /service-accounts|hmac/.test(path)) {
    report("key-create", { ...base, data });
  } else if (verb === "reset-windows-password") {
    report("key-create", { ...base, data });
  } else if (verb === "add-iam-policy-binding") {
    const role = p.get("role") ?? "";
    if (ADMIN_ROLE.test(role)) report("iam-admin-grant", { ...base, data: { ...data, role } });
    else if (!pub) report("iam-change", { ...base, data: { ...data, role: role || "a role" } });
  } else if (verb === "set-iam-policy") {
    report("iam-policy-replace", { ...base, data });
  } else if (kind === "destroy") {
    report("destroy", { ...base, data });
  } else if (kind === "remote") {
    report("remote-exec", { ...base, data });
  } else if (!pub) {
    report("mutate", { ...base, data });
  }
  for (const o of p.options) if (UNSAFE_FLAG.test(o.name)) report("unsafe-flag", { word: o.word, resources, data: { ...data, flag: `--${o.name}` } });
}

/** Why a binding, ACL or firewall rule opens access to everyone, or undefined. */
function publicReason(p: ParsedArgs, verb: string): string | undefined {
  for (const m of p.all("member", "members")) if (PUBLIC_MEMBER.test(m.replace(/^[a-z]+:/, ""))) return m;
  const acl = p.get("predefined-acl", "predefined-default-object-acl", "default-object-acl");
  if (acl && /^public/i.test(acl)) return `--predefined-acl ${acl}`;
  if (/^(create|update)$/.test(verb)) for (const r of p.all("source-ranges")) if (WORLD_CIDR.test(r)) return `--source-ranges ${r}`;
  return undefined;
}
