// AWS production context: the profile a command uses and what the AWS config file says about it, read without running aws.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Evidence } from "../types.js";
import type { ProductionMatcher } from "./production.js";

/** Sections of an INI file (`[name]` → key/value pairs), as the AWS and gcloud config files write them. */
export type IniSections = Map<string, Record<string, string>>;

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Record<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, "");
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const head = /^\[\s*(.+?)\s*\]$/.exec(trimmed);
    if (head) {
      current = sections.get(head[1]!) ?? {};
      sections.set(head[1]!, current);
      lastKey = undefined;
      continue;
    }
    // Indented lines continue a nested block (`s3 =\n  max_concurrent_requests = 10`); they never carry the keys we read.
    if (/^\s/.test(line) && lastKey) continue;
    const eq = trimmed.indexOf("=");
    if (eq < 0 || !current) continue;
    lastKey = trimmed.slice(0, eq).trim().toLowerCase();
    current[lastKey] = trimmed.slice(eq + 1).trim();
  }
  return sections;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  sections: IniSections;
}

// Shims and the PTY daemon check many commands in one process: keep parsed files until they change on disk.
const iniCache = new Map<string, CacheEntry>();

/** Parsed INI file, cached by path and invalidated by mtime and size; undefined when it cannot be read. */
export function readIniCached(path: string): IniSections | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    iniCache.delete(path);
    return undefined;
  }
  const hit = iniCache.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.sections;
  try {
    const sections = parseIni(readFileSync(path, "utf8"));
    iniCache.set(path, { mtimeMs: st.mtimeMs, size: st.size, sections });
    return sections;
  } catch {
    return undefined;
  }
}

/** `/home/me/.aws/config` → `~/.aws/config`, for evidence a person reads at a glance. */
export function tildify(path: string, home: string | undefined): string {
  return home && (path === home || path.startsWith(home + "/")) ? "~" + path.slice(home.length) : path;
}

export interface AwsProfile {
  /** Profile name; undefined when the command computes it at run time. */
  name?: string;
  /** Where it came from: `--profile flag`, `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, `the default profile`. */
  source: string;
}

/** A `--profile` given on the command line: its value, or dynamic when the word is not static. */
export interface ProfileFlag {
  value?: string;
  dynamic?: boolean;
}

/** The profile aws would use: `--profile`, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else `default`. */
export function awsProfile(flag: ProfileFlag | undefined, env: Record<string, string | undefined>): AwsProfile {
  if (flag) return flag.dynamic || flag.value === undefined ? { source: "--profile flag" } : { name: flag.value, source: "--profile flag" };
  if (env.AWS_PROFILE) return { name: env.AWS_PROFILE, source: "AWS_PROFILE" };
  if (env.AWS_DEFAULT_PROFILE) return { name: env.AWS_DEFAULT_PROFILE, source: "AWS_DEFAULT_PROFILE" };
  return { name: "default", source: "the default profile" };
}

export interface AwsContext {
  profile: AwsProfile;
  /** The config file read, when one was found (AWS_CONFIG_FILE or ~/.aws/config). */
  configFile?: string;
  /** The profile's section in that file. */
  section?: Record<string, string>;
  region?: string;
  roleArn?: string;
  accountId?: string;
  accountName?: string;
}

/** Path of the AWS config file for this environment, or undefined when HOME is unknown. */
export function awsConfigPath(env: Record<string, string | undefined>): string | undefined {
  if (env.AWS_CONFIG_FILE) return env.AWS_CONFIG_FILE;
  return env.HOME ? join(env.HOME, ".aws", "config") : undefined;
}

/** The profile and its settings. `readFiles` is false for commands that run on another host. */
export function awsContext(flag: ProfileFlag | undefined, env: Record<string, string | undefined>, readFiles = true): AwsContext {
  const profile = awsProfile(flag, env);
  const ctx: AwsContext = { profile };
  const file = readFiles ? awsConfigPath(env) : undefined;
  if (file && profile.name) {
    const sections = readIniCached(file);
    const section = sections && (profile.name === "default" ? (sections.get("default") ?? sections.get("profile default")) : sections.get(`profile ${profile.name}`));
    if (section) {
      ctx.configFile = file;
      ctx.section = section;
      if (section.region) ctx.region = section.region;
      if (section.role_arn) ctx.roleArn = section.role_arn;
      const acct = section.sso_account_id ?? /^arn:aws[\w-]*:iam::(\d{12}):/.exec(section.role_arn ?? "")?.[1];
      if (acct) ctx.accountId = acct;
      const name = section.sso_account_name ?? section.account_name ?? section.granted_sso_account_name;
      if (name) ctx.accountName = name;
    }
  }
  if (!ctx.roleArn && env.AWS_ROLE_ARN) ctx.roleArn = env.AWS_ROLE_ARN;
  if (!ctx.region && (env.AWS_REGION || env.AWS_DEFAULT_REGION)) ctx.region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return ctx;
}

/** Production evidence for an AWS context: the profile name, its role ARN, account id or account name. */
export function awsProductionEvidence(ctx: AwsContext, matcher: ProductionMatcher, env: Record<string, string | undefined>): Evidence[] {
  const out: Evidence[] = [];
  const { profile } = ctx;
  const push = (e: Evidence | undefined) => e && out.push(e);
  push(matcher.evidence("aws-profile", profile.name, profile.source));
  const where = ctx.configFile ? `of profile ${profile.name} in ${tildify(ctx.configFile, env.HOME)}` : "";
  if (ctx.roleArn) push(matcher.evidence("aws-role", ctx.roleArn, ctx.section?.role_arn === ctx.roleArn ? `role_arn ${where}` : "AWS_ROLE_ARN"));
  if (ctx.accountId) push(matcher.evidence("aws-account", ctx.accountId, `account id ${where}`));
  if (ctx.accountName) push(matcher.evidence("aws-account", ctx.accountName, `account name ${where}`));
  if (ctx.section?.sso_role_name) push(matcher.evidence("aws-role", ctx.section.sso_role_name, `sso_role_name ${where}`));
  return out;
}

/**
 * Production evidence for tools that use AWS credentials without being the AWS CLI (terraform, pulumi ...): only a profile or
 * role chosen in their environment (AWS_PROFILE, AWS_DEFAULT_PROFILE, AWS_ROLE_ARN) says where they act; the default profile says nothing.
 */
export function awsEnvEvidence(env: Record<string, string | undefined>, matcher: ProductionMatcher, readFiles = true): Evidence[] {
  if (!env.AWS_PROFILE && !env.AWS_DEFAULT_PROFILE && !env.AWS_ROLE_ARN) return [];
  return awsProductionEvidence(awsContext(undefined, env, readFiles), matcher, env);
}
