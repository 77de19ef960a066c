// Compiles policy layers into a Policy: which layers may only tighten, the merged settings, and each finding's decision with its trace.
import type { Action, Risk } from "../types.js";
import { ACTIONS, RISKS } from "../types.js";
import type { ProductionPatterns } from "../context/production.js";
import { pickWinner, ruleMatches, unitsOf, type Unit } from "./match.js";
import type { AuditSettings, DecideInput, LayerName, Policy, PolicyLayer, PolicyReason, PolicyRule, PolicyTrace, TraceStep, UnitTrace } from "./types.js";

const rank = (a: Action) => ACTIONS.indexOf(a);

export interface CompileExtras {
  errors?: string[];
  warnings?: string[];
}

interface Row {
  action: Action;
  source: string;
  layer: LayerName;
  via?: string;
}

const AUTHORITY: readonly LayerName[] = ["built-in", "system", "user"];

/** Marks each layer tighten-only or not: everything below a `lock`, and the project layer unless a system or user policy trusts it. */
export function markLayers(layers: PolicyLayer[]): PolicyLayer[] {
  let lockedBy: string | undefined;
  let trust: { value: boolean; source: string } | undefined;
  return layers.map((l) => {
    let why: string | undefined;
    if (lockedBy) why = `${lockedBy} sets lock: true, so layers below it may only tighten`;
    else if (l.layer === "project" && !trust?.value)
      why = trust ? `project files are not trusted (${trust.source} sets project.trust: false)` : "project files may only tighten unless a system or user policy sets project.trust: true";
    const out: PolicyLayer = { ...l, tightenOnly: why !== undefined, ...(why ? { tightenWhy: why } : {}) };
    if (AUTHORITY.includes(l.layer) && l.trustProject && (!why || !l.trustProject.value)) trust = l.trustProject;
    if (AUTHORITY.includes(l.layer) && l.lock?.value) lockedBy ??= l.lock.source;
    return out;
  });
}

function mergeProduction(layers: PolicyLayer[], warn: (s: string) => void): ProductionPatterns {
  const out: ProductionPatterns = { tokens: [], regexes: [], criticalNamespaces: [], names: {} };
  const add = (list: string[], items: string[]) => {
    for (const i of items) if (!list.includes(i)) list.push(i);
  };
  for (const l of layers) {
    const p = l.production;
    if (!p) continue;
    if (p.replace) {
      if (l.tightenOnly) warn(`${p.source}: production.replace is ignored: ${l.tightenWhy} (its patterns are added instead)`);
      else {
        out.tokens = [];
        out.regexes = [];
        out.criticalNamespaces = [];
        out.names = {};
      }
    }
    add(out.tokens, p.tokens);
    add(out.regexes, p.regexes);
    add(out.criticalNamespaces, p.criticalNamespaces);
    for (const [kind, list] of Object.entries(p.names)) add((out.names[kind] ??= []), list);
  }
  return out;
}

/**
 * Approval-queue settings decide who can answer: an agent that could set them could approve itself,
 * so project files and tighten-only layers cannot.
 */
function mergeOperational(layers: PolicyLayer[], warn: (s: string) => void): Pick<Policy, "approvals"> {
  const out: Pick<Policy, "approvals"> = {};
  for (const l of layers) {
    for (const key of ["approvals"] as const) {
      const v = l[key];
      if (!v) continue;
      if (l.layer === "project" || l.tightenOnly) {
        warn(`${v.source}: ${key} settings are ignored: ${l.layer === "project" ? "the agent can edit project files; set them in a system or user policy" : l.tightenWhy}`);
        continue;
      }
      const { source: _source, ...rest } = v;
      out[key] = { ...(out[key] ?? {}), ...rest } as never;
    }
  }
  return out;
}

