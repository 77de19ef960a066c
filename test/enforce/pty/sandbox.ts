// A sandbox for driving `shellgate wrap` as a person would: temp HOME with data to protect, fake tools that record their argv, drivers for node-pty and tmux.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { IPty } from "node-pty";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const BIN = join(ROOT, "bin", "shellgate");

export interface Sandbox {
  root: string;
  home: string;
  fakebin: string;
  tmp: string;
  /** Every call of a fake tool, as `tool arg arg ...`. */
  calls(): string[];
  env(extra?: Record<string, string>): Record<string, string>;
  /** Session directories wrap left behind in the sandbox's TMPDIR (should be none after it exits). */
  sessionDirs(): string[];
  cleanup(): void;
}

const KUBECONFIG = (current: string) => `apiVersion: v1
kind: Config
current-context: ${current}
clusters:
- name: ${current}
  cluster:
    server: https://${current}.k8s.example.internal:6443
contexts:
- name: ${current}
  context:
    cluster: ${current}
    user: admin
users:
- name: admin
  user:
    token: fixture-token
`;

/** Fake tools: each appends its name and argv to calls.log and exits 0; fakeagent runs `bash -c` with a command read from a file, as agents do. */
export function makeSandbox(): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sg-wrap-test-")));
  const home = join(root, "home");
  const fakebin = join(root, "bin");
  const tmp = join(root, "tmp");
  const log = join(root, "calls.log");
  for (const d of [home, fakebin, tmp, join(home, "data"), join(home, ".kube")]) mkdirSync(d, { recursive: true });
  writeFileSync(join(home, "data", "keep.txt"), "precious\n");
  writeFileSync(join(home, ".kube", "config"), KUBECONFIG("kind-dev"));
  writeFileSync(join(root, "prod.kubeconfig"), KUBECONFIG("prod-eu-1"));
  for (const tool of ["rm", "kubectl", "terraform"]) {
    const p = join(fakebin, tool);
    writeFileSync(p, `#!/bin/sh\nprintf '%s\\n' "${tool} $*" >> '${log}'\n`);
    chmodSync(p, 0o755);
  }
  const agent = join(fakebin, "fakeagent");
  writeFileSync(agent, `#!/bin/sh\n# Runs the command in file $1 the way agents do: bash -c.\ncmd=$(cat "$1")\nbash -c "$cmd"\necho "fakeagent: bash exited $?"\n`);
  chmodSync(agent, 0o755);
  // Stands for an agent typing into its own terminal: it writes y⏎ to /dev/tty (its own pty) and counts how often.
  const typist = join(fakebin, "typist");
  writeFileSync(typist, `#!/bin/sh\nwhile :; do printf 'y\\r' > /dev/tty; echo x >> '${join(root, "ticks")}'; sleep 0.05; done\n`);
  chmodSync(typist, 0o755);
  return {
    root,
    home,
    fakebin,
    tmp,
    calls: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []),
    env: (extra = {}) => ({
      HOME: home,
      PATH: `${fakebin}:/usr/bin:/bin`,
      TMPDIR: tmp,
      TERM: "xterm-256color",
      SHELL: "/bin/bash",
      PS1: "$ ",
      NO_COLOR: "1",
      LANG: "C.UTF-8",
      USER: "dev",
      ...extra,
    }),
    sessionDirs: () => readdirSync(tmp).filter((n) => n.startsWith("shellgate-wrap-")),
    // Shells in the session may still be writing their history as they exit.
    cleanup: () => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
  };
}

/** Terminal output as a person reads it: escape sequences and carriage returns removed. */
export function plain(s: string): string {
  return s
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "")
    .replace(/\x1b\[[0-9;?<>=]*[ -/]*[@-~]/g, "")
    .replace(/\x1b[78=>()][0-9A-Za-z]?/g, "")
    .replace(/\r/g, "");
}

const DEADLINE_MS = 12_000;

