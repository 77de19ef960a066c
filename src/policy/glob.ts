// Glob patterns of policy rules compiled once: names and ids, paths (segment-aware, `~` and relative to the file), command text.
import { isAbsolute, join, normalize } from "node:path";
import type { ValueMatcher } from "./types.js";

export type GlobKind = "name" | "id" | "path" | "command";

const WILD = /[*?[]/;

export const isLiteral = (pattern: string): boolean => !WILD.test(pattern);

function escape(ch: string): string {
  return /[.+^${}()|\\\]]/.test(ch) ? `\\${ch}` : ch;
}

/** A `[...]` class copied through, with `!` negation; an unclosed `[` is a literal. */
function charClass(p: string, i: number): { re: string; next: number } | undefined {
  const close = p.indexOf("]", i + 2);
  if (close < 0) return undefined;
  let body = p.slice(i + 1, close);
  if (body.startsWith("!")) body = "^" + body.slice(1);
  return { re: `[${body.replace(/\\/g, "\\\\")}]`, next: close + 1 };
}

/**
 * Glob → RegExp source. For paths `*` and `?` stop at `/` and `**` crosses directories;
 * elsewhere `*` matches anything (spaces and slashes included).
 */
export function globSource(pattern: string, kind: GlobKind): string {
  const path = kind === "path";
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") {
      if (path && pattern[i + 1] === "*") {
        // `/**` at the end also matches the directory itself; `**/` matches zero or more directories.
        if (pattern[i + 2] === "/") {
          re += "(?:.*/)?";
          i += 2;
        } else {
          re += ".*";
          i += 1;
        }
        if (re.endsWith("/.*")) re = re.slice(0, -3) + "(?:/.*)?";
      } else re += path ? "[^/]*" : "[\\s\\S]*";
    } else if (c === "?") re += path ? "[^/]" : "[\\s\\S]";
    else if (c === "[") {
      const cls = charClass(pattern, i);
      if (cls) {
        re += cls.re;
        i = cls.next - 1;
      } else re += "\\[";
    } else re += escape(c);
  }
  return `^${re}$`;
}

/** Expands `~` and makes a path pattern absolute against the policy file's directory. */
export function absolutePattern(pattern: string, base: string | undefined, home: string | undefined): string {
  let p = pattern;
  if (p === "~" || p.startsWith("~/")) {
    if (!home) return p;
    p = home + p.slice(1);
  }
  if (!isAbsolute(p) && base) p = join(base, p);
  const trailing = p.endsWith("/") && p.length > 1;
  p = normalize(p);
  return trailing && !p.endsWith("/") ? p + "/" : p;
}

export interface MatcherOptions {
  /** Directory relative path patterns are resolved against. */
  base?: string;
  home?: string;
}

/** Compiles one condition's patterns. Names (contexts, profiles, hosts) match case-insensitively, like production patterns. */
export function compileMatcher(patterns: string[], kind: GlobKind, opts: MatcherOptions = {}): ValueMatcher {
  const full = kind === "path" ? patterns.map((p) => absolutePattern(p, opts.base, opts.home)) : patterns;
  const res = full.map((p) => {
    // A path pattern ending in `/` means the directory and everything below it.
    const src = kind === "path" && p.endsWith("/") && p.length > 1 ? globSource(p.slice(0, -1) + "/**", kind) : globSource(p, kind);
    return new RegExp(src, kind === "name" ? "i" : "");
  });
  return {
    patterns: full,
    exact: patterns.every(isLiteral),
    test: (v) => v !== undefined && res.some((r) => r.test(v)),
  };
}

/** A condition written as regular expressions over command text. */
export function compileRegexMatcher(sources: string[]): ValueMatcher {
  const res = sources.map((s) => new RegExp(s));
  return { patterns: sources.map((s) => `/${s}/`), exact: false, test: (v) => v !== undefined && res.some((r) => r.test(v)) };
}
