// `npm run X`, `yarn X`, `pnpm X`, `bun run X`: the package.json script that would run is nested shell code.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Word } from "../types.js";
import type { Nested } from "./nested.js";
import { shellQuote } from "./static-output.js";
import { splitOptions } from "./wrappers.js";

const BUILTINS: Record<string, Set<string>> = {
  pnpm: new Set("add install i update up upgrade remove rm uninstall un link ln unlink import rebuild rb prune fetch install-test it dedupe patch patch-commit patch-remove audit list ls ll la outdated why licenses exec dlx create publish pack root bin store env setup init deploy doctor config c get set recursive server cat-file cat-index find-hash self-update help approve-builds ignored-builds catalog sbom".split(" ")),
  yarn: new Set("add audit autoclean bin cache check config constraints create dedupe dlx exec explain generate-lock-entry global help import info init install licenses link list login logout node npm outdated owner pack patch patch-commit plugin policies publish rebuild remove search set stage tag team unlink unplug up upgrade upgrade-interactive version versions why workspace workspaces".split(" ")),
  bun: new Set("test x repl exec install i add a remove rm update outdated link unlink pm build init create c upgrade publish patch audit info why".split(" ")),
};

interface Manifest {
  scripts: Record<string, string>;
  dir: string;
}

const cache = new Map<string, { mtimeMs: number; size: number; manifest: Manifest | undefined }>();

function readManifest(file: string): Manifest | undefined {
  try {
    const st = statSync(file);
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.manifest;
    let manifest: Manifest | undefined;
    if (st.size <= 1024 * 1024) {
      const json = JSON.parse(readFileSync(file, "utf8")) as { scripts?: unknown };
      const scripts = json && typeof json.scripts === "object" && json.scripts ? (json.scripts as Record<string, unknown>) : {};
      manifest = { scripts: Object.fromEntries(Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === "string")), dir: dirname(file) };
    }
    cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, manifest });
    return manifest;
  } catch {
    return undefined;
  }
}

/** The nearest package.json at or above dir, as npm finds it. */
function findManifest(dir: string | undefined): Manifest | undefined {
  if (dir === undefined) return undefined;
  let d = dir;
  for (let i = 0; i < 32; i++) {
    const f = join(d, "package.json");
    if (existsSync(f)) return readManifest(f);
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

function scriptWord(text: string, at: Word): Word {
  return { raw: at.raw, value: text, span: at.span };
}

/** Nested code for package-manager invocations that run a package.json script or a package's bin. */
export function packageScript(program: string, args: Word[], cwd: string | undefined): Nested[] {
  const dirOpt = program === "npm" ? ["prefix", "workspace", "w"] : program === "pnpm" ? ["dir", "C", "filter", "F", "workspace-dir"] : program === "yarn" ? ["cwd"] : ["cwd"];
  const { options, rest, dynamic } = splitOptions(args, program === "pnpm" ? "CF" : program === "npm" ? "w" : "", dirOpt);
  if (dynamic) return [];
  // Workspace filters pick packages we do not resolve here.
  if (options.some((o) => ["workspace", "w", "filter", "F", "workspaces", "ws"].includes(o.name))) return [];
  const dirValue = options.find((o) => ["prefix", "dir", "C", "cwd"].includes(o.name))?.value;
  const dir = dirValue === undefined ? cwd : isAbsolute(dirValue) ? dirValue : cwd !== undefined ? resolve(cwd, dirValue) : undefined;
  const sub = rest[0]?.value;
  if (sub === undefined) return [];
  let name: string | undefined;
  let extra: Word[] = [];
  let explicitRun = false;
  if (sub === "run" || sub === "run-script" || sub === "rum" || sub === "urn") {
    const r = splitOptions(rest.slice(1), "", []);
    name = r.rest[0]?.value;
    extra = r.rest.slice(1);
    explicitRun = true;
  } else if (["test", "t", "tst", "start", "stop", "restart"].includes(sub) && program !== "bun") {
    name = { t: "test", tst: "test" }[sub] ?? sub;
    extra = rest.slice(1);
  } else if (program !== "npm" && !BUILTINS[program]?.has(sub)) {
    name = sub;
    extra = rest.slice(1);
  } else return [];
  if (name === undefined) return [];
  const manifest = findManifest(dir);
  const script = manifest?.scripts[name];
  const at = rest[0]!;
  if (script === undefined) {
    // yarn/pnpm/bun run a package bin (or a file, for bun) when no script has that name.
    if (program === "npm" || (explicitRun && program === "bun" && /[./]/.test(name))) return [];
    return [{ kind: "argv", argv: [{ ...at, value: name }, ...extra.filter((w) => w.value !== "--")], via: "package-script" }];
  }
  const passthrough = extra.filter((w) => w.value !== "--");
  // npm appends the extra arguments to the script as quoted words.
  const argsText = passthrough.every((w) => w.value !== undefined) ? passthrough.map((w) => shellQuote(w.value!)).join(" ") : undefined;
  const out: Nested[] = [];
  const lifecycle = program === "npm" && !name.startsWith("pre") && !name.startsWith("post");
  // Scripts run in the package's own directory.
  const cwdOf = { cwd: manifest!.dir };
  if (lifecycle && manifest!.scripts[`pre${name}`] !== undefined) out.push({ kind: "script", word: scriptWord(manifest!.scripts[`pre${name}`]!, at), via: "package-script", ...cwdOf });
  out.push({ kind: "script", word: argsText === undefined ? { raw: at.raw, span: at.span } : scriptWord(argsText ? `${script} ${argsText}` : script, at), via: "package-script", ...cwdOf });
  if (lifecycle && manifest!.scripts[`post${name}`] !== undefined) out.push({ kind: "script", word: scriptWord(manifest!.scripts[`post${name}`]!, at), via: "package-script", ...cwdOf });
  return out;
}
