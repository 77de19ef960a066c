// Pulumi, AWS CDK, CDKTF, Serverless and SST: destroying or deploying stacks, raised when the stack, stage, context or profile says production.
import type { Evidence, Invocation, Risk, Word } from "../../types.js";
import { parseArgs, type ParsedArgs } from "../flags.js";
import { defineRule, type RuleContext } from "../rule.js";
import { ansible, type AnsibleId } from "./iac/ansible.js";
import { awsEnvEvidence } from "../../context/aws.js";
import { gcloudEnvEvidence } from "../../context/gcloud.js";

type Id =
  | AnsibleId
  | "destroy"
  | "deploy"
  | "deploy-unreviewed"
  | "replace"
  | "refresh"
  | "import"
  | "cancel"
  | "stack-rm"
  | "state-import"
  | "state-delete"
  | "state-edit"
  | "rollback"
  | "bootstrap"
  | "asset-gc"
  | "invoke"
  | "dynamic-subcommand"
  | "dynamic-target";

/** A target-naming value with where it came from. */
interface Target {
  kind: string;
  value?: string;
  source: string;
  /** The word, when the value came from one (for dynamic values). */
  word?: Word;
}

interface Verdict {
  id: Id;
  word: Word;
  data?: Record<string, string>;
  /** The command runs without asking (`--yes`, `--force`, `--auto-approve`). */
  unattended?: boolean;
}

const PULUMI_VALUES = [
  "C", "cwd", "color", "v", "verbose", "profiling", "tracing", "memprofilerate", "otel-traces", "config-file", "s", "stack", "m", "message", "t", "target",
  "replace", "target-replace", "c", "config", "exclude", "p", "parallel", "policy-pack", "policy-pack-config", "secrets-provider", "plan", "exec-kind", "exec-agent",
  "attach-debugger", "import-file", "from", "file", "out", "provider", "parent", "properties", "name", "suppress-permalink", "o", "output", "l", "logs",
  "stack-name", "organization", "dir", "template", "description", "runtime-options", "language", "continue-on-error",
];
const CDK_VALUES = [
  "a", "app", "c", "context", "profile", "r", "role-arn", "o", "output", "p", "plugin", "toolkit-stack-name", "ca-bundle-path", "proxy", "build", "require-approval",
  "concurrency", "asset-parallelism", "m", "method", "parameters", "O", "outputs-file", "progress", "t", "tags", "change-set-name", "resource-mapping", "record-resource-mapping",
  "toolkit-bucket-name", "bootstrap-bucket-name", "bootstrap-kms-key-id", "qualifier", "trust", "trust-for-lookup", "cloudformation-execution-policies", "template",
  "custom-permissions-boundary", "language", "l", "action", "type", "rollback-buffer-days", "created-buffer-days", "stack-name", "from-path", "from-stack", "from-scan",
  "filter", "region", "account", "output-file", "compress", "unstable", "var", "var-file", "parallelism", "refresh-only", "skip-synth", "provider", "json", "ignore-missing-stack-dependencies",
];
const SLS_VALUES = ["s", "stage", "r", "region", "aws-profile", "c", "config", "f", "function", "param", "p", "package", "app", "org", "t", "type", "data", "path", "d", "raw", "context", "contextPath", "n", "name", "startTime", "endTime", "interval", "timestamp", "template", "template-url", "template-path", "filter", "tail"];
const SST_VALUES = ["stage", "config", "target", "print-logs", "verbose", "policy", "to", "from", "mode", "filter", "region", "profile"];

/** The command that shows what a change would do, per tool. */
const PREVIEW: Record<string, string> = { pulumi: "pulumi preview", cdk: "cdk diff", "aws-cdk": "cdk diff", cdktf: "cdktf diff", "cdktf-cli": "cdktf diff", serverless: "serverless package", sls: "sls package", sst: "sst diff" };

const truthy = (v: string | undefined): boolean => /^(1|true|yes)$/i.test(v ?? "");

function opts(args: Word[], value: string[]): ParsedArgs {
  return parseArgs(args, { value });
}

function production(ctx: RuleContext<Id>, targets: Target[]): { evidence: Evidence[]; dynamic?: Word } {
  const evidence: Evidence[] = [];
  let dynamic: Word | undefined;
  for (const t of targets) {
    if (t.value === undefined) {
      if (t.word) dynamic ??= t.word;
      continue;
    }
    const ev = ctx.production.evidence(t.kind, t.value, t.source);
    if (ev) evidence.push(ev);
  }
  return dynamic ? { evidence, dynamic } : { evidence };
}

