// kubectl and oc: which verbs delete or change cluster state, and whether the context or namespace they target is production.
import type { Evidence, Invocation, Word } from "../../types.js";
import { parseArgs, type ParsedArgs } from "../flags.js";
import { defineRule, type RuleContext } from "../rule.js";
import { describeKubeTarget, kubeEvidence, kubeTarget, type KubeFlags, type KubeOverride, type KubeTarget } from "../../context/kube.js";

/** Options kubectl accepts on every command, with a value. */
export const KUBECTL_GLOBAL_VALUE = [
  "as", "as-group", "as-uid", "as-user-extra", "cache-dir", "certificate-authority", "client-certificate", "client-key", "cluster", "context",
  "kubeconfig", "kuberc", "n", "namespace", "password", "profile-output", "request-timeout", "s", "server", "tls-server-name", "token", "user",
  "username", "v", "vmodule", "log-dir", "log-file", "log-file-max-size", "log-backtrace-at", "stderrthreshold", "log_dir", "log_file",
];

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

const FLAG_SPEC = { value: [...KUBECTL_GLOBAL_VALUE, ...VERB_VALUE] };

/** Verbs that only read (or act only on this machine). */
const READ_VERBS = new Set([
  "get", "describe", "logs", "log", "top", "explain", "diff", "version", "api-resources", "api-versions", "cluster-info", "events", "wait",
  "port-forward", "proxy", "completion", "options", "help", "kustomize", "convert", "plugin", "alpha",
  // oc
  "projects", "status", "whoami", "process", "extract", "observe", "get-token",
]);

const NAMESPACE_TYPES = new Set(["ns", "namespace", "namespaces", "project", "projects"]);
const CRD_TYPES = new Set(["crd", "crds", "customresourcedefinition", "customresourcedefinitions"]);
const VOLUME_TYPES = new Set(["pv", "pvc", "persistentvolume", "persistentvolumes", "persistentvolumeclaim", "persistentvolumeclaims", "volumesnapshot", "volumesnapshots", "volumesnapshotcontent", "volumesnapshotcontents"]);
const NODE_TYPES = new Set(["no", "node", "nodes"]);
/** Resource kinds with no namespace: the -n flag does not say where they live. */
const CLUSTER_SCOPED = new Set([...NAMESPACE_TYPES, ...CRD_TYPES, ...NODE_TYPES, "pv", "persistentvolume", "persistentvolumes", "clusterrole", "clusterroles", "clusterrolebinding", "clusterrolebindings", "storageclass", "storageclasses", "sc", "priorityclass", "priorityclasses", "pc", "validatingwebhookconfiguration", "validatingwebhookconfigurations", "mutatingwebhookconfiguration", "mutatingwebhookconfigurations", "apiservice", "apiservices", "csr", "certificatesigningrequest", "certificatesigningrequests", "ingressclass", "ingressclasses"]);

/** Roles and groups that hand out full control of a namespace or the cluster. */
const ADMIN_ROLES = new Set(["cluster-admin", "admin", "system:masters"]);

/** Plugins (kubectl-NAME) known to only read, or to only switch local context. */
const READ_PLUGINS = new Set([
  "neat", "tree", "who-can", "access-matrix", "view-secret", "view-allocations", "resource-capacity", "images", "df-pv", "get-all", "tail", "stern",
  "lineage", "whoami", "explore", "fuzzy", "outdated", "deprecations", "np-viewer", "score", "popeye", "graph", "oidc-login", "ktop", "view-utilization",
  "rbac-lookup", "blame", "count", "kuttl", "ice", "iexec",
]);

/** Programs that only read, when run inside a pod or container: running them there is not interactive access. */
export const READ_ONLY_IN_CONTAINER = new Set([
  "cat", "ls", "env", "printenv", "ps", "df", "du", "head", "tail", "grep", "egrep", "fgrep", "wc", "stat", "echo", "date", "hostname", "id",
  "whoami", "uname", "pwd", "which", "free", "uptime", "nslookup", "dig", "host", "getent", "top", "nproc", "lscpu", "ss", "netstat", "jq",
  "sort", "uniq", "file", "md5sum", "sha256sum", "sha1sum", "true", "sleep", "test", "[", "readlink", "realpath", "basename", "dirname", "less", "more",
]);

