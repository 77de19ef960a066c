// What an AWS API operation does: read, change or destroy from its verb, public access, IAM and credential grants, local emulators.
import { last, optValue, optValues, type Opt } from "./parse.js";

/** Operation verbs (the first word of `describe-instances`) that only read. */
export const READ_VERBS = new Set([
  "describe", "list", "get", "head", "validate", "tail", "scan", "query", "lookup", "search", "estimate", "test", "filter", "download", "simulate",
  "wait", "preview", "check", "detect", "view", "select", "verify", "decode", "generate", "compare", "discover", "poll", "help", "assume", "sign",
  "encrypt", "decrypt", "re", "count", "evaluate", "retrieve",
]);
/** Verbs that delete, stop or cut something off; `stop`/`reboot` interrupt service, `detach`/`revoke` remove access or storage. */
export const DESTROY_VERBS = new Set([
  "delete", "terminate", "remove", "purge", "deregister", "detach", "revoke", "disable", "stop", "reboot", "cancel", "reset", "deactivate",
  "disassociate", "release", "abort", "close", "leave", "retire", "deprovision", "unassign", "unsubscribe", "unshare", "unlink", "unmonitor",
  "suspend", "failover", "rebuild", "restart", "withdraw", "decommission", "discard", "erase", "empty", "flush", "uninstall", "drop",
]);
/** Whole operation names whose verb alone would mislead. */
export const OPERATION_KIND: Record<string, Kind> = {
  "schedule-key-deletion": "destroy",
  // Undoing a pending deletion, or stopping a query, destroys nothing.
  "cancel-key-deletion": "mutate",
  "cancel-deletion": "mutate",
  "stop-query": "mutate",
  "stop-query-execution": "mutate",
  "cancel-statement": "mutate",
  "cancel-update-stack": "mutate",
};

/** Commands that only change local files (kubeconfig, CLI config, SSO cache), never the account. */
export const LOCAL = new Set(["configure", "history", "cli-dev", "eks update-kubeconfig", "codeartifact login", "sso login", "sso logout"]);

export const REMOTE_EXEC = new Set(["ssm send-command", "ssm start-session", "ecs execute-command", "ec2-instance-connect send-ssh-public-key", "ec2-instance-connect ssh"]);

/** Options whose presence removes the safety net of a delete or change. */
export const UNSAFE_FLAGS = [
  /^skip-final(-[a-z]+)?-snapshot$/,
  /^force-delete-without-recovery$/,
  /^no-(enable-)?(deletion|termination)-protection(-enabled)?$/,
  /^no-disable-api-termination$/,
  /^delete-automated-backups$/,
];
export const FORCE_ON_DELETE = /^force(-delete|-destroy)?$/;

/** Options that name the resource an operation acts on: their values are checked against production patterns. */
export const RESOURCE_OPTION = /(^|-)(name|names|id|ids|identifier|identifiers|arn|arns|bucket|cluster|service|function|stack|table|url|alias|environment|stage|targets)$/;

const ADMIN_POLICY = /(^|\/)(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;
const ADMIN_DOCUMENT = /"Action"\s*:\s*\[?\s*"(\*|iam:\*)"/;

export type Kind = "read" | "destroy" | "mutate";

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
export function isLocalEndpoint(url: string | undefined): boolean {
  if (!url) return false;
  const host = /^[a-z]+:\/\/(\[[^\]]+\]|[^/:]+)/i.exec(url)?.[1]?.toLowerCase();
  return !!host && (/^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal|localstack)$/.test(host) || host.endsWith(".localhost.localstack.cloud") || host.endsWith(".localhost"));
}

/** Why a mutating call opens something to everyone, or undefined. */
export function publicAccess(operation: string, options: Opt[]): string | undefined {
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

export type Privilege = { id: "iam-admin-grant" | "iam-policy-change" | "credential-create" | "resource-policy"; detail: string };

/** IAM and resource-policy operations: who may do what. */
export function privilege(service: string, op: string, options: Opt[]): Privilege | undefined {
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