/** `pulumi stack select X` or `--stack` given earlier on the same line. */
function stackSelectedEarlier(inv: Invocation, ctx: RuleContext<Id>): string | undefined {
  let found: string | undefined;
  for (const other of ctx.invocations) {
    if (other.index >= inv.index) break;
    if (other.program !== "pulumi") continue;
    const o = opts(other.argv.slice(1), PULUMI_VALUES);
    const [a, b, c] = o.positionals.map((w) => w.value);
    if (a === "stack" && (b === "select" || b === "init")) found = c ?? o.get("s", "stack") ?? found;
  }
  return found;
}

function pulumi(inv: Invocation, ctx: RuleContext<Id>): { verdict?: Verdict; targets: Target[]; dynamic?: Word } {
  const o = opts(inv.argv.slice(1), PULUMI_VALUES);
  const pos = o.positionals;
  const cmdWord = pos[0];
  if (!cmdWord) return { targets: [] };
  if (cmdWord.value === undefined) return { targets: [], dynamic: cmdWord };
  let cmd = cmdWord.value;
  let args = pos.slice(1);
  if (cmd === "deployment" && args[0]?.value === "run") {
    // `pulumi deployment run destroy`: a remote run of the named operation.
    cmd = args[1]?.value ?? "";
    args = args.slice(2);
  }
  const stackFlag = o.hit("s", "stack");
  const targets: Target[] = [];
  if (stackFlag) targets.push({ kind: "pulumi-stack", ...(stackFlag.value !== undefined ? { value: stackFlag.value } : {}), source: "--stack flag", word: stackFlag.word });
  else if (inv.env.PULUMI_STACK) targets.push({ kind: "pulumi-stack", value: inv.env.PULUMI_STACK, source: "PULUMI_STACK in the environment" });
  else {
    const earlier = stackSelectedEarlier(inv, ctx);
    if (earlier) targets.push({ kind: "pulumi-stack", value: earlier, source: "pulumi stack select earlier on this command line" });
  }
  // Programs act with the cloud credentials of the environment.
  const local = inv.host === undefined && inv.container === undefined;
  for (const e of [...awsEnvEvidence(inv.env, ctx.production, local), ...gcloudEnvEvidence(inv.env, ctx.production)]) targets.push({ kind: e.kind, value: e.value, source: e.source });
  const unattended = o.has("y", "yes", "skip-preview", "non-interactive") || truthy(inv.env.PULUMI_SKIP_CONFIRMATIONS);
  const sub = args[0];
  switch (cmd) {
    case "destroy":
    case "down":
      if (o.has("preview-only")) return { targets };
      return { verdict: { id: "destroy", word: cmdWord, unattended, data: { what: o.has("remove") ? "every resource of the stack, and the stack itself" : "every resource of the stack" } }, targets };
    case "up":
    case "update":
    case "watch": {
      const replace = o.all("replace", "target-replace");
      if (replace.length) return { verdict: { id: "replace", word: o.hit("replace", "target-replace")!.word, unattended, data: { resource: replace.join(", ") } }, targets };
      if (unattended || cmd === "watch") return { verdict: { id: "deploy-unreviewed", word: cmdWord, unattended: true, data: { how: cmd === "watch" ? "watch (deploys on every change)" : `${cmd} --yes` } }, targets };
      return { verdict: { id: "deploy", word: cmdWord }, targets };
    }
    case "refresh":
      if (o.has("preview-only")) return { targets };
      return { verdict: { id: "refresh", word: cmdWord, unattended }, targets };
    case "import":
      return { verdict: { id: "import", word: cmdWord }, targets };
    case "cancel":
      return { verdict: { id: "cancel", word: cmdWord }, targets };
    case "stack": {
      if (sub && sub.value === undefined) return { targets, dynamic: sub };
      const name = args[1];
      if (sub?.value === "rm") {
        if (name) {
          targets.splice(0, targets.length, { kind: "pulumi-stack", ...(name.value !== undefined ? { value: name.value } : {}), source: "stack rm argument", word: name });
        }
        return { verdict: { id: "stack-rm", word: sub, unattended, data: { cmd: "stack rm", stack: name?.value ?? stackFlag?.value ?? "the current stack" } }, targets };
      }
      if (sub?.value === "import") return { verdict: { id: "state-import", word: sub }, targets };
      if (sub?.value === "rename") return { verdict: { id: "state-edit", word: sub, data: { what: "stack rename" } }, targets };
      return { targets };
    }
    case "state": {
      if (sub && sub.value === undefined) return { targets, dynamic: sub };
      if (sub?.value === "delete") return { verdict: { id: "state-delete", word: sub, data: { resource: args[1]?.value ?? "resources" } }, targets };
      if (sub?.value && ["unprotect", "rename", "move", "edit", "repair"].includes(sub.value)) return { verdict: { id: "state-edit", word: sub, data: { what: `state ${sub.value}` } }, targets };
      return { targets };
    }
    case "env":
      if (sub?.value === "rm" || sub?.value === "remove") {
        const name = args[1];
        return {
          verdict: { id: "stack-rm", word: sub, data: { cmd: `env ${sub.value}`, stack: `environment ${name?.value ?? ""}`.trim() } },
          targets: name ? [{ kind: "pulumi-env", ...(name.value !== undefined ? { value: name.value } : {}), source: "env rm argument", word: name }] : [],
        };
      }
      return { targets };
    default:
      return { targets };
  }
}

