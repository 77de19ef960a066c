// The commented starter file `shellgate policy init` writes.
export const STARTER = `# shellgate policy — reviewed like code, read by every shellgate check in this directory and below.
# Reference: the Policy files section of shellgate's README. Check it with: shellgate policy validate
# See what applies here, and from which file: shellgate policy show
# Run the tests at the bottom: shellgate policy test

# Every policy starts from the recommended risk table. Add shipped presets on top with extends:
# strict, ci, audit-only, production-lockdown (or files, relative to this one).
# extends: [production-lockdown]

# enforce: ask and block stop commands. audit: decide and log only (shadow mode, to try a policy).
mode: enforce

# What each risk level does when no rule below matches a finding.
defaults:
  low: allow
  medium: warn
  high: ask
  critical: block

# Names that count as production, on top of the built-in tokens (prod, prd, production, live).
# Globs: * matches anything. A change against production is at least high risk.
production:
  kube_contexts: []        # e.g. "arn:aws:eks:*:123456789012:cluster/*"
  aws_profiles: []         # e.g. billing
  tf_workspaces: []        # e.g. main
  gcloud_projects: []      # e.g. acme-core
  hosts: []                # e.g. "db-*.corp.example.com"

# Paths the agent must never delete or overwrite, and scratch areas where it may.
paths:
  protected: []            # e.g. "~/infra/**"
  safe: []                 # e.g. "/scratch/**"

# Rules beat the risk table. Inside this file the most specific rule wins (each condition counts 1,
# an exact value counts 2), then the strictest action. \`shellgate rules\` lists the finding ids.
rules:
  - id: no-force-push-main
    match:
      finding: git/force-push
      command: "git push * main*"
    action: block
    message: never force-push main; push a branch and open a pull request instead
    examples:
      match: ["git push --force origin main"]
      not_match: ["git push --force origin feature/x", "git push origin main"]

# Commands and the decision this policy must give them (shellgate policy test).
tests:
  - command: git push --force origin main
    expect: block
  - command: ls -la
    expect: allow
`;
