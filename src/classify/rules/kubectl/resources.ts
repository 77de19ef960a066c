// Kubernetes resource kinds and the `TYPE NAME` / `TYPE/NAME` target grammar of kubectl verbs.
import type { Word } from "../../../types.js";
import type { ParsedArgs } from "../../flags.js";

export const NAMESPACE_TYPES = new Set(["ns", "namespace", "namespaces", "project", "projects"]);
export const CRD_TYPES = new Set(["crd", "crds", "customresourcedefinition", "customresourcedefinitions"]);
export const VOLUME_TYPES = new Set(["pv", "pvc", "persistentvolume", "persistentvolumes", "persistentvolumeclaim", "persistentvolumeclaims", "volumesnapshot", "volumesnapshots", "volumesnapshotcontent", "volumesnapshotcontents"]);
export const POD_TYPES = new Set(["po", "pod", "pods"]);
export const NODE_TYPES = new Set(["no", "node", "nodes"]);
/** Resource kinds with no namespace: the -n flag does not say where they live. */
export const CLUSTER_SCOPED = new Set([...NAMESPACE_TYPES, ...CRD_TYPES, ...NODE_TYPES, "pv", "persistentvolume", "persistentvolumes", "clusterrole", "clusterroles", "clusterrolebinding", "clusterrolebindings", "storageclass", "storageclasses", "sc", "priorityclass", "priorityclasses", "pc", "validatingwebhookconfiguration", "validatingwebhookconfigurations", "mutatingwebhookconfiguration", "mutatingwebhookconfigurations", "apiservice", "apiservices", "csr", "certificatesigningrequest", "certificatesigningrequests", "ingressclass", "ingressclasses"]);

/** Roles and groups that hand out full control of a namespace or the cluster. */
export const ADMIN_ROLES = new Set(["cluster-admin", "admin", "system:masters"]);

export interface ResourcePair {
  type?: string;
  name?: string;
  word: Word;
}

/** Lower-cased resource kind without its API group (`deployments.v1.apps` → `deployments`). */
function normType(t: string): string {
  return t.toLowerCase().split(".")[0]!;
}

/** `TYPE[,TYPE] [NAME...]` or `TYPE/NAME ...` as (type, name) pairs. */
export function resourcePairs(targets: Word[]): ResourcePair[] {
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

export function resourceTypes(targets: Word[]): string[] {
  return [...new Set(resourcePairs(targets).map((p) => p.type).filter((t): t is string => !!t))];
}

const SINGULAR: Record<string, string> = {
  ns: "namespace", namespaces: "namespace", project: "project", projects: "project", crd: "custom resource definition", crds: "custom resource definition",
  customresourcedefinition: "custom resource definition", customresourcedefinitions: "custom resource definition", pv: "persistent volume",
  persistentvolume: "persistent volume", persistentvolumes: "persistent volume", pvc: "persistent volume claim", persistentvolumeclaim: "persistent volume claim",
  persistentvolumeclaims: "persistent volume claim", no: "node", nodes: "node", volumesnapshots: "volume snapshot", volumesnapshot: "volume snapshot",
};
export function singular(t: string): string {
  return SINGULAR[t] ?? t;
}

/** A short description of what a verb acts on: `deployment api`, `the resources in k8s/`. */
export function describeTargets(targets: Word[], args: ParsedArgs): string {
  const words = targets.map((w) => w.value ?? w.raw);
  if (words.length) return words.join(" ");
  const files = args.all("f", "filename", "k", "kustomize");
  if (files.length) return `the resources in ${files.join(", ")}`;
  if (args.has("l", "selector")) return `resources matching ${args.get("l", "selector")}`;
  return "resources";
}
