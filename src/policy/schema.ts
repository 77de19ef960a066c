// The policy file format as a zod schema (zod/mini, loaded lazily): what each key accepts.
import * as z from "zod/mini";

export const ACTION_VALUES = ["allow", "warn", "ask", "block"] as const;
export const RISK_VALUES = ["low", "medium", "high", "critical"] as const;
export const CATEGORY_VALUES = ["destroy", "mutate", "production", "privilege", "exfiltrate", "remote-code", "opaque"] as const;

const text = z.string().check(z.minLength(1));
const textOrList = z.union([text, z.array(text).check(z.minLength(1))]);
const action = z.enum(ACTION_VALUES);
const risk = z.enum(RISK_VALUES);
const category = z.enum(CATEGORY_VALUES);
const envMap = z.record(z.string(), z.string());

export const MATCH_KEYS = [
  "program", "finding", "risk", "max_risk", "category", "production", "context", "namespace", "profile", "account", "workspace", "project",
  "host", "container", "cwd", "path", "command", "command_regex", "env",
] as const;

export const matchSchema = z.strictObject({
  program: z.optional(textOrList),
  finding: z.optional(textOrList),
  risk: z.optional(risk),
  max_risk: z.optional(risk),
  category: z.optional(z.union([category, z.array(category).check(z.minLength(1))])),
  production: z.optional(z.boolean()),
  context: z.optional(textOrList),
  namespace: z.optional(textOrList),
  profile: z.optional(textOrList),
  account: z.optional(textOrList),
  workspace: z.optional(textOrList),
  project: z.optional(textOrList),
  host: z.optional(textOrList),
  container: z.optional(textOrList),
  cwd: z.optional(textOrList),
  path: z.optional(textOrList),
  command: z.optional(textOrList),
  command_regex: z.optional(textOrList),
  env: z.optional(z.record(z.string(), textOrList)),
});

const example = z.union([text, z.strictObject({ command: text, cwd: z.optional(text), env: z.optional(envMap) })]);

export const ruleSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/, "an id of letters, digits and - _ . : /")),
  description: z.optional(z.string()),
  match: matchSchema,
  action,
  message: z.optional(z.string()),
  examples: z.optional(z.strictObject({ match: z.optional(z.array(example)), not_match: z.optional(z.array(example)) })),
});

export const testSchema = z.strictObject({
  name: z.optional(z.string()),
  command: text,
  cwd: z.optional(text),
  env: z.optional(envMap),
  kube: z.optional(text),
  expect: action,
  mode: z.optional(z.enum(["enforce", "audit"])),
  rule: z.optional(text),
  findings: z.optional(z.array(text)),
});

const nameList = z.array(text);

export const productionSchema = z.strictObject({
  replace: z.optional(z.boolean()),
  tokens: z.optional(nameList),
  regexes: z.optional(nameList),
  critical_namespaces: z.optional(nameList),
  kube_contexts: z.optional(nameList),
  kube_namespaces: z.optional(nameList),
  aws_profiles: z.optional(nameList),
  aws_accounts: z.optional(nameList),
  tf_workspaces: z.optional(nameList),
  gcloud_projects: z.optional(nameList),
  hosts: z.optional(nameList),
  databases: z.optional(nameList),
  names: z.optional(z.record(z.string(), nameList)),
});

export const policySchema = z.strictObject({
  $schema: z.optional(z.string()),
  description: z.optional(z.string()),
  extends: z.optional(textOrList),
  mode: z.optional(z.enum(["enforce", "audit"])),
  interactive: z.optional(z.boolean()),
  defaults: z.optional(z.strictObject({ low: z.optional(action), medium: z.optional(action), high: z.optional(action), critical: z.optional(action) })),
  production: z.optional(productionSchema),
  paths: z.optional(z.strictObject({ protected: z.optional(nameList), safe: z.optional(nameList) })),
  rules: z.optional(z.array(ruleSchema)),
  tests: z.optional(z.array(testSchema)),
  lock: z.optional(z.boolean()),
  project: z.optional(z.strictObject({ trust: z.optional(z.boolean()) })),
  audit: z.optional(z.strictObject({ path: z.optional(text), enabled: z.optional(z.boolean()) })),
  approvals: z.optional(z.strictObject({ queue: z.optional(text), timeout: z.optional(z.number().check(z.positive())) })),
});

/** A preset's test suite file (`policies/<name>.test.yaml`). */
export const suiteSchema = z.strictObject({ description: z.optional(z.string()), tests: z.array(testSchema) });

export type RawPolicy = z.infer<typeof policySchema>;
export type RawRule = z.infer<typeof ruleSchema>;
export type RawMatch = z.infer<typeof matchSchema>;
export type RawTest = z.infer<typeof testSchema>;
export type RawSuite = z.infer<typeof suiteSchema>;

/** Production keys mapped to the evidence kinds rule modules report. */
export const PRODUCTION_KINDS: Record<string, string> = {
  kube_contexts: "kube-context",
  kube_namespaces: "kube-namespace",
  aws_profiles: "aws-profile",
  aws_accounts: "aws-account",
  tf_workspaces: "tf-workspace",
  gcloud_projects: "gcloud-project",
  hosts: "host",
  databases: "database",
};
