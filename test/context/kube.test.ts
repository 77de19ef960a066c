// Kube target detection: flags, KUBECONFIG lists, ~/.kube/config, merge order, evidence wording, cache and unreadable files.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeKubeTarget, displayPath, kubeEvidence, kubeTarget, loadKubeconfig, serverHost, type KubeFlags } from "../../src/context/kube.js";
import { productionMatcher } from "../../src/context/production.js";
import type { Invocation } from "../../src/types.js";

const root = mkdtempSync(join(tmpdir(), "sg-kube-"));
const home = join(root, "home");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function kubeconfig(current: string | undefined, contexts: Record<string, { cluster?: string; namespace?: string }>, servers: Record<string, string> = {}): string {
  const ctx = Object.entries(contexts)
    .map(([n, c]) => `- name: ${n}\n  context:\n    cluster: ${c.cluster ?? n}\n    user: admin${c.namespace ? `\n    namespace: ${c.namespace}` : ""}`)
    .join("\n");
  const cl = Object.entries(servers).map(([n, s]) => `- name: ${n}\n  cluster:\n    server: ${s}`).join("\n");
  return `apiVersion: v1\nkind: Config\n${current ? `current-context: ${current}\n` : ""}contexts:${ctx ? `\n${ctx}` : " []"}\nclusters:${cl ? `\n${cl}` : " []"}\n`;
}
function file(rel: string, text: string): string {
  const p = join(root, rel);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, text);
  return p;
}

const homeConfig = file("home/.kube/config", kubeconfig("kind-dev", { "kind-dev": {}, "prod-eu-1": { namespace: "payments" } }));
const prodFile = file("home/.kube/prod.yaml", kubeconfig("prod-eu-1", { "prod-eu-1": { namespace: "payments" } }, { "prod-eu-1": "https://prod-eu-1.k8s.example:6443" }));
const onlyCurrent = file("kube/current-only.yaml", kubeconfig("admin@edge", {}));
const edgeContexts = file("kube/edge.yaml", kubeconfig(undefined, { "admin@edge": { cluster: "edge-live", namespace: "checkout" } }));
const badYaml = file("kube/bad.yaml", "contexts: [\n  - name: x\n");
const noCurrent = file("kube/no-current.yaml", kubeconfig(undefined, { "kind-dev": {} }));

function inv(env: Record<string, string | undefined>, cwd = root): Invocation {
  return { index: 0, argv: [], assigns: [], redirects: [], wrappers: [], env, via: [], text: "", span: { start: 0, end: 0 }, opaque: [], cwd };
}
const m = productionMatcher();

describe("kubeTarget", () => {
  const cases: { name: string; env: Record<string, string | undefined>; flags?: KubeFlags; context?: string; namespace: string; source?: string; unknown?: RegExp }[] = [
    { name: "~/.kube/config when KUBECONFIG is unset", env: { HOME: home }, context: "kind-dev", namespace: "default", source: "current-context in ~/.kube/config" },
    { name: "KUBECONFIG names one file", env: { HOME: home, KUBECONFIG: prodFile }, context: "prod-eu-1", namespace: "payments", source: "current-context in ~/.kube/prod.yaml (KUBECONFIG)" },
    { name: "a missing file in KUBECONFIG is skipped", env: { HOME: home, KUBECONFIG: `${join(root, "nope.yaml")}:${prodFile}` }, context: "prod-eu-1", namespace: "payments" },
    { name: "the first file that sets current-context wins", env: { HOME: home, KUBECONFIG: `${homeConfig}:${prodFile}` }, context: "kind-dev", namespace: "default" },
    { name: "contexts merge across files", env: { HOME: home, KUBECONFIG: `${onlyCurrent}:${edgeContexts}` }, context: "admin@edge", namespace: "checkout" },
    { name: "an empty KUBECONFIG falls back to ~/.kube/config", env: { HOME: home, KUBECONFIG: "" }, context: "kind-dev", namespace: "default" },
    { name: "~ in KUBECONFIG is HOME", env: { HOME: home, KUBECONFIG: "~/.kube/prod.yaml" }, context: "prod-eu-1", namespace: "payments" },
    { name: "--context overrides current-context and takes that context's namespace", env: { HOME: home }, flags: { context: "prod-eu-1" }, context: "prod-eu-1", namespace: "payments", source: "--context flag" },
    { name: "-n overrides the context's namespace", env: { HOME: home, KUBECONFIG: prodFile }, flags: { namespace: "billing", names: { namespace: "-n flag" } }, context: "prod-eu-1", namespace: "billing" },
    { name: "--kubeconfig overrides KUBECONFIG", env: { HOME: home, KUBECONFIG: homeConfig }, flags: { kubeconfig: prodFile }, context: "prod-eu-1", namespace: "payments" },
    { name: "a relative --kubeconfig is read from the working directory", env: { HOME: home }, flags: { kubeconfig: "home/.kube/prod.yaml" }, context: "prod-eu-1", namespace: "payments" },
    { name: "a missing --kubeconfig leaves the context unknown", env: { HOME: home }, flags: { kubeconfig: join(root, "missing.yaml") }, namespace: "default", unknown: /missing\.yaml does not exist/ },
    { name: "invalid YAML leaves the context unknown", env: { HOME: home, KUBECONFIG: badYaml }, namespace: "default", unknown: /not valid YAML/ },
    { name: "no current-context leaves the context unknown", env: { HOME: home, KUBECONFIG: noCurrent }, namespace: "default", unknown: /no current-context/ },
    { name: "no HOME and no KUBECONFIG (a remote host) is unknown", env: {}, namespace: "default", unknown: /neither KUBECONFIG nor HOME/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const t = kubeTarget(inv(c.env), c.flags ?? {});
      expect(t.context?.value).toBe(c.context);
      expect(t.namespace.value).toBe(c.namespace);
      if (c.source) expect(t.context?.source).toBe(c.source);
      if (c.unknown) expect(t.unknown).toMatch(c.unknown);
      else expect(t.unknown).toBeUndefined();
    });
  }

  it("earlier switches on the command line override the kubeconfig but not flags", () => {
    const override = { context: { value: "prod-eu-1", source: "kubectl config use-context prod-eu-1 earlier on this command line" } };
    expect(kubeTarget(inv({ HOME: home }), {}, override).context?.value).toBe("prod-eu-1");
    expect(kubeTarget(inv({ HOME: home }), { context: "kind-dev" }, override).context?.value).toBe("kind-dev");
  });
});

