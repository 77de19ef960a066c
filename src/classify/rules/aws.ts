// Rule pack for the AWS CLI: every service operation classified by its verb, s3 file commands, IAM grants, production profiles.
import type { Evidence, Invocation, Risk, Word } from "../../types.js";
import { awsContext, awsProductionEvidence } from "../../context/aws.js";
import { defineRule, type ReportOptions, type RuleContext } from "../rule.js";

/** Global options that take a value (they may appear before the service, between service and operation, or after). */
const GLOBAL_VALUE = new Set(["profile", "region", "endpoint-url", "output", "query", "color", "ca-bundle", "cli-read-timeout", "cli-connect-timeout", "cli-binary-format"]);
const GLOBAL_FLAG = new Set(["debug", "no-verify-ssl", "no-paginate", "no-sign-request", "no-cli-pager", "cli-auto-prompt", "no-cli-auto-prompt", "version", "help"]);

/** Operation verbs (the first word of `describe-instances`) that only read. */
const READ_VERBS = new Set([
  "describe", "list", "get", "head", "validate", "tail", "scan", "query", "lookup", "search", "estimate", "test", "filter", "download", "simulate",
  "wait", "preview", "check", "detect", "view", "select", "verify", "decode", "generate", "compare", "discover", "poll", "help", "assume", "sign",
  "encrypt", "decrypt", "re", "count", "evaluate", "retrieve",
]);
/** Verbs that delete, stop or cut something off; `stop`/`reboot` interrupt service, `detach`/`revoke` remove access or storage. */
const DESTROY_VERBS = new Set([
  "delete", "terminate", "remove", "purge", "deregister", "detach", "revoke", "disable", "stop", "reboot", "cancel", "reset", "deactivate",
  "disassociate", "release", "abort", "close", "leave", "retire", "deprovision", "unassign", "unsubscribe", "unshare", "unlink", "unmonitor",
  "suspend", "failover", "rebuild", "restart", "withdraw", "decommission", "discard", "erase", "empty", "flush", "uninstall", "drop",
]);
/** Whole operation names whose verb alone would mislead. */
const OPERATION_KIND: Record<string, Kind> = { "schedule-key-deletion": "destroy" };

/** Commands that only change local files (kubeconfig, CLI config, SSO cache), never the account. */
const LOCAL = new Set(["configure", "history", "cli-dev", "eks update-kubeconfig", "codeartifact login", "sso login", "sso logout"]);

const REMOTE_EXEC = new Set(["ssm send-command", "ssm start-session", "ecs execute-command", "ec2-instance-connect send-ssh-public-key", "ec2-instance-connect ssh"]);

/** Options whose presence removes the safety net of a delete or change. */
const UNSAFE_FLAGS = [
  /^skip-final(-[a-z]+)?-snapshot$/,
  /^force-delete-without-recovery$/,
  /^no-(enable-)?(deletion|termination)-protection(-enabled)?$/,
  /^no-disable-api-termination$/,
  /^delete-automated-backups$/,
];
const FORCE_ON_DELETE = /^force(-delete|-destroy)?$/;

/** Options that name the resource an operation acts on: their values are checked against production patterns. */
const RESOURCE_OPTION = /(^|-)(name|names|id|ids|identifier|identifiers|arn|arns|bucket|cluster|service|function|stack|table|url|alias|environment|stage)$/;

