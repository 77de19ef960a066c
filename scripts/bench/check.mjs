// Benchmarks check(): in-process latency per command over a realistic corpus, and a cold `bin/shellgate check`
// process against `node -e 0` measured in the same run. Prints a table, then one JSON line of figures.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--liftoff-only");
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const corpus = readFileSync(join(root, "scripts/bench/corpus.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const quick = process.argv.includes("--quick");

// In-process: bundle the library entry so the benchmark measures what the CLI runs.
const tmp = mkdtempSync(join(tmpdir(), "sg-bench-"));
await build({ entryPoints: [join(root, "src/check.ts")], bundle: true, platform: "node", format: "esm", outfile: join(tmp, "check.mjs"), logLevel: "warning", external: ["node-pty"], banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" } });
for (const f of ["web-tree-sitter.wasm", "tree-sitter-bash.wasm"]) copyFileSync(join(root, "dist", f), join(tmp, f));
const lib = await import(pathToFileURL(join(tmp, "check.mjs")).href);
await lib.prepareSync();
const ctx = { cwd: root, env: { ...process.env, HOME: tmp } };
const passes = quick ? 5 : 30;
for (let w = 0; w < 5; w++) for (const c of corpus) lib.checkTextSync(c, ctx);
const per = corpus.map(() => []);
for (let p = 0; p < passes; p++) {
  corpus.forEach((c, i) => {
    const t = process.hrtime.bigint();
    lib.checkTextSync(c, ctx);
    per[i].push(Number(process.hrtime.bigint() - t) / 1e3);
  });
}
const median = (a) => {
  const b = [...a].sort((x, y) => x - y);
  return b[Math.floor(b.length / 2)];
};
const pct = (a, q) => {
  const b = [...a].sort((x, y) => x - y);
  return b[Math.min(b.length - 1, Math.floor(b.length * q))];
};
const medians = per.map(median);
const all = per.flat();
const inproc = { commands: corpus.length, passes, median_us: +median(medians).toFixed(1), p99_us: +pct(all, 0.99).toFixed(1), max_median_us: +Math.max(...medians).toFixed(1) };

// Cold processes, interleaved so machine noise hits both sides alike.
const runs = quick ? 7 : 21;
const specs = {
  "node -e 0": [process.execPath, ["-e", "0"]],
  "check 'git status' (fast path)": [join(root, "bin/shellgate"), ["check", "--json", "--", "git status"]],
  "check with $(...) (tree-sitter)": [join(root, "bin/shellgate"), ["check", "--json", "--", 'echo "$(date)" && rm -rf "$HOME/build"']],
};
const times = Object.fromEntries(Object.keys(specs).map((k) => [k, []]));
for (let i = 0; i < runs + 1; i++) {
  for (const [name, [cmd, args]] of Object.entries(specs)) {
    const t = process.hrtime.bigint();
    spawnSync(cmd, args, { stdio: "ignore", env: { ...process.env, HOME: tmp } });
    if (i > 0) times[name].push(Number(process.hrtime.bigint() - t) / 1e6);
  }
}
const base = median(times["node -e 0"]);
const cold = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { median_ms: +median(v).toFixed(1), ratio: +(median(v) / base).toFixed(2) }]));
rmSync(tmp, { recursive: true, force: true });

const slowest = medians.map((m, i) => [m, corpus[i]]).sort((a, b) => b[0] - a[0]).slice(0, 3);
console.log(`slowest (median µs): ${slowest.map(([m, c]) => `${m.toFixed(0)} ${JSON.stringify(c.slice(0, 50))}`).join("; ")}`);
console.log(`in-process check(): ${inproc.commands} commands x ${passes} passes: median ${inproc.median_us} µs/command, p99 ${inproc.p99_us} µs (target: median < 50 µs)`);
console.log("cold processes (median of %d, interleaved):", runs);
for (const [k, v] of Object.entries(cold)) console.log(`  ${k.padEnd(34)} ${String(v.median_ms).padStart(7)} ms  ${v.ratio}x node -e 0`);
console.log(JSON.stringify({ bench: "check", inproc, cold }));