function mergeAudit(layers: PolicyLayer[], warn: (s: string) => void): AuditSettings {
  const audit: AuditSettings = { enabled: true, locked: layers.some((l) => AUTHORITY.includes(l.layer) && l.lock?.value) };
  for (const l of layers) {
    const a = l.audit;
    if (!a) continue;
    if (l.layer === "project") {
      warn(`${a.source}: audit settings in a project file are ignored (the agent can edit project files; set the log in a system or user policy)`);
      continue;
    }
    if (l.tightenOnly) {
      if (a.path !== undefined || a.enabled === false) warn(`${a.source}: audit settings are ignored: ${l.tightenWhy}`);
      continue;
    }
    if (a.path !== undefined) audit.path = a.path;
    if (a.enabled !== undefined) audit.enabled = a.enabled;
    audit.source = a.source;
  }
  return audit;
}

export function compileLayers(input: PolicyLayer[], extras: CompileExtras = {}): Policy {
  const warnings = [...(extras.warnings ?? [])];
  const warn = (s: string) => {
    if (!warnings.includes(s)) warnings.push(s);
  };
  const layers = markLayers(input);

  for (const l of layers) {
    if (l.lock?.value && !AUTHORITY.includes(l.layer)) warn(`${l.lock.source}: lock is ignored: only system and user policies can lock`);
    if (l.trustProject && !AUTHORITY.includes(l.layer)) warn(`${l.trustProject.source}: project.trust is ignored: only system and user policies can trust project files`);
  }

  const table = {} as Record<Risk, Row>;
  let mode: { value: "enforce" | "audit"; source: string; layer: LayerName } = { value: "enforce", source: "built-in", layer: "built-in" };
  let interactive: { value: boolean; source: string; layer: LayerName } = { value: true, source: "built-in", layer: "built-in" };
  for (const l of layers) {
    if (!l.tightenOnly) {
      for (const r of RISKS) {
        const row = l.defaults[r];
        if (row) table[r] = { action: row.action, source: row.source, layer: l.layer, ...(row.via ? { via: row.via } : {}) };
      }
    }
    if (l.mode) {
      if (l.tightenOnly && l.mode.value === "audit") warn(`${l.mode.source}: mode: audit is ignored: ${l.tightenWhy}`);
      else mode = { ...l.mode, layer: l.layer };
    }
    if (l.interactive) {
      if (l.tightenOnly && l.interactive.value) warn(`${l.interactive.source}: interactive: true is ignored: ${l.tightenWhy}`);
      else interactive = { ...l.interactive, layer: l.layer };
    }
  }
  for (const r of RISKS) if (!table[r]) throw new Error(`policy layers give no action for ${r} risk`);

  const production = mergeProduction(layers, warn);
  const audit = mergeAudit(layers, warn);
  const operational = mergeOperational(layers, warn);
  const sources = layers.flatMap((l) => l.sources);

  const stepOf = (l: PolicyLayer, r: PolicyRule): TraceStep => ({
    layer: l.layer,
    source: r.source,
    ...(r.via ? { via: r.via } : {}),
    ...(r.line !== undefined ? { line: r.line } : {}),
    rule: r.id,
    action: r.action,
    specificity: r.specificity,
    effect: "set",
    ...(r.message ? { note: r.message } : {}),
  });

  const decideUnit = (unit: Unit, input: DecideInput): UnitTrace => {
    const steps: TraceStep[] = [];
    let current: Action = "allow";
    let decider: TraceStep | undefined;
    const f = unit.finding;
    if (f) {
      const row = table[f.risk];
      decider = { layer: row.layer, source: row.source, ...(row.via ? { via: row.via } : {}), rule: `defaults/${f.risk}`, action: row.action, effect: "set" };
      steps.push(decider);
      current = row.action;
    }
    for (const l of layers) {
      const matched = l.rules.filter((r) => ruleMatches(r.match, unit, input));
      const { winner, losers } = pickWinner(matched, (r) => rank(r.action));
      const cands: TraceStep[] = winner ? [stepOf(l, winner)] : [];
      if (l.tightenOnly && f && l.defaults[f.risk]) {
        const row = l.defaults[f.risk]!;
        cands.push({ layer: l.layer, source: row.source, ...(row.via ? { via: row.via } : {}), rule: `defaults/${f.risk}`, action: row.action, effect: "set" });
      }
      for (const r of losers) steps.push({ ...stepOf(l, r), effect: "lost", note: `${winner!.id} in the same layer is ${winner!.specificity > r.specificity ? "more specific" : rank(winner!.action) > rank(r.action) ? "stricter" : "written first"}` });
      for (const s of cands) {
        if (!l.tightenOnly) {
          if (decider) decider.effect = "overridden";
          decider = s;
          current = s.action;
        } else if (rank(s.action) > rank(current)) {
          s.effect = "raised";
          if (decider) decider.effect = "overridden";
          decider = s;
          current = s.action;
        } else {
          s.effect = rank(s.action) < rank(current) ? "cannot-loosen" : "no-effect";
          if (s.effect === "cannot-loosen") s.note = `${s.note ? s.note + "; " : ""}${l.tightenWhy}`;
        }
        steps.push(s);
      }
    }
    let action = current;
    if (!interactive.value && action === "ask") {
      steps.push({ layer: interactive.layer, source: interactive.source, rule: "policy/non-interactive", action: "block", effect: "raised", note: "no human can answer here, so ask becomes block" });
      action = "block";
    }
    return { ...(f ? { finding: f } : {}), ...(unit.inv ? { invocation: unit.inv } : {}), text: unit.text, steps, action, ...(decider ? { decidedBy: decider } : {}) };
  };

  const trace = (input: DecideInput): PolicyTrace => {
    const units = unitsOf(input).map((u) => decideUnit(u, input));
    let action: Action = "allow";
    const groups = new Map<string, PolicyReason>();
    const raisedByInteractive = new Set<PolicyReason>();
    for (const u of units) {
      if (rank(u.action) > rank(action)) action = u.action;
      const d = u.decidedBy;
      if (!d) continue;
      const key = `${d.rule}\u0000${d.source}\u0000${d.layer}\u0000${u.action}`;
      let r = groups.get(key);
      if (!r) {
        r = { rule: d.rule, source: d.source, layer: d.layer, action: u.action, findings: [], ...(d.via ? { via: d.via } : {}), ...(d.line !== undefined ? { line: d.line } : {}) };
        const msg = d.rule.startsWith("defaults/") ? undefined : d.note;
        if (msg) r.message = msg;
        groups.set(key, r);
        if (u.action !== d.action) raisedByInteractive.add(r);
      }
      if (u.finding) {
        if (!r.findings.includes(u.finding.id)) r.findings.push(u.finding.id);
        // A risk-table row has no message of its own: the findings' safer alternatives stand in for it.
        if (d.rule.startsWith("defaults/") && u.finding.hint && !r.message?.includes(u.finding.hint)) r.message = r.message ? `${r.message}; ${u.finding.hint}` : u.finding.hint;
      }
    }
    for (const r of raisedByInteractive) r.message = `${r.message ? r.message + " " : ""}(ask becomes block: no human can answer here, per ${interactive.source})`;
    const reasons = [...groups.values()].sort((a, b) => rank(b.action) - rank(a.action));
    return { action, reasons, units };
  };

  const defaults = Object.fromEntries(RISKS.map((r) => [r, table[r].action])) as Record<Risk, Action>;
  const where = (s: string, l: LayerName) => (s === "built-in" || l === "built-in" ? s : `${s} (${l})`);
  return {
    mode: mode.value,
    defaults,
    production,
    sources,
    errors: [...(extras.errors ?? [])],
    warnings,
    layers,
    interactive: interactive.value,
    audit,
    ...operational,
    origins: {
      mode: where(mode.source, mode.layer),
      interactive: where(interactive.source, interactive.layer),
      defaults: Object.fromEntries(RISKS.map((r) => [r, where(table[r].source, table[r].layer)])) as Record<Risk, string>,
    },
    decide(input) {
      const t = trace(input);
      return { action: t.action, reasons: t.reasons };
    },
    trace,
  };
}