const ADMIN_POLICY = /(^|\/)(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;
const ADMIN_DOCUMENT = /"Action"\s*:\s*\[?\s*"(\*|iam:\*)"/;

type Kind = "read" | "destroy" | "mutate";

interface Opt {
  name: string;
  word: Word;
  /** Value written as `--name=value`. */
  eq?: string;
  /** Words following the option up to the next option (aws list parameters take several). */
  values: Word[];
}

interface AwsCall {
  service?: Word;
  operation?: Word;
  /** Options before the operation (globals). */
  pre: Opt[];
  /** Words after the operation, unparsed: s3 file commands and API operations read them differently. */
  after: Word[];
}

/** Splits `aws [globals] service [globals] operation rest...`. */
export function parseAwsCall(argv: readonly Word[]): AwsCall {
  const call: AwsCall = { pre: [], after: [] };
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const a = w.value;
    if (a !== undefined && a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const opt: Opt = { name: eq >= 0 ? a.slice(2, eq) : a.slice(2), word: w, values: [] };
      if (eq >= 0) opt.eq = a.slice(eq + 1);
      else if (GLOBAL_VALUE.has(opt.name) && i + 1 < argv.length) opt.values.push(argv[++i]!);
      call.pre.push(opt);
      continue;
    }
    if (!call.service) call.service = w;
    else {
      call.operation = w;
      call.after = argv.slice(i + 1);
      break;
    }
  }
  return call;
}

/** API operation options: `--name value...` runs, `--name=value`, and leading positionals (`aws ec2 wait instance-running`). */
export function parseOperationArgs(words: readonly Word[]): { options: Opt[]; positionals: Word[] } {
  const options: Opt[] = [];
  const positionals: Word[] = [];
  let cur: Opt | undefined;
  for (const w of words) {
    const a = w.value;
    if (a !== undefined && a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const opt: Opt = { name: eq >= 0 ? a.slice(2, eq) : a.slice(2), word: w, values: [] };
      if (eq >= 0) opt.eq = a.slice(eq + 1);
      options.push(opt);
      cur = eq >= 0 || GLOBAL_FLAG.has(opt.name) ? undefined : opt;
      continue;
    }
    if (cur) cur.values.push(w);
    else positionals.push(w);
  }
  return { options, positionals };
}

const S3_VALUE = new Set([
  ...GLOBAL_VALUE, "exclude", "include", "acl", "grants", "sse-kms-key-id", "sse-c-key", "sse-c-copy-source-key", "storage-class", "website-redirect",
  "content-type", "cache-control", "content-disposition", "content-encoding", "content-language", "expires", "metadata", "metadata-directive",
  "copy-props", "source-region", "page-size", "expected-size", "expires-in", "checksum-algorithm", "index-document", "error-document",
]);
/** Options whose value is optional: they take the next word only when it is one of their choices. */
const S3_OPTIONAL_VALUE: Record<string, Set<string>> = {
  sse: new Set(["AES256", "aws:kms", "aws:kms:dsse"]),
  "sse-c": new Set(["AES256"]),
  "sse-c-copy-source": new Set(["AES256"]),
  "request-payer": new Set(["requester"]),
};

/** s3 file commands: paths are positionals, most options are flags. */
export function parseS3Args(words: readonly Word[]): { options: Opt[]; positionals: Word[] } {
  const options: Opt[] = [];
  const positionals: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const a = w.value;
    if (a !== undefined && a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const opt: Opt = { name: eq >= 0 ? a.slice(2, eq) : a.slice(2), word: w, values: [] };
      if (eq >= 0) opt.eq = a.slice(eq + 1);
      else if (S3_VALUE.has(opt.name) && i + 1 < words.length) opt.values.push(words[++i]!);
      else if (S3_OPTIONAL_VALUE[opt.name]?.has(words[i + 1]?.value ?? "")) opt.values.push(words[++i]!);
      options.push(opt);
      continue;
    }
    positionals.push(w);
  }
  return { options, positionals };
}

const optValue = (o: Opt | undefined): string | undefined => (o ? (o.eq ?? o.values[0]?.value) : undefined);
const optDynamic = (o: Opt): boolean => o.eq === undefined && o.values.length > 0 && o.values[0]!.value === undefined;
const optValues = (o: Opt): string[] => (o.eq !== undefined ? [o.eq] : o.values.flatMap((w) => (w.value === undefined ? [] : [w.value])));
const last = (opts: Opt[], ...names: string[]): Opt | undefined => {
  for (let i = opts.length - 1; i >= 0; i--) if (names.includes(opts[i]!.name)) return opts[i];
  return undefined;
};

/** read, destroy or mutate, from the operation's verb; unknown verbs count as changes. */
export function operationKind(operation: string): Kind {
  const op = operation.toLowerCase();
  if (OPERATION_KIND[op]) return OPERATION_KIND[op]!;
  const parts = op.split("-");
  let i = 0;
  // `admin-delete-user` (cognito), `batch-delete-item` (dynamodb): the verb follows the prefix; `batch-get-*` stays a read.
  while (i < parts.length - 1 && (parts[i] === "admin" || parts[i] === "batch")) i++;
  const verb = parts[i]!;
  if (READ_VERBS.has(verb)) return "read";
  if (DESTROY_VERBS.has(verb)) return "destroy";
  return "mutate";
}

