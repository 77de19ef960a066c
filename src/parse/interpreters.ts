// Reads interpreter one-liners (python -c, node -e, perl -e, ruby -e, php -r) for delete and shell-out calls.
import type { Word } from "../types.js";
import type { Nested } from "./nested.js";

export type Lang = "python" | "node" | "perl" | "ruby" | "php";

const LANG_OF: [RegExp, Lang][] = [
  [/^python(\d+(\.\d+)?)?$|^pypy3?$/, "python"],
  [/^(node|nodejs|bun|deno)$/, "node"],
  [/^perl(\d+(\.\d+)*)?$/, "perl"],
  [/^ruby(\d+(\.\d+)*)?$|^jruby$/, "ruby"],
  [/^php(\d+(\.\d+)*)?$/, "php"],
];

export function langOf(program: string): Lang | undefined {
  // Most programs are not interpreters; reject them before trying the patterns.
  const c = program[0];
  if (c !== "p" && c !== "n" && c !== "b" && c !== "d" && c !== "r" && c !== "j") return undefined;
  for (const [re, lang] of LANG_OF) if (re.test(program)) return lang;
  return undefined;
}

const CODE_FLAGS: Record<Lang, string[]> = {
  python: ["-c"],
  node: ["-e", "--eval", "-p", "--print"],
  perl: ["-e", "-E"],
  ruby: ["-e"],
  php: ["-r"],
};

/** The code argument of an interpreter one-liner, or a marker that it reads code from stdin. */
export function interpreterCodeArg(program: string, args: Word[]): { word: Word; lang: Lang } | { stdin: true; lang: Lang } | undefined {
  const lang = langOf(program);
  if (!lang) return undefined;
  const flags = CODE_FLAGS[lang];
  if (lang === "node" && program === "deno") {
    if (args[0]?.value === "eval" && args[1]) return { word: args[1], lang };
    return undefined;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.value;
    if (a === undefined) return undefined;
    if (a === "--") break;
    for (const f of flags) {
      if (a === f) return args[i + 1] ? { word: args[i + 1]!, lang } : undefined;
      if (f.length === 2 && a.startsWith(f) && !a.startsWith("--")) return { word: { ...args[i]!, value: a.slice(2) }, lang };
      if (f.startsWith("--") && a.startsWith(f + "=")) return { word: { ...args[i]!, value: a.slice(f.length + 1) }, lang };
    }
    // Bundled perl flags like -ne / -pe / -wle end in e.
    if (lang === "perl" && /^-[a-zA-Z]*[eE]$/.test(a)) return args[i + 1] ? { word: args[i + 1]!, lang } : undefined;
    if (lang === "python" && /^-[a-zA-Z]*c$/.test(a)) return args[i + 1] ? { word: args[i + 1]!, lang } : undefined;
    if (a === "-m" && lang === "python") return undefined;
    if (a === "-" ) return { stdin: true, lang };
    if (!a.startsWith("-")) return undefined;
    // Options with a value: skip it.
    if ((lang === "python" && /^-[WXQ]$/.test(a)) || (lang === "node" && /^(-r|--require|--import|--loader|--input-type)$/.test(a)) || (lang === "perl" && /^-[IM]$/.test(a)) || (lang === "ruby" && /^-[Ir]$/.test(a))) i++;
  }
  // No script operand at all: the interpreter reads its program from stdin.
  if (args.every((w) => w.value !== undefined && w.value.startsWith("-"))) return { stdin: true, lang };
  return undefined;
}

interface Lit {
  value?: string;
  list?: (string | undefined)[];
  end: number;
}

