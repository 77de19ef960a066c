// Benchmarks one `shellgate hook claude` call (a cold process, payload on stdin, as Claude Code runs it) against `node -e 0`
// in the same run, interleaved; medians and ratios, a short table, then one JSON line of figures. Target: at most 1.5x.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const quick = process.argv.includes("--quick");
const runs = quick ? 9 : 31;
// A temp HOME: the audit log each hook call appends lands there, never in the user's own log.
const home = mkdtempSync(join(tmpdir(), "sg-bench-hook-"));

/** A private copy of the installation (bin, dist, policies), so a rebuild of dist/ during the run cannot break it. */
function copyInstall() {
  const pkg = join(home, "pkg");
  for (let attempt = 0; attempt < 20; attempt++) {
    rmSync(pkg, { recursive: true, force: true });
    mkdirSync(pkg, { recursive: true });
    try {
      for (const d of ["bin", "dist", "policies", "package.json"]) cpSync(join(root, d), join(pkg, d), { recursive: true });
      const probe = spawnSync(join(pkg, "bin", "shellgate"), ["hook", "claude"], { input: claude("git status"), encoding: "utf8" });
      if (probe.status === 0) return join(pkg, "bin", "shellgate");
    } catch {
      // dist/ is being rebuilt right now: try again.
    }
    spawnSync("sleep", ["0.5"]);
  }
  throw new Error(`no working build in ${root}/dist: run node scripts/build.mjs`);
}
// The machine's own NODE_EXTRA_CA_CERTS goes to both sides: agents run hooks in that environment, node -e 0
// pays for the CA bundle, and bin/shellgate skips it (it makes no TLS connections).
const env = { HOME: home, USER: process.env.USER ?? "bench", PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8", ...(process.env.NODE_EXTRA_CA_CERTS !== undefined ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}) };

function claude(command) {
  return JSON.stringify({ session_id: "bench", cwd: root, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command }, tool_use_id: "t" });
}
const bin = copyInstall();

const specs = {
  "node -e 0": { cmd: process.execPath, args: ["-e", "0"], input: "" },
  // Where the time goes: starting the CLI bundle at all, before any hook work.
  "shellgate --version (CLI start)": { cmd: bin, args: ["--version"], input: "" },
  // A tool that is not the shell: payload read and answered without loading the pipeline.
  "hook claude: Read tool (pass)": { cmd: bin, args: ["hook", "claude"], input: JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Read", tool_input: { file_path: "x" } }) },
  "hook claude: git status (allow)": { cmd: bin, args: ["hook", "claude"], input: claude("git status") },
  "hook claude: rm -rf / (deny)": { cmd: bin, args: ["hook", "claude"], input: claude("rm -rf /") },
  'hook claude: $(...) (tree-sitter)': { cmd: bin, args: ["hook", "claude"], input: claude('echo "$(date)" && rm -rf "$HOME/build"') },
};

const times = Object.fromEntries(Object.keys(specs).map((k) => [k, []]));
for (let i = 0; i < runs + 1; i++) {
  for (const [name, s] of Object.entries(specs)) {
    const t = process.hrtime.bigint();
    const r = spawnSync(s.cmd, s.args, { input: s.input, env, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
    // The first round warms the page cache for both sides and is not counted.
    if (i > 0) times[name].push(ms);
  }
}
rmSync(home, { recursive: true, force: true });

const median = (a) => {
  const b = [...a].sort((x, y) => x - y);
  return b[Math.floor(b.length / 2)];
};
const base = median(times["node -e 0"]);
const results = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { median_ms: +median(v).toFixed(1), ratio: +(median(v) / base).toFixed(2) }]));
const headline = results["hook claude: git status (allow)"];

console.log(`cold processes, median of ${runs}, interleaved (target: hook ≤ 1.5x node -e 0):`);
for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(36)} ${String(v.median_ms).padStart(7)} ms  ${v.ratio}x`);
console.log(JSON.stringify({ bench: "hook", runs, node_ms: +base.toFixed(1), hook_ms: headline.median_ms, ratio: headline.ratio, target: 1.5, meets_target: headline.ratio <= 1.5, cases: results }));