/** Endpoints of local emulators (LocalStack, MinIO on localhost): nothing there is production or irreplaceable. */
function isLocalEndpoint(url: string | undefined): boolean {
  if (!url) return false;
  const host = /^[a-z]+:\/\/(\[[^\]]+\]|[^/:]+)/i.exec(url)?.[1]?.toLowerCase();
  return !!host && (/^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal|localstack)$/.test(host) || host.endsWith(".localhost.localstack.cloud") || host.endsWith(".localhost"));
}

/** Why a mutating call opens something to everyone, or undefined. */
function publicAccess(operation: string, options: Opt[]): string | undefined {
  for (const o of options) {
    for (const v of optValues(o)) {
      if (o.name === "acl" && /^(public-read|public-read-write|authenticated-read)$/.test(v)) return `--acl ${v}`;
      if (/^grant|^grants$/.test(o.name) && /AllUsers|AuthenticatedUsers/.test(v)) return `--${o.name} to all users`;
      if (o.name === "principal" && v === "*") return "--principal *";
      if (/"Principal"\s*:\s*("\*"|\{\s*"AWS"\s*:\s*"\*")/.test(v)) return `a policy with Principal "*"`;
      if (/^(group-names|values-to-add)$/.test(o.name) && v === "all") return `--${o.name} all`;
      if (/Group=all\b/.test(v)) return "shared with all accounts";
      if (/(Block\w+|Restrict\w+)"?\s*[=:]\s*false/i.test(v)) return "public access block turned off";
      if ((/^authorize-/.test(operation) || /^(cidr|cidr-ip|cidr-ipv6|ip-permissions)$/.test(o.name)) && /(^|[^\d.])0\.0\.0\.0\/0|::\/0/.test(v)) return "open to 0.0.0.0/0";
    }
    if (o.name === "publicly-accessible") return "--publicly-accessible";
  }
  return undefined;
}

type Privilege = { id: "iam-admin-grant" | "iam-policy-change" | "credential-create" | "resource-policy"; detail: string };

/** IAM and resource-policy operations: who may do what. */
function privilege(service: string, op: string, options: Opt[]): Privilege | undefined {
  const get = (n: string) => optValue(last(options, n));
  if (service === "iam") {
    if (/^attach-(user|role|group)-policy$/.test(op)) {
      const arn = get("policy-arn") ?? "";
      return ADMIN_POLICY.test(arn) ? { id: "iam-admin-grant", detail: arn.slice(arn.lastIndexOf("/") + 1) } : { id: "iam-policy-change", detail: arn || "a policy" };
    }
    if (/^put-(user|role|group)-policy$/.test(op)) {
      const doc = get("policy-document") ?? "";
      return ADMIN_DOCUMENT.test(doc) ? { id: "iam-admin-grant", detail: 'an inline policy allowing "*"' } : { id: "iam-policy-change", detail: "an inline policy" };
    }
    if (op === "add-user-to-group") {
      const group = get("group-name") ?? "";
      return /admin/i.test(group) ? { id: "iam-admin-grant", detail: `group ${group}` } : { id: "iam-policy-change", detail: `group ${group || "?"}` };
    }
    if (/^(update-assume-role-policy|create-policy-version|set-default-policy-version|put-(user|role)-permissions-boundary|add-role-to-instance-profile|create-(saml|open-id-connect)-provider)$/.test(op))
      return { id: "iam-policy-change", detail: op };
    if (/^(create-access-key|create-login-profile|update-login-profile|(create|reset)-service-specific-credential|upload-ssh-public-key|upload-signing-certificate|create-virtual-mfa-device)$/.test(op))
      return { id: "credential-create", detail: op };
    if (op === "update-access-key" && /^active$/i.test(get("status") ?? "")) return { id: "credential-create", detail: "re-activates an access key" };
    return undefined;
  }
  if (service === "sso-admin" && /^(create-account-assignment|attach-managed-policy-to-permission-set|put-inline-policy-to-permission-set|attach-customer-managed-policy-reference-to-permission-set|put-permissions-boundary-to-permission-set)$/.test(op)) {
    const arn = get("managed-policy-arn") ?? "";
    return ADMIN_POLICY.test(arn) || ADMIN_DOCUMENT.test(get("inline-policy") ?? "") ? { id: "iam-admin-grant", detail: "administrator access" } : { id: "iam-policy-change", detail: op };
  }
  if (/^(put|set)-([a-z]+-)*policy$/.test(op) || /^(add-permission|create-grant|put-(bucket|object)-acl)$/.test(op)) return { id: "resource-policy", detail: op };
  return undefined;
}

const bucketOf = (url: string | undefined): string | undefined => (url?.startsWith("s3://") ? url.slice(5).split("/")[0] || undefined : undefined);

export default defineRule({
  name: "aws",
  description: "AWS CLI: deletes, changes, IAM grants and s3 file commands, with the target profile's production context.",
  programs: ["aws"],
  findings: {
    destroy: {
      risk: "high",
      categories: ["destroy"],
      message: "aws {service} {operation} deletes, stops or detaches AWS resources{target}",
      hint: "check the profile, region and target; take a snapshot or backup first, and run it yourself if it is intended",
      description: "An API operation whose verb deletes, terminates, stops, detaches or revokes.",
    },
    "unsafe-flag": {
      risk: "high",
      categories: ["destroy"],
      message: "{flag} removes the safety net of aws {service} {operation}",
      hint: "drop {flag} so a final snapshot, recovery window or deletion protection remains",
      description: "Flags such as --skip-final-snapshot, --force-delete-without-recovery or --no-deletion-protection.",
    },
    mutate: {
      risk: "low",
      categories: ["mutate"],
      message: "aws {service} {operation} changes AWS resources{target}",
      hint: "run it against a non-production profile first",
      description: "An API operation that creates, updates, starts or deploys (production targets ask).",
    },
    "remote-exec": {
      risk: "medium",
      categories: ["mutate", "remote-code"],
      message: "aws {service} {operation} runs commands on instances or containers",
      hint: "run the commands against a non-production instance first",
      description: "ssm send-command, ecs execute-command and other remote execution.",
    },
    "iam-admin-grant": {
      risk: "high",
      categories: ["privilege"],
      message: "aws {service} {operation} grants administrator access ({detail})",
      hint: "grant a policy scoped to the actions and resources needed",
      description: "Attaching AdministratorAccess-like policies, inline policies allowing *, joining an admin group.",
    },
    "iam-policy-change": {
      risk: "high",
      categories: ["privilege"],
      message: "aws {service} {operation} changes who may do what in the account ({detail})",
      hint: "have a person review the permission change",
      description: "IAM policy attachments, inline policies, trust policies and permission sets.",
    },
    "credential-create": {
      risk: "high",
      categories: ["privilege"],
      message: "aws {service} {operation} creates long-lived credentials",
      hint: "use roles and short-lived credentials instead of access keys or passwords",
      description: "Access keys, console passwords, service-specific credentials, SSH keys for IAM users.",
    },
    "resource-policy": {
      risk: "medium",
      categories: ["privilege", "mutate"],
      message: "aws {service} {operation} changes who may access a resource",
      hint: "review the policy document before applying it",
      description: "Bucket, key, queue, function and repository policies and grants.",
    },
    "public-access": {
      risk: "high",
      categories: ["exfiltrate", "mutate"],
      message: "aws {service} {operation} opens access to everyone ({detail})",
      hint: "grant access to specific principals or address ranges",
      description: "Public ACLs, Principal *, snapshots shared with all accounts, security groups open to 0.0.0.0/0.",
    },
    "s3-rm": {
      risk: "high",
      categories: ["destroy"],
      message: "aws s3 rm deletes {target}",
      hint: "check the key, or enable versioning so the object can be restored",
      description: "Deleting an S3 object.",
    },
    "s3-rm-recursive": {
      risk: "high",
      categories: ["destroy"],
      message: "aws s3 rm --recursive deletes every object under {target}",
      hint: "list what would go with --dryrun first",
      description: "Deleting every object under an S3 prefix or bucket.",
    },
    "s3-rb": {
      risk: "high",
      categories: ["destroy"],
      message: "aws s3 rb deletes bucket {target}",
      hint: "check the bucket name and profile",
      description: "Deleting an S3 bucket.",
    },
    "s3-rb-force": {
      risk: "high",
      categories: ["destroy"],
      message: "aws s3 rb --force deletes every object in {target} and then the bucket",
      hint: "back the bucket up first, or empty it deliberately",
      description: "Deleting a bucket with all its objects.",
    },
    "s3-sync-delete": {
      risk: "high",
      categories: ["destroy", "mutate"],
      message: "aws s3 sync --delete deletes whatever in {target} is not in {source}",
      hint: "preview with --dryrun, or sync without --delete",
      description: "sync --delete removes destination files missing from the source.",
    },
    "s3-move": {
      risk: "medium",
      categories: ["mutate"],
      message: "aws s3 mv moves {source} to {target}, deleting the source",
      hint: "copy with aws s3 cp and delete the source once the copy is checked",
      description: "Moving objects into, out of or within S3.",
    },
    "s3-write": {
      risk: "low",
      categories: ["mutate"],
      message: "aws s3 {operation} writes to {target}",
      hint: "write to a non-production bucket first",
      description: "Uploading or copying into S3 (production buckets and profiles ask).",
    },
    opaque: {
      risk: "high",
      categories: ["opaque"],
      message: "{detail}",
      hint: "write the AWS service, operation and profile literally so they can be checked",
      description: "A service, operation or profile computed at run time.",
    },
  },
  check(inv, ctx) {
    const call = parseAwsCall(inv.argv);
    if (!call.service || !call.operation) return;
    const service = call.service.value;
    const operation = call.operation.value;
    if (service === undefined || operation === undefined) {
      const which = service === undefined ? call.service : call.operation;
      ctx.report("opaque", { word: which, data: { detail: `the AWS ${service === undefined ? "service" : "operation"} ${which.raw} is computed at run time` } });
      return;
    }
    if (operation === "help" || LOCAL.has(service) || LOCAL.has(`${service} ${operation}`)) return;
    if (service === "s3") checkS3(inv, ctx, call, operation);
    else checkOperation(inv, ctx, call, service, operation);
  },
});

type Ctx = RuleContext<string>;

/** Reports with the production context (profile, role, account) and resource evidence attached; local emulators cap the risk. */
function reporter(inv: Invocation, ctx: Ctx, options: Opt[]) {
  const profileOpt = last(options, "profile");
  const endpoint = optValue(last(options, "endpoint-url")) ?? inv.env.AWS_ENDPOINT_URL;
  const local = isLocalEndpoint(endpoint);
  const remote = inv.host !== undefined || inv.container !== undefined;
  let ctxEvidence: Evidence[] | undefined;
  const contextEvidence = (): Evidence[] => {
    if (ctxEvidence) return ctxEvidence;
    const flag = profileOpt ? { ...(optValue(profileOpt) !== undefined ? { value: optValue(profileOpt)! } : {}), dynamic: optDynamic(profileOpt) } : undefined;
    const key = `aws:${flag ? `flag:${flag.value}` : `env:${inv.env.AWS_PROFILE}:${inv.env.AWS_DEFAULT_PROFILE}`}:${inv.env.AWS_CONFIG_FILE}:${inv.env.HOME}:${inv.env.AWS_ROLE_ARN}:${remote}`;
    ctxEvidence = ctx.memo(key, () => awsProductionEvidence(awsContext(flag, inv.env, !remote), ctx.production, inv.env));
    return ctxEvidence;
  };
  let warnedDynamic = false;
  return (id: string, opts: ReportOptions & { resources?: Evidence[]; spec: Risk }) => {
    const { resources = [], spec, ...rest } = opts;
    if (local) {
      ctx.report(id, { ...rest, risk: spec === "high" ? "medium" : spec, evidence: [{ kind: "aws-endpoint", value: endpoint!, source: "a local emulator endpoint" }] });
      return;
    }
    const production = [...contextEvidence(), ...resources];
    ctx.report(id, { ...rest, ...(production.length ? { production } : {}) });
    if (profileOpt && optDynamic(profileOpt) && !warnedDynamic) {
      warnedDynamic = true;
      ctx.report("opaque", { word: profileOpt.word, data: { detail: "the AWS profile is computed at run time, so shellgate cannot tell whether it is production" } });
    }
  };
}

function resourceEvidence(ctx: Ctx, options: Opt[]): { evidence: Evidence[]; target: string } {
  const evidence: Evidence[] = [];
  let target = "";
  for (const o of options) {
    if (GLOBAL_VALUE.has(o.name) || !RESOURCE_OPTION.test(o.name)) continue;
    for (const v of optValues(o)) {
      if (!target) target = ` (--${o.name} ${v})`;
      const e = ctx.production.evidence("aws-resource", v, `--${o.name} on the command line`);
      if (e) evidence.push(e);
    }
  }
  return { evidence, target };
}

function checkOperation(inv: Invocation, ctx: Ctx, call: AwsCall, service: string, operation: string): void {
  const { options: opOptions } = parseOperationArgs(call.after);
  const options = [...call.pre, ...opOptions];
  // EC2's --dry-run and --generate-cli-skeleton only check permissions or print a template: nothing changes.
  if (last(options, "dry-run", "generate-cli-skeleton")) return;
  const op = operation.toLowerCase();
  const kind = operationKind(op);
  if (kind === "read") return;
  const report = reporter(inv, ctx, options);
  const { evidence: resources, target } = resourceEvidence(ctx, opOptions);
  const data = { service, operation, target };
  const word = call.operation!;

  const priv = privilege(service, op, opOptions);
  const pub = kind === "mutate" ? publicAccess(op, opOptions) : undefined;
  if (pub) report("public-access", { word, data: { ...data, detail: pub }, resources, spec: "high" });
  if (priv) report(priv.id, { word, data: { ...data, detail: priv.detail }, resources, spec: priv.id === "resource-policy" ? "medium" : "high" });
  else if (kind === "destroy") report("destroy", { word, data, resources, spec: "high" });
  else if (REMOTE_EXEC.has(`${service} ${op}`)) report("remote-exec", { word, data, resources, spec: "medium" });
  else if (!pub) report("mutate", { word, data, resources, spec: "low" });

  for (const o of opOptions) {
    if (UNSAFE_FLAGS.some((re) => re.test(o.name)) || (kind === "destroy" && FORCE_ON_DELETE.test(o.name))) {
      report("unsafe-flag", { word: o.word, data: { ...data, flag: `--${o.name}` }, resources, spec: "high" });
    }
  }
}

function checkS3(inv: Invocation, ctx: Ctx, call: AwsCall, operation: string): void {
  const { options: s3Options, positionals } = parseS3Args(call.after);
  const options = [...call.pre, ...s3Options];
  if (last(options, "dryrun", "generate-cli-skeleton")) return;
  const has = (n: string) => options.some((o) => o.name === n);
  const report = reporter(inv, ctx, options);
  const [src, dst] = positionals;
  const shown = (w: Word | undefined) => (w ? (w.value ?? w.raw) : "?");
  const buckets = (...ws: (Word | undefined)[]): Evidence[] =>
    ws.flatMap((w) => {
      const b = bucketOf(w?.value);
      const e = b ? ctx.production.evidence("s3-bucket", b, `bucket in ${w!.value} on the command line`) : undefined;
      return e ? [e] : [];
    });
  const word = call.operation!;
  const pub = publicAccess("", s3Options);
  if (pub) report("public-access", { word, data: { service: "s3", operation, detail: pub }, resources: buckets(src, dst), spec: "high" });

  switch (operation) {
    case "ls":
    case "presign":
      return;
    case "rm":
      report(has("recursive") ? "s3-rm-recursive" : "s3-rm", { word, data: { target: shown(src) }, resources: buckets(src), spec: "high" });
      return;
    case "rb":
      report(has("force") ? "s3-rb-force" : "s3-rb", { word, data: { target: shown(src) }, resources: buckets(src), spec: "high" });
      return;
    case "mv":
      report("s3-move", { word, data: { source: shown(src), target: shown(dst) }, resources: buckets(src, dst), spec: "medium" });
      return;
    case "sync":
      if (has("delete")) report("s3-sync-delete", { word, data: { source: shown(src), target: shown(dst) }, resources: buckets(dst), spec: "high" });
      else if (writesS3(dst)) report("s3-write", { word, data: { operation, target: shown(dst) }, resources: buckets(dst), spec: "low" });
      return;
    case "cp":
      if (writesS3(dst) && !pub) report("s3-write", { word, data: { operation, target: shown(dst) }, resources: buckets(dst), spec: "low" });
      return;
    default:
      // mb, website and commands added later: a change to the bucket named.
      report("mutate", { word, data: { service: "s3", operation, target: src ? ` (${shown(src)})` : "" }, resources: buckets(src), spec: "low" });
  }
}

/** The destination is a bucket, or cannot be known (then it may be one). */
const writesS3 = (dst: Word | undefined): boolean => !!dst && (dst.value === undefined || dst.value.startsWith("s3://"));
