// Terraform target of a command: workspace (TF_WORKSPACE, .terraform/environment under the -chdir dir), var files and directory names, as production evidence.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { Evidence } from "../types.js";
import type { ProductionMatcher } from "./production.js";

/** A value plus where it came from, in words. */
export interface Sourced {
  value: string;
  source: string;
}

export interface TerraformTargetInput {
  /** Directory the command runs in (the invocation's tracked cwd). */
  cwd?: string;
  /** `-chdir=DIR` (terraform) or the terragrunt working dir, as written. */
  chdir?: string;
  env: Record<string, string | undefined>;
  /** `-var-file` values as written. */
  varFiles?: string[];
  /** A saved plan file given to apply. */
  planFile?: string;
  /** Workspace chosen earlier on the same command line (`terraform workspace select prod && ...`). */
  selected?: Sourced;
  /** `-var NAME=VALUE` values as written. */
  vars?: string[];
}

/** Variables whose value names the environment (`-var env=prod`, `TF_VAR_environment=production`). */
const ENVIRONMENT_VAR = /^(env|environment|stage|tier|workspace|account|deploy_env|target_env|env_name|environment_name)$/i;

export interface TerraformTarget {
  /** Absolute working directory, when known. */
  dir?: string;
  workspace: Sourced;
  /** Production evidence only: workspace, var files, directory names, plan file that match a pattern. */
  evidence: Evidence[];
}

const MAX_ENV_FILE = 4096;
/** How many directory levels above the working dir may name the environment (`live/prod/us-east-1/vpc`). */
const DIR_LEVELS = 4;

/** Display form of a path: `~/...` under HOME. */
function displayPath(p: string, home: string | undefined): string {
  if (home && (p === home || p.startsWith(home.endsWith("/") ? home : home + "/"))) return "~" + p.slice(home.replace(/\/$/, "").length);
  return p;
}

/** The workspace name stored in `<dataDir>/environment`, or undefined when there is none. */
export function readWorkspaceFile(path: string): string | undefined {
  try {
    if (!existsSync(path)) return undefined;
    const s = statSync(path);
    if (!s.isFile() || s.size > MAX_ENV_FILE) return undefined;
    const name = readFileSync(path, "utf8").trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}

/** Resolves the directory terraform works in: `-chdir` against the cwd, or the cwd itself. */
export function terraformDir(cwd: string | undefined, chdir: string | undefined): string | undefined {
  if (chdir === undefined) return cwd;
  if (isAbsolute(chdir)) return resolve(chdir);
  return cwd !== undefined ? resolve(cwd, chdir) : chdir;
}

/**
 * Production evidence from directory names: the working dir and a few parents below the repository root and HOME.
 * The repository's own name (`live-chat`, `prod-tools`) names a project, not an environment, so only the working dir itself may be the root.
 */
export function directoryEvidence(dir: string, home: string | undefined, matcher: ProductionMatcher, kind = "tf-dir"): Evidence | undefined {
  let d = dir;
  for (let level = 0; level < DIR_LEVELS; level++) {
    if (!d || d === "/" || d === "." || (home && resolve(d) === resolve(home))) break;
    if (level > 0 && isAbsolute(d) && existsSync(join(d, ".git"))) break;
    const ev = matcher.evidence(kind, basename(d), `directory ${displayPath(dir, home)}`);
    if (ev) return ev;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return undefined;
}

/**
 * The workspace and production evidence for one terraform-family command. Workspace precedence follows terraform:
 * TF_WORKSPACE, then a selection made earlier on the line, then `.terraform/environment` (or `$TF_DATA_DIR/environment`), then `default`.
 */
export function terraformTarget(input: TerraformTargetInput, matcher: ProductionMatcher, readFile: (path: string) => string | undefined = readWorkspaceFile): TerraformTarget {
  const home = input.env.HOME;
  const dir = terraformDir(input.cwd, input.chdir);
  let workspace: Sourced = dir !== undefined && isAbsolute(dir) ? { value: "default", source: "no workspace selected" } : { value: "(unknown)", source: "the working directory is not known" };
  const fromEnv = input.env.TF_WORKSPACE;
  if (fromEnv) workspace = { value: fromEnv, source: "TF_WORKSPACE in the environment" };
  else if (input.selected) workspace = input.selected;
  else if (dir !== undefined && isAbsolute(dir)) {
    const dataDir = input.env.TF_DATA_DIR ? (isAbsolute(input.env.TF_DATA_DIR) ? input.env.TF_DATA_DIR : join(dir, input.env.TF_DATA_DIR)) : join(dir, ".terraform");
    const name = readFile(join(dataDir, "environment"));
    if (name) workspace = { value: name, source: `${input.env.TF_DATA_DIR ? "$TF_DATA_DIR" : ".terraform"}/environment in ${displayPath(dir, home)}` };
  }
  const evidence: Evidence[] = [];
  const ws = matcher.evidence("tf-workspace", workspace.value, workspace.source);
  if (ws) evidence.push(ws);
  for (const f of input.varFiles ?? []) {
    const ev = matcher.evidence("tf-var-file", f, "-var-file flag");
    if (ev) evidence.push(ev);
  }
  for (const v of input.vars ?? []) {
    const eq = v.indexOf("=");
    if (eq <= 0 || !ENVIRONMENT_VAR.test(v.slice(0, eq).trim())) continue;
    const ev = matcher.evidence("tf-var", v.slice(eq + 1).replace(/^["']|["']$/g, ""), `-var ${v.slice(0, eq).trim()}=... flag`);
    if (ev) evidence.push(ev);
  }
  for (const [k, v] of Object.entries(input.env)) {
    if (!k.startsWith("TF_VAR_") || !ENVIRONMENT_VAR.test(k.slice(7)) || !v) continue;
    const ev = matcher.evidence("tf-var", v, `${k} in the environment`);
    if (ev) evidence.push(ev);
  }
  if (input.planFile) {
    const ev = matcher.evidence("tf-plan-file", basename(input.planFile), "saved plan file");
    if (ev) evidence.push(ev);
  }
  // A directory named for the environment says the same as a matching workspace; report it only when the workspace does not.
  if (dir !== undefined && !ws) {
    const ev = directoryEvidence(dir, home, matcher);
    if (ev) evidence.push(ev);
  }
  return { ...(dir !== undefined ? { dir } : {}), workspace, evidence };
}
