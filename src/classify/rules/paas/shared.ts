// What the PaaS CLIs share: their finding specs, and reporting with the production evidence of the app, context or environment named.
import { readFileSync, statSync } from "node:fs";
import type { Evidence, Invocation, Word } from "../../../types.js";
import type { FindingSpec, ReportOptions, RuleContext } from "../../rule.js";

export const PAAS_FINDINGS = {
  destroy: {
    risk: "high",
    categories: ["destroy"],
    message: "{tool} {command} deletes or stops {what}{target}",
    hint: "check the app or resource name; back up its data first, and run it yourself if it is intended",
    description: "Destroying apps, droplets, databases, volumes, add-ons and deployments, or resetting a database.",
  },
  deploy: {
    risk: "low",
    categories: ["mutate"],
    message: "{tool} {command} deploys{target}",
    hint: "deploy to a preview or staging environment first",
    description: "Deploys and releases (production apps and --prod deploys ask).",
  },
  mutate: {
    risk: "low",
    categories: ["mutate"],
    message: "{tool} {command} changes {what}{target}",
    hint: "make the change on a non-production app first",
    description: "Other changes to apps and resources (production ask).",
  },
  "scale-to-zero": {
    risk: "medium",
    categories: ["mutate"],
    message: "{tool} {command} scales {what}{target} to zero, taking it offline",
    hint: "scale down gradually, or put the app in maintenance mode",
    description: "Scaling an app's processes or machines to zero.",
  },
  "env-remove": {
    risk: "medium",
    categories: ["mutate", "destroy"],
    message: "{tool} {command} removes configuration variables{target}",
    hint: "note the current values first so they can be restored",
    description: "Unsetting config vars, secrets or environment variables.",
  },
  "remote-exec": {
    risk: "medium",
    categories: ["mutate", "remote-code"],
    message: "{tool} {command} runs commands {where}{target}",
    hint: "run the command against a non-production app first",
    description: "Remote shells, one-off dynos, database consoles, commands run with the app's credentials.",
  },
  "credential-create": {
    risk: "high",
    categories: ["privilege"],
    message: "{tool} {command} creates or resets credentials",
    hint: "create credentials yourself, scoped and short-lived",
    description: "API tokens, database users' passwords, droplet root passwords.",
  },
  "access-change": {
    risk: "medium",
    categories: ["privilege", "mutate"],
    message: "{tool} {command} changes who may access{target}",
    hint: "have a person review the access change",
    description: "Collaborators, team members, app transfers.",
  },
  opaque: {
    risk: "high",
    categories: ["opaque"],
    message: "{detail}",
    hint: "write the command and app name literally so they can be checked",
    description: "A command word computed at run time.",
  },
} satisfies Record<string, FindingSpec>;

export type Id = keyof typeof PAAS_FINDINGS;
export type Ctx = RuleContext<Id>;

export interface Target {
  /** Production evidence (app, context, environment, target). */
  evidence: Evidence[];
  /** ` (app x)` for messages. */
  label: string;
}

/** Reports with the target's production evidence; `opaque` when a command word is not static. */
export function emit(ctx: Ctx, tool: string, command: string, word: Word | undefined, target: Target) {
  return (id: Id, extra: Record<string, string> = {}, opts: ReportOptions = {}) =>
    ctx.report(id, {
      ...(word ? { word } : {}),
      ...opts,
      data: { tool, command, what: "resources", target: target.label, where: "remotely", ...extra },
      ...(target.evidence.length ? { production: target.evidence } : {}),
    });
}

export function opaqueWord(ctx: Ctx, tool: string, words: readonly Word[]): boolean {
  const w = words.find((x) => x.value === undefined);
  if (!w) return false;
  ctx.report("opaque", { word: w, data: { detail: `the ${tool} command word ${w.raw} is computed at run time` } });
  return true;
}

/** Evidence from named values (an app, a context, an environment); the first one names the target in messages. */
export function target(ctx: Ctx, items: { kind: string; value?: string; source: string }[]): Target {
  const evidence: Evidence[] = [];
  let label = "";
  for (const it of items) {
    if (!it.value) continue;
    if (!label) label = ` (${it.kind.replace(/^[a-z]+-/, "")} ${it.value})`;
    const e = ctx.production.evidence(it.kind, it.value, it.source);
    if (e && !evidence.some((x) => x.value === e.value && x.kind === e.kind)) evidence.push(e);
  }
  return { evidence, label };
}

const fileCache = new Map<string, { mtimeMs: number; value: string | undefined }>();

/** One value pulled from a small config file by a regex, cached by mtime (fly.toml's app, doctl's context). */
export function fileValue(path: string, re: RegExp): string | undefined {
  try {
    const st = statSync(path);
    const key = `${path}\0${re.source}`;
    const hit = fileCache.get(key);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit.value;
    const value = re.exec(readFileSync(path, "utf8"))?.[1];
    fileCache.set(key, { mtimeMs: st.mtimeMs, value });
    return value;
  } catch {
    return undefined;
  }
}

export const isRemote = (inv: Invocation) => inv.host !== undefined || inv.container !== undefined;
export const vals = (ws: readonly Word[]) => ws.map((w) => w.value ?? w.raw);