/** AWS CDK and CDKTF share a grammar: `cdk [options] <command> [stacks..] [options]`. */
function cdk(inv: Invocation): { verdict?: Verdict; targets: Target[]; dynamic?: Word } {
  const o = opts(inv.argv.slice(1), CDK_VALUES);
  const [cmdWord, ...stacks] = o.positionals;
  if (!cmdWord) return { targets: [] };
  if (cmdWord.value === undefined) return { targets: [], dynamic: cmdWord };
  const cmd = cmdWord.value;
  const targets: Target[] = [];
  for (const s of stacks) targets.push({ kind: "cdk-stack", ...(s.value !== undefined ? { value: s.value } : {}), source: "stack argument", word: s });
  for (const h of o.options) {
    if (h.name !== "c" && h.name !== "context") continue;
    const v = h.value?.includes("=") ? h.value.slice(h.value.indexOf("=") + 1) : h.value;
    targets.push({ kind: "cdk-context", ...(v !== undefined ? { value: v } : {}), source: `--context ${h.value ?? ""}`.trim(), word: h.word });
  }
  const profile = o.get("profile");
  if (profile !== undefined) targets.push({ kind: "aws-profile", value: profile, source: "--profile flag" });
  else if (inv.env.AWS_PROFILE) targets.push({ kind: "aws-profile", value: inv.env.AWS_PROFILE, source: "AWS_PROFILE in the environment" });
  const tf = inv.program === "cdktf" || inv.program === "cdktf-cli";
  const force = o.has("f", "force", "auto-approve");
  switch (cmd) {
    case "destroy":
      return { verdict: { id: "destroy", word: cmdWord, unattended: force, data: { what: stacks.length ? `the stacks ${stacks.map((s) => s.raw).join(", ")}` : o.has("all") ? "every stack of the app" : "the app's stack" } }, targets };
    case "deploy":
    case "watch": {
      const unattended = tf ? o.has("auto-approve") : o.get("require-approval") === "never";
      if (cmd === "watch" || o.has("watch")) return { verdict: { id: "deploy-unreviewed", word: cmdWord, unattended: true, data: { how: "watch (deploys on every change)" } }, targets };
      if (unattended) return { verdict: { id: "deploy-unreviewed", word: cmdWord, unattended, data: { how: tf ? "deploy --auto-approve" : "deploy --require-approval never" } }, targets };
      return { verdict: { id: "deploy", word: cmdWord }, targets };
    }
    case "bootstrap":
      return { verdict: { id: "bootstrap", word: cmdWord }, targets };
    case "import":
      return { verdict: { id: "import", word: cmdWord }, targets };
    case "rollback":
      return { verdict: { id: "rollback", word: cmdWord }, targets };
    case "gc":
      return { verdict: { id: "asset-gc", word: cmdWord }, targets };
    default:
      return { targets };
  }
}

