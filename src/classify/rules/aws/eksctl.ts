// eksctl: deleting or draining EKS clusters and node groups asks; other changes ask when the cluster, node group, config file or AWS profile is production.
import type { Evidence, Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { awsContext, awsProductionEvidence } from "../../../context/aws.js";
import type { Ctx } from "./report.js";

const VALUE = [
  "n", "name", "c", "cluster", "r", "region", "p", "profile", "f", "config-file", "N", "nodes", "m", "nodes-min", "M", "nodes-max", "t", "node-type",
  "version", "zones", "namespace", "role-name", "attach-policy-arn", "timeout", "color", "v", "verbose", "o", "output", "nodegroup", "ng", "include", "exclude",
  "kubeconfig", "instance-types", "node-ami", "node-volume-size", "vpc-private-subnets", "vpc-public-subnets", "tags", "authenticator-role-arn", "arn",
  "username", "group", "service-account-name", "addon", "cfn-role-arn", "parallel", "pod-eviction-wait-period", "max-grace-period",
];

/** Verbs that read, print or only write local files. */
const READS = /^(get|info|version|completion|help|generate)$/;

export function eksctl(inv: Invocation, ctx: Ctx): void {
  const o = parseArgs(inv.argv.slice(1), { value: VALUE });
  const [verbW, resourceW, nameW] = o.positionals;
  const verb = verbW?.value;
  const resource = resourceW?.value ?? "";
  if (!verbW || verb === undefined || READS.test(verb) || o.has("h", "help") || o.has("dry-run")) return;
  // `eksctl utils describe-*` and `write-kubeconfig` read or only touch the local kubeconfig.
  if (verb === "utils" && /^(describe-|write-kubeconfig|nodegroup-health|schema)/.test(resource)) return;
  if (verb === "upgrade" && !o.has("approve")) return;
  const production: Evidence[] = [];
  const add = (e: Evidence | undefined) => e && !production.some((p) => p.value === e.value) && production.push(e);
  const profile = o.get("p", "profile");
  const remote = inv.host !== undefined || inv.container !== undefined;
  for (const e of awsProductionEvidence(awsContext(profile !== undefined ? { value: profile } : undefined, inv.env, !remote), ctx.production, inv.env)) add(e);
  const cluster = o.get("c", "cluster") ?? (resource === "cluster" ? (o.get("n", "name") ?? nameW?.value) : undefined);
  if (cluster) add(ctx.production.evidence("eks-cluster", cluster, "cluster named on the command line"));
  const group = resource !== "cluster" ? (o.get("n", "name", "nodegroup") ?? nameW?.value) : undefined;
  if (group) add(ctx.production.evidence("eks-nodegroup", group, `${resource} named on the command line`));
  const file = o.get("f", "config-file");
  if (file) add(ctx.production.evidence("eks-config", file.split("/").pop() ?? file, "--config-file flag"));
  const what = `${resource} ${cluster ?? group ?? nameW?.value ?? ""}`.trim();
  const opts = { word: resourceW ?? verbW, data: { verb, what }, ...(production.length ? { production } : {}) };
  if (verb === "delete" || verb === "drain" || verb === "deregister") return void ctx.report("eksctl-destroy", opts);
  ctx.report("eksctl-change", opts);
}
