// helm: uninstalls ask everywhere; installs, upgrades and rollbacks ask on production contexts and pass elsewhere; reads pass.
import type { Evidence, Invocation, Word } from "../../types.js";
import { parseArgs, type ParsedArgs } from "../flags.js";
import { defineRule, type RuleContext } from "../rule.js";
import { describeKubeTarget, kubeEvidence, kubeTarget, type KubeTarget } from "../../context/kube.js";
import { dynamicTargetWord, kubeFlags } from "./kubectl/shared.js";
import { helmfile, type HelmfileId } from "./helm/helmfile.js";

const GLOBAL_VALUE = [
  "burst-limit", "kube-apiserver", "kube-as-group", "kube-as-user", "kube-ca-file", "kube-context", "kube-tls-server-name", "kube-token",
  "kubeconfig", "n", "namespace", "qps", "registry-config", "repository-cache", "repository-config", "content-cache",
];
const VERB_VALUE = [
  "set", "set-string", "set-file", "set-json", "set-literal", "f", "values", "version", "timeout", "description", "post-renderer",
  "post-renderer-args", "repo", "username", "password", "ca-file", "cert-file", "key-file", "keyring", "name-template", "o", "output", "max",
  "m", "offset", "revision", "history-max", "kube-version", "a", "api-versions", "output-dir", "l", "labels", "selector", "filter", "destination",
  "untardir", "cascade", "template", "jsonpath", "hide-secret", "deletion-propagation",
];
const FLAG_SPEC = { value: [...GLOBAL_VALUE, ...VERB_VALUE] };

/** Verbs that read, render locally or manage local repositories and charts. */
const READ_VERBS = new Set([
  "template", "list", "ls", "status", "get", "show", "inspect", "lint", "search", "history", "hist", "version", "env", "completion", "verify",
  "help", "diff", "pull", "fetch", "package", "create", "dependency", "dep", "dependencies", "repo", "registry", "unittest", "schema",
]);

type Id = HelmfileId | "uninstall" | "install" | "upgrade" | "rollback" | "test" | "push" | "plugin-install" | "plugin" | "dynamic-verb" | "dynamic-target";