/** Parses a string or list literal at `pos` (after optional whitespace and an opening paren). */
function literalAt(code: string, pos: number): Lit {
  let i = pos;
  while (i < code.length && /[\s(]/.test(code[i]!)) i++;
  const ch = code[i];
  if (ch === "[") {
    const list: (string | undefined)[] = [];
    i++;
    for (;;) {
      while (i < code.length && /[\s,]/.test(code[i]!)) i++;
      if (i >= code.length) return { end: i };
      if (code[i] === "]") return { list, end: i + 1 };
      const s = stringAt(code, i);
      list.push(s.value);
      if (s.end <= i) return { list: [...list, undefined], end: i };
      i = s.end;
    }
  }
  return stringAt(code, i);
}

function stringAt(code: string, pos: number): Lit {
  let i = pos;
  const pre = /^[rRbBuUfF]{0,2}/.exec(code.slice(i))![0];
  const fString = /f/i.test(pre);
  const raw = /r/i.test(pre);
  i += pre.length;
  const q = code[i];
  if (q !== "'" && q !== '"' && q !== "`") {
    // Not a literal: skip to the next delimiter so callers can continue.
    const m = /^[^,)\]]*/.exec(code.slice(pos))![0];
    return { end: pos + Math.max(m.length, 1) };
  }
  const triple = code.startsWith(q.repeat(3), i);
  const delim = triple ? q.repeat(3) : q;
  i += delim.length;
  let out = "";
  while (i < code.length && !code.startsWith(delim, i)) {
    const c = code[i]!;
    if (c === "\\" && !raw && i + 1 < code.length) {
      const e = code[i + 1]!;
      out += ({ n: "\n", t: "\t", r: "\r", "0": "\0" } as Record<string, string>)[e] ?? e;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  const dynamic = (fString && /\{[^}]/.test(out)) || (q === "`" && out.includes("${")) || (q === '"' && /[$@]\w/.test(out) && false);
  return { value: dynamic ? undefined : out, end: i + delim.length };
}

interface Pattern {
  re: RegExp;
  /** What the call does with its argument. */
  kind: "delete" | "delete-recursive" | "rmdir" | "shell" | "argv" | "spawn";
}

const PATTERNS: Record<Lang, Pattern[]> = {
  python: [
    { re: /\bshutil\s*\.\s*rmtree\s*\(/g, kind: "delete-recursive" },
    { re: /\bos\s*\.\s*(?:remove|unlink)\s*\(/g, kind: "delete" },
    { re: /\bos\s*\.\s*(?:rmdir|removedirs)\s*\(/g, kind: "rmdir" },
    { re: /\bPath\s*\(/g, kind: "delete" },
    { re: /\bos\s*\.\s*(?:system|popen)\s*\(/g, kind: "shell" },
    { re: /\bsubprocess\s*\.\s*(?:getoutput|getstatusoutput)\s*\(/g, kind: "shell" },
    { re: /\bsubprocess\s*\.\s*(?:run|call|check_call|check_output|Popen)\s*\(/g, kind: "argv" },
    { re: /\bos\s*\.\s*(?:exec\w*|spawn\w*)\s*\(/g, kind: "spawn" },
  ],
  node: [
    { re: /(?:\bfs\w*|\bpromises|require\(\s*['"](?:node:)?fs(?:\/promises)?['"]\s*\))\s*\.\s*(?:rmSync|rm|rmdirSync|rmdir)\s*\(/g, kind: "delete-recursive" },
    { re: /(?:\bfs\w*|\bpromises|require\(\s*['"](?:node:)?fs(?:\/promises)?['"]\s*\))\s*\.\s*(?:unlinkSync|unlink)\s*\(/g, kind: "delete" },
    { re: /\b(?:fse|fsExtra|require\(\s*['"]fs-extra['"]\s*\))\s*\.\s*(?:remove|removeSync|emptyDir|emptyDirSync)\s*\(/g, kind: "delete-recursive" },
    { re: /(?:^|[^.\w$]|\b(?:child_process|cp|childProcess|require\(\s*['"](?:node:)?child_process['"]\s*\))\s*\.\s*)(?:execSync|exec)\s*\(/g, kind: "shell" },
    { re: /(?:^|[^.\w$]|\b(?:child_process|cp|childProcess|require\(\s*['"](?:node:)?child_process['"]\s*\))\s*\.\s*)(?:spawnSync|spawn|execFileSync|execFile)\s*\(/g, kind: "spawn" },
    { re: /\bBun\s*\.\s*spawn(?:Sync)?\s*\(/g, kind: "argv" },
    { re: /\bDeno\s*\.\s*remove\s*\(/g, kind: "delete-recursive" },
  ],
  perl: [
    { re: /\b(?:system|exec)\s*\(?/g, kind: "argv" },
    { re: /\bqx\s*[{(/]/g, kind: "shell" },
    { re: /\bunlink\s*\(?/g, kind: "delete" },
    { re: /\b(?:rmtree|remove_tree)\s*\(?/g, kind: "delete-recursive" },
    { re: /\brmdir\s*\(?/g, kind: "rmdir" },
  ],
  ruby: [
    { re: /\b(?:system|exec|spawn)\s*\(?/g, kind: "argv" },
    { re: /%x\s*[{(]/g, kind: "shell" },
    { re: /\bFileUtils\s*\.\s*(?:rm_rf|rm_r|remove_dir|remove_entry|remove_entry_secure|rmtree)\s*\(?/g, kind: "delete-recursive" },
    { re: /\bFileUtils\s*\.\s*(?:rm|rm_f|remove|remove_file)\b\s*\(?/g, kind: "delete" },
    { re: /\bFile\s*\.\s*(?:delete|unlink)\s*\(?/g, kind: "delete" },
    { re: /\bDir\s*\.\s*(?:rmdir|delete|unlink)\s*\(?/g, kind: "rmdir" },
  ],
  php: [
    { re: /\b(?:system|exec|shell_exec|passthru|popen|proc_open)\s*\(/g, kind: "shell" },
    { re: /\bunlink\s*\(/g, kind: "delete" },
    { re: /\brmdir\s*\(/g, kind: "rmdir" },
  ],
};

/** Finds delete and shell-out calls in one-liner code; literal arguments become nested commands to check. */
export function analyseInterpreter(program: string, word: Word, lang: Lang): Nested[] {
  const code = word.value;
  if (code === undefined) return [{ kind: "opaque", why: `${program} runs code that is not static`, word }];
  const out: Nested[] = [];
  const mk = (value: string | undefined): Word => (value === undefined ? { raw: word.raw, span: word.span } : { raw: word.raw, value, span: word.span });
  for (const p of PATTERNS[lang]) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(code); m; m = p.re.exec(code)) {
      const at = m.index + m[0].length;
      if (p.re.source.startsWith("\\bPath")) {
        // Path('x').unlink() / .rmdir() / rmtree-like calls on a pathlib object.
        const lit = literalAt(code, at);
        const after = code.slice(lit.end).match(/^\s*\)\s*\.\s*(unlink|rmdir)\s*\(/);
        if (after) out.push({ kind: "argv", argv: [mk(after[1] === "rmdir" ? "rmdir" : "rm"), mk(lit.value)], via: "interpreter" });
        continue;
      }
      const lit = literalAt(code, at);
      switch (p.kind) {
        case "delete-recursive": {
          const recursive = lang !== "node" || /recursive\s*:\s*true/.test(code.slice(lit.end, lit.end + 80)) || /\b(?:remove|emptyDir|Deno)/.test(m[0]);
          out.push({ kind: "argv", argv: [mk("rm"), ...(recursive ? [mk("-rf")] : [mk("-f")]), mk(lit.value)], via: "interpreter" });
          break;
        }
        case "delete":
          out.push({ kind: "argv", argv: [mk("rm"), mk("-f"), mk(lit.value)], via: "interpreter" });
          break;
        case "rmdir":
          out.push({ kind: "argv", argv: [mk("rmdir"), mk(lit.value)], via: "interpreter" });
          break;
        case "shell":
          if (lit.value !== undefined) out.push({ kind: "script", word: mk(lit.value), via: "interpreter" });
          else out.push({ kind: "opaque", why: `${program} runs a shell command built at run time`, word });
          break;
        case "argv":
        case "spawn": {
          if (lit.list) {
            out.push({ kind: "argv", argv: lit.list.map((x) => mk(x)), via: "interpreter" });
          } else if (lit.value !== undefined) {
            const rest = code.slice(lit.end);
            const second = /^\s*,\s*\[/.test(rest) ? literalAt(code, lit.end + rest.indexOf("[")) : undefined;
            if (second?.list) out.push({ kind: "argv", argv: [mk(lit.value), ...second.list.map((x) => mk(x))], via: "interpreter" });
            else if (p.kind === "spawn" && !/shell\s*:\s*true/.test(rest.slice(0, 120))) out.push({ kind: "argv", argv: [mk(lit.value)], via: "interpreter" });
            else out.push({ kind: "script", word: mk(lit.value), via: "interpreter" });
          } else out.push({ kind: "opaque", why: `${program} runs a command built at run time`, word });
          break;
        }
      }
    }
  }
  if (lang === "perl" || lang === "ruby" || lang === "php") {
    // Backticks run shell code in these languages.
    for (const m of code.matchAll(/`([^`]*)`/g)) out.push({ kind: "script", word: mk(/[$@#]\{?\w/.test(m[1]!) ? undefined : m[1]), via: "interpreter" });
  }
  return out;
}