/** True when `inv` runs commands inside a container (its children) and every one of them only reads. */
export function onlyReadsInside(inv: Invocation, invocations: readonly Invocation[]): boolean {
  const kids = (p: Invocation) => invocations.filter((i) => i.parent === p.index);
  const reads = (k: Invocation): boolean => k.program !== undefined && READ_ONLY_IN_CONTAINER.has(k.program) && kids(k).every(reads);
  const direct = kids(inv);
  return direct.length > 0 && direct.every(reads);
}

type Id =
  | "delete-namespace" | "delete-crd" | "delete-volume" | "delete-node" | "delete-all" | "delete-manifests" | "delete"
  | "drain" | "cordon" | "uncordon" | "taint" | "scale" | "scale-to-zero" | "autoscale" | "apply" | "apply-prune" | "force-recreate"
  | "create" | "grant-admin" | "create-token" | "replace" | "patch" | "edit" | "set" | "label" | "rollout" | "run" | "expose"
  | "exec" | "cp" | "debug" | "debug-node" | "certificate-approve" | "certificate-deny" | "config-switch" | "config-change"
  | "config-delete" | "plugin" | "prune" | "upgrade-cluster" | "dynamic-verb" | "dynamic-target";

const OPTION_LIKE = /^["']?-/;
const MANIFEST_FLAGS = new Set(["f", "filename", "k", "kustomize"]);
const DRY_HINT = "run it with --dry-run=server first, or on a non-production context";

export default defineRule<Id>({
  name: "kubectl",
  description: "kubectl and oc: deletes ask everywhere; other changes pass on development contexts and ask on production ones; reads pass.",
  programs: ["kubectl", "oc", "kubectx", "kubens"],
  findings: {
    "delete-namespace": { risk: "high", categories: ["destroy"], message: "{program} deletes {what} and everything in it {where}", hint: "delete the individual resources you mean, after checking them with kubectl get", description: "Deleting a namespace deletes every resource in it." },
    "delete-crd": { risk: "high", categories: ["destroy"], message: "{program} deletes {what} and every custom resource of that kind {where}", hint: DRY_HINT, description: "Deleting a CRD deletes all of its custom resources." },
    "delete-volume": { risk: "high", categories: ["destroy"], message: "{program} deletes {what}, which can lose the data on it {where}", hint: "back the volume up first; check its reclaim policy with kubectl get pv", description: "Deleting a persistent volume or claim can destroy its data." },
    "delete-node": { risk: "high", categories: ["destroy"], message: "{program} removes {what} from the cluster {where}", hint: "drain and cordon the node instead", description: "Deleting a node object." },
    "delete-all": { risk: "high", categories: ["destroy"], message: "{program} deletes all {what} {scope} {where}", hint: "list what matches with kubectl get first, then delete by name", description: "Deleting all resources of a kind, or everything a selector matches." },
    "delete-manifests": { risk: "high", categories: ["destroy"], message: "{program} deletes every resource defined in {files} {where}", hint: DRY_HINT, description: "Deleting the resources defined in manifest files." },
    delete: { risk: "high", categories: ["destroy"], message: "{program} deletes {what} {where}", hint: DRY_HINT, description: "Deleting cluster resources." },
    drain: { risk: "high", categories: ["mutate"], message: "{program} drains {what}, evicting every pod on it {where}", hint: "cordon the node first and check what runs on it", description: "Draining a node evicts its pods." },
    cordon: { risk: "medium", categories: ["mutate"], message: "{program} cordons {what}: no new pods are scheduled on it {where}", description: "Marking a node unschedulable." },
    uncordon: { risk: "low", categories: ["mutate"], message: "{program} uncordons {what} {where}", description: "Marking a node schedulable again." },
    taint: { risk: "medium", categories: ["mutate"], message: "{program} taints {what}, which can evict or keep out pods {where}", description: "Tainting nodes." },
    scale: { risk: "low", categories: ["mutate"], message: "{program} scales {what} to {replicas} replicas {where}", description: "Scaling a workload." },
    "scale-to-zero": { risk: "medium", categories: ["mutate"], message: "{program} scales {what} to {replicas} replicas, stopping it {where}", hint: DRY_HINT, description: "Scaling a workload to zero stops it." },
    autoscale: { risk: "low", categories: ["mutate"], message: "{program} sets an autoscaler on {what} {where}", description: "Creating a horizontal pod autoscaler." },
    apply: { risk: "low", categories: ["mutate"], message: "{program} {verb} changes resources {where}", hint: "preview with kubectl diff, or --dry-run=server", description: "Applying manifests or reconciling RBAC." },
    "apply-prune": { risk: "high", categories: ["destroy", "mutate"], message: "{program} apply --prune deletes every matching resource not in the manifests {where}", hint: "run kubectl diff and apply without --prune", description: "apply --prune deletes resources missing from the manifests." },
    "force-recreate": { risk: "high", categories: ["destroy", "mutate"], message: "{program} {verb} --force deletes and recreates resources {where}", hint: "apply the change without --force", description: "--force deletes resources and creates them again." },
    create: { risk: "low", categories: ["mutate"], message: "{program} creates {what} {where}", description: "Creating resources." },
    "grant-admin": { risk: "medium", categories: ["privilege", "mutate"], message: "{program} grants {role} {to} {where}", hint: "bind a narrower role that covers only what is needed", description: "Binding cluster-admin, admin or system:masters." },
    "create-token": { risk: "medium", categories: ["privilege"], message: "{program} mints a token for service account {what} {where}", hint: "use a short --duration and the narrowest service account", description: "Creating a service account token (a credential)." },
    replace: { risk: "low", categories: ["mutate"], message: "{program} replaces resources {where}", description: "Replacing resources." },
    patch: { risk: "low", categories: ["mutate"], message: "{program} patches {what} {where}", hint: DRY_HINT, description: "Patching a resource." },
    edit: { risk: "low", categories: ["mutate"], message: "{program} edits {what} in place {where}", description: "Editing a live resource." },
    set: { risk: "low", categories: ["mutate"], message: "{program} set {what} changes live resources {where}", description: "kubectl set image/env/resources/..." },
    label: { risk: "low", categories: ["mutate"], message: "{program} {verb} changes metadata of {what} {where}", description: "Labelling or annotating resources." },
    rollout: { risk: "low", categories: ["mutate"], message: "{program} rollout {action} {what} {where}", description: "Restarting, undoing, pausing or resuming a rollout." },
    run: { risk: "low", categories: ["mutate"], message: "{program} run starts pod {what} {where}", description: "Starting a pod." },
    expose: { risk: "low", categories: ["mutate"], message: "{program} expose creates a service for {what} {where}", description: "Creating a service." },
    exec: { risk: "low", categories: ["privilege"], message: "{program} {verb} opens a shell or runs commands inside pod {what} {where}", hint: "read what you need with kubectl logs, get or describe", description: "Interactive access to a pod in production." },
    cp: { risk: "low", categories: ["mutate"], message: "{program} cp copies files into pod {what} {where}", description: "Copying files into a pod." },
    debug: { risk: "low", categories: ["mutate"], message: "{program} debug adds a debugging container to {what} {where}", description: "Debugging a pod with an ephemeral container." },
    "debug-node": { risk: "medium", categories: ["privilege", "mutate"], message: "{program} debug gives a privileged shell on {what} {where}", hint: "use kubectl describe node or node logs instead", description: "A debugging pod with the host's namespaces and filesystem." },
    "certificate-approve": { risk: "medium", categories: ["privilege", "mutate"], message: "{program} certificate approve issues credentials for {what} {where}", hint: "inspect the request with kubectl get csr -o yaml first", description: "Approving a certificate signing request issues a credential." },
    "certificate-deny": { risk: "low", categories: ["mutate"], message: "{program} certificate deny rejects {what} {where}", description: "Denying a certificate signing request." },
    "config-switch": { risk: "low", categories: ["mutate"], message: "{program} switches the current {switches} to {what} in the local kubeconfig", description: "Switching context or namespace: later commands target it." },
    "config-change": { risk: "low", categories: ["mutate"], message: "{program} changes the local kubeconfig ({verb})", description: "Editing contexts, clusters or credentials in the kubeconfig." },
    "config-delete": { risk: "medium", categories: ["mutate"], message: "{program} removes {what} from the local kubeconfig ({verb})", hint: "back up the kubeconfig first", description: "Deleting contexts, clusters or credentials from the kubeconfig." },
    plugin: { risk: "medium", categories: ["mutate"], message: "{program} {verb} runs the plugin {plugin}, whose effect shellgate does not know {where}", hint: "run the plugin's underlying kubectl commands directly", description: "A kubectl plugin (an arbitrary executable)." },
    prune: { risk: "medium", categories: ["destroy"], message: "{program} adm prune {what} --confirm deletes old objects {where}", hint: "run without --confirm to see what it would delete", description: "oc adm prune with --confirm." },
    "upgrade-cluster": { risk: "medium", categories: ["mutate"], message: "{program} adm upgrade changes the cluster version {where}", description: "Upgrading an OpenShift cluster." },
    "dynamic-verb": { risk: "high", categories: ["opaque"], message: "{program}: the {what} is not known before the command runs ({raw})", hint: "write the kubectl verb literally so it can be checked", description: "The verb or its arguments are computed at run time." },
    "dynamic-target": { risk: "high", categories: ["opaque", "mutate"], message: "{program} {verb} targets a {what} that is not known before it runs ({raw})", hint: "write the context and namespace literally so production can be recognised", description: "The context, namespace or kubeconfig of a change is computed at run time." },
  },
  check(inv, ctx) {
    const program = inv.program?.replace(/\.exe$/, "");
    if (program === "kubectx" || program === "kubens") return switcher(inv, ctx, program);
    const args = parseArgs(inv.argv.slice(1), FLAG_SPEC);
    // A dynamic word written as an option (`"--context=$C"`) is not the verb; dynamicTarget() reports it for changes.
    const pos = args.positionals.filter((w) => w.value !== undefined || !OPTION_LIKE.test(w.raw));
    let verbWord = pos[0];
    let rest = pos.slice(1);
    if (!verbWord) return;
    if (verbWord.value === undefined) return void ctx.report("dynamic-verb", { word: verbWord, data: { what: "verb", raw: verbWord.raw } });
    let verb = verbWord.value;
    // `oc adm drain ...` is `drain` with admin wording.
    let adm = false;
    if (program === "oc" && verb === "adm" && rest[0]) {
      adm = true;
      verbWord = rest[0];
      if (verbWord.value === undefined) return void ctx.report("dynamic-verb", { word: verbWord, data: { what: "verb", raw: verbWord.raw } });
      verb = verbWord.value;
      rest = rest.slice(1);
    }
    if (READ_VERBS.has(verb) || isDryRun(args) || args.has("h", "help")) return;

    const k = new KubeCommand(inv, ctx, args, verb, verbWord);
    if (k.dynamicTarget()) return;
    const sub = rest[0]?.value;
    const subWord = rest[0];

    switch (verb) {
      case "delete":
        return k.delete(rest);
      case "drain":
      case "cordon":
      case "uncordon":
      case "taint":
        return k.node(verb, rest);
      case "scale": {
        const replicas = args.get("replicas");
        const zero = replicas === undefined || replicas === "0" || args.hit("replicas")?.dynamicValue;
        return k.report(zero ? "scale-to-zero" : "scale", rest, { replicas: replicas ?? "an unknown number of" });
      }
      case "autoscale":
        return k.report("autoscale", rest);
      case "apply": {
        if (sub === "view-last-applied") return;
        if (sub === "edit-last-applied") return k.report("edit", rest.slice(1));
        if (args.has("prune")) return k.report("apply-prune", rest);
        if (args.has("force")) return k.report("force-recreate", rest);
        return k.report("apply", rest);
      }
      case "replace":
        return k.report(args.has("force") ? "force-recreate" : "replace", rest);
      case "patch":
      case "edit":
      case "set":
        return k.report(verb, rest);
      case "label":
      case "annotate":
        return k.report("label", rest);
      case "create":
      case "new-project":
      case "new-app":
      case "new-build":
      case "start-build":
      case "import-image":
      case "tag":
        return k.create(verb, rest);
      case "auth":
        if (sub === "reconcile") return k.report("apply", rest.slice(1));
        return;
      case "rollout":
        if (subWord && subWord.value === undefined) return void ctx.report("dynamic-verb", { word: subWord, data: { what: "rollout action", raw: subWord.raw } });
        if (!sub || sub === "status" || sub === "history") return;
        return k.report("rollout", rest.slice(1), { action: sub });
      case "run":
        return k.report("run", rest);
      case "expose":
        return k.report("expose", rest);
      case "exec":
      case "attach":
      case "rsh":
        return k.exec(rest);
      case "cp":
      case "rsync":
        return k.cp(rest);
      case "debug":
        return k.debug(rest);
      case "certificate":
        if (sub === "approve") return k.report("certificate-approve", rest.slice(1), {}, { namespace: false });
        if (sub === "deny") return k.report("certificate-deny", rest.slice(1), {}, { namespace: false });
        return;
      case "config":
        return k.config(rest);
      case "project":
        if (subWord?.value === undefined || args.has("q", "short")) return;
        return void ctx.report("config-switch", { word: subWord, data: { what: sub, switches: "project (namespace)" } });
      case "login":
      case "logout":
        return void ctx.report("config-change", { word: verbWord, data: { verb } });
      case "policy":
        return k.policy(rest);
      case "prune":
        if (adm && args.has("confirm")) return k.report("prune", rest);
        return;
      case "upgrade":
        if (adm && (args.has("to") || args.has("to-latest") || args.has("to-image"))) return k.report("upgrade-cluster", [], {}, { namespace: false });
        return;
      case "must-gather":
      case "inspect":
      case "node-logs":
      case "groups":
        return;
      default:
        return k.plugin(verb, rest);
    }
  },
});

/** `--dry-run` given with any value but none/false: nothing is changed. */
function isDryRun(args: ParsedArgs): boolean {
  if (args.has("server-dry-run")) return true;
  const hit = args.hit("dry-run");
  if (!hit) return false;
  const v = hit.value;
  return v === undefined || (v !== "none" && v !== "false");
}

/** One kubectl/oc invocation whose verb is known: resolves its target lazily and reports with production evidence. */
class KubeCommand {
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
    const production = this.evidence(namespaced, opts.extra);
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
      if (id === "delete-namespace") {
        for (const n of names) {
          const e = this.ctx.production.evidence("kube-namespace", n, "namespace named for deletion on the command line");
          if (e) extra.push(e);
        }
      }
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
function switcher(inv: Invocation, ctx: RuleContext<Id>, program: "kubectx" | "kubens"): void {
  const args = parseArgs(inv.argv.slice(1), { value: ["d"] });
  if (args.has("d")) return void ctx.report("config-delete", { word: inv.argv[1]!, data: { what: `context ${args.get("d") ?? ""}`.trim(), verb: "kubectx -d" } });
  const target = args.positionals[0];
  if (!target || args.has("c", "current", "h", "help", "u", "unset")) return;
  ctx.report("config-switch", { word: target, data: { what: target.value ?? target.raw, switches: program === "kubectx" ? "context" : "namespace" } });
}

/**
 * The first word that selects a target but is computed at run time: a target option's value, a dynamic word that
 * starts like an option (`--context=$C` hides which option it is), or a target variable set to an unknown value.
 */
export function dynamicTargetWord(inv: Invocation, args: Pick<ParsedArgs, "options" | "positionals">, optionNames: string[], envNames: string[]): { word: Word; what: string; raw: string } | undefined {
  const hit = args.options.find((o) => optionNames.includes(o.name) && o.dynamicValue);
  if (hit) {
    const i = inv.argv.indexOf(hit.word);
    const value = i >= 0 ? inv.argv[i + 1] : undefined;
    return { word: value ?? hit.word, what: `${hit.name.length === 1 ? "-" : "--"}${hit.name} value`, raw: value?.raw ?? hit.word.raw };
  }
  const opt = args.positionals.find((w) => w.value === undefined && OPTION_LIKE.test(w.raw));
  if (opt) return { word: opt, what: "option", raw: opt.raw };
  for (const name of envNames) {
    if (name in inv.env && inv.env[name] === undefined) return { word: inv.argv[0]!, what: name, raw: `$${name}` };
  }
  return undefined;
}

/** Target flags as kube.ts wants them, each with the flag spelling it came from (`-n flag`, `--namespace flag`). */
export function kubeFlags(args: ParsedArgs, spellings: Partial<Record<"context" | "kubeconfig" | "namespace" | "cluster" | "server", string[]>> = {}): KubeFlags {
  const f: KubeFlags = { names: {} };
  const set = (k: "context" | "kubeconfig" | "namespace" | "cluster" | "server", ...dflt: string[]) => {
    const hit = args.hit(...(spellings[k] ?? dflt));
    if (hit?.value === undefined || hit.value === "") return;
    f[k] = hit.value;
    f.names![k] = `${hit.name.length === 1 ? "-" : "--"}${hit.name} flag`;
  };
  set("context", "context");
  set("kubeconfig", "kubeconfig");
  set("namespace", "n", "namespace");
  set("cluster", "cluster");
  set("server", "s", "server");
  return f;
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
    if (p !== "kubectl" && p !== "oc") continue;
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

interface ResourcePair {
  type?: string;
  name?: string;
  word: Word;
}

/** Lower-cased resource kind without its API group (`deployments.v1.apps` → `deployments`). */
function normType(t: string): string {
  return t.toLowerCase().split(".")[0]!;
}

/** `TYPE[,TYPE] [NAME...]` or `TYPE/NAME ...` as (type, name) pairs. */
function resourcePairs(targets: Word[]): ResourcePair[] {
  const out: ResourcePair[] = [];
  const first = targets[0];
  if (!first) return out;
  if (first.value === undefined || first.value.includes("/")) {
    for (const w of targets) {
      const v = w.value;
      if (v === undefined || !v.includes("/")) out.push({ word: w, ...(v !== undefined ? { name: v } : {}) });
      else out.push({ word: w, type: normType(v.slice(0, v.indexOf("/"))), name: v.slice(v.indexOf("/") + 1) });
    }
    return out;
  }
  const types = first.value.split(",").filter(Boolean).map(normType);
  const names = targets.slice(1);
  for (const t of types) {
    if (!names.length) out.push({ type: t, word: first });
    for (const n of names) out.push({ type: t, word: n, name: n.value ?? n.raw });
  }
  return out;
}

function resourceTypes(targets: Word[]): string[] {
  return [...new Set(resourcePairs(targets).map((p) => p.type).filter((t): t is string => !!t))];
}

const SINGULAR: Record<string, string> = {
  ns: "namespace", namespaces: "namespace", project: "project", projects: "project", crd: "custom resource definition", crds: "custom resource definition",
  customresourcedefinition: "custom resource definition", customresourcedefinitions: "custom resource definition", pv: "persistent volume",
  persistentvolume: "persistent volume", persistentvolumes: "persistent volume", pvc: "persistent volume claim", persistentvolumeclaim: "persistent volume claim",
  persistentvolumeclaims: "persistent volume claim", no: "node", nodes: "node", volumesnapshots: "volume snapshot", volumesnapshot: "volume snapshot",
};
function singular(t: string): string {
  return SINGULAR[t] ?? t;
}

/** A short description of what a verb acts on: `deployment api`, `the resources in k8s/`. */
function describeTargets(targets: Word[], args: ParsedArgs): string {
  const words = targets.map((w) => w.value ?? w.raw);
  if (words.length) return words.join(" ");
  const files = args.all("f", "filename", "k", "kustomize");
  if (files.length) return `the resources in ${files.join(", ")}`;
  if (args.has("l", "selector")) return `resources matching ${args.get("l", "selector")}`;
  return "resources";
}
