// Benchmarks `shellgate wrap`: added latency per command line in a wrapped interactive bash (warm channel) and `cat` throughput, each against the same thing unwrapped in the same run.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(root, "bin", "shellgate");
const require = createRequire(import.meta.url);
let pty;
try {
  pty = require("node-pty");
} catch (e) {
  console.log(`wrap bench skipped: node-pty is not installed (${e.message.split("\n")[0]})`);
  console.log(JSON.stringify({ bench: "wrap", skipped: "node-pty missing" }));
  process.exit(0);
}

const LINES = Number(process.env.BENCH_WRAP_LINES ?? 200);
const MB = Number(process.env.BENCH_WRAP_MB ?? 50);
const work = mkdtempSync(join(tmpdir(), "sg-bench-wrap-"));
const home = join(work, "home");
mkdirSync(home, { recursive: true });
const env = { HOME: home, PATH: "/usr/bin:/bin", TERM: "xterm-256color", LANG: "C.UTF-8", SHLVL: "1", NO_COLOR: "1", TMPDIR: work };

function spawn(file, args) {
  return pty.spawn(file, args, { name: "xterm-256color", cols: 120, rows: 40, cwd: home, env: { ...env, PS1: "SGP> " }, encoding: null });
}

/** Types `line` LINES times, each after the previous prompt came back; returns ms per line. */
async function perLine(term, line) {
  let seen = 0;
  let carry = "";
  let waiter;
  term.onData((d) => {
    const s = carry + d.toString("latin1");
    const parts = s.split("SGP> ");
    seen += parts.length - 1;
    carry = parts[parts.length - 1].slice(-4);
    if (waiter && seen >= waiter.n) {
      const w = waiter;
      waiter = undefined;
      w.resolve();
    }
  });
  const prompts = (n) => new Promise((resolve) => (seen >= n ? resolve() : (waiter = { n, resolve })));
  await prompts(1);
  // Warm-up: the first lines pay for lazy work in bash and in the wrapper.
  for (let i = 0; i < 10; i++) {
    const n = seen + 1;
    term.write(line + "\r");
    await prompts(n);
  }
  const t0 = performance.now();
  for (let i = 0; i < LINES; i++) {
    const n = seen + 1;
    term.write(line + "\r");
    await prompts(n);
  }
  const ms = (performance.now() - t0) / LINES;
  term.write("exit\r");
  await new Promise((r) => term.onExit(r));
  return ms;
}

/** Bytes per second of the whole output of `cat FILE` read from the outer pseudo-terminal. */
async function throughput(file, args) {
  // Timed from the first byte of output, so wrap's start-up (node, parser, session) is not counted as throughput.
  let t0;
  const term = spawn(file, args);
  let bytes = 0;
  term.onData((d) => {
    t0 ??= performance.now();
    bytes += d.length;
  });
  await new Promise((r) => term.onExit(r));
  const s = (performance.now() - t0) / 1000;
  return { bytes, mbps: bytes / s / 1e6 };
}

try {
  const line = "echo hi";
  const plain = await perLine(spawn("bash", ["--norc"]), line);
  const wrapped = await perLine(spawn(process.execPath, [bin, "wrap", "--", "bash", "--norc"]), line);

  const big = join(work, "big.txt");
  const chunk = "shellgate wrap throughput line: 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n";
  writeFileSync(big, chunk.repeat(Math.ceil((MB * 1e6) / chunk.length)));
  const catPlain = await throughput("cat", [big]);
  const catWrapped = await throughput(process.execPath, [bin, "wrap", "--", "cat", big]);

  const added = wrapped - plain;
  const ratio = catWrapped.mbps / catPlain.mbps;
  const rows = [
    ["per line, bash unwrapped", `${plain.toFixed(2)} ms`],
    ["per line, bash in wrap", `${wrapped.toFixed(2)} ms`],
    ["added per line (target ≤ 10 ms)", `${added.toFixed(2)} ms`],
    [`cat ${MB} MB unwrapped`, `${catPlain.mbps.toFixed(1)} MB/s`],
    [`cat ${MB} MB through wrap`, `${catWrapped.mbps.toFixed(1)} MB/s`],
    ["throughput ratio (target ≥ 0.5)", ratio.toFixed(2)],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`wrap benchmark (${LINES} lines of \`${line}\`, warm channel)`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
  console.log(
    JSON.stringify({
      bench: "wrap",
      lines: LINES,
      lineMsUnwrapped: +plain.toFixed(3),
      lineMsWrapped: +wrapped.toFixed(3),
      addedMsPerLine: +added.toFixed(3),
      lineTargetMs: 10,
      catMB: MB,
      catMBpsUnwrapped: +catPlain.mbps.toFixed(2),
      catMBpsWrapped: +catWrapped.mbps.toFixed(2),
      throughputRatio: +ratio.toFixed(3),
      throughputTarget: 0.5,
      pass: added <= 10 && ratio >= 0.5,
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
