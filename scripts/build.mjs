// Bundles the CLI into dist/ with esbuild and copies the two wasm files the shell parser needs beside it.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: { cli: join(root, "src/cli/main.ts") },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  // node-pty is native and optional: loaded at run time by `wrap` only.
  external: ["node-pty"],
  banner: { js: "import { createRequire as __sgCreateRequire } from 'node:module'; const require = __sgCreateRequire(import.meta.url);" },
  legalComments: "none",
  minify: process.env.SHELLGATE_MINIFY === "1",
  logLevel: "warning",
});

copyFileSync(require.resolve("web-tree-sitter/web-tree-sitter.wasm"), join(dist, "web-tree-sitter.wasm"));
copyFileSync(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"), join(dist, "tree-sitter-bash.wasm"));
