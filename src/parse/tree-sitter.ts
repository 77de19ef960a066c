// Loads web-tree-sitter and the bash grammar once per process, from bytes next to the bundle or from node_modules.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Parser } from "web-tree-sitter";
import { ShellgateError } from "../errors.js";

let parser: Parser | undefined;
let loading: Promise<Parser> | undefined;

function locate(file: string, pkgPath: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // The bundle ships both wasm files beside itself; in development they come from node_modules.
  for (const p of [join(here, file), join(here, "..", file), join(here, "..", "..", "dist", file)]) if (existsSync(p)) return p;
  try {
    return createRequire(import.meta.url).resolve(pkgPath);
  } catch {
    throw new ShellgateError("parser-missing", `cannot find ${file}: reinstall shellgate (npm ci) so the shell parser is present`);
  }
}

/** Loads the parser; call once before any synchronous parse. */
export function loadParser(): Promise<Parser> {
  if (parser) return Promise.resolve(parser);
  loading ??= (async () => {
    // Imported here, not at the top: lines the fast path reads never load the wasm runtime at all.
    const { Language, Parser } = await import("web-tree-sitter");
    const runtime = readFileSync(locate("web-tree-sitter.wasm", "web-tree-sitter/web-tree-sitter.wasm"));
    await Parser.init({ wasmBinary: runtime } as object);
    const grammar = readFileSync(locate("tree-sitter-bash.wasm", "tree-sitter-bash/tree-sitter-bash.wasm"));
    const lang = await Language.load(grammar);
    const p = new Parser();
    p.setLanguage(lang);
    parser = p;
    return p;
  })();
  return loading;
}

/** The loaded parser, or undefined when loadParser() has not finished. */
export function loadedParser(): Parser | undefined {
  return parser;
}
