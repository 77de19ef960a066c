// Temp directory trees for policy tests: a HOME, a project inside it, policy files written where each layer looks.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { clearDiscoveryCache, clearPolicyCache, loadPolicy, type Policy } from "../../src/policy/index.js";
import { check } from "../../src/check.js";
import type { CheckContext, Decision } from "../../src/types.js";

export interface Tree {
  root: string;
  home: string;
  project: string;
  /** The system policy path these tests use instead of /etc/shellgate/policy.yaml. */
  system: string;
  write(rel: string, text: string): string;
  env(extra?: Record<string, string>): Record<string, string>;
  ctx(cwd?: string, extra?: Record<string, string>): CheckContext;
  load(opts?: { cwd?: string; file?: string; env?: Record<string, string> }): Promise<Policy>;
  decide(command: string, opts?: { cwd?: string; file?: string; env?: Record<string, string> }): Promise<Decision>;
  cleanup(): void;
}

export function makeTree(): Tree {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sg-policy-")));
  const home = join(root, "home");
  const project = join(home, "work", "app");
  mkdirSync(join(project, ".git"), { recursive: true });
  mkdirSync(join(project, "src"), { recursive: true });
  const t: Tree = {
    root,
    home,
    project,
    system: join(root, "etc", "shellgate", "policy.yaml"),
    write(rel, text) {
      const p = rel.startsWith("/") ? rel : join(root, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      clearDiscoveryCache();
      clearPolicyCache();
      return p;
    },
    env: (extra = {}) => ({ HOME: home, USER: "dev", PATH: "/usr/bin:/bin", KUBECONFIG: join(root, "no-kubeconfig"), ...extra }),
    ctx: (cwd = project, extra = {}) => ({ cwd, env: t.env(extra), frontend: "cli" }),
    load: (o = {}) => loadPolicy(t.ctx(o.cwd, o.env), { systemFile: t.system, ...(o.file ? { file: o.file } : {}) }),
    async decide(command, o = {}) {
      const policy = await t.load(o);
      return check(command, t.ctx(o.cwd, o.env), { policy });
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  return t;
}

/** The rule that decided: the first reason carrying the decision's action. */
export function decidedBy(d: Decision): string | undefined {
  return d.reasons.find((r) => r.action === d.action)?.rule;
}
