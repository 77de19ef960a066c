// Remote code: downloads piped into a shell or interpreter, run through $(..) or <(..), or saved and then run.
import type { Invocation, Word } from "../../../types.js";
import { SHELLS } from "../../../parse/nested.js";
import { interpreterCodeArg, langOf } from "../../../parse/interpreters.js";
import { parseArgs } from "../../flags.js";
import { CURL_VALUE, fetcherUpstream, isFetcher, substitutionsIn, v, WGET_VALUE, type Ctx } from "./common.js";

export function codeSource(inv: Invocation): { stdin: boolean; words: Word[] } | undefined {
  const p = inv.program;
  if (!p) return undefined;
  const args = inv.argv.slice(1);
  if (SHELLS.has(p)) {
    let c = false;
    let s = false;
    let i = 0;
    for (; i < args.length; i++) {
      const a = v(args[i]);
      if (a === undefined) break;
      if (a === "--" || a === "-") {
        i++;
        break;
      }
      if (/^[-+][oO]$/.test(a) || a === "--rcfile" || a === "--init-file") {
        i++;
        continue;
      }
      if (a.startsWith("--")) continue;
      if ((a.startsWith("-") || a.startsWith("+")) && a.length > 1) {
        if (a.includes("c")) c = true;
        if (a.includes("s")) s = true;
        continue;
      }
      break;
    }
    const operand = args[i];
    if (c) return { stdin: false, words: operand ? [operand] : [] };
    if (operand && !s) return { stdin: false, words: [operand] };
    return { stdin: true, words: [] };
  }
  if (p === "eval") return { stdin: false, words: args };
  if (p === "source" || p === ".") return { stdin: false, words: args.slice(0, 1) };
  if (langOf(p)) {
    const code = interpreterCodeArg(p, args);
    if (code && "stdin" in code) return { stdin: true, words: [] };
    if (code) return { stdin: false, words: [code.word] };
    // A script file operand (`python3 <(curl ..)`, `node install.js`); python -m names a module instead.
    const first = args.find((w) => w.value === undefined || !w.value.startsWith("-"));
    return { stdin: false, words: first && v(args[args.indexOf(first) - 1]) !== "-m" ? [first] : [] };
  }
  return undefined;
}

/** Files fetchers in this check save to, as absolute paths, with the fetcher. */
function downloads(ctx: Ctx): Map<string, Invocation> {
  return ctx.memo("remote/downloads", () => {
    const out = new Map<string, Invocation>();
    for (const inv of ctx.invocations) {
      const p = inv.program;
      if (p !== "curl" && p !== "wget" && p !== "wget2") continue;
      const add = (name: string | undefined, dir?: string) => {
        if (!name || name === "-") return;
        const abs = ctx.paths.absolute(dir ? `${dir.replace(/\/+$/, "")}/${name}` : name, inv);
        if (abs) out.set(abs, inv);
      };
      const urlBase = (u: string) => u.replace(/[?#].*$/, "").replace(/\/+$/, "").split("/").pop();
      // `curl -s URL > install.sh`: stdout saved by the shell.
      for (const r of inv.redirects) if ((r.op === ">" || r.op === ">>" || r.op === ">|") && (r.fd === undefined || r.fd === 1)) add(r.target?.value);
      if (p === "curl") {
        const a = parseArgs(inv.argv.slice(1), { value: CURL_VALUE });
        const dir = a.get("output-dir");
        for (const o of a.all("o", "output")) add(o, dir);
        if (a.has("O", "remote-name", "remote-name-all")) for (const w of a.positionals) if (w.value?.includes("/")) add(urlBase(w.value), dir);
      } else {
        const a = parseArgs(inv.argv.slice(1), { value: WGET_VALUE });
        const doc = a.get("O", "output-document");
        if (doc !== undefined) add(doc);
        else for (const w of a.positionals) if (w.value?.includes("/")) add(urlBase(w.value) || "index.html", a.get("P", "directory-prefix"));
      }
    }
    return out;
  });
}

export function checkRemoteCode(inv: Invocation, ctx: Ctx): void {
  const src = codeSource(inv);
  const downloaded = downloads(ctx);
  const fromDownload = (path: string | undefined) => {
    if (!path || !downloaded.size) return undefined;
    const abs = ctx.paths.absolute(path, inv);
    const f = abs ? downloaded.get(abs) : undefined;
    return f && f.index < inv.index ? f : undefined;
  };
  if (src?.stdin) {
    const f = fetcherUpstream(inv, ctx);
    if (f) ctx.report("pipe-to-shell", { word: inv.argv[0]!, data: { fetcher: f.program, runner: inv.program } });
    // `sh < <(curl ..)`, `bash <<< "$(curl ..)"`.
    const redirected = inv.redirects.filter((r) => r.op === "<" || r.op === "<<<").map((r) => r.target!).filter(Boolean);
    const inner = substitutionsIn(redirected, ctx).find(isFetcher);
    if (inner) ctx.report("pipe-to-shell", { word: inv.argv[0]!, data: { fetcher: inner.program, runner: inv.program } });
    const file = inv.stdin?.kind === "file" ? fromDownload(inv.stdin.path) : undefined;
    if (file) ctx.report("exec-download", { word: inv.argv[0]!, data: { fetcher: file.program, runner: inv.program, how: "reads the downloaded file as its program" } });
  }
  for (const w of src?.words ?? []) {
    const inner = substitutionsIn([w], ctx).find(isFetcher);
    if (inner) {
      ctx.report("exec-download", { word: w, data: { fetcher: inner.program, runner: inv.program, how: `runs ${w.raw} as code` } });
      continue;
    }
    const file = fromDownload(w.value);
    if (file) ctx.report("exec-download", { word: w, data: { fetcher: file.program, runner: inv.program, how: `runs the downloaded file ${w.raw}` } });
  }
  // `curl -o install.sh ..; chmod +x install.sh; ./install.sh`
  const path = inv.programPath;
  if (path?.includes("/")) {
    const file = fromDownload(path);
    if (file) ctx.report("exec-download", { word: inv.argv[0]!, data: { fetcher: file.program, runner: path, how: "runs the file it just downloaded" } });
  } else if (path && downloaded.size) {
    // `curl -o /usr/local/bin/tool ..; tool`: a download into a PATH directory runs by its bare name.
    const dirs = new Set((inv.env.PATH ?? "").split(":").map((d) => d.replace(/\/+$/, "")));
    for (const [file, f] of downloaded) {
      const slash = file.lastIndexOf("/");
      if (f.index < inv.index && file.slice(slash + 1) === path && dirs.has(file.slice(0, slash))) {
        ctx.report("exec-download", { word: inv.argv[0]!, data: { fetcher: f.program, runner: path, how: "runs the program it just downloaded into PATH" } });
        break;
      }
    }
  }
}
