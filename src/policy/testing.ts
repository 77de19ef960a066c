// Runs a policy's `tests` (and a preset's suite) in a sandbox world: temp HOME with kube and AWS config, a git project, terraform workspaces.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Action, CheckContext, Decision } from "../types.js";
import type { Policy, PolicyTest } from "./types.js";

export interface Sandbox {
  root: string;
  home: string;
  project: string;
  context(t: Pick<PolicyTest, "cwd" | "env" | "kube">): CheckContext;
  cleanup(): void;
}

/** Kube contexts in the sandbox kubeconfig; the current one is `kind-dev` unless a test names another with `kube:`. */
export const SANDBOX_KUBE_CONTEXTS = ["kind-dev", "staging-us", "prod-eu-1", "production-us"];

function kubeconfig(contexts: string[], current: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    `current-context: ${current}`,
    "clusters:",
    ...contexts.map((c) => `- name: ${c}\n  cluster:\n    server: https://${c}.k8s.example.internal:6443`),
    "contexts:",
    ...contexts.map((c) => `- name: ${c}\n  context:\n    cluster: ${c}\n    user: ${c}-admin`),
    "users:",
    ...contexts.map((c) => `- name: ${c}-admin\n  user:\n    token: sandbox-token`),
    "",
  ].join("\n");
}

export function makeSandbox(): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "shellgate-policy-test-")));
  const home = join(root, "home");
  const project = join(home, "work", "app");
  const w = (p: string, s: string) => {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, s);
  };
  w(join(home, ".kube", "config"), kubeconfig(SANDBOX_KUBE_CONTEXTS, "kind-dev"));
  w(join(home, ".aws", "config"), "[default]\nregion = us-east-1\n\n[profile dev]\nregion = us-east-1\n\n[profile prod]\nregion = eu-west-1\n\n[profile production]\nregion = eu-west-1\n");
  w(join(home, ".ssh", "id_ed25519"), "sandbox\n");
  w(join(project, "package.json"), '{"name":"app","version":"1.0.0","scripts":{"test":"echo ok"}}\n');
  w(join(project, "src", "index.ts"), "export {};\n");
  w(join(project, "node_modules", ".keep"), "");
  w(join(project, "dist", "index.js"), "");
  mkdirSync(join(project, ".git"), { recursive: true });
  for (const ws of ["default", "dev", "prod"]) {
    w(join(root, "tf", ws, "main.tf"), "terraform {}\n");
    w(join(root, "tf", ws, ".terraform", "environment"), ws);
  }
  mkdirSync(join(root, "tmp"), { recursive: true });
  const kubeFiles = new Map<string, string>();
  const kubeFor = (current: string) => {
    let f = kubeFiles.get(current);
    if (!f) {
      f = join(root, "kube", `${current}.yaml`);
      const contexts = SANDBOX_KUBE_CONTEXTS.includes(current) ? SANDBOX_KUBE_CONTEXTS : [...SANDBOX_KUBE_CONTEXTS, current];
      w(f, kubeconfig(contexts, current));
      kubeFiles.set(current, f);
    }
    return f;
  };
  const fill = (v: string) => v.replaceAll("__HOME__", home).replaceAll("__ROOT__", root).replaceAll("__PROJECT__", project);
  return {
    root,
    home,
    project,
    context(t) {
      const c = t.cwd;
      const cwd =
        !c || c === "project" ? project : c === "home" ? home : c === "root" ? "/" : c.startsWith("tf:") ? join(root, "tf", c.slice(3)) : isAbsolute(fill(c)) ? fill(c) : resolve(project, c);
      const env: Record<string, string> = {
        HOME: home,
        USER: "dev",
        LOGNAME: "dev",
        SHELL: "/bin/bash",
        TMPDIR: join(root, "tmp"),
        PATH: "/usr/local/bin:/usr/bin:/bin",
        ...(t.kube ? { KUBECONFIG: kubeFor(t.kube) } : {}),
        ...Object.fromEntries(Object.entries(t.env ?? {}).map(([k, v]) => [k, fill(v)])),
      };
      return { cwd, env, frontend: "api" };
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface TestResult {
  test: PolicyTest;
  pass: boolean;
  got: Action;
  decision: Decision;
  /** Why it failed, in words. */
  problem?: string;
}

export function describeTest(t: PolicyTest): string {
  return t.name ?? t.command.replace(/\s*\n\s*/g, " ⏎ ");
}

export async function runTests(tests: PolicyTest[], policy: Policy, sandbox: Sandbox): Promise<TestResult[]> {
  const { check } = await import("../check.js");
  const out: TestResult[] = [];
  for (const t of tests) {
    const decision = await check(t.command, sandbox.context(t), { policy });
    const problems: string[] = [];
    if (decision.action !== t.expect) problems.push(`expected ${t.expect}, got ${decision.action}`);
    if (t.mode && (decision.mode ?? "enforce") !== t.mode) problems.push(`expected mode ${t.mode}, got ${decision.mode ?? "enforce"}`);
    if (t.rule && !decision.reasons.some((r) => r.rule === t.rule && r.action === decision.action)) {
      problems.push(`expected rule ${t.rule} to decide, decided by ${decision.reasons.filter((r) => r.action === decision.action).map((r) => r.rule).join(", ") || "nothing"}`);
    }
    for (const id of t.findings ?? []) if (!decision.findings.some((f) => f.id === id)) problems.push(`expected finding ${id}`);
    out.push({ test: t, pass: problems.length === 0, got: decision.action, decision, ...(problems.length ? { problem: problems.join("; ") } : {}) });
  }
  return out;
}
