// A sandbox for shim tests: a private copy of the built bundle, fake tools that record argv/stdin/pid, and a PATH with nothing real on it.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../..", import.meta.url));

/** Only these real programs are reachable from the sandbox PATH: what the shim and the fakes need, nothing that changes files. */
const SAFE_UTILS = ["sleep", "cat"];

/**
 * Copies dist/ (built by `node scripts/build.mjs`) with package.json and shims/ into a temp package, so a
 * rebuild elsewhere in the checkout cannot pull the bundle out from under a running test.
 */
export function copyBundle(into: string): string {
  const pkg = join(into, "pkg");
  for (let attempt = 0; attempt < 40; attempt++) {
    if (!existsSync(join(REPO, "dist", "cli.mjs")) && attempt === 20) spawnSync(process.execPath, [join(REPO, "scripts", "build.mjs")], { cwd: REPO, stdio: "ignore" });
    try {
      rmSync(pkg, { recursive: true, force: true });
      mkdirSync(pkg, { recursive: true });
      cpSync(join(REPO, "dist"), join(pkg, "dist"), { recursive: true });
      cpSync(join(REPO, "shims"), join(pkg, "shims"), { recursive: true });
      cpSync(join(REPO, "bin"), join(pkg, "bin"), { recursive: true });
      cpSync(join(REPO, "package.json"), join(pkg, "package.json"));
      const probe = spawnSync(process.execPath, [join(pkg, "dist", "cli.mjs"), "shims", "tools"], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
      if (probe.status === 0) return pkg;
    } catch {
      /* dist is being rebuilt right now: try again */
    }
    spawnSync("sleep", ["0.5"]);
  }
  throw new Error(`no usable bundle in ${REPO}/dist: run node scripts/build.mjs`);
}

export interface Sandbox {
  root: string;
  pkg: string;
  cli: string;
  home: string;
  fakebin: string;
  safebin: string;
  shims: string;
  queue: string;
  /** A fresh log directory for the next run. */
  newLog(): string;
  fake(name: string): void;
  /** `shellgate shims install` from the bundle copy. */
  install(args: string[], dir?: string): void;
  env(log: string, extra?: Record<string, string>, path?: string): Record<string, string>;
  cleanup(): void;
}

const FAKE = (name: string) => `#!/bin/sh
# fake ${name}: records argv (NUL-separated), pid and stdin, then exits with $FAKE_EXIT.
log=$FAKE_LOG/${name}
printf '%s\\n' ${name} >> "$FAKE_LOG/calls"
printf '%s\\0' "$@" > "$log.argv"
printf '%s' "$$" > "$log.pid"
cat > "$log.stdin"
exit "\${FAKE_EXIT:-0}"
`;

export function makeSandbox(): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sg-shim-")));
  const pkg = copyBundle(root);
  const home = join(root, "home");
  const fakebin = join(root, "fakebin");
  const safebin = join(root, "safebin");
  const shims = join(root, "shims");
  const queue = join(root, "queue");
  for (const d of [home, fakebin, safebin]) mkdirSync(d, { recursive: true });
  for (const u of SAFE_UTILS) {
    const real = ["/usr/bin", "/bin"].map((d) => join(d, u)).find((p) => existsSync(p));
    if (!real) throw new Error(`${u} is not installed`);
    symlinkSync(real, join(safebin, u));
  }
  let logs = 0;
  const cli = join(pkg, "dist", "cli.mjs");
  const sb: Sandbox = {
    root,
    pkg,
    cli,
    home,
    fakebin,
    safebin,
    shims,
    queue,
    newLog() {
      const d = join(root, `log${++logs}`);
      mkdirSync(d);
      return d;
    },
    fake(name) {
      const f = join(fakebin, name);
      writeFileSync(f, FAKE(name));
      chmodSync(f, 0o755);
    },
    install(args, dir = shims) {
      const r = spawnSync(process.execPath, [cli, "shims", "install", "--dir", dir, ...args], { encoding: "utf8", env: { HOME: home, PATH: "/usr/bin:/bin" } });
      if (r.status !== 0) throw new Error(`shims install failed: ${r.stderr}`);
    },
    env(log, extra = {}, path = `${shims}:${fakebin}:${safebin}`) {
      return { PATH: path, HOME: home, FAKE_LOG: log, LANG: "C.UTF-8", ...extra };
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  return sb;
}

export interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `script` with `shell -c` (bash or sh by absolute path: the sandbox PATH holds no shells). */
export function runShell(shell: "bash" | "sh", script: string, opts: { env: Record<string, string>; cwd?: string; input?: string; timeoutMs?: number }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(`/bin/${shell}`, ["-c", script], { env: opts.env, cwd: opts.cwd ?? opts.env.HOME, stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}

/** Single-quotes one word for a shell script. */
export const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface FakeRecord {
  argv: string[];
  stdin: string;
  pid: number;
}

/** What a fake recorded, or undefined when it never ran. */
export function recorded(log: string, name: string): FakeRecord | undefined {
  const f = join(log, `${name}.argv`);
  if (!existsSync(f)) return undefined;
  const raw = readFileSync(f, "utf8");
  return {
    argv: raw === "" ? [] : raw.slice(0, -1).split("\0"),
    stdin: readFileSync(join(log, `${name}.stdin`), "utf8"),
    pid: Number(readFileSync(join(log, `${name}.pid`), "utf8")),
  };
}

export function calls(log: string): string[] {
  const f = join(log, "calls");
  return existsSync(f) ? readFileSync(f, "utf8").trim().split("\n") : [];
}

/** Runs the bundle's CLI (the approver's side) with a minimal environment. */
export function cliRun(sb: Sandbox, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [sb.cli, ...args], { encoding: "utf8", env: { HOME: sb.home, PATH: "/usr/bin:/bin", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
