// Rule conditions, one table row each: the commands a match must catch and the ones it must leave alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { decidedBy, makeTree, type Tree } from "./fixture.js";

let t: Tree;
beforeAll(() => {
  t = makeTree();
});
afterAll(() => t.cleanup());

interface Cmd {
  command: string;
  cwd?: "home" | "project";
  env?: Record<string, string>;
}

interface MatchCase {
  match: string;
  hits: (string | Cmd)[];
  misses: (string | Cmd)[];
}

const CASES: MatchCase[] = [
  { match: "program: curl", hits: ["curl https://x.io", "sudo curl https://x.io"], misses: ["wget https://x.io"] },
  { match: "program: [curl, wget]", hits: ["wget https://x.io"], misses: ["ls"] },
  { match: "finding: 'git/*'", hits: ["git push -f origin x", "git reset --hard"], misses: ["rm -rf src", "git status"] },
  { match: "risk: critical", hits: ["rm -rf /", "mkfs.ext4 /dev/sdb1"], misses: ["rm -rf src"] },
  { match: "{ risk: medium, max_risk: high }", hits: ["rm -rf src", "kubectl cordon node-1"], misses: ["rm -rf /", "kubectl --context kind-dev apply -f k8s/"] },
  { match: "category: destroy", hits: ["rm -rf src"], misses: ["kubectl --context kind-dev apply -f k8s/"] },
  { match: "production: true", hits: ["kubectl --context prod-eu-1 apply -f k8s/"], misses: ["kubectl --context kind-dev apply -f k8s/", "kubectl --context prod-eu-1 get pods"] },
  { match: "{ production: false, finding: 'kubectl/*' }", hits: ["kubectl --context kind-dev apply -f k8s/"], misses: ["kubectl --context prod-eu-1 apply -f k8s/"] },
  { match: "context: 'staging-*'", hits: ["kubectl --context staging-us delete deployment api", "kubectl --context=staging-eu delete deployment api"], misses: ["kubectl --context kind-dev delete deployment api"] },
  { match: "context: 'prod-*'", hits: ["kubectl --context prod-eu-1 delete deployment api"], misses: ["kubectl --context kind-dev delete deployment api"] },
  { match: "namespace: payments", hits: ["kubectl -n payments delete pod x", "kubectl --namespace=payments delete pod x"], misses: ["kubectl -n other delete pod x"] },
  { match: "profile: dev", hits: [{ command: "aws s3 rm s3://b/k", env: { AWS_PROFILE: "dev" } }, "aws --profile dev s3 rm s3://b/k"], misses: ["aws --profile ops s3 rm s3://b/k"] },
  { match: "workspace: 'stag*'", hits: ["TF_WORKSPACE=staging terraform destroy"], misses: ["TF_WORKSPACE=dev terraform destroy"] },
  { match: "project: 'acme-*'", hits: ["gcloud --project acme-dev compute instances delete vm1"], misses: ["gcloud --project other compute instances delete vm1"] },
  { match: "host: 'db-*'", hits: ["ssh db-1.corp 'rm -rf /srv/data'"], misses: ["ssh web-1.corp 'rm -rf /srv/data'", "rm -rf /srv/data"] },
  { match: "cwd: '~/work/**'", hits: ["rm -rf src"], misses: [{ command: "rm -rf src", cwd: "home" }] },
  { match: "{ path: '~/work/app/src/**', category: destroy }", hits: ["rm -rf src", "rm -rf ./src", "cd src && rm -rf ../src"], misses: ["rm -rf ~/other"] },
  { match: "command: 'git push * main'", hits: ["git push -f origin main", "/usr/bin/git push --force origin main"], misses: ["git push -f origin main2", "git status"] },
  { match: "command_regex: '^git push .*--force\\b'", hits: ["git push origin --force"], misses: ["git push -f origin x"] },
  { match: "{ env: { CI: 'true' }, risk: low }", hits: [{ command: "rm -rf src", env: { CI: "true" } }], misses: ["rm -rf src"] },
];

const asCmd = (c: string | Cmd): Cmd => (typeof c === "string" ? { command: c } : c);

describe("rule conditions", () => {
  CASES.forEach((c, i) => {
    describe(c.match, () => {
      const match = c.match.startsWith("{") ? c.match : `{ ${c.match} }`;
      const setup = () => t.write(join(t.root, "match", `${i}.yaml`), `rules:\n  - id: probe\n    match: ${match}\n    action: block\n`);
      const run = async (x: Cmd) => {
        const file = setup();
        return t.decide(x.command, { file, ...(x.cwd === "home" ? { cwd: t.home } : {}), ...(x.env ? { env: x.env } : {}) });
      };
      for (const h of c.hits.map(asCmd)) {
        it(`matches ${h.command}`, async () => {
          const d = await run(h);
          expect(d.errors).toEqual([]);
          expect(d.reasons.map((r) => r.rule)).toContain("probe");
        });
      }
      for (const m of c.misses.map(asCmd)) {
        it(`leaves ${m.command}`, async () => {
          const d = await run(m);
          expect(d.errors).toEqual([]);
          expect(d.reasons.map((r) => r.rule)).not.toContain("probe");
        });
      }
    });
  });
});

describe("protected and safe paths", () => {
  const policy = () => t.write(join(t.root, "paths.yaml"), "paths:\n  protected: ['~/infra/**']\n  safe: ['~/scratch/**']\n");
  const table: [string, string, string | undefined][] = [
    ["rm -rf ~/infra/main.tf", "block", "paths/protected"],
    ["echo x > ~/infra/main.tf", "block", "paths/protected"],
    ["cat ~/infra/main.tf", "allow", undefined],
    ["rm -rf ~/scratch/data", "allow", "paths/safe"],
    ["rm -rf ~/other/data", "ask", "defaults/high"],
    ["rm -rf ~", "block", "defaults/critical"],
  ];
  for (const [command, decision, rule] of table) {
    it(`${command} → ${decision}`, async () => {
      const d = await t.decide(command, { file: policy() });
      expect([d.action, decidedBy(d)]).toEqual([decision, rule]);
    });
  }
});
