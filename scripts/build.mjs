// Bundles the CLI into dist/ with esbuild and copies the two wasm files the shell parser needs beside it.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/** Builds the CLI bundle and the wasm files into `outdir` (tests build private copies the same way). */
export async function bundleInto(outdir) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { cli: join(root, "src/cli/main.ts") },
    outdir,
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
  copyFileSync(require.resolve("web-tree-sitter/web-tree-sitter.wasm"), join(outdir, "web-tree-sitter.wasm"));
  copyFileSync(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"), join(outdir, "tree-sitter-bash.wasm"));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = join(root, "dist");
  // Build beside dist/ and swap it in, so a process running the old bundle never sees a half-written one.
  const next = join(root, `.dist-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  await bundleInto(next);
  const old = join(root, `.dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
}
