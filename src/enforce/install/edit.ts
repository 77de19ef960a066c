// Adds or removes shellgate's hook entry in a parsed settings document, leaving every other key and hook as it was.
import { ShellgateError } from "../../errors.js";
import type { AgentSpec } from "./agents.js";
import { isShellgateHook } from "./command.js";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

/** The event's hook list, checked for shape; undefined when the file has none yet. */
function eventList(doc: Obj, spec: AgentSpec, path: string): unknown[] | undefined {
  const hooks = doc.hooks;
  if (hooks === undefined) return undefined;
  if (!isObj(hooks)) throw new ShellgateError("input-invalid", `${path}: "hooks" must be an object; shellgate did not change the file`);
  const list = hooks[spec.event];
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw new ShellgateError("input-invalid", `${path}: "hooks.${spec.event}" must be a list; shellgate did not change the file`);
  return list;
}

/** Entries that run `shellgate hook <agent>`, with where they sit. */
export interface Found {
  entry: Obj;
  /** Matcher of the group holding it (grouped shapes only). */
  matcher?: unknown;
}

export function findHooks(doc: Obj, spec: AgentSpec, path: string): Found[] {
  const list = eventList(doc, spec, path) ?? [];
  const out: Found[] = [];
  for (const item of list) {
    if (!isObj(item)) continue;
    if (spec.shape.kind === "flat") {
      if (isShellgateHook(item[spec.commandKey], spec.name)) out.push({ entry: item });
    } else if (Array.isArray(item.hooks)) {
      for (const h of item.hooks) if (isObj(h) && isShellgateHook(h[spec.commandKey], spec.name)) out.push({ entry: h, matcher: item.matcher });
    }
  }
  return out;
}

/** Removes shellgate's entries; groups, event lists and the hooks object they leave empty go too. */
export function withoutHook(doc: Obj, spec: AgentSpec, path: string): { doc: Obj; removed: number } {
  const next = structuredClone(doc);
  const list = eventList(next, spec, path);
  if (!list) return { doc: next, removed: 0 };
  let removed = 0;
  const kept: unknown[] = [];
  for (const item of list) {
    if (!isObj(item)) {
      kept.push(item);
      continue;
    }
    if (spec.shape.kind === "flat") {
      if (isShellgateHook(item[spec.commandKey], spec.name)) removed++;
      else kept.push(item);
      continue;
    }
    if (!Array.isArray(item.hooks)) {
      kept.push(item);
      continue;
    }
    const inner = item.hooks.filter((h) => !(isObj(h) && isShellgateHook(h[spec.commandKey], spec.name)));
    const gone = item.hooks.length - inner.length;
    removed += gone;
    if (gone && inner.length === 0) continue;
    kept.push(gone ? { ...item, hooks: inner } : item);
  }
  if (!removed) return { doc: structuredClone(doc), removed: 0 };
  const hooks = next.hooks as Obj;
  if (kept.length) hooks[spec.event] = kept;
  else delete hooks[spec.event];
  if (Object.keys(hooks).length === 0) delete next.hooks;
  return { doc: next, removed };
}

/**
 * Puts exactly one shellgate entry in place. An up-to-date entry leaves the document unchanged; an outdated one
 * (another path, older settings) is replaced where it stands when its group still matches, else re-added at the end.
 */
export function withHook(doc: Obj, spec: AgentSpec, entry: Obj, path: string): { doc: Obj; changed: boolean } {
  const found = findHooks(doc, spec, path);
  const matcher = spec.shape.kind === "grouped" ? spec.shape.matcher : undefined;
  if (found.length === 1 && canonical(found[0]!.entry) === canonical(entry) && found[0]!.matcher === matcher) return { doc: structuredClone(doc), changed: false };

  let next = structuredClone(doc);
  // In place: the first entry in a group with the right matcher (grouped) or anywhere in the list (flat).
  const list = eventList(next, spec, path);
  let placed = false;
  if (list) {
    for (let i = 0; i < list.length && !placed; i++) {
      const item = list[i];
      if (!isObj(item)) continue;
      if (spec.shape.kind === "flat") {
        if (isShellgateHook(item[spec.commandKey], spec.name)) {
          list[i] = entry;
          placed = true;
        }
      } else if (item.matcher === matcher && Array.isArray(item.hooks)) {
        const j = item.hooks.findIndex((h) => isObj(h) && isShellgateHook(h[spec.commandKey], spec.name));
        if (j >= 0) {
          item.hooks[j] = entry;
          placed = true;
        }
      }
    }
  }
  if (placed) return { doc: dedupe(next, spec, canonical(entry)), changed: true };
  next = withoutHook(next, spec, path).doc;
  if (spec.shape.kind === "flat" && next.version === undefined) next = { version: 1, ...next };
  const hooks = (isObj(next.hooks) ? next.hooks : (next.hooks = {})) as Obj;
  const target = (Array.isArray(hooks[spec.event]) ? hooks[spec.event] : (hooks[spec.event] = [])) as unknown[];
  target.push(spec.shape.kind === "flat" ? entry : { matcher, hooks: [entry] });
  return { doc: next, changed: true };
}

/** After an in-place replacement: every other shellgate entry (duplicates from hand edits or old installs) goes. */
function dedupe(doc: Obj, spec: AgentSpec, keep: string): Obj {
  const out = structuredClone(doc);
  const list = (out.hooks as Obj)[spec.event] as unknown[];
  let kept = false;
  const isKeep = (h: unknown) => {
    if (!kept && isObj(h) && canonical(h) === keep) {
      kept = true;
      return true;
    }
    return false;
  };
  const result: unknown[] = [];
  for (const item of list) {
    if (!isObj(item)) {
      result.push(item);
      continue;
    }
    if (spec.shape.kind === "flat") {
      if (!isShellgateHook(item[spec.commandKey], spec.name) || isKeep(item)) result.push(item);
      continue;
    }
    if (!Array.isArray(item.hooks)) {
      result.push(item);
      continue;
    }
    const inner = item.hooks.filter((h) => !(isObj(h) && isShellgateHook(h[spec.commandKey], spec.name)) || isKeep(h));
    if (inner.length === 0 && item.hooks.length > 0) continue;
    result.push(inner.length === item.hooks.length ? item : { ...item, hooks: inner });
  }
  (out.hooks as Obj)[spec.event] = result;
  return out;
}
