// Google Cloud pack shared parts: finding specs, reporting with the project context, bucket evidence.
import type { Evidence, Invocation, Word } from "../../../types.js";
import type { ParsedArgs } from "../../flags.js";
import { gcloudContext, gcloudProductionEvidence, type GcloudFlags } from "../../../context/gcloud.js";
import type { FindingSpec, ReportOptions, RuleContext } from "../../rule.js";

export const GCLOUD_FINDINGS = {
  destroy: {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {path} deletes, stops or disables Google Cloud resources{target}",
    hint: "check the project and the resource names; back up or snapshot first, and run it yourself if it is intended",
    description: "A command whose verb deletes, destroys, purges, removes, resets, stops or disables.",
  },
  "unsafe-flag": {
    risk: "high",
    categories: ["destroy"],
    message: "{flag} removes the safety net of {tool} {path}",
    hint: "drop {flag} so deletion protection or the disks remain",
    description: "--no-deletion-protection, --delete-disks.",
  },
  mutate: {
    risk: "low",
    categories: ["mutate"],
    message: "{tool} {path} changes Google Cloud resources{target}",
    hint: "run it against a non-production project first",
    description: "Creates, updates, deploys, sets (production projects ask).",
  },
  "remote-exec": {
    risk: "medium",
    categories: ["mutate", "remote-code"],
    message: "{tool} {path} opens a shell or runs commands on a remote machine or database",
    hint: "run the commands against a non-production machine first",
    description: "compute ssh/scp, sql connect and other remote sessions.",
  },
  "key-create": {
    risk: "high",
    categories: ["privilege"],
    message: "{tool} {path} creates long-lived credentials",
    hint: "use workload identity or short-lived impersonation instead of key files",
    description: "Service-account keys, HMAC keys, Windows passwords.",
  },
  "iam-admin-grant": {
    risk: "high",
    categories: ["privilege"],
    message: "{tool} {path} grants {role}",
    hint: "grant a narrower predefined role",
    description: "Binding owner, editor, IAM or admin roles.",
  },
  "iam-change": {
    risk: "medium",
    categories: ["privilege", "mutate"],
    message: "{tool} {path} grants {role}",
    hint: "have a person review the IAM change",
    description: "Any other IAM policy binding.",
  },
  "iam-policy-replace": {
    risk: "high",
    categories: ["privilege"],
    message: "{tool} {path} replaces the whole IAM policy",
    hint: "add or remove single bindings with add-iam-policy-binding / remove-iam-policy-binding",
    description: "set-iam-policy from a file.",
  },
  "public-access": {
    risk: "high",
    categories: ["exfiltrate", "mutate"],
    message: "{tool} {path} opens access to everyone ({detail})",
    hint: "grant access to specific members or address ranges",
    description: "allUsers / allAuthenticatedUsers bindings, public ACLs, firewall rules open to 0.0.0.0/0.",
  },
  "storage-rm": {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {path} deletes {target}",
    hint: "check the object names, or enable object versioning first",
    description: "Deleting Cloud Storage objects.",
  },
  "storage-rm-recursive": {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {path} recursively deletes everything under {target}",
    hint: "list what would go with ls -r first",
    description: "Deleting every object under a bucket or prefix.",
  },
  "bucket-delete": {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {path} deletes bucket {target}",
    hint: "check the bucket name and project",
    description: "gsutil rb, gcloud storage buckets delete.",
  },
  "rsync-delete": {
    risk: "medium",
    categories: ["destroy", "mutate"],
    message: "{tool} {path} deletes whatever in {target} is not in {source}",
    hint: "preview with -n / --dry-run, or sync without deleting",
    description: "gsutil rsync -d, gcloud storage rsync --delete-unmatched-destination-objects (how sites deploy; production buckets and projects ask).",
  },
  "storage-move": {
    risk: "medium",
    categories: ["mutate"],
    message: "{tool} {path} moves {source} to {target}, deleting the source",
    hint: "copy first and delete the source once the copy is checked",
    description: "Moving Cloud Storage objects.",
  },
  "storage-write": {
    risk: "low",
    categories: ["mutate"],
    message: "{tool} {path} writes to {target}",
    hint: "write to a non-production bucket first",
    description: "Uploads and copies into Cloud Storage (production projects and buckets ask).",
  },
  "bq-remove": {
    risk: "high",
    categories: ["destroy"],
    message: "bq rm deletes {target}",
    hint: "copy the table or dataset first (bq cp), or rely on time travel only if it is within its window",
    description: "Deleting a BigQuery dataset, table, view, model or routine.",
  },
  "bq-overwrite": {
    risk: "high",
    categories: ["destroy", "mutate"],
    message: "bq {command} {detail} {target}",
    hint: "write to a new table and swap it in once checked",
    description: "bq load --replace, bq cp -f, bq query --replace: existing rows are replaced.",
  },
  "bq-destroy-sql": {
    risk: "high",
    categories: ["destroy"],
    message: "bq query runs {statement}, which deletes data",
    hint: "run the statement yourself after checking it",
    description: "DROP, TRUNCATE or DELETE statements run through bq query.",
  },
  opaque: {
    risk: "high",
    categories: ["opaque"],
    message: "{detail}",
    hint: "write the command path, project and query literally so they can be checked",
    description: "A command word, project or query computed at run time.",
  },
} satisfies Record<string, FindingSpec>;

