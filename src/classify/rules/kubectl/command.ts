// One kubectl/oc command with a known verb: its target (context, namespace, kubeconfig) and how each kind of change is reported.
import type { Evidence, Invocation, Word } from "../../../types.js";
import { parseArgs, type ParsedArgs } from "../../flags.js";
import type { RuleContext } from "../../rule.js";
import { describeKubeTarget, kubeEvidence, kubeTarget, type KubeOverride, type KubeTarget } from "../../../context/kube.js";
import { dynamicTargetWord, kubeFlags, KUBECTL_GLOBAL_VALUE, onlyReadsInside } from "./shared.js";
import { ADMIN_ROLES, CLUSTER_SCOPED, CRD_TYPES, describeTargets, NAMESPACE_TYPES, NODE_TYPES, POD_TYPES, resourcePairs, resourceTypes, singular, VOLUME_TYPES, type ResourcePair } from "./resources.js";

export type Id =
  | "delete-namespace" | "delete-crd" | "delete-volume" | "delete-node" | "delete-all" | "delete-manifests" | "delete" | "delete-pod" | "gitops-delete" | "gitops-change"
  | "drain" | "cordon" | "uncordon" | "taint" | "scale" | "scale-to-zero" | "autoscale" | "apply" | "apply-prune" | "force-recreate"
  | "create" | "grant-admin" | "create-token" | "replace" | "patch" | "edit" | "set" | "label" | "rollout" | "run" | "expose"
  | "exec" | "cp" | "debug" | "debug-node" | "certificate-approve" | "certificate-deny" | "config-switch" | "config-change"
  | "config-delete" | "plugin" | "prune" | "upgrade-cluster" | "dynamic-verb" | "dynamic-target";

/** Value-taking options of kubectl's verbs; only needed so their values are not taken for resource names. */
const VERB_VALUE = [
  "f", "filename", "k", "kustomize", "l", "selector", "o", "output", "c", "container", "field-selector", "replicas", "current-replicas",
  "resource-version", "timeout", "grace-period", "p", "patch", "patch-file", "type", "image", "overrides", "env", "port", "L", "label-columns",
  "sort-by", "template", "chunk-size", "min", "max", "cpu-percent", "to-revision", "for", "since", "tail", "since-time", "address", "field-manager",
  "from-file", "from-literal", "from-env-file", "role", "clusterrole", "serviceaccount", "group", "subresource", "raw", "prune-allowlist",
  "prune-whitelist", "image-pull-policy", "restart", "labels", "limits", "requests", "schedule", "from", "resource", "verb", "resource-name",
  "non-resource-url", "pod-selector", "pod-running-timeout", "target", "target-port", "protocol", "name", "external-ip", "cluster-ip",
  "load-balancer-ip", "session-affinity", "duration", "audience", "bound-object-kind", "bound-object-name", "bound-object-uid", "copy-to",
  "profile", "custom", "set-image", "env-from", "docker-server", "docker-username", "docker-password", "docker-email", "cert", "key",
  "tcp", "clusterip", "nodeport", "hard", "scopes", "user", "description", "value", "rule", "class", "default-backend", "annotation",
  "storage-class", "image-pull-secret", "applyset",
];

export const FLAG_SPEC = { value: [...KUBECTL_GLOBAL_VALUE, ...VERB_VALUE] };

/** Plugins (kubectl-NAME) known to only read, or to only switch local context. */
const READ_PLUGINS = new Set([
  "neat", "tree", "who-can", "access-matrix", "view-secret", "view-allocations", "resource-capacity", "images", "df-pv", "get-all", "tail", "stern",
  "lineage", "whoami", "explore", "fuzzy", "outdated", "deprecations", "np-viewer", "score", "popeye", "graph", "oidc-login", "ktop", "view-utilization",
  "rbac-lookup", "blame", "count", "kuttl", "ice", "iexec",
]);

const MANIFEST_FLAGS = new Set(["f", "filename", "k", "kustomize"]);
export const DRY_HINT = "run it with --dry-run=server first, or on a non-production context";

/** Production evidence for namespaces named as the objects a verb acts on. */
function namespaceEvidence(ctx: RuleContext<Id>, pairs: ResourcePair[]): Evidence[] {
  const out: Evidence[] = [];
  for (const p of pairs) {
    if (!p.type || !NAMESPACE_TYPES.has(p.type) || !p.name) continue;
    const e = ctx.production.evidence("kube-namespace", p.name, "namespace named on the command line");
    if (e) out.push(e);
  }
  return out;
}

/** `--dry-run` given with any value but none/false: nothing is changed. */
export function isDryRun(args: ParsedArgs): boolean {
  if (args.has("server-dry-run")) return true;
  const hit = args.hit("dry-run");
  if (!hit) return false;
  const v = hit.value;
  return v === undefined || (v !== "none" && v !== "false");
}