async function poll<T>(what: string, probe: () => T | undefined, screen: () => string): Promise<T> {
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; screen so far:\n${screen().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The outer terminal is a node-pty: we are the person at the keyboard of the real terminal. */
export class PtyDriver {
  private out = "";
  private mark = 0;
  readonly exited: Promise<{ exitCode: number; signal?: number }>;

  private constructor(readonly term: IPty) {
    term.onData((d) => {
      this.out += d;
    });
    this.exited = new Promise((r) => term.onExit(r));
  }

  static async start(sb: Sandbox, command: string[], opts: { env?: Record<string, string>; wrapArgs?: string[]; cols?: number; rows?: number } = {}): Promise<PtyDriver> {
    const pty = await import("node-pty");
    const term = pty.spawn(process.execPath, [BIN, "wrap", ...(opts.wrapArgs ?? []), "--", ...command], {
      name: "xterm-256color",
      cols: opts.cols ?? 120,
      rows: opts.rows ?? 40,
      cwd: sb.home,
      env: sb.env(opts.env),
    });
    return new PtyDriver(term);
  }

  screen(): string {
    return plain(this.out);
  }

  /** Everything after the last `type()`. */
  since(): string {
    return plain(this.out.slice(this.mark));
  }

  type(text: string): void {
    this.mark = this.out.length;
    this.term.write(text);
  }

  waitFor(re: RegExp, what = String(re)): Promise<RegExpMatchArray> {
    return poll(what, () => this.since().match(re) ?? undefined, () => this.screen());
  }

  waitUntil<T>(what: string, probe: () => T | undefined): Promise<T> {
    return poll(what, probe, () => this.screen());
  }

  kill(): void {
    try {
      this.term.kill();
    } catch {
      /* gone */
    }
  }
}

export function hasTmux(): boolean {
  return spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
}

/** The outer terminal is a tmux pane: keys go in with send-keys, the screen comes out with capture-pane. */
export class TmuxDriver {
  private constructor(
    private readonly socket: string,
    private readonly sb: Sandbox,
  ) {}

  static start(sb: Sandbox, command: string[], opts: { env?: Record<string, string>; wrapArgs?: string[] } = {}): TmuxDriver {
    const socket = join(sb.root, "tmux.sock");
    const env = sb.env(opts.env);
    const t = new TmuxDriver(socket, sb);
    const cmd = [process.execPath, BIN, "wrap", ...(opts.wrapArgs ?? []), "--", ...command].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    t.tmux(["-f", "/dev/null", "new-session", "-d", "-s", "sg", "-x", "120", "-y", "40", "-c", sb.home, ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]), cmd]);
    t.tmux(["set-option", "-t", "sg", "remain-on-exit", "on"]);
    return t;
  }

  tmux(args: string[]): string {
    const r = spawnSync("tmux", ["-S", this.socket, ...args], { encoding: "utf8", env: { ...this.sb.env(), TMUX: "" } });
    if (r.status !== 0) throw new Error(`tmux ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  }

  screen(): string {
    return this.tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", "sg"]);
  }

  send(text: string): void {
    this.tmux(["send-keys", "-t", "sg", "-l", text]);
    this.tmux(["send-keys", "-t", "sg", "Enter"]);
  }

  waitFor(re: RegExp, what = String(re)): Promise<RegExpMatchArray> {
    return poll(what, () => this.screen().match(re) ?? undefined, () => this.screen());
  }

  /** Exit status of the pane's process once it has ended. */
  deadStatus(): number | undefined {
    const s = this.tmux(["display-message", "-p", "-t", "sg", "#{pane_dead} #{pane_dead_status}"]).trim().split(" ");
    return s[0] === "1" && s[1] && /^\d+$/.test(s[1]) ? Number(s[1]) : undefined;
  }

  /** Types `exit CODE` and waits for the pane to end; returns the status wrap exited with. */
  exit(code = 0): Promise<number> {
    this.send(`exit ${code}`);
    return poll("the pane to end", () => this.deadStatus(), () => this.screen());
  }

  kill(): void {
    try {
      this.tmux(["kill-server"]);
    } catch {
      /* already gone */
    }
  }
}
