// Terraform, OpenTofu and Terragrunt: destroy, apply, state surgery and locks, raised when the workspace, var files or directory say production.
import type { Evidence, Invocation, Risk, Word } from "../../types.js";
import { parseArgs, type ParsedArgs } from "../flags.js";
import { defineRule, type RuleContext } from "../rule.js";
import { awsEnvEvidence } from "../../context/aws.js";
import { gcloudEnvEvidence } from "../../context/gcloud.js";
import { readWorkspaceFile, terraformDir, terraformTarget, type Sourced, type TerraformTarget } from "../../context/terraform.js";

type Id =
  | "destroy"
  | "apply"
  | "apply-unreviewed"
  | "apply-replace"
  | "refresh"
  | "state-rm"
  | "state-push"
  | "state-mv"
  | "state-replace-provider"
  | "import"
  | "taint"
  | "untaint"
  | "force-unlock"
  | "workspace-delete"
  | "test"
  | "dynamic-subcommand"
  | "dynamic-target";

/** Subcommand options that take a value (Go's flag package also accepts `-name value`). */
const VALUE_OPTIONS = [
  "var", "var-file", "target", "replace", "out", "state", "state-out", "backup", "lock-timeout", "parallelism", "generate-config-out", "chdir",
  "config", "provider", "filter", "test-directory", "json-into", "plugin-dir", "backend-config", "from-module", "platform", "fs-mirror", "net-mirror",
];

/** Subcommands that only read (or only touch local files): no finding. */
const READS = new Set(["plan", "init", "validate", "fmt", "show", "output", "providers", "graph", "console", "get", "version", "login", "logout", "metadata", "modules", "query", "help"]);

/** Terragrunt options that take a value, old (`--terragrunt-*`) and new spellings. */
const TG_VALUE_OPTIONS = new Set([
  "terragrunt-working-dir", "working-dir", "terragrunt-config", "config", "terragrunt-tfpath", "tf-path", "terragrunt-iam-role", "iam-assume-role",
  "terragrunt-iam-assume-role-session-name", "iam-assume-role-session-name", "terragrunt-source", "source", "terragrunt-include-dir", "queue-include-dir",
  "terragrunt-exclude-dir", "queue-exclude-dir", "terragrunt-parallelism", "parallelism", "terragrunt-download-dir", "download-dir", "log-level",
  "terragrunt-log-level", "feature", "filter", "terragrunt-source-map", "source-map", "terragrunt-strict-include", "log-format", "out-dir", "json-out-dir",
]);
const TG_NON_INTERACTIVE = new Set(["terragrunt-non-interactive", "non-interactive"]);

/** Terragrunt's older spelling of run-all: `apply-all`, `destroy-all` ... */
const LEGACY_ALL = /^(apply|destroy|plan|output|validate|refresh|import|init)-all$/;

const TF_COMMANDS = new Set([...READS, "apply", "destroy", "import", "refresh", "state", "taint", "untaint", "force-unlock", "workspace", "test"]);

interface Command {
  /** Words from the subcommand on (`apply -auto-approve`). */
  words: Word[];
  /** The word naming the subcommand, for spans. */
  sub?: Word;
  chdir?: Word;
  /** Terragrunt ran the command in every module below the dir (`run-all`, `--all`). */
  all?: boolean;
  nonInteractive?: boolean;
  dynamic?: Word;
}

/** Global options of terraform/tofu: `-chdir=DIR` (also `-chdir DIR`), `-help`, `-version`. */
function terraformCommand(args: Word[]): Command {
  let chdir: Word | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const a = w.value;
    if (a === undefined) {
      if (/^--?chdir=/.test(w.raw)) {
        chdir = { raw: w.raw, span: w.span };
        continue;
      }
      return { words: args.slice(i), dynamic: w, ...(chdir ? { chdir } : {}) };
    }
    const m = /^--?chdir(=(.*))?$/s.exec(a);
    if (m) {
      if (m[1] !== undefined) chdir = { ...w, value: m[2]! };
      else {
        const next = args[++i];
        chdir = next ? ({ ...next } as Word) : { raw: w.raw, span: w.span };
      }
      continue;
    }
    if (a.startsWith("-")) continue;
    return { words: args.slice(i), sub: w, ...(chdir ? { chdir } : {}) };
  }
  return { words: [], ...(chdir ? { chdir } : {}) };
}

