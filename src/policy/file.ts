// Reads one policy file (YAML, JSON, package.json key, or a JS module through cosmiconfig) and keeps where each value sits.
import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";

export type PathKey = string | number;

export interface SourceFile {
  /** Absolute path, or `preset:<name>`. */
  source: string;
  path: string;
  data: unknown;
  /** Line (1-based) of the value at a path, or of its nearest existing parent. */
  lineOf(path: PathKey[]): number | undefined;
  /** Line of a key inside the mapping at `path` (for unknown keys). */
  keyLineOf(path: PathKey[], key: string): number | undefined;
  errors: string[];
}

export type FileFormat = "yaml" | "package-json" | "js" | "ts";

export function formatOf(path: string): FileFormat {
  if (basename(path) === "package.json") return "package-json";
  const ext = extname(path);
  if (ext === ".js" || ext === ".cjs" || ext === ".mjs") return "js";
  if (ext === ".ts" || ext === ".mts" || ext === ".cts") return "ts";
  return "yaml";
}

const noLines = { lineOf: () => undefined, keyLineOf: () => undefined };

/** YAML and JSON both go through `yaml` (JSON is YAML 1.2), so errors in either name a line; duplicate keys are errors. */
export function parseText(text: string, source: string, path: string, prefix: PathKey[] = []): SourceFile {
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const errors = doc.errors.map((e) => {
    const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
    return `${source}:${pos.line}: not valid YAML or JSON: ${e.message.split("\n")[0]}`;
  });
  let data: unknown;
  if (!errors.length) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push(`${source}: ${(e as Error).message}`);
    }
  }
  if (prefix.length && data && typeof data === "object") {
    for (const k of prefix) data = (data as Record<PathKey, unknown>)[k];
  }
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lc.linePos(offset).line);
  const nodeAt = (path: PathKey[]): Node | undefined => {
    const n = doc.getIn([...prefix, ...path], true);
    return n && typeof n === "object" && "range" in (n as object) ? (n as Node) : undefined;
  };
  return {
    source,
    path,
    data,
    errors,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = nodeAt(path.slice(0, n));
        if (node?.range) return lineAt(node.range[0]);
      }
      return undefined;
    },
    keyLineOf(path, key) {
      const map = path.length || prefix.length ? nodeAt(path) : doc.contents;
      if (map && isMap(map)) {
        for (const item of map.items) {
          if (isPair(item) && isScalar(item.key) && String(item.key.value) === key && item.key.range) return lineAt(item.key.range[0]);
        }
      }
      return this.lineOf(path);
    },
  };
}

/** A JS policy module, loaded by cosmiconfig (resolved at run time so the bundle never carries it or its loaders). */
async function loadJs(path: string, source: string): Promise<SourceFile> {
  try {
    const name = "cosmiconfig";
    const mod = (await import(name)) as typeof import("cosmiconfig");
    const explorer = mod.cosmiconfig("shellgate", { searchStrategy: "none", searchPlaces: [], cache: false });
    const result = await explorer.load(path);
    return { source, path, data: result?.config, errors: [], ...noLines };
  } catch (e) {
    return { source, path, data: undefined, errors: [`${source}: the JavaScript policy could not be loaded: ${(e as Error).message.split("\n")[0]}`], ...noLines };
  }
}

export async function readSource(path: string, source: string = path): Promise<SourceFile> {
  const format = formatOf(path);
  if (format === "ts") {
    return { source, path, data: undefined, errors: [`${source}: TypeScript policy files are not supported; write it as YAML (.shellgaterc.yaml) or JavaScript`], ...noLines };
  }
  if (format === "js") return loadJs(path, source);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "the file does not exist" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (e as Error).message;
    return { source, path, data: undefined, errors: [`${source}: cannot read the policy: ${why}`], ...noLines };
  }
  return parseText(text, source, path, format === "package-json" ? ["shellgate"] : []);
}

/** A short description of a value for error messages: `"blok"`, `3`, `a list`, `nothing`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "an empty value";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 37) + "..." : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return typeof v;
}
