// Kubernetes target of a command (context, cluster, namespace) read from flags, KUBECONFIG and kubeconfig files, without running kubectl.
import { createRequire } from "node:module";
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { Evidence, Invocation } from "../types.js";
import type { ProductionMatcher } from "./production.js";

/** Target-selecting flag values as the tool received them (already static). */
export interface KubeFlags {
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  cluster?: string;
  user?: string;
  server?: string;
  /** Words for the evidence source, e.g. `--kube-context flag` for helm. */
  names?: Partial<Record<"context" | "kubeconfig" | "namespace" | "cluster" | "server", string>>;
}

/** A value plus where it came from, in words. */
export interface Sourced {
  value: string;
  source: string;
}

/** Changes made earlier on the same command line (`kubectl config use-context x && ...`). */
export interface KubeOverride {
  context?: Sourced;
  namespace?: Sourced;
}

export interface KubeTarget {
  context?: Sourced;
  cluster?: Sourced;
  namespace: Sourced;
  /** Host name of the API server (from --server or the cluster entry). */
  server?: Sourced;
  /** Why the context is not known, in words; set whenever `context` is undefined. */
  unknown?: string;
  /** The kubeconfig files consulted, in merge order (display form). */
  files: string[];
}

interface ContextEntry {
  cluster?: string;
  user?: string;
  namespace?: string;
}

interface KubeconfigFile {
  currentContext?: string;
  contexts: Map<string, ContextEntry>;
  servers: Map<string, string>;
}

type Loaded = { ok: true; file: KubeconfigFile } | { ok: false; why: string };

interface CacheEntry {
  mtimeMs: number;
  size: number;
  loaded: Loaded;
}

// Module-level so a long-lived process (PTY daemon, batch check) parses each kubeconfig once per change.
const cache = new Map<string, CacheEntry>();

let yamlParse: ((text: string) => unknown) | undefined;
function parseYaml(text: string): unknown {
  // A plain require() lets the bundler inline yaml yet evaluate it only here, when a kube command is checked.
  yamlParse ??= (typeof require === "function" ? (require("yaml") as typeof import("yaml")) : (createRequire(import.meta.url)("yaml") as typeof import("yaml"))).parse;
  return yamlParse(text);
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const rec = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function toKubeconfig(doc: unknown): KubeconfigFile | undefined {
  const root = rec(doc);
  if (!root) return doc == null ? { contexts: new Map(), servers: new Map() } : undefined;
  const contexts = new Map<string, ContextEntry>();
  for (const item of Array.isArray(root.contexts) ? root.contexts : []) {
    const r = rec(item);
    const name = str(r?.name);
    if (!name || contexts.has(name)) continue;
    const c = rec(r?.context) ?? {};
    contexts.set(name, { cluster: str(c.cluster), user: str(c.user), namespace: str(c.namespace) });
  }
  const servers = new Map<string, string>();
  for (const item of Array.isArray(root.clusters) ? root.clusters : []) {
    const r = rec(item);
    const name = str(r?.name);
    const server = str(rec(r?.cluster)?.server);
    if (name && server && !servers.has(name)) servers.set(name, server);
  }
  const out: KubeconfigFile = { contexts, servers };
  const cur = str(root["current-context"]);
  if (cur) out.currentContext = cur;
  return out;
}

function readKubeconfig(path: string): Loaded {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { ok: false, why: `cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})` };
  }
  try {
    const file = toKubeconfig(parseYaml(text));
    return file ? { ok: true, file } : { ok: false, why: "is not a kubeconfig (no mapping at the top)" };
  } catch (e) {
    return { ok: false, why: `is not valid YAML (${String((e as Error).message).split("\n")[0]})` };
  }
}

/** Reads and parses one kubeconfig, cached by path, mtime and size. */
export function loadKubeconfig(path: string): Loaded {
  let st;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    return { ok: false, why: `cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})` };
  }
  if (!st) return { ok: false, why: "does not exist" };
  if (!st.isFile()) return { ok: false, why: "is not a file" };
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.loaded;
  const loaded = readKubeconfig(path);
  cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, loaded });
  return loaded;
}

/** `~/...` for paths under HOME, so evidence reads the way a person writes the path. */
export function displayPath(path: string, home: string | undefined): string {
  if (home && home !== "/" && path.startsWith(home.replace(/\/+$/, "") + "/")) return "~/" + path.slice(home.replace(/\/+$/, "").length + 1);
  return path;
}

function absolutePath(p: string, inv: Invocation, home: string | undefined): string | undefined {
  if (p === "~" || p.startsWith("~/")) return home ? join(home, p.slice(1)) : undefined;
  if (isAbsolute(p)) return p;
  return inv.cwd !== undefined ? resolve(inv.cwd, p) : undefined;
}

/** Host name in an API server URL (`https://prod.k8s.example:6443` → `prod.k8s.example`). */
export function serverHost(url: string): string {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  return m?.[1] || url;
}

/**
 * The context, cluster and namespace a kubectl-like command targets, following kubectl's own order:
 * flags, then the merged kubeconfig (`--kubeconfig`, else every file in KUBECONFIG, else ~/.kube/config).
 */