export type Id = keyof typeof GCLOUD_FINDINGS;

export type Ctx = RuleContext<Id>;
export type Report = (id: Id, opts: ReportOptions & { resources?: Evidence[] }) => void;

export const flagFrom = (p: ParsedArgs, ...names: string[]): { value?: string } | undefined => {
  const h = p.hit(...names);
  return h ? (h.value !== undefined ? { value: h.value } : {}) : undefined;
};

/** Reports with the project/configuration/account evidence attached, computed once per invocation. */
export function reporter(inv: Invocation, ctx: Ctx, flags: GcloudFlags): Report {
  const remote = inv.host !== undefined || inv.container !== undefined;
  let evidence: Evidence[] | undefined;
  let dynamic: string[] = [];
  let warned = false;
  return (id, opts) => {
    const { resources = [], ...rest } = opts;
    if (!evidence) {
      const key = `gcloud:${JSON.stringify(flags)}:${inv.env.CLOUDSDK_CONFIG}:${inv.env.CLOUDSDK_CORE_PROJECT}:${inv.env.CLOUDSDK_ACTIVE_CONFIG_NAME}:${inv.env.CLOUDSDK_CORE_ACCOUNT}:${inv.env.CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT}:${inv.env.HOME}:${remote}`;
      const r = ctx.memo(key, () => {
        const g = gcloudContext(flags, inv.env, !remote);
        return { evidence: gcloudProductionEvidence(g, ctx.production), dynamic: g.dynamic };
      });
      evidence = r.evidence;
      dynamic = r.dynamic;
    }
    const production = [...evidence, ...resources];
    ctx.report(id, { ...rest, ...(production.length ? { production } : {}) });
    if (dynamic.length && !warned && id !== "opaque") {
      warned = true;
      ctx.report("opaque", { data: { detail: `${dynamic.join(", ")} is computed at run time, so shellgate cannot tell whether the target is production` } });
    }
  };
}

export const nameEvidence = (ctx: Ctx, words: readonly Word[], kind: string, where: string): Evidence[] =>
  words.flatMap((w) => {
    const e = w.value ? ctx.production.evidence(kind, w.value, where) : undefined;
    return e ? [e] : [];
  });

export const bucketOf = (url: string | undefined): string | undefined => (url && /^gs:\/\//.test(url) ? url.slice(5).split("/")[0] || undefined : undefined);

export function bucketEvidence(ctx: Ctx, words: readonly (Word | undefined)[]): Evidence[] {
  return words.flatMap((w) => {
    const b = bucketOf(w?.value);
    const e = b ? ctx.production.evidence("gcs-bucket", b, `bucket in ${w!.value} on the command line`) : undefined;
    return e ? [e] : [];
  });
}

export const shown = (w: Word | undefined) => (w ? (w.value ?? w.raw) : "?");
export const writesGcs = (w: Word | undefined) => !!w && (w.value === undefined || /^gs:\/\//.test(w.value));
