// gcloud production context: the project, configuration and account a command uses, read from flags, env and gcloud's config files.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Evidence } from "../types.js";
import { readIniCached, tildify } from "./aws.js";
import type { ProductionMatcher } from "./production.js";

/** Flags given on the command line that override the configuration (undefined value = not static). */
export interface GcloudFlags {
  project?: { value?: string };
  configuration?: { value?: string };
  account?: { value?: string };
  impersonate?: { value?: string };
}

export interface Sourced {
  value: string;
  source: string;
}

export interface GcloudContext {
  /** The active configuration's name and where it was chosen. */
  configuration?: Sourced;
  project?: Sourced;
  account?: Sourced;
  impersonate?: Sourced;
  /** A flag that selects the context was given but is not static. */
  dynamic: string[];
}

/** gcloud's config directory: CLOUDSDK_CONFIG, else ~/.config/gcloud. */
export function gcloudConfigDir(env: Record<string, string | undefined>): string | undefined {
  if (env.CLOUDSDK_CONFIG) return env.CLOUDSDK_CONFIG;
  return env.HOME ? join(env.HOME, ".config", "gcloud") : undefined;
}

const activeCache = new Map<string, { mtimeMs: number; name: string }>();

function readActiveConfig(path: string): string | undefined {
  try {
    const st = statSync(path);
    const hit = activeCache.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit.name;
    const name = readFileSync(path, "utf8").trim();
    activeCache.set(path, { mtimeMs: st.mtimeMs, name });
    return name || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The context gcloud (and gsutil and bq, which share its configuration) would use. Precedence as gcloud applies it:
 * flag, then CLOUDSDK_<SECTION>_<PROPERTY>, then the active configuration file.
 */
export function gcloudContext(flags: GcloudFlags, env: Record<string, string | undefined>, readFiles = true): GcloudContext {
  const ctx: GcloudContext = { dynamic: [] };
  const fromFlag = (f: { value?: string } | undefined, name: string): Sourced | undefined => {
    if (!f) return undefined;
    if (f.value === undefined) {
      ctx.dynamic.push(`--${name}`);
      return undefined;
    }
    return { value: f.value, source: `--${name} flag` };
  };
  const fromEnv = (name: string): Sourced | undefined => (env[name] ? { value: env[name]!, source: name } : undefined);

  ctx.configuration = fromFlag(flags.configuration, "configuration") ?? fromEnv("CLOUDSDK_ACTIVE_CONFIG_NAME");
  const dir = readFiles ? gcloudConfigDir(env) : undefined;
  if (!ctx.configuration && dir && !flags.configuration) {
    const name = readActiveConfig(join(dir, "active_config"));
    ctx.configuration = { value: name ?? "default", source: name ? `${tildify(join(dir, "active_config"), env.HOME)}` : "the default configuration" };
  }
  let core: Record<string, string> | undefined;
  let auth: Record<string, string> | undefined;
  let where = "";
  if (dir && ctx.configuration) {
    const file = join(dir, "configurations", `config_${ctx.configuration.value}`);
    const ini = readIniCached(file);
    core = ini?.get("core");
    auth = ini?.get("auth");
    where = `of configuration ${ctx.configuration.value} in ${tildify(file, env.HOME)}`;
  }
  const fromFile = (section: Record<string, string> | undefined, key: string, label: string): Sourced | undefined =>
    section?.[key] ? { value: section[key]!, source: `${label} ${where}` } : undefined;

  ctx.project = fromFlag(flags.project, "project") ?? fromEnv("CLOUDSDK_CORE_PROJECT") ?? fromFile(core, "project", "[core] project");
  ctx.account = fromFlag(flags.account, "account") ?? fromEnv("CLOUDSDK_CORE_ACCOUNT") ?? fromFile(core, "account", "[core] account");
  ctx.impersonate =
    fromFlag(flags.impersonate, "impersonate-service-account") ??
    fromEnv("CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT") ??
    fromFile(auth, "impersonate_service_account", "[auth] impersonate_service_account");
  return ctx;
}

/** Production evidence: the project, the configuration's name, the account or the impersonated service account. */
export function gcloudProductionEvidence(ctx: GcloudContext, matcher: ProductionMatcher): Evidence[] {
  const out: Evidence[] = [];
  const add = (kind: string, s: Sourced | undefined) => {
    const e = s && matcher.evidence(kind, s.value, s.source);
    if (e) out.push(e);
  };
  add("gcloud-project", ctx.project);
  add("gcloud-configuration", ctx.configuration);
  add("gcloud-account", ctx.account);
  add("gcloud-account", ctx.impersonate);
  return out;
}

/** Project variables the Google SDKs and providers read (terraform's google provider, client libraries, firebase). */
const PROJECT_VARS = ["GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT", "GOOGLE_PROJECT", "GCLOUD_PROJECT", "GCP_PROJECT", "GOOGLE_CLOUD_QUOTA_PROJECT"];

/** Production evidence for tools that act on Google Cloud with the project from their environment. */
export function gcloudEnvEvidence(env: Record<string, string | undefined>, matcher: ProductionMatcher): Evidence[] {
  const out: Evidence[] = [];
  for (const name of PROJECT_VARS) {
    const e = matcher.evidence("gcloud-project", env[name], `${name} in the environment`);
    if (e && !out.some((o) => o.value === e.value)) out.push(e);
  }
  return out;
}