export function kubeTarget(inv: Invocation, flags: KubeFlags, override: KubeOverride = {}): KubeTarget {
  const env = inv.env;
  const home = env.HOME;
  const name = (k: keyof NonNullable<KubeFlags["names"]>, dflt: string) => flags.names?.[k] ?? dflt;
  const files: { path: string; shown: string; origin: string }[] = [];
  let unknown: string | undefined;
  if (flags.kubeconfig !== undefined) {
    const p = absolutePath(flags.kubeconfig, inv, home);
    if (p) files.push({ path: p, shown: displayPath(p, home), origin: ` (${name("kubeconfig", "--kubeconfig flag")})` });
    else unknown = `the kubeconfig ${flags.kubeconfig} cannot be located`;
  } else if (env.KUBECONFIG) {
    const seen = new Set<string>();
    for (const part of env.KUBECONFIG.split(":")) {
      if (!part) continue;
      const p = absolutePath(part, inv, home);
      if (!p || seen.has(p)) continue;
      seen.add(p);
      files.push({ path: p, shown: displayPath(p, home), origin: " (KUBECONFIG)" });
    }
    if (!files.length) unknown = "KUBECONFIG names no usable file";
  } else if (home) {
    const p = join(home, ".kube", "config");
    files.push({ path: p, shown: displayPath(p, home), origin: "" });
  } else {
    unknown = "neither KUBECONFIG nor HOME is known where this runs";
  }

  // Merge as client-go does: the first file to set current-context wins, and the first definition of each context wins.
  let current: Sourced | undefined;
  const contexts = new Map<string, { entry: ContextEntry; where: string }>();
  const servers = new Map<string, { server: string; where: string }>();
  const problems: string[] = [];
  for (const f of files) {
    const l = loadKubeconfig(f.path);
    if (!l.ok) {
      problems.push(`${f.shown} ${l.why}`);
      continue;
    }
    const where = `${f.shown}${f.origin}`;
    if (!current && l.file.currentContext) current = { value: l.file.currentContext, source: `current-context in ${where}` };
    for (const [n, entry] of l.file.contexts) if (!contexts.has(n)) contexts.set(n, { entry, where });
    for (const [n, server] of l.file.servers) if (!servers.has(n)) servers.set(n, { server, where });
  }
  if (!unknown && problems.length === files.length) unknown = problems.join("; ");

  let context: Sourced | undefined;
  if (flags.context) context = { value: flags.context, source: name("context", "--context flag") };
  else if (override.context) context = override.context;
  else if (current) context = current;
  else if (!unknown) unknown = problems.length ? `no current-context is set (${problems.join("; ")})` : `no current-context is set in ${files.map((f) => f.shown).join(", ")}`;

  const ctxEntry = context ? contexts.get(context.value) : undefined;
  const t: KubeTarget = { namespace: { value: "default", source: "the default namespace" }, files: files.map((f) => f.shown) };
  if (context) t.context = context;
  else t.unknown = unknown ?? "the kube context cannot be determined";

  if (flags.namespace) t.namespace = { value: flags.namespace, source: name("namespace", "--namespace flag") };
  else if (override.namespace) t.namespace = override.namespace;
  else if (ctxEntry?.entry.namespace) t.namespace = { value: ctxEntry.entry.namespace, source: `namespace of context ${context!.value} in ${ctxEntry.where}` };

  if (flags.cluster) t.cluster = { value: flags.cluster, source: name("cluster", "--cluster flag") };
  else if (ctxEntry?.entry.cluster) t.cluster = { value: ctxEntry.entry.cluster, source: `cluster of context ${context!.value} in ${ctxEntry.where}` };

  if (flags.server) t.server = { value: serverHost(flags.server), source: name("server", "--server flag") };
  else if (t.cluster) {
    const s = servers.get(t.cluster.value);
    if (s) t.server = { value: serverHost(s.server), source: `server of cluster ${t.cluster.value} in ${s.where}` };
  }
  return t;
}

/** Production evidence for a target: its context, cluster, API server host and (for namespaced work) namespace. */
export function kubeEvidence(t: KubeTarget, m: ProductionMatcher, opts: { namespace?: boolean } = {}): Evidence[] {
  const out: Evidence[] = [];
  const add = (e: Evidence | undefined) => {
    if (e && !out.some((o) => o.value === e.value && o.kind === e.kind)) out.push(e);
  };
  if (t.context) add(m.evidence("kube-context", t.context.value, t.context.source));
  // A cluster or server named like its context says nothing new.
  if (t.cluster && t.cluster.value !== t.context?.value) add(m.evidence("kube-cluster", t.cluster.value, t.cluster.source));
  if (t.server && !(out.length && t.server.source.startsWith("server of cluster"))) add(m.evidence("host", t.server.value, t.server.source));
  if (opts.namespace !== false) add(m.evidence("kube-namespace", t.namespace.value, t.namespace.source));
  return out;
}

/** The target in a few words for messages: `context prod-eu-1, namespace payments`. */
export function describeKubeTarget(t: KubeTarget, opts: { namespace?: boolean } = {}): string {
  const c = t.context ? `context ${t.context.value}` : `context unknown: ${t.unknown}`;
  return opts.namespace === false ? c : `${c}, namespace ${t.namespace.value}`;
}
