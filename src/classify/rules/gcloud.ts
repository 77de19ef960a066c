// Rule pack for Google Cloud CLIs (gcloud, gcloud storage, gsutil, bq): verbs wherever they sit in the command path, keys, IAM, project context.
import type { Evidence, Invocation, Word } from "../../types.js";
import { parseArgs, type OptionHit, type ParsedArgs } from "../flags.js";
import { gcloudContext, gcloudProductionEvidence, type GcloudFlags } from "../../context/gcloud.js";
import { classifySql, isDestructive } from "../sql.js";
import { defineRule, type FindingSpec, type ReportOptions, type RuleContext } from "../rule.js";

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

const GCLOUD_FINDINGS = {
  destroy: {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {path} deletes, stops or disables Google Cloud resources{target}",
    hint: "check the project and the resource names; back up or snapshot first, and run it yourself if it is intended",
    description: "A command whose verb deletes, destroys, purges, removes, resets, stops or disables.",
  },
  "unsafe-flag": {
    risk: "high",
    categories: ["destroy"],
    message: "{flag} removes the safety net of {tool} {path}",
    hint: "drop {flag} so deletion protection or the disks remain",
    description: "--no-deletion-protection, --delete-disks.",
  },
  mutate: {
    risk: "low",
    categories: ["mutate"],
    message: "{tool} {path} changes Google Cloud resources{target}",
    hint: "run it against a non-production project first",
    description: "Creates, updates, deploys, sets (production projects ask).",
  },
  "remote-exec": {
    risk: "medium",
    categories: ["mutate", "remote-code"],
    message: "{tool} {path} opens a shell or runs commands on a remote machine or database",
    hint: "run the commands against a non-production machine first",
    description: "compute ssh/scp, sql connect and other remote sessions.",
  },
  "key-create": {
    risk: "high",
    categories: ["privilege"],
    message: "{tool} {path} creates long-lived credentials",
    hint: "use workload identity or short-lived impersonation instead of key files",
    description: "Service-account keys, HMAC keys, Windows passwords.",
  },
  "iam-admin-grant": {
    risk: "high",
    categories: ["privilege"],
    message: "{tool} {path} grants {role}",
    hint: "grant a narrower predefined role",
    description: "Binding owner, editor, IAM or admin roles.",
  },
  "iam-change": {
    risk: "medium",
    categories: ["privilege", "mutate"],
    message: "{tool} {path} grants {role}",
    hint: "have a person review the IAM change",
    description: "Any other IAM policy binding.",
  },
  "iam-policy-replace": {
    risk: "high",
    categories: ["privilege"],
    message: "{tool} {path} replaces the whole IAM policy",
    hint: "add or remove single bindings with add-iam-policy-binding / remove-iam-policy-binding",
    description: "set-iam-policy from a file.",
  },
  "public-access": {
    risk: "high",
    categories: ["exfiltrate", "mutate"],
    message: "{tool} {path} opens access to everyone ({detail})",
    hint: "grant access to specific members or address ranges",
    description: "allUsers / allAuthenticatedUsers bindings, public ACLs, firewall rules open to 0.0.0.0/0.",
  },
  "storage-rm": {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {path} deletes {target}",
    hint: "check the object names, or enable object versioning first",
    description: "Deleting Cloud Storage objects.",
  },
  "storage-rm-recursive": {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {path} recursively deletes everything under {target}",
    hint: "list what would go with ls -r first",
    description: "Deleting every object under a bucket or prefix.",
  },
  "bucket-delete": {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {path} deletes bucket {target}",
    hint: "check the bucket name and project",
    description: "gsutil rb, gcloud storage buckets delete.",
  },
  "rsync-delete": {
    risk: "high",
    categories: ["destroy", "mutate"],
    message: "{tool} {path} deletes whatever in {target} is not in {source}",
    hint: "preview with -n / --dry-run, or sync without deleting",
    description: "gsutil rsync -d, gcloud storage rsync --delete-unmatched-destination-objects.",
  },
  "storage-move": {
    risk: "medium",
    categories: ["mutate"],
    message: "{tool} {path} moves {source} to {target}, deleting the source",
    hint: "copy first and delete the source once the copy is checked",
    description: "Moving Cloud Storage objects.",
  },
  "storage-write": {
    risk: "low",
    categories: ["mutate"],
    message: "{tool} {path} writes to {target}",
    hint: "write to a non-production bucket first",
    description: "Uploads and copies into Cloud Storage (production projects and buckets ask).",
  },
  "bq-remove": {
    risk: "high",
    categories: ["destroy"],
    message: "bq rm deletes {target}",
    hint: "copy the table or dataset first (bq cp), or rely on time travel only if it is within its window",
    description: "Deleting a BigQuery dataset, table, view, model or routine.",
  },
  "bq-overwrite": {
    risk: "high",
    categories: ["destroy", "mutate"],
    message: "bq {command} {detail} {target}",
    hint: "write to a new table and swap it in once checked",
    description: "bq load --replace, bq cp -f, bq query --replace: existing rows are replaced.",
  },
  "bq-destroy-sql": {
    risk: "high",
    categories: ["destroy"],
    message: "bq query runs {statement}, which deletes data",
    hint: "run the statement yourself after checking it",
    description: "DROP, TRUNCATE or DELETE statements run through bq query.",
  },
  opaque: {
    risk: "high",
    categories: ["opaque"],
    message: "{detail}",
    hint: "write the command path, project and query literally so they can be checked",
    description: "A command word, project or query computed at run time.",
  },
} satisfies Record<string, FindingSpec>;

