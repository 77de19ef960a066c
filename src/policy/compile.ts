// Builds the effective policy from the files found for a check (loaded lazily: this module pulls in yaml and zod).
import { statSync } from "node:fs";
import type { CheckContext } from "../types.js";
import { baseLayer, RECOMMENDED_SOURCE } from "./builtin.js";
import { SYSTEM_POLICY, userPolicyPath, type Discovered } from "./discover.js";
import { compileLayers, markLayers } from "./engine.js";
import { checkExamples } from "./examples.js";
import { loadLayer } from "./layer.js";
import type { LayerName, Policy, PolicyLayer } from "./types.js";

/** The system policy is the one an agent must not be able to change: say so when this user (not root) could. */
function systemFileWarnings(path: string): string[] {
  try {
    const st = statSync(path);
    const uid = process.getuid?.();
    if (st.mode & 0o002) return [`${path} is writable by every user, so an agent could change the system policy; make it root-owned and mode 644`];
    if (uid !== undefined && uid !== 0 && st.uid === uid) return [`${path} is owned by you, not root, so an agent running as you could change the system policy`];
  } catch {
    // Unreadable files are reported by the loader.
  }
  return [];
}

export interface CompiledPolicy {
  policy: Policy;
  files: string[];
}

/** The layers in the order they apply: built-in base, system, user, project, command line. */
export async function compileDiscovered(found: Discovered, ctx: CheckContext): Promise<CompiledPolicy> {
  const errors: string[] = [];
  const warnings = [...found.warnings];
  const files: string[] = [];
  const layers: PolicyLayer[] = [baseLayer(RECOMMENDED_SOURCE)];
  const home = ctx.env.HOME;
  const specs: [LayerName, string | undefined][] = [
    ["system", found.system],
    ["user", found.user],
    ["project", found.project],
    ["command-line", found.cli?.spec],
  ];
  for (const [name, spec] of specs) {
    if (!spec) continue;
    // JavaScript runs code: a project file may be JavaScript only when a system or user policy trusts project files.
    const allowJs = name !== "project" || !markLayers([...layers, { layer: "project", source: spec, sources: [], defaults: {}, rules: [], tests: [] }]).at(-1)!.tightenOnly;
    if (name === "system") warnings.push(...systemFileWarnings(spec));
    const r = await loadLayer(spec, name, { allowJs, ...(home ? { home } : {}) });
    files.push(...r.files);
    errors.push(...r.errors.map((e) => (name === "command-line" && found.cli ? `${e} (from ${found.cli.from})` : e)));
    warnings.push(...r.warnings);
    if (r.layer) layers.push(r.layer);
  }
  let policy = compileLayers(layers, { errors, warnings });
  if (!errors.length) {
    const exampleErrors = await checkExamples(layers, policy);
    if (exampleErrors.length) policy = compileLayers(layers, { errors: exampleErrors, warnings });
  }
  return { policy, files };
}

/** One file (or preset) on its own over the built-in base, as `policy validate` and `policy test` see it. */
export async function compileStandalone(spec: string, ctx: CheckContext): Promise<CompiledPolicy & { layer?: PolicyLayer }> {
  const home = ctx.env.HOME;
  // The system and user files keep their layer (so lock and project.trust are not reported as misplaced); anything else stands as the command line.
  const name: LayerName = spec === SYSTEM_POLICY ? "system" : spec === userPolicyPath(ctx.env) ? "user" : "command-line";
  const r = await loadLayer(spec, name, { allowJs: true, ...(home ? { home } : {}) });
  const layers: PolicyLayer[] = [baseLayer(RECOMMENDED_SOURCE), ...(r.layer ? [r.layer] : [])];
  let policy = compileLayers(layers, { errors: r.errors, warnings: r.warnings });
  if (!r.errors.length) {
    const exampleErrors = await checkExamples(layers, policy);
    if (exampleErrors.length) policy = compileLayers(layers, { errors: exampleErrors, warnings: r.warnings });
  }
  return { policy, files: r.files, ...(r.layer ? { layer: r.layer } : {}) };
}
