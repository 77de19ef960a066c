// Which docker context a command uses: DOCKER_CONTEXT aside, the current context in config.json or a switch earlier on the line.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { displayPath } from "../../../context/kube.js";
import { GLOBAL_VALUE } from "./options.js";

const dockerConfigCache = new Map<string, { mtimeMs: number; value: string | undefined }>();

/** currentContext from docker's config.json (DOCKER_CONFIG or ~/.docker), cached by mtime. */
export function currentDockerContext(env: Record<string, string | undefined>): { value: string; source: string } | undefined {
  const dir = env.DOCKER_CONFIG ?? (env.HOME ? join(env.HOME, ".docker") : undefined);
  if (!dir) return undefined;
  const file = join(dir, "config.json");
  let st;
  try {
    st = statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!st?.isFile()) return undefined;
  let hit = dockerConfigCache.get(file);
  if (!hit || hit.mtimeMs !== st.mtimeMs) {
    let value: string | undefined;
    try {
      const j = JSON.parse(readFileSync(file, "utf8")) as { currentContext?: unknown };
      value = typeof j.currentContext === "string" && j.currentContext !== "" && j.currentContext !== "default" ? j.currentContext : undefined;
    } catch {
      value = undefined;
    }
    hit = { mtimeMs: st.mtimeMs, value };
    dockerConfigCache.set(file, hit);
  }
  return hit.value ? { value: hit.value, source: `currentContext in ${displayPath(file, env.HOME)}` } : undefined;
}

/** `docker context use prod && docker ...`: the switch earlier on the line decides the context. */
export function earlierContextSwitch(inv: Invocation, invocations: readonly Invocation[]): { value: string; source: string } | undefined {
  let found: { value: string; source: string } | undefined;
  for (const prev of invocations) {
    if (prev.index >= inv.index) break;
    if (prev.program?.replace(/\.exe$/, "") !== "docker" || prev.host !== inv.host || prev.container !== inv.container) continue;
    const p = parseArgs(prev.argv.slice(1), { value: GLOBAL_VALUE }).positionals.map((w) => w.value);
    if (p[0] === "context" && p[1] === "use" && p[2]) found = { value: p[2], source: `docker context use ${p[2]} earlier on this command line` };
  }
  return found;
}