type Id = keyof typeof GCLOUD_FINDINGS;

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

type Ctx = RuleContext<Id>;
type Report = (id: Id, opts: ReportOptions & { resources?: Evidence[] }) => void;

const flagFrom = (p: ParsedArgs, ...names: string[]): { value?: string } | undefined => {
  const h = p.hit(...names);
  return h ? (h.value !== undefined ? { value: h.value } : {}) : undefined;
};

/** Reports with the project/configuration/account evidence attached, computed once per invocation. */
function reporter(inv: Invocation, ctx: Ctx, flags: GcloudFlags): Report {
  const remote = inv.host !== undefined || inv.container !== undefined;
  let evidence: Evidence[] | undefined;
  let dynamic: string[] = [];
  let warned = false;
  return (id, opts) => {
    const { resources = [], ...rest } = opts;
    if (!evidence) {
      const key = `gcloud:${JSON.stringify(flags)}:${inv.env.CLOUDSDK_CONFIG}:${inv.env.CLOUDSDK_CORE_PROJECT}:${inv.env.CLOUDSDK_ACTIVE_CONFIG_NAME}:${inv.env.CLOUDSDK_CORE_ACCOUNT}:${inv.env.CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT}:${inv.env.HOME}:${remote}`;
      const r = ctx.memo(key, () => {
        const g = gcloudContext(flags, inv.env, !remote);
        return { evidence: gcloudProductionEvidence(g, ctx.production), dynamic: g.dynamic };
      });
      evidence = r.evidence;
      dynamic = r.dynamic;
    }
    const production = [...evidence, ...resources];
    ctx.report(id, { ...rest, ...(production.length ? { production } : {}) });
    if (dynamic.length && !warned && id !== "opaque") {
      warned = true;
      ctx.report("opaque", { data: { detail: `${dynamic.join(", ")} is computed at run time, so shellgate cannot tell whether the target is production` } });
    }
  };
}

const nameEvidence = (ctx: Ctx, words: readonly Word[], kind: string, where: string): Evidence[] =>
  words.flatMap((w) => {
    const e = w.value ? ctx.production.evidence(kind, w.value, where) : undefined;
    return e ? [e] : [];
  });