/** One kubectl/oc invocation whose verb is known: resolves its target lazily and reports with production evidence. */
export class KubeCommand {
  private target?: KubeTarget;

  constructor(
    readonly inv: Invocation,
    readonly ctx: RuleContext<Id>,
    readonly args: ParsedArgs,
    readonly verb: string,
    readonly verbWord: Word,
  ) {}

  resolve(): KubeTarget {
    return (this.target ??= kubeTarget(this.inv, kubeFlags(this.args), earlierSwitches(this.inv, this.ctx.invocations)));
  }

  evidence(namespaced: boolean, extra: Evidence[] = []): Evidence[] {
    const out = kubeEvidence(this.resolve(), this.ctx.production, { namespace: namespaced });
    // Manifests kept under a production name (`-k overlays/prod`) say where they are meant to go.
    for (const o of this.args.options) {
      if (!MANIFEST_FLAGS.has(o.name) || !o.value) continue;
      const e = this.ctx.production.evidence("manifest-path", o.value, `${o.name.length === 1 ? "-" : "--"}${o.name} flag`);
      if (e) extra = [...extra, e];
    }
    return [...out, ...extra.filter((e) => !out.some((o) => o.kind === e.kind && o.value === e.value))];
  }

  where(namespaced: boolean): string {
    return `(${describeKubeTarget(this.resolve(), { namespace: namespaced })})`;
  }

  /** A change whose context, namespace or kubeconfig is computed at run time: it may be production. */
  dynamicTarget(): boolean {
    const found = dynamicTargetWord(this.inv, this.args, ["context", "namespace", "n", "kubeconfig", "cluster", "server", "s"], ["KUBECONFIG"]);
    if (!found) return false;
    this.ctx.report("dynamic-target", { word: found.word, data: { verb: this.verb, what: found.what, raw: found.raw } });
    return true;
  }

  report(id: Id, targets: Word[], data: Record<string, string | undefined> = {}, opts: { namespace?: boolean; extra?: Evidence[] } = {}): void {
    const types = resourceTypes(targets);
    const namespaced = opts.namespace ?? !(types.length > 0 && types.every((t) => CLUSTER_SCOPED.has(t)));
    // A namespace named as the object changed (`kubectl label ns production ...`) is the target itself; creating one changes nothing there yet.
    const named: Evidence[] = id === "create" ? [] : namespaceEvidence(this.ctx, resourcePairs(targets));
    const production = this.evidence(namespaced, [...(opts.extra ?? []), ...named]);
    this.ctx.report(id, {
      word: targets[0] ?? this.verbWord,
      data: { verb: this.verb, what: describeTargets(targets, this.args), where: this.where(namespaced), ...data },
      ...(production.length ? { production } : {}),
    });
  }

  delete(targets: Word[]): void {
    const a = this.args;
    if (!targets.length && !a.has("raw")) {
      const files = a.all("f", "filename", "k", "kustomize");
      return this.report("delete-manifests", [], { files: files.length ? files.join(", ") : "the given manifests" });
    }
    const pairs = resourcePairs(targets);
    const byKind = (set: Set<string>) => pairs.filter((p) => p.type !== undefined && set.has(p.type));
    const special: [Id, Set<string>][] = [["delete-namespace", NAMESPACE_TYPES], ["delete-crd", CRD_TYPES], ["delete-volume", VOLUME_TYPES], ["delete-node", NODE_TYPES]];
    let handled = 0;
    for (const [id, set] of special) {
      const hits = byKind(set);
      if (!hits.length) continue;
      handled += hits.length;
      const names = hits.map((h) => h.name).filter((n): n is string => !!n);
      const kind = hits[0]!.type!;
      const what = names.length ? `${singular(kind)} ${names.join(", ")}` : a.has("all") ? `every ${singular(kind)}` : `the ${singular(kind)}s selected`;
      const extra: Evidence[] = [];
      if (id === "delete-namespace") extra.push(...namespaceEvidence(this.ctx, hits));
      const word = hits[0]!.word;
      const namespaced = id === "delete-volume" && !hits.every((h) => CLUSTER_SCOPED.has(h.type!));
      const production = this.evidence(namespaced, extra);
      this.ctx.report(id, { word, data: { what, where: this.where(namespaced) }, ...(production.length ? { production } : {}) });
    }
    const others = pairs.filter((p) => p.type === undefined || ![NAMESPACE_TYPES, CRD_TYPES, VOLUME_TYPES, NODE_TYPES].some((s) => s.has(p.type!)));
    if (handled && !others.length) return;
    const broad = a.has("all") || a.has("A", "all-namespaces") || a.has("l", "selector") || a.has("field-selector");
    const named = others.some((p) => p.name !== undefined);
    if (broad && !named) {
      const kinds = [...new Set(others.map((p) => p.type ?? "resources"))].join(", ");
      const scope = [
        a.has("l", "selector") ? `matching ${a.get("l", "selector")}` : "",
        a.has("field-selector") ? `with ${a.get("field-selector")}` : "",
        a.has("A", "all-namespaces") ? "in every namespace" : "",
      ].filter(Boolean).join(" ");
      return this.report("delete-all", others.map((p) => p.word), { what: kinds || "resources", scope: scope || `in namespace ${this.resolve().namespace.value}` }, { namespace: !a.has("A", "all-namespaces") });
    }
    // Pods are disposable: deleting one by name is how a pod is restarted, so only production makes it ask.
    if (others.length && others.every((p) => p.type !== undefined && POD_TYPES.has(p.type) && p.name !== undefined)) return this.report("delete-pod", others.map((p) => p.word), {});
    this.report("delete", others.map((p) => p.word), {});
  }