describe("kubeEvidence", () => {
  it("names the context, the pattern and the file it came from", () => {
    const t = kubeTarget(inv({ HOME: home, KUBECONFIG: prodFile }), {});
    expect(kubeEvidence(t, m)).toEqual([{ kind: "kube-context", value: "prod-eu-1", pattern: 'token "prod"', source: "current-context in ~/.kube/prod.yaml (KUBECONFIG)" }]);
    expect(describeKubeTarget(t)).toBe("context prod-eu-1, namespace payments");
  });
  it("matches cluster names that differ from the context", () => {
    const t = kubeTarget(inv({ HOME: home, KUBECONFIG: `${onlyCurrent}:${edgeContexts}` }), {});
    expect(kubeEvidence(t, m).map((e) => [e.kind, e.value])).toEqual([["kube-cluster", "edge-live"]]);
  });
  it("matches critical and production namespaces, unless the work is cluster-scoped", () => {
    const t = kubeTarget(inv({ HOME: home }), { namespace: "kube-system", names: { namespace: "-n flag" } });
    expect(kubeEvidence(t, m)).toEqual([{ kind: "kube-namespace", value: "kube-system", pattern: "critical namespace kube-system", source: "-n flag" }]);
    expect(kubeEvidence(t, m, { namespace: false })).toEqual([]);
  });
  it("matches an API server host given with --server", () => {
    const t = kubeTarget(inv({ HOME: home }), { server: "https://api.prod.example.com:6443" });
    expect(kubeEvidence(t, m).map((e) => [e.kind, e.value, e.source])).toEqual([["host", "api.prod.example.com", "--server flag"]]);
  });
  it("gives no evidence for a development context or an unknown one", () => {
    expect(kubeEvidence(kubeTarget(inv({ HOME: home }), {}), m)).toEqual([]);
    const unknown = kubeTarget(inv({ HOME: home, KUBECONFIG: badYaml }), {});
    expect(kubeEvidence(unknown, m)).toEqual([]);
    expect(describeKubeTarget(unknown)).toMatch(/^context unknown: /);
  });
});

describe("loadKubeconfig cache", () => {
  it("re-reads a kubeconfig when it changes", () => {
    const p = file("kube/changing.yaml", kubeconfig("kind-dev", { "kind-dev": {} }));
    utimesSync(p, new Date(1_000_000), new Date(1_000_000));
    const first = loadKubeconfig(p);
    expect(first.ok && first.file.currentContext).toBe("kind-dev");
    expect(loadKubeconfig(p)).toBe(first);
    writeFileSync(p, kubeconfig("prod-eu-1", { "prod-eu-1": {} }));
    utimesSync(p, new Date(2_000_000), new Date(2_000_000));
    const second = loadKubeconfig(p);
    expect(second.ok && second.file.currentContext).toBe("prod-eu-1");
  });
  it("reports a directory or a non-mapping document as unreadable", () => {
    expect(loadKubeconfig(root)).toEqual({ ok: false, why: "is not a file" });
    const list = file("kube/list.yaml", "- a\n- b\n");
    expect(loadKubeconfig(list)).toEqual({ ok: false, why: "is not a kubeconfig (no mapping at the top)" });
  });
});

describe("helpers", () => {
  it.each([
    ["https://prod-eu-1.k8s.example:6443", "prod-eu-1.k8s.example"],
    ["ssh://deploy@prod-web-1", "prod-web-1"],
    ["tcp://10.0.0.5:2376", "10.0.0.5"],
    ["api.live.example.com", "api.live.example.com"],
    ["https://[::1]:6443", "[::1]"],
  ])("serverHost(%s) is %s", (url, host) => expect(serverHost(url)).toBe(host));
  it("shows paths under HOME as ~/...", () => {
    expect(displayPath("/home/dev/.kube/config", "/home/dev")).toBe("~/.kube/config");
    expect(displayPath("/etc/kube/config", "/home/dev")).toBe("/etc/kube/config");
    expect(displayPath("/home/devops/x", "/home/dev")).toBe("/home/devops/x");
  });
});