/** Terragrunt: its own `--` options anywhere, `run-all CMD`, `run [--all] [--] CMD`, `stack run CMD`, or a terraform command passed through. */
function terragruntCommand(args: Word[], env: Record<string, string | undefined>): Command {
  let chdir: Word | undefined;
  let all = false;
  let nonInteractive = /^(1|true)$/i.test(env.TERRAGRUNT_NON_INTERACTIVE ?? env.TG_NON_INTERACTIVE ?? "");
  const rest: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const a = w.value;
    if (a === undefined) {
      rest.push(w);
      continue;
    }
    const m = /^--([\w-]+)(=(.*))?$/s.exec(a);
    if (m) {
      const name = m[1]!;
      let value = m[3];
      if (value === undefined && TG_VALUE_OPTIONS.has(name)) {
        const next = args[++i];
        value = next?.value;
        if (next && next.value === undefined && (name === "working-dir" || name === "terragrunt-working-dir")) chdir = { raw: next.raw, span: next.span };
      }
      if ((name === "working-dir" || name === "terragrunt-working-dir") && value !== undefined) chdir = { ...w, value };
      if (name === "all") all = true;
      if (TG_NON_INTERACTIVE.has(name)) nonInteractive = true;
      continue;
    }
    if (a === "--") continue;
    rest.push(w);
  }
  // The first word naming a command: run-all, run, stack run, a terraform subcommand, or the old `apply-all`-style commands.
  let i = rest.findIndex((w) => w.value === undefined || w.value === "run-all" || w.value === "run" || w.value === "stack" || TF_COMMANDS.has(w.value) || LEGACY_ALL.test(w.value));
  if (i < 0) return { words: [], ...(chdir ? { chdir } : {}) };
  const legacy = LEGACY_ALL.exec(rest[i]!.value ?? "");
  if (legacy) {
    const w = rest[i]!;
    return { words: [{ ...w, value: legacy[1]! }, ...rest.slice(i + 1)], sub: { ...w, value: legacy[1]! }, ...(chdir ? { chdir } : {}), all: true, nonInteractive };
  }
  if (rest[i]!.value === undefined) return { words: rest.slice(i), dynamic: rest[i]!, ...(chdir ? { chdir } : {}) };
  if (rest[i]!.value === "stack" && rest[i + 1]?.value === "run") i++;
  if (rest[i]!.value === "run-all") all = true;
  if (rest[i]!.value === "run-all" || rest[i]!.value === "run") i++;
  const sub = rest[i];
  const base = { ...(chdir ? { chdir } : {}), all, nonInteractive };
  if (!sub) return { words: [], ...base };
  if (sub.value === undefined) return { words: rest.slice(i), dynamic: sub, ...base };
  return { words: rest.slice(i), sub, ...base };
}

/** Extra arguments terraform reads from TF_CLI_ARGS and TF_CLI_ARGS_<subcommand>. */
function cliArgsFromEnv(env: Record<string, string | undefined>, sub: string, at: Word): Word[] {
  const extra = `${env.TF_CLI_ARGS ?? ""} ${env[`TF_CLI_ARGS_${sub.replace(/-/g, "_")}`] ?? ""}`.trim();
  return extra ? extra.split(/\s+/).map((value) => ({ raw: value, value, span: at.span })) : [];
}

const isTrue = (v: string | undefined) => v === undefined || !/^(false|0|f)$/i.test(v);

/** Parsed subcommand options, with Go-style booleans (`-auto-approve=false` is off). */
function options(words: Word[]): ParsedArgs {
  return parseArgs(words, { singleDashLong: true, bundling: false, value: VALUE_OPTIONS });
}

/** Workspace selected earlier on the same line (`terraform workspace select prod && terraform apply`). */
function selectedEarlier(inv: Invocation, ctx: RuleContext<Id>, dir: string | undefined): Sourced | undefined {
  let found: Sourced | undefined;
  for (const other of ctx.invocations) {
    if (other.index >= inv.index) break;
    if (other.program !== inv.program) continue;
    const cmd = inv.program === "terragrunt" ? terragruntCommand(other.argv.slice(1), other.env) : terraformCommand(other.argv.slice(1));
    if (cmd.sub?.value !== "workspace") continue;
    const o = options(cmd.words.slice(1));
    const [verb, name] = o.positionals.map((w) => w.value);
    if ((verb !== "select" && verb !== "new") || !name) continue;
    if (terraformDir(other.cwd, cmd.chdir?.value) !== dir) continue;
    found = { value: name, source: `terraform workspace ${verb} earlier on this command line` };
  }
  return found;
}

