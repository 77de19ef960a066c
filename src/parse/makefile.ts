// `make TARGET`: the recipe lines that would run (with prerequisites), read from the Makefile as nested shell code.
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { Word } from "../types.js";
import type { Nested } from "./nested.js";

interface Rule {
  prereqs: string[];
  recipe: string[];
}

interface Makefile {
  vars: Map<string, string>;
  rules: Map<string, Rule>;
  first?: string;
  dir: string;
}

const MAX_BYTES = 256 * 1024;
const cache = new Map<string, { stamp: string; mk: Makefile | undefined }>();

/** A small reader of GNU make syntax: variables, rules, TAB-indented recipes, continuations; no includes or conditionals. */
function parseMakefile(text: string, dir: string): Makefile {
  const vars = new Map<string, string>();
  const rules = new Map<string, Rule>();
  let first: string | undefined;
  let current: Rule[] = [];
  const lines = text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith("\t")) {
      for (const r of current) r.recipe.push(line.slice(1));
      continue;
    }
    const clean = line.replace(/(^|[^\\])#.*$/, "$1").trimEnd();
    if (!clean.trim()) continue;
    const v = /^\s*(?:export\s+|override\s+)?([A-Za-z_][\w.-]*)\s*(\?=|:=|::=|\+=|!=|=)\s*(.*)$/.exec(clean);
    if (v && !/^\s*[^=]*:[^=]/.test(clean.replace(/:=|::=/, ""))) {
      const [, name, op, value] = v as unknown as [string, string, string, string];
      if (op === "?=" && vars.has(name)) continue;
      if (op === "!=") vars.set(name, "$(shell)");
      else vars.set(name, op === "+=" && vars.has(name) ? `${vars.get(name)} ${value}` : value);
      current = [];
      continue;
    }
    const r = /^([^:=]+?)\s*::?\s*([^=]*)$/.exec(clean);
    if (r) {
      const [, targets, rest] = r as unknown as [string, string, string];
      const [prereqText, inline] = rest.split(";", 2) as [string, string | undefined];
      current = [];
      for (const t of targets.trim().split(/\s+/)) {
        if (t.startsWith(".")) continue;
        const rule = rules.get(t) ?? { prereqs: [], recipe: [] };
        rule.prereqs.push(...prereqText.trim().split(/\s+/).filter(Boolean));
        if (inline?.trim()) rule.recipe.push(inline.trim());
        rules.set(t, rule);
        current.push(rule);
        first ??= t.includes("%") ? undefined : t;
      }
      continue;
    }
    current = [];
  }
  return { vars, rules, dir, ...(first !== undefined ? { first } : {}) };
}

function load(file: string): Makefile | undefined {
  try {
    const st = statSync(file);
    const stamp = `${st.mtimeMs}:${st.size}`;
    const hit = cache.get(file);
    if (hit?.stamp === stamp) return hit.mk;
    const mk = st.size <= MAX_BYTES ? parseMakefile(readFileSync(file, "utf8"), resolve(file, "..")) : undefined;
    cache.set(file, { stamp, mk });
    return mk;
  } catch {
    return undefined;
  }
}

/** Expands make variables in a recipe line; what cannot be known becomes an unset shell variable, so it stays dynamic. */
function expand(line: string, mk: Makefile, overrides: Map<string, string>, target: string, prereqs: string[], depth = 0): string {
  let unknown = 0;
  return line.replace(/\$(\$|[@<^*?]|\(([^()]*)\)|\{([^{}]*)\})/g, (_m, all: string, paren?: string, brace?: string) => {
    if (all === "$") return "$";
    if (all === "@") return target;
    if (all === "<") return prereqs[0] ?? "";
    if (all === "^" || all === "?") return prereqs.join(" ");
    const name = (paren ?? brace ?? "").trim();
    if (name === "MAKE") return "make";
    const value = overrides.get(name) ?? mk.vars.get(name);
    if (value !== undefined && !/\s/.test(name) && depth < 8 && value !== "$(shell)") return expand(value, mk, overrides, target, prereqs, depth + 1);
    return `\${__shellgate_make_unknown_${unknown++}}`;
  });
}

/** Nested code for `make [options] [targets]`: each recipe line is its own shell, run in the Makefile's directory. */
export function makeRecipes(args: Word[], cwd: string | undefined): Nested[] {
  let dir = cwd;
  let file: string | undefined;
  const targets: string[] = [];
  const overrides = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.value;
    if (a === undefined) return [{ kind: "opaque", why: "make's arguments are not static", word: args[i]! }];
    // Dry runs, queries and help print recipes without running them.
    if (/^(-n|--just-print|--dry-run|--recon|-q|--question|-p|--print-data-base|-h|--help|-v|--version)$/.test(a)) return [];
    const takes = /^(-C|--directory|-f|--file|--makefile|-j|--jobs|-l|--load-average|-o|--old-file|-W|--what-if|-I|--include-dir)$/.exec(a);
    const value = takes ? args[++i]?.value : /^(-C|-f)(.+)$/.exec(a)?.[2] ?? /^--(directory|file|makefile)=(.*)$/.exec(a)?.[2];
    const opt = takes?.[1] ?? (/^-C./.test(a) || a.startsWith("--directory=") ? "-C" : /^-f./.test(a) || /^--(file|makefile)=/.test(a) ? "-f" : undefined);
    if (opt === "-C" || opt === "--directory") {
      if (value === undefined || dir === undefined) return [];
      dir = isAbsolute(value) ? value : resolve(dir, value);
    } else if (opt === "-f" || opt === "--file" || opt === "--makefile") file = value;
    else if (a.startsWith("-")) continue;
    else if (/^[A-Za-z_][\w.-]*=/.test(a)) overrides.set(a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1));
    else targets.push(a);
  }
  if (dir === undefined) return [];
  const path = file !== undefined ? (isAbsolute(file) ? file : join(dir, file)) : ["GNUmakefile", "makefile", "Makefile"].map((f) => join(dir!, f)).find((f) => existsSync(f));
  const mk = path ? load(path) : undefined;
  if (!mk) return [];
  const at = args[0] ?? { raw: "make", span: { start: 0, end: 0 } };
  const out: Nested[] = [];
  const seen = new Set<string>();
  const visit = (t: string, depth: number) => {
    if (seen.has(t) || depth > 8) return;
    seen.add(t);
    const rule = mk.rules.get(t);
    if (!rule) return;
    for (const p of rule.prereqs) visit(p, depth + 1);
    for (const line of rule.recipe) {
      const text = expand(line.replace(/^\s*[@+-]+/, ""), mk, overrides, t, rule.prereqs);
      if (text.trim()) out.push({ kind: "script", word: { raw: at.raw, value: text, span: at.span }, via: "script-file", cwd: mk.dir });
    }
  };
  for (const t of targets.length ? targets : mk.first ? [mk.first] : []) visit(t, 0);
  return out;
}
