// The finding ids rule patterns can name, loading only the packs the patterns mention (every pack only for a wildcard or unknown pack).
import { PACK_INDEX } from "../classify/pack-index.js";

/** Ids that are not in any pack's metadata but can appear in decisions. */
const EXTRA_IDS = ["shellgate/rule-error"];

const names = new Set(PACK_INDEX.map((e) => e.name));

/** Whether a pattern names a pack this build has (so its typos are best matched against that pack's ids). */
export const namesKnownPack = (pattern: string): boolean => names.has(pattern.split("/")[0] ?? "");

export async function findingIdsFor(patterns: string[]): Promise<string[]> {
  const wanted = new Set<string>();
  let all = false;
  for (const p of patterns) {
    const pack = p.split("/")[0] ?? "";
    if (pack === "shellgate") continue;
    if (!names.has(pack)) all = true;
    else wanted.add(pack);
  }
  const entries = PACK_INDEX.filter((e) => all || wanted.has(e.name));
  const mods = await Promise.all(entries.map((e) => e.load()));
  return [...mods.flatMap((m) => Object.keys(m.default.findings).map((id) => `${m.default.name}/${id}`)), ...EXTRA_IDS];
}
