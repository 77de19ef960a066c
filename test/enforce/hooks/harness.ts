// A private build of the CLI for hook tests: bundled from src/ into a temp package, run as agents run it (bin/shellgate, stdin in, stdout/exit out).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { bundleInto } from "../../../scripts/build.mjs";

export const REPO = fileURLToPath(new URL("../../..", import.meta.url));
export const FIXTURES = join(REPO, "test", "fixtures", "hooks");

export interface Pkg {
  root: string;
  bin: string;
  cleanup(): void;
}

/**
 * Bundles src/cli/main.ts with scripts/build.mjs's bundleInto(), into a temp package with bin/, policies/ and the wasm files,
 * so a rebuild of the shared dist/ by someone else cannot change the program under test halfway through.
 */
export async function buildPkg(prefix = "sg-hookpkg-"): Promise<Pkg> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const dist = join(root, "dist");
  mkdirSync(join(root, "bin"), { recursive: true });
  await bundleInto(dist);
  cpSync(join(REPO, "policies"), join(root, "policies"), { recursive: true });
  copyFileSync(join(REPO, "package.json"), join(root, "package.json"));
  const bin = join(root, "bin", "shellgate");
  writeFileSync(bin, readFileSync(join(REPO, "bin", "shellgate")));
  chmodSync(bin, 0o755);
  return { root, bin, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A clean environment: a temp HOME (so the audit log and agent settings land there) and a PATH that reaches node only. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: home, PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, LANG: "C.UTF-8", ...extra };
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(pkg: Pkg, args: string[], o: { env: Record<string, string>; cwd: string; input?: string }): Ran {
  const r = spawnSync(pkg.bin, args, { env: o.env, cwd: o.cwd, encoding: "utf8", input: o.input ?? "", timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Same, without blocking the test: for hooks that wait on the approval queue while the test answers it. */
export function runCliAsync(pkg: Pkg, args: string[], o: { env: Record<string, string>; cwd: string; input: string }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(pkg.bin, args, { env: o.env, cwd: o.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(o.input);
  });
}

const temps: string[] = [];

/** A fresh temp directory, removed by cleanupTemps() when the test file is done. */
export function tempDir(prefix: string): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temps.push(d);
  return d;
}

export function cleanupTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}
