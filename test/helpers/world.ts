// A fixture world for tests: temp HOME with kubeconfigs, AWS profiles and SSH keys, a git project, terraform workspaces.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface World {
  root: string;
  home: string;
  project: string;
  tmp: string;
  /** Directory of terraform workspace `name` (default, dev, prod). */
  tf(name: string): string;
  /** KUBECONFIG path whose current context is `ctx`. */
  kube(ctx: string): string;
  env(extra?: Record<string, string>): Record<string, string>;
  cleanup(): void;
}

export const KUBE_CONTEXTS = ["kind-dev", "staging-us", "prod-eu-1", "production-us"];

function kubeconfig(current: string): string {
  const list = (f: (c: string) => string) => KUBE_CONTEXTS.map(f).join("\n");
  return `apiVersion: v1
kind: Config
current-context: ${current}
clusters:
${list((c) => `- name: ${c}\n  cluster:\n    server: https://${c}.k8s.example.internal:6443`)}
contexts:
${list((c) => `- name: ${c}\n  context:\n    cluster: ${c}\n    user: ${c}-admin${c.startsWith("prod") ? "\n    namespace: payments" : ""}`)}
users:
${list((c) => `- name: ${c}-admin\n  user:\n    token: fixture-token`)}
`;
}

export function makeWorld(): World {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sg-test-")));
  const home = join(root, "home");
  const project = join(home, "work", "app");
  const tmp = join(root, "tmp");
  const w = (p: string, s: string) => {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, s);
  };
  w(join(home, ".kube", "config"), kubeconfig("kind-dev"));
  for (const c of KUBE_CONTEXTS) w(join(root, "kube", `${c}.yaml`), kubeconfig(c));
  w(join(home, ".aws", "config"), "[default]\nregion = us-east-1\n\n[profile dev]\nregion = us-east-1\n\n[profile prod]\nregion = eu-west-1\n\n[profile production]\nregion = eu-west-1\n");
  w(join(home, ".ssh", "id_ed25519"), "fixture\n");
  w(join(project, "package.json"), '{"name":"app","version":"1.0.0","scripts":{"test":"echo ok"}}\n');
  w(join(project, "src", "index.ts"), "export {};\n");
  w(join(project, "node_modules", ".keep"), "");
  w(join(project, "dist", "index.js"), "");
  mkdirSync(join(project, ".git"), { recursive: true });
  for (const ws of ["default", "dev", "prod"]) {
    w(join(root, "tf", ws, "main.tf"), "terraform {}\n");
    w(join(root, "tf", ws, ".terraform", "environment"), ws);
  }
  mkdirSync(tmp, { recursive: true });
  return {
    root,
    home,
    project,
    tmp,
    tf: (n) => join(root, "tf", n),
    kube: (c) => join(root, "kube", `${c}.yaml`),
    env(extra = {}) {
      return { HOME: home, USER: "dev", SHELL: "/bin/bash", TMPDIR: tmp, PATH: "/usr/local/bin:/usr/bin:/bin", KUBECONFIG: join(root, "kube", "kind-dev.yaml"), ...extra };
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
