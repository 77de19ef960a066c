// Glob patterns of policy rules: names, ids, paths (segment-aware, ~ and relative) and command text.
import { describe, expect, it } from "vitest";
import { compileMatcher, type GlobKind } from "../../src/policy/glob.js";

const CASES: { kind: GlobKind; pattern: string; hits: string[]; misses: string[]; base?: string }[] = [
  { kind: "name", pattern: "prod-*", hits: ["prod-eu-1", "PROD-us"], misses: ["staging-prod", "prod"] },
  { kind: "name", pattern: "db-?.corp", hits: ["db-1.corp"], misses: ["db-12.corp"] },
  { kind: "id", pattern: "git/*", hits: ["git/force-push"], misses: ["kubectl/delete", "GIT/force-push"] },
  { kind: "id", pattern: "*/delete", hits: ["kubectl/delete", "filesystem/delete"], misses: ["kubectl/delete-namespace"] },
  { kind: "path", pattern: "/srv/data/**", hits: ["/srv/data", "/srv/data/a/b"], misses: ["/srv/database", "/srv"] },
  { kind: "path", pattern: "/srv/*/logs", hits: ["/srv/app/logs"], misses: ["/srv/a/b/logs"] },
  { kind: "path", pattern: "/srv/**/logs", hits: ["/srv/logs", "/srv/a/b/logs"], misses: ["/srv/a/logs2"] },
  { kind: "path", pattern: "/srv/data/", hits: ["/srv/data", "/srv/data/x"], misses: ["/srv/datax"] },
  { kind: "path", pattern: "~/infra/**", hits: ["/home/u/infra/main.tf"], misses: ["/home/v/infra/main.tf"] },
  { kind: "path", pattern: "infra/*.tf", base: "/repo", hits: ["/repo/infra/main.tf"], misses: ["/infra/main.tf"] },
  { kind: "path", pattern: "/srv/[ab]*", hits: ["/srv/app", "/srv/bin"], misses: ["/srv/cache"] },
  { kind: "command", pattern: "git push * main", hits: ["git push -f origin main", "git push --force --no-verify origin main"], misses: ["git push -f origin main2"] },
  { kind: "command", pattern: "rm -rf /*", hits: ["rm -rf /var/lib"], misses: ["rm -r /var"] },
];

describe("globs", () => {
  for (const c of CASES) {
    it(`${c.kind} ${c.pattern}`, () => {
      const m = compileMatcher([c.pattern], c.kind, { home: "/home/u", ...(c.base ? { base: c.base } : {}) });
      for (const h of c.hits) expect(m.test(h), h).toBe(true);
      for (const x of c.misses) expect(m.test(x), x).toBe(false);
    });
  }

  it("a condition is exact when no pattern has a wildcard", () => {
    expect(compileMatcher(["git/force-push"], "id").exact).toBe(true);
    expect(compileMatcher(["git/force-push", "git/*"], "id").exact).toBe(false);
  });
});
