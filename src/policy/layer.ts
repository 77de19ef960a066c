// Loads one layer: a policy file (or preset) and everything it `extends`, merged into one PolicyLayer in order.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { readSource, formatOf, type SourceFile } from "./file.js";
import { normalize, compileTests, type Fragment } from "./normalize.js";
import { presetExists, presetFile, presetNames, presetSuiteFile, looksLikePresetName } from "./presets.js";
import { policySchema, suiteSchema } from "./schema.js";
import { didYouMean, located, validate } from "./validate.js";
import type { LayerName, PolicyLayer, PolicyTest } from "./types.js";

export interface LoadLayerOptions {
  home?: string;
  /** JavaScript policy files run code; the project layer may load them only when trusted. */
  allowJs: boolean;
}

export interface LoadedLayer {
  layer?: PolicyLayer;
  errors: string[];
  warnings: string[];
  /** The files read, for cache stamps. */
  files: string[];
}

/** `preset:name` → its file; anything else is a path. */
export function specFile(spec: string): { path: string; source: string } {
  if (spec.startsWith("preset:")) return { path: presetFile(spec.slice(7)), source: spec };
  return { path: spec, source: spec };
}

async function readFragment(spec: string, opts: LoadLayerOptions): Promise<{ fragment?: Fragment; file?: SourceFile; errors: string[] }> {
  const { path, source } = specFile(spec);
  if (formatOf(path) === "js" && !opts.allowJs) {
    return {
      errors: [
        `${source}: this project policy is JavaScript, and shellgate does not run code from files the agent can edit; write it as YAML (.shellgaterc.yaml), or trust project files in a system or user policy (project: { trust: true })`,
      ],
    };
  }
  const file = await readSource(path, source);
  if (file.errors.length) return { file, errors: file.errors };
  if (file.data === undefined || file.data === null) return { file, fragment: { source, extends: [], defaults: {}, rules: [], tests: [] }, errors: [] };
  if (typeof file.data !== "object" || Array.isArray(file.data)) {
    return { file, errors: [located(file, [], "expected a mapping of policy settings (mode, defaults, rules ...), got " + (Array.isArray(file.data) ? "a list" : JSON.stringify(file.data)))] };
  }
  const v = validate(policySchema, file);
  if (!v.value) return { file, errors: v.errors };
  const n = await normalize(v.value, file, opts.home ? { home: opts.home } : {});
  return { file, fragment: n.fragment, errors: n.errors };
}

/** An `extends` entry: a preset name, or a file relative to the extending file. */
function resolveExtends(entry: string, from: SourceFile): { spec?: string; error?: string } {
  if (looksLikePresetName(entry) || entry.startsWith("preset:")) {
    const name = entry.replace(/^preset:/, "");
    if (presetExists(name)) return { spec: `preset:${name}` };
    if (looksLikePresetName(entry)) {
      const names = presetNames();
      const hint = didYouMean(name, names);
      return { error: `no preset "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; presets: ${names.join(", ")}` };
    }
  }
  if (from.source.startsWith("preset:")) return { error: `a preset can only extend other presets, not "${entry}"` };
  return { spec: resolve(dirname(from.path), entry) };
}

/** The chain of fragments a spec stands for, extended ones first. */
async function chainOf(spec: string, opts: LoadLayerOptions, stack: string[], out: LoadedLayer): Promise<Fragment[]> {
  if (stack.includes(spec)) {
    out.errors.push(`${stack[stack.length - 1]}: extends forms a cycle: ${[...stack, spec].join(" → ")}`);
    return [];
  }
  const { fragment, file, errors } = await readFragment(spec, opts);
  out.files.push(specFile(spec).path);
  out.errors.push(...errors);
  if (!fragment || !file) return [];
  const chain: Fragment[] = [];
  const list = fragment.extends;
  for (let i = 0; i < list.length; i++) {
    const r = resolveExtends(list[i]!, file);
    const at = Array.isArray((file.data as { extends?: unknown }).extends) ? ["extends", i] : ["extends"];
    if (!r.error && !r.spec!.startsWith("preset:") && !existsSync(r.spec!)) r.error = `"${list[i]}" does not exist (${r.spec})`;
    if (r.error) {
      out.errors.push(located(file, at, r.error));
      continue;
    }
    chain.push(...(await chainOf(r.spec!, opts, [...stack, spec], out)));
  }
  chain.push(fragment);
  return chain;
}

/** Merges fragments into one layer: later ones override settings and risk rows, add production patterns, and replace rules with the same id. */
export function mergeFragments(layerName: LayerName, top: string, chain: Fragment[]): PolicyLayer {
  const layer: PolicyLayer = { layer: layerName, source: top, sources: [], defaults: {}, rules: [], tests: [] };
  const via = (source: string) => (source !== top ? { via: top } : {});
  for (const f of chain) {
    layer.sources.push(f.source);
    if (f.mode) layer.mode = { value: f.mode, source: f.source };
    if (f.interactive !== undefined) layer.interactive = { value: f.interactive, source: f.source };
    if (f.lock !== undefined) layer.lock = { value: f.lock, source: f.source };
    if (f.trustProject !== undefined) layer.trustProject = { value: f.trustProject, source: f.source };
    for (const [r, a] of Object.entries(f.defaults)) layer.defaults[r as keyof typeof layer.defaults] = { action: a, source: f.source, ...via(f.source) };
    if (f.production) {
      const p = f.production;
      if (!layer.production || p.replace) layer.production = { ...structuredClone(p), source: f.source };
      else {
        const into = layer.production;
        const add = (dst: string[], src: string[]) => src.forEach((s) => dst.includes(s) || dst.push(s));
        add(into.tokens, p.tokens);
        add(into.regexes, p.regexes);
        add(into.criticalNamespaces, p.criticalNamespaces);
        for (const [k, v] of Object.entries(p.names)) add((into.names[k] ??= []), v);
      }
    }
    if (f.audit) layer.audit = { ...(layer.audit ?? {}), ...f.audit, source: f.source };
    if (f.approvals) layer.approvals = { ...(layer.approvals ?? {}), ...f.approvals, source: f.source };
    for (const r of f.rules) {
      layer.rules = layer.rules.filter((x) => x.id !== r.id);
      layer.rules.push({ ...r, ...via(r.source) });
    }
  }
  layer.rules = layer.rules.map((r, i) => ({ ...r, order: i }));
  layer.tests = chain.length ? chain[chain.length - 1]!.tests : [];
  return layer;
}

export async function loadLayer(spec: string, layerName: LayerName, opts: LoadLayerOptions): Promise<LoadedLayer> {
  const out: LoadedLayer = { errors: [], warnings: [], files: [] };
  const chain = await chainOf(spec, opts, [], out);
  if (out.errors.length) return out;
  out.layer = mergeFragments(layerName, specFile(spec).source, chain);
  return out;
}

/** A preset's separate test suite (`policies/<name>.test.yaml`), when it has one. */
export async function loadSuite(name: string): Promise<{ tests: PolicyTest[]; errors: string[]; file: string }> {
  const path = presetSuiteFile(name);
  const file = await readSource(path, path);
  if (file.errors.length) return { tests: [], errors: file.errors, file: path };
  const v = validate(suiteSchema, file);
  if (!v.value) return { tests: [], errors: v.errors, file: path };
  return { tests: compileTests(v.value.tests, file), errors: [], file: path };
}
