// Loads only the rule packs a check needs: every `*` pack, plus the packs covering the programs that would run.
import type { Invocation } from "../types.js";
import { PACK_INDEX, type PackEntry } from "./pack-index.js";
import type { RuleModule } from "./rule.js";

const loaded = new Map<string, RuleModule>();

/** Program name as packs list it: `kubectl.exe` → `kubectl`. */
export function lookupName(program: string): string {
  return program.endsWith(".exe") ? program.slice(0, -4) : program;
}

async function load(entry: PackEntry): Promise<RuleModule> {
  let m = loaded.get(entry.name);
  if (!m) {
    m = (await entry.load()).default;
    loaded.set(entry.name, m);
  }
  return m;
}

/** The packs for these invocations, in registry order (so findings come out in a stable order). */
export async function rulesFor(invocations: readonly Invocation[]): Promise<RuleModule[]> {
  const programs = new Set(invocations.flatMap((i) => (i.program ? [lookupName(i.program)] : [])));
  const needed = PACK_INDEX.filter((p) => p.programs.includes("*") || p.programs.some((x) => programs.has(x)));
  return Promise.all(needed.map(load));
}

/** Every pack (for synchronous checking in long-lived processes and for listing rules). */
export async function allRules(): Promise<RuleModule[]> {
  return Promise.all(PACK_INDEX.map(load));
}

let loadedList: RuleModule[] = [];

/** Packs already loaded, in registry order; complete after allRules() has resolved. The same array is returned until more load. */
export function loadedRules(): RuleModule[] {
  if (loadedList.length !== loaded.size) {
    loadedList = PACK_INDEX.flatMap((p) => {
      const m = loaded.get(p.name);
      return m ? [m] : [];
    });
  }
  return loadedList;
}
