// GitOps CLIs that drive a cluster (argocd, flux): deleting applications or their sources, and syncs, rollbacks and suspensions on production.
import type { Evidence, Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { RuleContext } from "../../rule.js";
import { kubeEvidence, kubeTarget, serverHost } from "../../../context/kube.js";
import { kubeFlags, KUBECTL_GLOBAL_VALUE } from "./shared.js";
import type { Id } from "./command.js";

const ARGOCD_VALUE = [
  "server", "auth-token", "config", "header", "H", "kube-context", "loglevel", "logformat", "port-forward-namespace", "redis-haproxy-name", "redis-name",
  "repo-server-name", "server-name", "server-crt", "client-crt", "client-crt-key", "http-retry-max", "argocd-context", "o", "output", "revision", "resource",
  "label", "l", "selector", "timeout", "retry-limit", "strategy", "project", "p", "dest-namespace", "dest-server", "dest-name", "repo", "path", "kind", "group",
  "namespace", "N", "app-namespace", "propagation-policy", "name", "parameter", "values", "sync-option", "local", "source-position", "source-name",
];

/** Commands (the word after the group) that only read or act on this machine. */
const ARGOCD_READS = /^(list|get|diff|history|manifests|logs|resources|wait|version|list-resources|man|completion|login|logout|context|relogin|help|can-i|info|show|list-tokens)$/;

/** argocd GROUP COMMAND [NAME]: deletes ask; changes ask when the app, project, server or kube context is named for production. */
export function argocd(inv: Invocation, ctx: RuleContext<Id>): void {
  const o = parseArgs(inv.argv.slice(1), { value: ARGOCD_VALUE });
  const [groupW, cmdW, nameW] = o.positionals;
  const group = groupW?.value;
  const cmd = cmdW?.value;
  if (!groupW || group === undefined || /^(version|login|logout|context|relogin|completion|help|admin)$/.test(group)) return;
  if (!cmdW || cmd === undefined || ARGOCD_READS.test(cmd) || o.has("dry-run", "preview-changes", "h", "help")) return;
  const name = nameW?.value;
  const production: Evidence[] = [];
  const add = (e: Evidence | undefined) => e && !production.some((p) => p.value === e.value) && production.push(e);
  if (name) add(ctx.production.evidence("argocd-app", name, `${group} named on the command line`));
  for (const [flag, kind] of [["project", "argocd-project"], ["p", "argocd-project"], ["dest-namespace", "kube-namespace"], ["kube-context", "kube-context"], ["argocd-context", "argocd-context"]] as const) {
    const v = o.get(flag);
    if (v) add(ctx.production.evidence(kind, v, `--${flag} flag`));
  }
  const server = o.get("server") ?? inv.env.ARGOCD_SERVER;
  if (server) add(ctx.production.evidence("host", serverHost(server), o.get("server") ? "--server flag" : "ARGOCD_SERVER"));
  const what = `${group} ${name ?? nameW?.raw ?? ""}`.trim();
  const word = nameW ?? cmdW;
  const opts = { word, data: { program: "argocd", what, verb: `${group} ${cmd}`, where: production.length ? `(${production.map((p) => p.value).join(", ")})` : "" }, ...(production.length ? { production } : {}) };
  // Deleting an application cascades to every resource it manages unless told not to.
  if (/^(delete|rm|remove|delete-resource)$/.test(cmd)) {
    const keeps = group === "app" && /^false$/i.test(o.get("cascade") ?? "");
    return void ctx.report(keeps ? "gitops-change" : "gitops-delete", opts);
  }
  if (group === "account" && /^(generate-token|update-password)$/.test(cmd)) return void ctx.report("create-token", { word, data: { what: name ?? "the current account", where: "" } });
  ctx.report("gitops-change", opts);
}

const FLUX_VALUE = [...KUBECTL_GLOBAL_VALUE, "timeout", "kind", "source", "path", "interval", "branch", "tag", "url", "chart", "export", "label", "l", "owner", "repository", "components", "components-extra"];

/** flux VERB [KIND NAME]: delete and uninstall ask; reconcile, suspend, resume, create and bootstrap ask on production contexts and namespaces. */
export function flux(inv: Invocation, ctx: RuleContext<Id>): void {
  const o = parseArgs(inv.argv.slice(1), { value: FLUX_VALUE });
  const [verbW, kindW, nameW] = o.positionals;
  const verb = verbW?.value;
  if (!verbW || verb === undefined || /^(get|logs|check|tree|stats|events|diff|version|export|trace|completion|help|pull|build|envsubst|debug|migrate)$/.test(verb)) return;
  if (o.has("h", "help") || o.get("dry-run") !== undefined || o.has("dry-run")) return;
  const t = kubeTarget(inv, kubeFlags(o));
  const production = kubeEvidence(t, ctx.production);
  const what = [kindW, nameW].filter((w): w is Word => !!w).map((w) => w.value ?? w.raw).join(" ") || verb;
  const where = `(context ${t.context?.value ?? "unknown"}, namespace ${t.namespace.value})`;
  const opts = { word: nameW ?? kindW ?? verbW, data: { program: "flux", what, verb, where }, ...(production.length ? { production } : {}) };
  if (verb === "delete" || verb === "uninstall") return void ctx.report("gitops-delete", opts);
  ctx.report("gitops-change", opts);
}
