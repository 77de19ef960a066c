// What simple commands print and what substitutions yield, when that is known without running them.
import { existsSync, readFileSync, statSync } from "node:fs";
import type { Invocation, Stdin, Word } from "../types.js";
import type { Stmt } from "./ast.js";
import { basename } from "./wrappers.js";
import { resolveWord, type WordScope } from "./words.js";

const MAX_SCRIPT_BYTES = 256 * 1024;

/**
 * What a command substitution yields, when that is known without running it: the output of echo/printf
 * with static words, the cwd for pwd, and for mktemp a path inside the temp directory.
 */
export function substitutionOutput(stmts: Stmt[], scope: WordScope): { value?: string; pathUnder?: string } | undefined {
  if (stmts.length !== 1) return undefined;
  const st = stmts[0]!;
  if (st.redirects.length || st.background || st.cmd.type !== "CallExpr" || st.cmd.assigns.length || st.cmd.redirects.length) return undefined;
  const words: Word[] = [];
  for (const a of st.cmd.args) {
    const r = resolveWord(a, scope);
    if (r.value === undefined || r.glob || r.brace) return undefined;
    words.push({ raw: a.raw, value: r.value, span: a.span });
  }
  const program = basename(words[0]?.value ?? "");
  const args = words.slice(1).map((w) => w.value!);
  if (program === "pwd") return scope.cwd !== undefined ? { value: scope.cwd } : undefined;
  if (program === "mktemp") {
    if (args.some((a) => a === "-u" || a === "--dry-run")) return undefined;
    const p = args.findIndex((a) => a === "-p" || a === "--tmpdir");
    const eq = args.find((a) => a.startsWith("--tmpdir="));
    const template = args.find((a, i) => !a.startsWith("-") && (p < 0 || i !== p + 1));
    // A template with a directory part (mktemp ./build.XXXX) is not in the temp dir.
    if (template?.includes("/") && !args.some((a) => a === "-t")) return undefined;
    const dir = eq?.slice(9) ?? (p >= 0 ? args[p + 1] : undefined) ?? scope.env.TMPDIR ?? "/tmp";
    return { pathUnder: `${dir.replace(/\/+$/, "")}/tmp.XXXXXXXXXX` };
  }
  if (program !== "echo" && program !== "printf") return undefined;
  const out = staticOutput({ index: -1, program, argv: words, assigns: [], redirects: [], wrappers: [], env: {}, via: [], text: "", span: st.span, opaque: [] });
  return out?.kind === "static" ? { value: out.text } : undefined;
}

/** Items xargs reads from static input: lines with -I, NUL-separated with -0, else blank-separated words. */
export function xargsItems(text: string, opts: string[], perLine: boolean): string[] | undefined {
  if (opts.some((o) => ["-d", "-a", "-E", "-e", "-delimiter", "-arg-file", "-eof"].includes(o))) return undefined;
  if (opts.includes("-0") || opts.includes("-null")) return text.split("\0").filter(Boolean);
  if (perLine) return text.split("\n").filter((l) => l.trim() !== "");
  // xargs honours quotes and backslashes in its input; a quoted item is not split further.
  if (/['"\\]/.test(text)) return undefined;
  return text.split(/\s+/).filter(Boolean);
}

export function readScript(path: string): string | undefined {
  try {
    if (!existsSync(path)) return undefined;
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_SCRIPT_BYTES) return undefined;
    const buf = readFileSync(path);
    if (buf.includes(0)) return undefined;
    return buf.toString("utf8");
  } catch {
    return undefined;
  }
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./~-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Static stdout of simple producers (echo, printf, cat/tee of a heredoc, base64 -d of static input), so `echo '..' | sh` can be read. */
export function staticOutput(inv: Invocation): Stdin | undefined {
  const args = inv.argv.slice(1);
  if (args.some((w) => w.value === undefined)) return undefined;
  const vals = args.map((w) => w.value!);
  const span = inv.span;
  switch (inv.program) {
    case "echo": {
      let i = 0;
      let newline = true;
      let escapes = false;
      while (i < vals.length && /^-[neE]+$/.test(vals[i]!)) {
        if (vals[i]!.includes("n")) newline = false;
        if (vals[i]!.includes("e")) escapes = true;
        i++;
      }
      let text = vals.slice(i).join(" ");
      if (escapes) text = text.replace(/\\n/g, "\n").replace(/\\t/g, "\t");
      return { kind: "static", text: newline ? text + "\n" : text, span };
    }
    case "printf": {
      if (!vals.length || vals[0] === "-v") return undefined;
      const [fmt, ...rest] = vals as [string, ...string[]];
      let k = 0;
      const text = fmt
        .replace(/%([%sbd])/g, (_m, c: string) => (c === "%" ? "%" : (rest[k++] ?? "")))
        .replace(/\\n/g, "\n")
        .replace(/\\t/g, "\t")
        .replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
        .replace(/\\([0-7]{1,3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
      return { kind: "static", text, span };
    }
    case "cat":
    case "tee":
      if (!vals.filter((v) => !v.startsWith("-")).length || inv.program === "tee") return inv.stdin?.kind === "static" ? inv.stdin : undefined;
      return undefined;
    case "base64":
      if (vals.some((v) => v === "-d" || v === "--decode" || v === "-D") && inv.stdin?.kind === "static") {
        return { kind: "static", text: Buffer.from(inv.stdin.text.trim(), "base64").toString("utf8"), span };
      }
      return undefined;
    default:
      return undefined;
  }
}