/** Saved plan files made earlier on the line with `plan -destroy -out=FILE`: applying them destroys. */
function destroyPlanEarlier(inv: Invocation, ctx: RuleContext<Id>, planFile: string): boolean {
  for (const other of ctx.invocations) {
    if (other.index >= inv.index) break;
    if (other.program !== inv.program) continue;
    const cmd = terraformCommand(other.argv.slice(1));
    if (cmd.sub?.value !== "plan") continue;
    const o = options(cmd.words.slice(1));
    if (o.get("out") === planFile && o.has("destroy") && isTrue(o.get("destroy"))) return true;
  }
  return false;
}

export default defineRule<Id>({
  name: "terraform",
  description: "Terraform, OpenTofu and Terragrunt: destroying or changing infrastructure and state, judged against the workspace and environment.",
  programs: ["terraform", "tofu", "terragrunt"],
  findings: {
    destroy: {
      risk: "high",
      categories: ["destroy"],
      message: "{program} {how} destroys the infrastructure {scope} (workspace {workspace})",
      hint: "run `{program} plan -destroy` and have a human review and run the destroy",
      description: "Destroys managed infrastructure (`destroy`, `apply -destroy`, a destroy plan).",
    },
    apply: {
      risk: "low",
      categories: ["mutate"],
      message: "{program} apply changes infrastructure in workspace {workspace}; it shows the plan and waits for approval",
      hint: "run `{program} plan` first and review it",
      description: "Applies changes after an interactive review prompt.",
    },
    "apply-unreviewed": {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} apply {how} changes infrastructure in workspace {workspace} without a review prompt",
      hint: "drop {how} so the plan is shown and confirmed, or have a human review the saved plan",
      description: "Applies changes without a review prompt (`-auto-approve`, a saved plan file).",
    },
    "apply-replace": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} apply -replace={resource} destroys and recreates {resource} (workspace {workspace})",
      hint: "check that {resource} holds no data that would be lost, then let a human run it",
      description: "Forces replacement (destroy and create) of a resource.",
    },
    refresh: {
      risk: "low",
      categories: ["mutate"],
      message: "{program} {how} rewrites the state of workspace {workspace} from the real infrastructure",
      hint: "use `{program} plan -refresh-only` to see what would change",
      description: "Updates state from real infrastructure (`refresh`, `apply -refresh-only`).",
    },
    "state-rm": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} state rm {resource} makes terraform forget resources in workspace {workspace}; the next apply may recreate them",
      hint: "back the state up (`{program} state pull > backup.tfstate`) and let a human run it",
      description: "Removes resources from the state.",
    },
    "state-push": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} state push overwrites the remote state of workspace {workspace}",
      hint: "back the remote state up (`{program} state pull`) and let a human push",
      description: "Overwrites the remote state with a local file.",
    },
    "state-mv": {
      risk: "high",
      categories: ["mutate", "destroy"],
      message: "{program} state mv rewrites resource addresses in the state of workspace {workspace}; the next apply may destroy what no longer matches the configuration",
      hint: "prefer `moved` blocks in the configuration, reviewed with `{program} plan`",
      description: "Moves resources between addresses or states.",
    },
    "state-replace-provider": {
      risk: "high",
      categories: ["mutate", "destroy"],
      message: "{program} state replace-provider rewrites provider addresses in the state of workspace {workspace}; a wrong provider makes the next apply recreate resources",
      hint: "back the state up first (`{program} state pull > backup.tfstate`)",
      description: "Rewrites provider addresses in the state.",
    },
    import: {
      risk: "high",
      categories: ["mutate"],
      message: "{program} import puts an existing resource under terraform's control in workspace {workspace}; the next apply or destroy can change or delete it",
      hint: "prefer `import` blocks, reviewed with `{program} plan`",
      description: "Imports an existing resource into the state.",
    },
    taint: {
      risk: "high",
      categories: ["mutate", "destroy"],
      message: "{program} taint marks {resource} for destruction and recreation on the next apply (workspace {workspace})",
      hint: "use `{program} plan -replace={resource}` to see the effect first",
      description: "Marks a resource for replacement.",
    },
    untaint: {
      risk: "low",
      categories: ["mutate"],
      message: "{program} untaint clears the replacement mark on {resource} (workspace {workspace})",
      description: "Removes a replacement mark.",
    },
    "force-unlock": {
      risk: "high",
      categories: ["mutate"],
      message: "{program} force-unlock removes the state lock of workspace {workspace}; a run in progress could corrupt the state",
      hint: "make sure no other run holds the lock, and let a human unlock it",
      description: "Removes a state lock by force.",
    },
    "workspace-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} workspace delete {target} deletes the workspace and its state",
      hint: "destroy or move its resources first, and let a human delete the workspace",
      description: "Deletes a workspace and its state.",
    },
    test: {
      risk: "low",
      categories: ["mutate"],
      message: "{program} test creates and destroys real infrastructure for its test runs (workspace {workspace})",
      hint: "run tests with `command = plan` or against a sandbox account",
      description: "Runs tests that may create real infrastructure.",
    },
    "dynamic-subcommand": {
      risk: "high",
      categories: ["opaque"],
      message: "the {program} subcommand {word} is not static",
      hint: "write the subcommand literally so it can be checked",
      description: "The subcommand is computed at run time.",
    },
    "dynamic-target": {
      risk: "high",
      categories: ["opaque"],
      message: "{program} {sub} changes infrastructure, but {what} is not static, so the environment cannot be told",
      hint: "write the directory and var files literally",
      description: "A change whose directory or var file is computed at run time.",
    },
  },
  check(inv, ctx) {
    const args = inv.argv.slice(1);
    const program = inv.program!;
    const cmd = program === "terragrunt" ? terragruntCommand(args, inv.env) : terraformCommand(args);
    if (cmd.dynamic) {
      ctx.report("dynamic-subcommand", { word: cmd.dynamic, data: { word: cmd.dynamic.raw } });
      return;
    }
    const subWord = cmd.sub;
    const sub = subWord?.value;
    if (!subWord || !sub || READS.has(sub)) return;
    const words = [...cmd.words.slice(1), ...cliArgsFromEnv(inv.env, sub, subWord)];
    const o = options(words);
    const flag = (name: string) => o.has(name) && isTrue(o.get(name));
    if (o.has("help", "h")) return;
    // Dynamic words that are really `-var-file=$F` or `-target=$T` are options, not positionals.
    const dynamicOptions = o.positionals.filter((w) => w.value === undefined && /^--?[a-z-]+=/.test(w.raw));
    const positionals = o.positionals.filter((w) => !dynamicOptions.includes(w));
    const pos = positionals.map((w) => w.value ?? w.raw);

    // Which change, if any, and how risky before production is considered.
    let id: Id | undefined;
    let how = "";
    let risk: Risk | undefined;
    const data: Record<string, string | undefined> = {};
    let word: Word = subWord;
    const autoApprove = flag("auto-approve") || cmd.nonInteractive === true;
    switch (sub) {
      case "destroy":
        id = "destroy";
        how = `destroy${autoApprove ? " -auto-approve" : ""}`;
        break;
      case "apply": {
        const planFile = pos[0];
        if (flag("destroy") || (planFile !== undefined && destroyPlanEarlier(inv, ctx, planFile))) {
          id = "destroy";
          how = flag("destroy") ? `apply -destroy${autoApprove ? " -auto-approve" : ""}` : `apply ${planFile} (a destroy plan)`;
        } else if (o.all("replace").length) {
          id = "apply-replace";
          data.resource = o.all("replace").join(", ");
          word = o.hit("replace")!.word;
        } else if (flag("refresh-only")) {
          id = "refresh";
          how = "apply -refresh-only";
        } else if (autoApprove) {
          id = "apply-unreviewed";
          how = cmd.nonInteractive && !flag("auto-approve") ? "--non-interactive" : "-auto-approve";
          word = o.hit("auto-approve")?.word ?? subWord;
        } else if (planFile !== undefined) {
          id = "apply-unreviewed";
          how = `with the saved plan ${planFile}`;
        } else id = "apply";
        break;
      }
      case "refresh":
        id = "refresh";
        how = "refresh";
        break;
      case "import":
        id = "import";
        break;
      case "taint":
      case "untaint":
        id = sub;
        data.resource = pos[0] ?? "a resource";
        break;
      case "force-unlock":
        id = "force-unlock";
        break;
      case "test":
        id = "test";
        break;
      case "state": {
        const verbWord = positionals[0];
        if (verbWord && verbWord.value === undefined) {
          ctx.report("dynamic-subcommand", { word: verbWord, data: { word: `state ${verbWord.raw}` } });
          return;
        }
        const verb = verbWord?.value;
        const map: Record<string, Id> = { rm: "state-rm", push: "state-push", mv: "state-mv", "replace-provider": "state-replace-provider" };
        // `state rm -dry-run` and `state mv -dry-run` only print what they would do.
        id = verb && !flag("dry-run") ? map[verb] : undefined;
        data.resource = pos.slice(1).join(" ") || "resources";
        if (verbWord) word = verbWord;
        break;
      }
      case "workspace": {
        const verbWord = positionals[0];
        if (verbWord && verbWord.value === undefined) {
          ctx.report("dynamic-subcommand", { word: verbWord, data: { word: `workspace ${verbWord.raw}` } });
          return;
        }
        if (verbWord?.value === "delete") {
          id = "workspace-delete";
          data.target = pos[1] ?? "(unnamed)";
          word = verbWord;
        }
        break;
      }
      default:
        return;
    }
    if (!id) return;

    // The environment: workspace, var files, directory names.
    const chdirDynamic = cmd.chdir && cmd.chdir.value === undefined ? cmd.chdir : undefined;
    const varFileHits = o.options.filter((h) => h.name === "var-file");
    const dynamicVarFile = varFileHits.find((h) => h.dynamicValue)?.word ?? dynamicOptions.find((w) => /^--?var-file=/.test(w.raw));
    const dir = terraformDir(inv.cwd, cmd.chdir?.value);
    const target: TerraformTarget = terraformTarget(
      {
        ...(inv.cwd !== undefined ? { cwd: inv.cwd } : {}),
        ...(cmd.chdir?.value !== undefined ? { chdir: cmd.chdir.value } : {}),
        env: inv.env,
        varFiles: o.all("var-file"),
        vars: o.all("var"),
        ...(sub === "apply" && pos[0] ? { planFile: pos[0] } : {}),
        ...(() => {
          const s = selectedEarlier(inv, ctx, dir);
          return s ? { selected: s } : {};
        })(),
      },
      ctx.production,
      (path) => ctx.memo(`tf-environment:${path}`, () => readWorkspaceFile(path)),
    );
    const production: Evidence[] = chdirDynamic ? [] : [...target.evidence];
    // The providers act with the cloud credentials of the environment: a production AWS profile or Google project says where.
    const local = inv.host === undefined && inv.container === undefined;
    for (const e of [...awsEnvEvidence(inv.env, ctx.production, local), ...gcloudEnvEvidence(inv.env, ctx.production)]) if (!production.some((p) => p.value === e.value)) production.push(e);
    if (id === "workspace-delete") {
      const ev = ctx.production.evidence("tf-workspace", data.target, "workspace delete argument");
      production.splice(0, production.length, ...(ev ? [ev] : []));
    }
    const scope = cmd.all ? "of every module below this directory" : o.all("target").length ? `targeted by -target=${o.all("target").join(",")}` : "of this configuration";
    if (id === "destroy" && production.length && autoApprove) risk = "critical";
    ctx.report(id, {
      word,
      data: { workspace: target.workspace.value, how: how || sub, scope, sub, ...data },
      ...(risk ? { risk } : {}),
      ...(production.length ? { production } : {}),
    });
    if (chdirDynamic || dynamicVarFile) {
      const w = chdirDynamic ?? dynamicVarFile!;
      ctx.report("dynamic-target", { word: w, data: { sub, what: `${chdirDynamic ? "the directory" : "the var file"} ${w.raw}` } });
    } else if (dir === undefined && !production.length && !inv.env.TF_WORKSPACE && id !== "destroy") {
      // After `cd $DIR` the working directory, and so the workspace, is unknown.
      ctx.report("dynamic-target", { word: subWord, data: { sub, what: "the working directory (set by an earlier cd)" } });
    }
  },
});