  node(verb: "drain" | "cordon" | "uncordon" | "taint", targets: Word[]): void {
    const t = verb === "taint" ? targets.slice(0, 2) : targets;
    const what = t.length ? (verb === "taint" ? t.map((w) => w.value ?? w.raw).join(" ") : `node ${t.map((w) => w.value ?? w.raw).join(", ")}`) : this.args.has("l", "selector") ? `nodes matching ${this.args.get("l", "selector")}` : "nodes";
    const production = this.evidence(false);
    const destroysData = verb === "drain" && this.args.has("delete-emptydir-data", "delete-local-data");
    this.ctx.report(verb, {
      word: t[0] ?? this.verbWord,
      data: { what, where: this.where(false) },
      ...(destroysData ? { categories: ["destroy" as const] } : {}),
      ...(production.length ? { production } : {}),
    });
  }

  create(verb: string, rest: Word[]): void {
    const kind = rest[0]?.value;
    if (verb === "create" && (kind === "clusterrolebinding" || kind === "rolebinding")) {
      const role = this.args.get("clusterrole", "role");
      const groups = this.args.all("group");
      const admin = (role && ADMIN_ROLES.has(role)) || groups.some((g) => ADMIN_ROLES.has(g));
      if (admin) {
        const subjects = [...this.args.all("user").map((u) => `user ${u}`), ...groups.map((g) => `group ${g}`), ...this.args.all("serviceaccount").map((s) => `service account ${s}`)];
        return this.report("grant-admin", rest, { role: role ?? groups.find((g) => ADMIN_ROLES.has(g)), to: subjects.length ? `to ${subjects.join(", ")}` : "" }, { namespace: kind === "rolebinding" });
      }
    }
    if (verb === "create" && kind === "token") return this.report("create-token", rest.slice(1));
    if (verb === "new-project" || (verb === "create" && kind !== undefined && NAMESPACE_TYPES.has(kind))) {
      return this.report("create", rest, {}, { namespace: false });
    }
    this.report("create", rest);
  }

  exec(targets: Word[]): void {
    if (onlyReadsInside(this.inv, this.ctx.invocations)) return;
    const production = this.evidence(true);
    // Interactive access matters in production; elsewhere the commands run inside are checked on their own.
    if (!production.length) return;
    const pod = targets.find((w) => w.value !== undefined) ?? targets[0];
    this.ctx.report("exec", { word: pod ?? this.verbWord, data: { verb: this.verb, what: pod?.value ?? pod?.raw ?? "(pod)", where: this.where(true) }, production });
  }

  cp(targets: Word[]): void {
    const dest = targets[targets.length - 1];
    const v = dest?.value;
    // The destination is a pod when it reads `[ns/]pod:path` (a Windows drive letter is not a pod).
    if (targets.length < 2 || (v !== undefined && (!/^[^/:]+(\/[^/:]+)?:/.test(v) || /^[A-Za-z]:[\\/]/.test(v)))) return;
    const pod = v?.slice(0, v.indexOf(":")) ?? dest!.raw;
    const production = this.evidence(true);
    this.ctx.report("cp", { word: dest!, data: { what: pod, where: this.where(true) }, ...(production.length ? { production } : {}) });
  }

  debug(targets: Word[]): void {
    const t = targets[0]?.value ?? "";
    if (/^(no|node|nodes)\//.test(t) || this.args.get("profile") === "sysadmin") {
      return this.report("debug-node", targets, { what: t || "the node" }, { namespace: false });
    }
    this.report("debug", targets);
  }