/** Serverless Framework and SST: `<tool> <command> [subcommand] --stage X`. */
function stages(inv: Invocation): { verdict?: Verdict; targets: Target[]; dynamic?: Word } {
  const sst = inv.program === "sst";
  const o = opts(inv.argv.slice(1), sst ? SST_VALUES : SLS_VALUES);
  const [cmdWord, subWord] = o.positionals;
  if (!cmdWord) return { targets: [] };
  if (cmdWord.value === undefined) return { targets: [], dynamic: cmdWord };
  const cmd = cmdWord.value;
  const stageHit = sst ? o.hit("stage") : o.hit("s", "stage");
  const targets: Target[] = [];
  if (stageHit) targets.push({ kind: "stage", ...(stageHit.value !== undefined ? { value: stageHit.value } : {}), source: "--stage flag", word: stageHit.word });
  else if (sst && inv.env.SST_STAGE) targets.push({ kind: "stage", value: inv.env.SST_STAGE, source: "SST_STAGE in the environment" });
  const profile = sst ? o.get("profile") : o.get("aws-profile");
  if (profile !== undefined) targets.push({ kind: "aws-profile", value: profile, source: sst ? "--profile flag" : "--aws-profile flag" });
  else if (inv.env.AWS_PROFILE) targets.push({ kind: "aws-profile", value: inv.env.AWS_PROFILE, source: "AWS_PROFILE in the environment" });
  const stage = stageHit?.value ?? (sst ? inv.env.SST_STAGE : undefined) ?? (sst ? "your personal stage" : "dev");
  switch (cmd) {
    case "remove":
      return { verdict: { id: "destroy", word: cmdWord, data: { what: `every resource of stage ${stage}` } }, targets };
    case "deploy":
      if (!sst && subWord?.value === "list") return { targets };
      return { verdict: { id: "deploy", word: cmdWord, data: { stage } }, targets };
    case "rollback":
      return { verdict: { id: "rollback", word: cmdWord }, targets };
    case "invoke":
      if (subWord?.value === "local") return { targets };
      return { verdict: { id: "invoke", word: cmdWord, data: { stage } }, targets };
    case "unlock":
      return sst ? { verdict: { id: "cancel", word: cmdWord }, targets } : { targets };
    case "refresh":
      return sst ? { verdict: { id: "refresh", word: cmdWord }, targets } : { targets };
    case "state":
      if (sst && subWord?.value === "remove") return { verdict: { id: "state-delete", word: subWord, data: { resource: o.positionals[2]?.value ?? "resources" } }, targets };
      if (sst && subWord?.value === "repair") return { verdict: { id: "state-edit", word: subWord, data: { what: "state repair" } }, targets };
      return { targets };
    default:
      return { targets };
  }
}