const bucketOf = (url: string | undefined): string | undefined => (url && /^gs:\/\//.test(url) ? url.slice(5).split("/")[0] || undefined : undefined);

function bucketEvidence(ctx: Ctx, words: readonly (Word | undefined)[]): Evidence[] {
  return words.flatMap((w) => {
    const b = bucketOf(w?.value);
    const e = b ? ctx.production.evidence("gcs-bucket", b, `bucket in ${w!.value} on the command line`) : undefined;
    return e ? [e] : [];
  });
}

const shown = (w: Word | undefined) => (w ? (w.value ?? w.raw) : "?");
const writesGcs = (w: Word | undefined) => !!w && (w.value === undefined || /^gs:\/\//.test(w.value));

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

/** `gcloud storage rm|cp|mv|rsync`: the object commands that take URLs. */
function checkGcloudStorage(ctx: Ctx, report: Report, cmd: Word, rest: Word[], p: ParsedArgs): void {
  const op = cmd.value!;
  const urls = rest;
  const tool = "gcloud";
  const data = { tool, path: `storage ${op}` };
  if (p.has("dry-run")) return;
  const acl = p.get("predefined-acl", "a");
  if (op !== "rm" && acl && /^public/i.test(acl)) report("public-access", { word: cmd, data: { ...data, detail: `--predefined-acl ${acl}` }, resources: bucketEvidence(ctx, urls) });
  const [src] = urls;
  const dst = urls[urls.length - 1];
  if (op === "rm") {
    const recursive = p.has("recursive", "r", "R");
    report(recursive ? "storage-rm-recursive" : "storage-rm", { word: cmd, data: { ...data, target: urls.map(shown).join(" ") || "?" }, resources: bucketEvidence(ctx, urls) });
  } else if (op === "mv") {
    report("storage-move", { word: cmd, data: { ...data, source: shown(src), target: shown(dst) }, resources: bucketEvidence(ctx, urls) });
  } else if (op === "rsync" && p.has("delete-unmatched-destination-objects")) {
    report("rsync-delete", { word: cmd, data: { ...data, source: shown(src), target: shown(dst) }, resources: bucketEvidence(ctx, [dst]) });
  } else if (urls.length >= 2 && writesGcs(dst)) {
    report("storage-write", { word: cmd, data: { ...data, target: shown(dst) }, resources: bucketEvidence(ctx, [dst]) });
  }
}

/** gsutil: `gsutil [-m -q -u proj -o opt -h hdr] command args`. */
function checkGsutil(inv: Invocation, ctx: Ctx): void {
  const top = parseArgs(inv.argv.slice(1), { value: ["h", "i", "o", "u"], stopAtPositional: true });
  const cmd = top.positionals[0];
  if (!cmd) return;
  if (cmd.value === undefined) {
    ctx.report("opaque", { word: cmd, data: { detail: `the gsutil command ${cmd.raw} is computed at run time` } });
    return;
  }
  const op = cmd.value;
  const valueLetters: Record<string, string[]> = { cp: ["a", "j", "z", "L", "s"], mv: ["a", "j", "z", "L", "s"], rsync: ["a", "j", "x", "y", "z"] };
  const p = parseArgs(top.positionals.slice(1), { value: valueLetters[op] ?? [] });
  const urls = p.positionals;
  const report = reporter(inv, ctx, {});
  const data = { tool: "gsutil", path: op };
  const [src] = urls;
  const dst = urls[urls.length - 1];
  const buckets = (ws: (Word | undefined)[]) => bucketEvidence(ctx, ws);
  const cannedPublic = (a: string | undefined) => !!a && /^public-read|^authenticated-read/.test(a);

  switch (op) {
    case "rm":
      report(p.has("r", "R") ? "storage-rm-recursive" : "storage-rm", { word: cmd, data: { ...data, target: urls.map(shown).join(" ") || "objects named on stdin" }, resources: buckets(urls) });
      return;
    case "rb":
      report("bucket-delete", { word: cmd, data: { ...data, target: urls.map(shown).join(" ") || "?" }, resources: buckets(urls) });
      return;
    case "mv":
      report("storage-move", { word: cmd, data: { ...data, source: shown(src), target: shown(dst) }, resources: buckets(urls) });
      return;
    case "rsync":
      if (p.has("n")) return;
      if (p.has("d")) report("rsync-delete", { word: cmd, data: { ...data, source: shown(src), target: shown(dst) }, resources: buckets([dst]) });
      else if (writesGcs(dst)) report("storage-write", { word: cmd, data: { ...data, target: shown(dst) }, resources: buckets([dst]) });
      if (cannedPublic(p.get("a"))) report("public-access", { word: cmd, data: { ...data, detail: `-a ${p.get("a")}` }, resources: buckets([dst]) });
      return;
    case "cp":
      if (cannedPublic(p.get("a"))) report("public-access", { word: cmd, data: { ...data, detail: `-a ${p.get("a")}` }, resources: buckets([dst]) });
      else if (urls.length >= 2 && writesGcs(dst)) report("storage-write", { word: cmd, data: { ...data, target: shown(dst) }, resources: buckets([dst]) });
      return;
    case "acl":
    case "defacl":
    case "iam": {
      const sub = urls[0]?.value;
      if (sub === "get") return;
      const rest = urls.slice(1).map((w) => w.value ?? "");
      const opened = [...rest, ...p.all("u", "g", "p")].find((v) => /allUsers|allAuthenticatedUsers|AllUsers|AllAuthenticatedUsers/.test(v) || cannedPublic(v));
      if (opened) report("public-access", { word: cmd, data: { ...data, path: `${op} ${sub ?? ""}`.trim(), detail: opened }, resources: buckets(urls) });
      else report("iam-change", { word: cmd, data: { ...data, path: `${op} ${sub ?? ""}`.trim(), role: "access on a bucket" }, resources: buckets(urls) });
      return;
    }
    case "ls": case "cat": case "du": case "stat": case "hash": case "version": case "help": case "signurl": case "config": case "perfdiag": case "test":
      return;
    default: {
      // mb, setmeta, lifecycle, versioning, label, notification, web, retention, rewrite, compose, kms ...: a change, unless it only reads.
      const sub = urls[0]?.value;
      if (sub === "get") return;
      report("mutate", { word: cmd, data: { ...data, target: dst ? ` (${shown(dst)})` : "" }, resources: buckets(urls) });
    }
  }
}

/** bq: absl flags (`--project_id=x`, `--flag value`, `--noflag`) before and after the command. */
const BQ_VALUE = [
  "project_id", "location", "dataset_id", "format", "apilog", "api", "api_version", "bigqueryrc", "job_id", "max_rows_per_request", "service_account",
  "credential_file", "destination_table", "parameter", "schema", "source_format", "field_delimiter", "time_partitioning_field", "clustering_fields",
  "label", "description", "expiration", "default_table_expiration", "max_rows", "n", "start_row", "s", "j", "max_bad_records", "session_id",
  "connection_property", "destination_kms_key", "maximum_bytes_billed", "batch", "sync",
];

function checkBq(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: BQ_VALUE, singleDashLong: true, bundling: false });
  const [cmd, ...args] = p.positionals;
  if (!cmd) return;
  if (cmd.value === undefined) {
    ctx.report("opaque", { word: cmd, data: { detail: `the bq command ${cmd.raw} is computed at run time` } });
    return;
  }
  const op = cmd.value;
  const projectFlag = flagFrom(p, "project_id");
  const refProject = args.map((w) => /^([a-z][\w.-]*):/.exec(w.value ?? "")?.[1]).find(Boolean);
  const flags: GcloudFlags = projectFlag ? { project: projectFlag } : refProject ? { project: { value: refProject } } : {};
  const report = reporter(inv, ctx, flags);
  const resources = nameEvidence(ctx, args, "bq-resource", `name in bq ${op}`);
  const target = args.map(shown).join(" ") || "?";
  const data = { tool: "bq", path: op, target };
  const force = (...n: string[]) => p.options.some((o) => n.includes(o.name) && !/^(false|0)$/i.test(o.value ?? ""));

  switch (op) {
    case "rm":
      report("bq-remove", { word: cmd, data, resources });
      return;
    case "load":
      if (force("replace")) report("bq-overwrite", { word: cmd, data: { ...data, command: op, detail: "--replace overwrites", target: shown(args[0]) }, resources });
      else report("mutate", { word: cmd, data: { ...data, target: ` (${shown(args[0])})` }, resources });
      return;
    case "cp":
      if (force("f", "force")) report("bq-overwrite", { word: cmd, data: { ...data, command: op, detail: "-f overwrites", target: shown(args[args.length - 1]) }, resources });
      else report("mutate", { word: cmd, data: { ...data, target: ` (${shown(args[args.length - 1])})` }, resources });
      return;
    case "query":
      checkBqQuery(inv, ctx, report, cmd, args, p, resources);
      return;
    case "ls": case "show": case "head": case "help": case "version": case "wait": case "extract": case "init": case "shell": case "info":
      return;
    default:
      // mk, update, insert, cancel, add-iam-policy-binding and the rest change something.
      if (/^(add-iam-policy-binding|set-iam-policy)$/.test(op)) report("iam-change", { word: cmd, data: { ...data, role: p.get("role") ?? "access" }, resources });
      else report("mutate", { word: cmd, data: { ...data, target: ` (${target})` }, resources });
  }
}

