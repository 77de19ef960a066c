// kubectl and oc: which verbs delete or change cluster state, and whether the context or namespace they target is production.
import { parseArgs } from "../flags.js";
import { defineRule } from "../rule.js";
import { OPTION_LIKE } from "./kubectl/shared.js";
import { argocd, flux } from "./kubectl/gitops.js";
import { DRY_HINT, FLAG_SPEC, isDryRun, KubeCommand, switcher, type Id } from "./kubectl/command.js";

/** Verbs that only read (or act only on this machine). */
const READ_VERBS = new Set([
  "get", "describe", "logs", "log", "top", "explain", "diff", "version", "api-resources", "api-versions", "cluster-info", "events", "wait",
  "port-forward", "proxy", "completion", "options", "help", "kustomize", "convert", "plugin", "alpha",
  // oc
  "projects", "status", "whoami", "process", "extract", "observe", "get-token",
]);

export default defineRule<Id>({
  name: "kubectl",
  description: "kubectl, oc and the GitOps CLIs (argocd, flux): deletes ask everywhere; other changes pass on development contexts and ask on production ones; reads pass.",
  // `k` and `kubecolor` are how kubectl is commonly aliased or wrapped; they take kubectl's arguments.
  programs: ["kubectl", "oc", "k", "kubecolor", "kubectx", "kubens", "argocd", "flux"],
  findings: {
    "delete-namespace": { risk: "high", categories: ["destroy"], message: "{program} deletes {what} and everything in it {where}", hint: "delete the individual resources you mean, after checking them with kubectl get", description: "Deleting a namespace deletes every resource in it." },
    "delete-crd": { risk: "high", categories: ["destroy"], message: "{program} deletes {what} and every custom resource of that kind {where}", hint: DRY_HINT, description: "Deleting a CRD deletes all of its custom resources." },
    "delete-volume": { risk: "high", categories: ["destroy"], message: "{program} deletes {what}, which can lose the data on it {where}", hint: "back the volume up first; check its reclaim policy with kubectl get pv", description: "Deleting a persistent volume or claim can destroy its data." },
    "delete-node": { risk: "high", categories: ["destroy"], message: "{program} removes {what} from the cluster {where}", hint: "drain and cordon the node instead", description: "Deleting a node object." },
    "delete-all": { risk: "high", categories: ["destroy"], message: "{program} deletes all {what} {scope} {where}", hint: "list what matches with kubectl get first, then delete by name", description: "Deleting all resources of a kind, or everything a selector matches." },
    "delete-manifests": { risk: "high", categories: ["destroy"], message: "{program} deletes every resource defined in {files} {where}", hint: DRY_HINT, description: "Deleting the resources defined in manifest files." },
    delete: { risk: "high", categories: ["destroy"], message: "{program} deletes {what} {where}", hint: DRY_HINT, description: "Deleting cluster resources." },
    "gitops-delete": { risk: "high", categories: ["destroy"], message: "{program} {verb} deletes {what} and the cluster resources it manages {where}", hint: "remove it from the Git source and let a human approve the prune", description: "argocd app/project/cluster delete, flux delete and uninstall." },
    "gitops-change": { risk: "low", categories: ["mutate"], message: "{program} {verb} changes what runs in the cluster ({what}) {where}", hint: "preview with argocd app diff or flux diff first", description: "argocd sync/rollback/set, flux reconcile/suspend/resume/create." },
    "delete-pod": { risk: "medium", categories: ["destroy"], message: "{program} deletes pod {what}; its controller, if any, starts a new one {where}", hint: "use kubectl rollout restart for a managed workload", description: "Deleting pods by name (how a pod is restarted)." },
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
    "grant-admin": { risk: "high", categories: ["privilege", "mutate"], message: "{program} grants {role} {to} {where}", hint: "bind a narrower role that covers only what is needed", description: "Binding cluster-admin, admin or system:masters." },
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
    if (program === "argocd") return argocd(inv, ctx);
    if (program === "flux") return flux(inv, ctx);
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