  config(rest: Word[]): void {
    const subWord = rest[0];
    const sub = subWord?.value;
    if (!subWord) return;
    if (sub === undefined) return void this.ctx.report("dynamic-verb", { word: subWord, data: { what: "config action", raw: subWord.raw } });
    if (sub === "view" || sub === "current-context" || sub.startsWith("get-")) return;
    if (sub === "use-context" || sub === "use") {
      return void this.ctx.report("config-switch", { word: rest[1] ?? subWord, data: { what: rest[1]?.value ?? rest[1]?.raw ?? "another context", switches: "context" } });
    }
    if (sub.startsWith("delete-") || sub === "unset") {
      return void this.ctx.report("config-delete", { word: rest[1] ?? subWord, data: { what: rest[1]?.value ?? rest[1]?.raw ?? "entries", verb: `config ${sub}` } });
    }
    if (sub === "set-context" && this.args.has("current") && this.args.has("namespace", "n")) {
      return void this.ctx.report("config-switch", { word: subWord, data: { what: this.args.get("namespace", "n") ?? "another namespace", switches: "namespace" } });
    }
    this.ctx.report("config-change", { word: subWord, data: { verb: `config ${sub}` } });
  }

  policy(rest: Word[]): void {
    const action = rest[0]?.value ?? "";
    if (!/^add-/.test(action)) return;
    const role = rest[1]?.value;
    const id: Id = role && ADMIN_ROLES.has(role) ? "grant-admin" : "apply";
    this.report(id, [], { role, to: rest.slice(2).map((w) => w.value ?? w.raw).join(", "), verb: `policy ${action}` }, { namespace: !action.includes("cluster") });
  }

  plugin(verb: string, rest: Word[]): void {
    if (READ_PLUGINS.has(verb)) return;
    if (verb === "ctx" || verb === "ns") {
      const target = rest[0];
      if (!target || target.value === "-c" || target.value === "--current") return;
      return void this.ctx.report("config-switch", { word: target, data: { what: target.value ?? target.raw, switches: verb === "ctx" ? "context" : "namespace" } });
    }
    if (verb === "krew") {
      const a = rest[0]?.value;
      if (a === "install" || a === "upgrade" || a === "uninstall" || a === "index") this.ctx.report("config-change", { word: rest[0]!, data: { verb: `krew ${a}` } });
      return;
    }
    const production = this.evidence(true);
    this.ctx.report("plugin", { word: this.verbWord, data: { verb, plugin: `${this.inv.program === "oc" ? "oc" : "kubectl"}-${verb.replace(/-/g, "_")}`, where: this.where(true) }, ...(production.length ? { production } : {}) });
  }
}

/** kubectx/kubens: switch the current context or namespace. */
export function switcher(inv: Invocation, ctx: RuleContext<Id>, program: "kubectx" | "kubens"): void {
  const args = parseArgs(inv.argv.slice(1), { value: ["d"] });
  if (args.has("d")) return void ctx.report("config-delete", { word: inv.argv[1]!, data: { what: `context ${args.get("d") ?? ""}`.trim(), verb: "kubectx -d" } });
  const target = args.positionals[0];
  if (!target || args.has("c", "current", "h", "help", "u", "unset")) return;
  ctx.report("config-switch", { word: target, data: { what: target.value ?? target.raw, switches: program === "kubectx" ? "context" : "namespace" } });
}

/** Context or namespace switches earlier on the same command line (`kubectl config use-context prod && kubectl apply ...`). */
function earlierSwitches(inv: Invocation, invocations: readonly Invocation[]): KubeOverride {
  const o: KubeOverride = {};
  for (const prev of invocations) {
    if (prev.index >= inv.index) break;
    if (prev.host !== inv.host || prev.container !== inv.container) continue;
    const src = (what: string) => `${what} earlier on this command line`;
    const p = prev.program;
    if (p === "kubectx" || p === "kubens") {
      const t = parseArgs(prev.argv.slice(1), { value: ["d"] }).positionals[0]?.value;
      if (t && t !== "-") o[p === "kubectx" ? "context" : "namespace"] = { value: t, source: src(`${p} ${t}`) };
      continue;
    }
    if (p !== "kubectl" && p !== "oc" && p !== "k" && p !== "kubecolor") continue;
    const a = parseArgs(prev.argv.slice(1), FLAG_SPEC);
    const [v0, v1, v2] = a.positionals.map((w) => w.value);
    if (a.has("kubeconfig")) continue;
    if (v0 === "config" && (v1 === "use-context" || v1 === "use") && v2) o.context = { value: v2, source: src(`${p} config ${v1} ${v2}`) };
    else if (v0 === "config" && v1 === "set-context" && a.has("current")) {
      const ns = a.get("namespace", "n");
      if (ns) o.namespace = { value: ns, source: src(`${p} config set-context --current --namespace=${ns}`) };
    } else if (p === "oc" && v0 === "project" && v1) o.namespace = { value: v1, source: src(`oc project ${v1}`) };
    else if ((v0 === "ctx" || v0 === "ns") && v1 && v1 !== "-") o[v0 === "ctx" ? "context" : "namespace"] = { value: v1, source: src(`${p} ${v0} ${v1}`) };
  }
  return o;
}