function checkBqQuery(inv: Invocation, ctx: Ctx, report: Report, cmd: Word, args: Word[], p: ParsedArgs, resources: Evidence[]): void {
  if (p.has("dry_run")) return;
  let sql: string | undefined;
  if (args.length) {
    if (args.some((w) => w.value === undefined)) {
      ctx.report("opaque", { word: args.find((w) => w.value === undefined)!, data: { detail: "the bq query text is computed at run time" } });
      return;
    }
    sql = args.map((w) => w.value).join(" ");
  } else if (inv.stdin?.kind === "static") sql = inv.stdin.text;
  else {
    ctx.report("opaque", { word: cmd, data: { detail: "bq query reads its SQL from standard input that shellgate cannot see" } });
    return;
  }
  const statements = classifySql(sql, "generic");
  const destroying = statements.find((st) => isDestructive(st.kind));
  const data = { tool: "bq", path: "query", target: "" };
  if (statements.some((st) => st.kind === "dynamic")) {
    ctx.report("opaque", { word: cmd, data: { detail: "bq query runs SQL built at run time (EXECUTE IMMEDIATE)" } });
  }
  if (destroying) report("bq-destroy-sql", { word: cmd, data: { ...data, statement: destroying.target ? `${destroying.verb} ${destroying.target}` : destroying.verb }, resources });
  const granting = statements.find((st) => st.kind === "privilege");
  if (granting) report("iam-change", { word: cmd, data: { ...data, role: granting.text.replace(/^GRANT\s+/i, "") }, resources });
  const dest = p.hit("destination_table");
  if (dest && p.options.some((o: OptionHit) => o.name === "replace" && !/^(false|0)$/i.test(o.value ?? ""))) {
    report("bq-overwrite", { word: cmd, data: { ...data, command: "query", detail: "--replace overwrites", target: dest.value ?? "?" }, resources });
  } else if (!destroying && !granting && (dest || statements.some((st) => st.kind === "write" || st.kind === "admin"))) {
    report("mutate", { word: cmd, data: { ...data, target: dest?.value ? ` (${dest.value})` : "" }, resources });
  }
}
