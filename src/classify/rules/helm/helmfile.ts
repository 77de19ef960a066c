// helmfile: destroy and delete ask everywhere; apply and sync ask when the environment, state file, kube context or namespace is production.
import type { Evidence, Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { RuleContext } from "../../rule.js";
import { describeKubeTarget, kubeEvidence, kubeTarget } from "../../../context/kube.js";
import { kubeFlags } from "../kubectl/shared.js";

const VALUE = [
  "e", "environment", "f", "file", "n", "namespace", "kube-context", "l", "selector", "state-values-file", "state-values-set", "state-values-set-string",
  "b", "helm-binary", "color", "log-level", "chart", "c", "set", "values", "concurrency", "context", "output-dir", "output-dir-template", "args",
  "kustomize-binary", "k", "diff-args", "sync-args", "timeout", "kubeconfig", "cascade", "wait-retries",
];

/** Commands that render, check or read. */
const READS = /^(diff|template|lint|status|list|build|fetch|repos|write-values|deps|show-dag|version|cache|init|help|completion|print-env)$/;

export type HelmfileId = "helmfile-destroy" | "helmfile-apply";

export function helmfile(inv: Invocation, ctx: RuleContext<HelmfileId | "dynamic-verb">): void {
  const o = parseArgs(inv.argv.slice(1), { value: VALUE });
  const cmdW = o.positionals[0];
  if (!cmdW) return;
  const cmd = cmdW.value;
  if (cmd === undefined) return void ctx.report("dynamic-verb", { word: cmdW, data: { what: "helmfile command", raw: cmdW.raw } });
  if (READS.test(cmd) || o.has("h", "help") || o.has("dry-run")) return;
  const t = kubeTarget(inv, kubeFlags(o, { context: ["kube-context"], server: [], cluster: [] }));
  const production: Evidence[] = kubeEvidence(t, ctx.production);
  const add = (e: Evidence | undefined) => e && !production.some((p) => p.value === e.value) && production.push(e);
  const env = o.get("e", "environment");
  if (env) add(ctx.production.evidence("helmfile-environment", env, "--environment flag"));
  else if (inv.env.HELMFILE_ENVIRONMENT) add(ctx.production.evidence("helmfile-environment", inv.env.HELMFILE_ENVIRONMENT, "HELMFILE_ENVIRONMENT"));
  for (const f of o.all("f", "file", "state-values-file")) add(ctx.production.evidence("helmfile-file", f.split("/").pop() ?? f, "helmfile state or values file"));
  const where = `(${describeKubeTarget(t)}${env ? `, environment ${env}` : ""})`;
  const opts = { word: cmdW, data: { verb: cmd, where }, ...(production.length ? { production } : {}) };
  if (cmd === "destroy" || cmd === "delete") ctx.report("helmfile-destroy", opts);
  else ctx.report("helmfile-apply", opts);
}