export default defineRule<Id>({
  name: "iac",
  description: "Pulumi, AWS CDK, CDKTF, Serverless, SST and Ansible: destroying and deploying stacks or configuring hosts, judged against the stack, stage, profile or inventory.",
  // `aws-cdk` and `cdktf-cli` are the package names `npx` is given; they run the same CLIs.
  programs: ["pulumi", "cdk", "aws-cdk", "cdktf", "cdktf-cli", "serverless", "sls", "sst", "ansible", "ansible-playbook"],
  findings: {
    destroy: {
      risk: "high",
      categories: ["destroy"],
      message: "{program} {cmd} destroys {what}",
      hint: "preview what would be destroyed and let a human run the destroy",
      description: "Destroys a stack's resources (`pulumi destroy`, `cdk destroy`, `serverless remove`, `sst remove`).",
    },
    deploy: {
      risk: "low",
      categories: ["mutate"],
      message: "{program} {cmd} changes deployed infrastructure",
      hint: "preview the change first with `{preview}`",
      description: "Deploys changes to a stack or stage.",
    },
    "deploy-unreviewed": {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} {how} changes deployed infrastructure without a review prompt",
      hint: "drop the flag that skips the review so the changes are shown first",
      description: "Deploys without a review prompt (`pulumi up --yes`, `cdk deploy --require-approval never`, `watch`).",
    },
    replace: {
      risk: "high",
      categories: ["destroy"],
      message: "{program} {cmd} --replace destroys and recreates {resource}",
      hint: "check that {resource} holds no data that would be lost, then let a human run it",
      description: "Forces replacement (destroy and create) of resources.",
    },
    refresh: {
      risk: "low",
      categories: ["mutate"],
      message: "{program} {cmd} rewrites the stack's state from the real infrastructure",
      hint: "run it with `--preview-only` first",
      description: "Updates state from the real infrastructure.",
    },
    import: {
      risk: "low",
      categories: ["mutate"],
      message: "{program} import adopts existing resources into the stack",
      description: "Imports existing resources into a stack.",
    },
    cancel: {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} {cmd} stops or unlocks an update in progress, which can leave the state inconsistent",
      hint: "make sure no update is really running, and let a human do it",
      description: "Cancels an update or removes a lock.",
    },
    "stack-rm": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} {cmd} removes {stack} and its state history",
      hint: "destroy its resources first and let a human remove the stack",
      description: "Removes a stack (or an ESC environment).",
    },
    "state-import": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} stack import overwrites the stack's state",
      hint: "export the current state first (`pulumi stack export`) and let a human import",
      description: "Overwrites a stack's state.",
    },
    "state-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} state delete makes the stack forget {resource}",
      hint: "export the state first and let a human edit it",
      description: "Deletes resources from a stack's state.",
    },
    "state-edit": {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} {what} rewrites the stack's state",
      hint: "export the state first (`pulumi stack export`)",
      description: "Edits a stack's state (unprotect, rename, move, repair).",
    },
    rollback: {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} rollback returns deployed infrastructure to an earlier version",
      hint: "check which version it returns to first",
      description: "Rolls a deployment back.",
    },
    bootstrap: {
      risk: "low",
      categories: ["mutate"],
      message: "{program} bootstrap creates or updates the deployment toolkit in the account",
      description: "Bootstraps an account and region.",
    },
    "asset-gc": {
      risk: "medium",
      categories: ["destroy"],
      message: "{program} gc deletes assets it considers unused from the bootstrap bucket and repository",
      hint: "run it with `--action=print` first",
      description: "Garbage-collects deployment assets.",
    },
    invoke: {
      risk: "low",
      categories: ["mutate"],
      message: "{program} invoke runs the deployed function on stage {stage}",
      hint: "use `{program} invoke local` to run it locally",
      description: "Invokes a deployed function.",
    },
    "ansible-change": {
      risk: "low",
      categories: ["mutate"],
      message: "{program} runs {what}, changing the hosts it targets",
      hint: "run it with --check --diff first",
      description: "Ansible playbooks and modules that change hosts (production inventories ask).",
    },
    "ansible-remote-exec": {
      risk: "medium",
      categories: ["mutate", "remote-code"],
      message: "{program} runs {what}: arbitrary commands on every matching host",
      hint: "use a module that states the change, and run it with --check first",
      description: "Ansible ad-hoc shell, command, raw and script modules.",
    },
    "dynamic-subcommand": {
      risk: "high",
      categories: ["opaque"],
      message: "the {program} command {word} is not static",
      hint: "write the command literally so it can be checked",
      description: "The command is computed at run time.",
    },
    "dynamic-target": {
      risk: "high",
      categories: ["opaque"],
      message: "{program} {cmd} changes infrastructure, but {word} is not static, so the environment cannot be told",
      hint: "write the stack, stage or context literally",
      description: "A change whose stack, stage or context is computed at run time.",
    },
  },
  check(inv, ctx) {
    const p = inv.program!;
    if (p === "ansible" || p === "ansible-playbook") return ansible(inv, ctx);
    if (inv.argv.some((w) => w.value === "--help" || w.value === "-h")) return;
    const r = p === "pulumi" ? pulumi(inv, ctx) : /^(cdk|aws-cdk|cdktf|cdktf-cli)$/.test(p) ? cdk(inv) : stages(inv);
    if (r.dynamic) {
      ctx.report("dynamic-subcommand", { word: r.dynamic, data: { word: r.dynamic.raw } });
      return;
    }
    const v = r.verdict;
    if (!v) return;
    const prod = production(ctx, r.targets);
    const cmd = v.word.value ?? v.word.raw;
    let risk: Risk | undefined;
    // Destroying production without any prompt is the incident this tool exists for.
    if (v.id === "destroy" && prod.evidence.length && v.unattended) risk = "critical";
    ctx.report(v.id, {
      word: v.word,
      data: { cmd, preview: PREVIEW[p] ?? `${p} diff`, what: "the stack", resource: "resources", stack: "the stack", how: cmd, stage: "dev", ...v.data },
      ...(risk ? { risk } : {}),
      ...(prod.evidence.length ? { production: prod.evidence } : {}),
    });
    if (prod.dynamic && !prod.evidence.length && v.id !== "destroy") ctx.report("dynamic-target", { word: prod.dynamic, data: { cmd, word: prod.dynamic.raw } });
  },
});