export default defineRule<Id>({
  name: "helm",
  description: "helm: uninstall asks everywhere; install, upgrade and rollback ask on production contexts and pass on development ones.",
  programs: ["helm", "helm3", "helmfile"],
  findings: {
    "helmfile-destroy": { risk: "high", categories: ["destroy"], message: "helmfile {verb} uninstalls every release in the state file and their resources {where}", hint: "run helmfile diff first, and let a human destroy", description: "helmfile destroy / delete." },
    "helmfile-apply": { risk: "low", categories: ["mutate"], message: "helmfile {verb} installs and upgrades the releases in the state file {where}", hint: "preview with helmfile diff first", description: "helmfile apply / sync / test." },
    uninstall: { risk: "high", categories: ["destroy"], message: "helm {verb} removes release {release} and all its resources {where}", hint: "run it with --dry-run first, or keep the release and scale it down", description: "Uninstalling a release deletes everything it created." },
    install: { risk: "low", categories: ["mutate"], message: "helm install deploys {release} {where}", hint: "render it with helm template or --dry-run=server first", description: "Installing a chart." },
    upgrade: { risk: "low", categories: ["mutate"], message: "helm upgrade changes release {release} {where}", hint: "preview it with helm diff upgrade or --dry-run=server first", description: "Upgrading a release." },
    rollback: { risk: "low", categories: ["mutate"], message: "helm rollback returns release {release} to {revision} {where}", hint: "check helm history first", description: "Rolling a release back." },
    test: { risk: "low", categories: ["mutate"], message: "helm test runs the test pods of release {release} {where}", description: "Running a release's test hooks." },
    push: { risk: "low", categories: ["mutate"], message: "helm push publishes {what} to {remote}", description: "Publishing a chart to a registry." },
    "plugin-install": { risk: "medium", categories: ["remote-code"], message: "helm plugin {verb} installs code from {what}, which runs on this machine", hint: "review the plugin's source and pin a version", description: "Installing or updating a helm plugin (it runs install hooks)." },
    plugin: { risk: "medium", categories: ["mutate"], message: "helm {verb} runs a plugin whose effect shellgate does not know {where}", hint: "run the helm commands the plugin wraps directly", description: "A helm plugin command." },
    "dynamic-verb": { risk: "high", categories: ["opaque"], message: "helm: the {what} is not known before the command runs ({raw})", hint: "write the helm verb literally so it can be checked", description: "The helm verb is computed at run time." },
    "dynamic-target": { risk: "high", categories: ["opaque", "mutate"], message: "helm {verb} targets a {what} that is not known before it runs ({raw})", hint: "write the kube context and namespace literally so production can be recognised", description: "The kube context, namespace or kubeconfig of a change is computed at run time." },
  },
  check(inv, ctx) {
    if (inv.program === "helmfile") return helmfile(inv, ctx);
    const args = parseArgs(inv.argv.slice(1), FLAG_SPEC);
    // A dynamic word written as an option (`"--kube-context=$C"`) is not the verb; it is reported for changes below.
    let pos = args.positionals.filter((w) => w.value !== undefined || !/^["']?-/.test(w.raw));
    // helm-secrets wraps the real verb: `helm secrets upgrade ...`.
    if (pos[0]?.value === "secrets" && pos[1]?.value && ["install", "upgrade", "uninstall", "delete", "rollback", "template", "diff", "lint"].includes(pos[1].value)) pos = pos.slice(1);
    else if (pos[0]?.value === "secrets") return;
    const verbWord = pos[0];
    if (!verbWord) return;
    const verb = verbWord.value;
    if (verb === undefined) return void ctx.report("dynamic-verb", { word: verbWord, data: { what: "verb", raw: verbWord.raw } });
    if (READ_VERBS.has(verb) || isDryRun(args) || args.has("h", "help")) return;
    const rest = pos.slice(1);
    if (verb === "plugin") {
      const action = rest[0]?.value;
      if (action === "install" || action === "update" || action === "add") ctx.report("plugin-install", { word: rest[0]!, data: { verb: action, what: rest[1]?.value ?? rest[1]?.raw ?? "a plugin source" } });
      return;
    }
    if (verb === "push") {
      return void ctx.report("push", { word: verbWord, data: { what: rest[0]?.value ?? rest[0]?.raw ?? "a chart", remote: rest[1]?.value ?? rest[1]?.raw ?? "a registry" } });
    }
    const h = new HelmCommand(inv, ctx, args, verb);
    const found = dynamicTargetWord(inv, args, ["kube-context", "kubeconfig", "n", "namespace", "kube-apiserver"], ["KUBECONFIG", "HELM_KUBECONTEXT", "HELM_NAMESPACE"]);
    if (found) return void ctx.report("dynamic-target", { word: found.word, data: { verb, what: found.what, raw: found.raw } });
    switch (verb) {
      case "uninstall":
      case "un":
      case "delete":
      case "del":
        return h.report("uninstall", verbWord, { release: names(rest) || "(no release named)" });
      case "install":
        // `helm install CHART --generate-name` names no release.
        return h.report("install", rest[0] ?? verbWord, { release: args.has("g", "generate-name") ? `chart ${rest[0]?.value ?? rest[0]?.raw ?? ""} under a generated name` : (rest[0]?.value ?? rest[0]?.raw ?? "a chart") });
      case "upgrade":
        return h.report("upgrade", rest[0] ?? verbWord, { release: rest[0]?.value ?? rest[0]?.raw ?? "(no release named)" });
      case "rollback":
        return h.report("rollback", rest[0] ?? verbWord, { release: rest[0]?.value ?? rest[0]?.raw ?? "(no release named)", revision: rest[1] ? `revision ${rest[1].value ?? rest[1].raw}` : "its previous revision" });
      case "test":
        return h.report("test", rest[0] ?? verbWord, { release: rest[0]?.value ?? rest[0]?.raw ?? "(no release named)" });
      default:
        return h.report("plugin", verbWord, {});
    }
  },
});

/** helm's --dry-run takes an optional value (client, server); none/false mean a real run. */
function isDryRun(args: ParsedArgs): boolean {
  const hit = args.hit("dry-run");
  if (!hit) return false;
  return hit.value === undefined || (hit.value !== "none" && hit.value !== "false");
}

const names = (ws: Word[]) => ws.map((w) => w.value ?? w.raw).join(", ");

class HelmCommand {
  private target?: KubeTarget;

  constructor(
    readonly inv: Invocation,
    readonly ctx: RuleContext<Id>,
    readonly args: ParsedArgs,
    readonly verb: string,
  ) {}

  resolve(): KubeTarget {
    if (this.target) return this.target;
    const flags = kubeFlags(this.args, { context: ["kube-context"], server: ["kube-apiserver"], cluster: [] });
    const env = this.inv.env;
    // helm reads its own variables when the flags are absent.
    if (!flags.context && env.HELM_KUBECONTEXT) [flags.context, flags.names!.context] = [env.HELM_KUBECONTEXT, "HELM_KUBECONTEXT"];
    if (!flags.namespace && env.HELM_NAMESPACE) [flags.namespace, flags.names!.namespace] = [env.HELM_NAMESPACE, "HELM_NAMESPACE"];
    if (!flags.server && env.HELM_KUBEAPISERVER) [flags.server, flags.names!.server] = [env.HELM_KUBEAPISERVER, "HELM_KUBEAPISERVER"];
    return (this.target = kubeTarget(this.inv, flags));
  }

  report(id: Id, word: Word, data: Record<string, string>): void {
    const t = this.resolve();
    const production: Evidence[] = kubeEvidence(t, this.ctx.production);
    // Values files named for production (`-f values-prod.yaml`) say where the release is meant to run.
    for (const f of this.args.all("f", "values")) {
      const base = f.split("/").pop() ?? f;
      const e = this.ctx.production.evidence("helm-values", base, "values file given with -f");
      if (e && !production.some((p) => p.value === e.value)) production.push(e);
    }
    this.ctx.report(id, { word, data: { verb: this.verb, where: `(${describeKubeTarget(t)})`, ...data }, ...(production.length ? { production } : {}) });
  }
}
