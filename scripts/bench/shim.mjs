// Benchmarks a shimmed `git status`-like call against the same fake called directly and against a cold `node -e 0`, interleaved in one run.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const rounds = Number(process.env.SHELLGATE_BENCH_ROUNDS ?? 25);

if (!existsSync(join(repo, "dist", "cli.mjs"))) {
  console.error(`bench shim: ${join(repo, "dist", "cli.mjs")} is missing; run node scripts/build.mjs first`);
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), "sg-bench-shim-"));
try {
  // A private copy of the package, so a rebuild of dist/ meanwhile cannot skew or break the run.
  const root = join(tmp, "pkg");
  for (const p of ["bin", "dist", "shims", "package.json"]) cpSync(join(repo, p), join(root, p), { recursive: true });
  const cli = join(root, "dist", "cli.mjs");
  const fakebin = join(tmp, "fakebin");
  const safebin = join(tmp, "safebin");
  const home = join(tmp, "home");
  for (const d of [fakebin, safebin, home]) mkdirSync(d);
  // The fake exits 0 like `git status` in a clean tree; nothing real is on PATH but sleep, which the shim's watchdog uses.
  writeFileSync(join(fakebin, "git"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(fakebin, "git"), 0o755);
  const sleep = ["/usr/bin/sleep", "/bin/sleep"].find((p) => existsSync(p));
  if (sleep) symlinkSync(sleep, join(safebin, "sleep"));
  const shims = join(tmp, "shims");
  const inst = spawnSync(process.execPath, [cli, "shims", "install", "--dir", shims, "--tools", "git"], { encoding: "utf8", env: { HOME: home, PATH: "/usr/bin:/bin" } });
  if (inst.status !== 0) throw new Error(`shims install failed: ${inst.stderr}`);

  // The machine's own NODE_EXTRA_CA_CERTS goes to every side, as agents have it; the shim's decider skips it.
  const env = { HOME: home, PATH: `${shims}:${fakebin}:${safebin}`, SHELLGATE_AUDIT_LOG: join(tmp, "audit.jsonl"), ...(process.env.NODE_EXTRA_CA_CERTS !== undefined ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}) };
  const variants = {
    direct: [join(fakebin, "git"), ["status"]],
    shim: [join(shims, "git"), ["status"]],
    node: [process.execPath, ["-e", "0"]],
    decider: [process.execPath, [join(root, "bin", "shellgate"), "exec", "--tool", "git", "--", "status"]],
    cliEntry: [process.execPath, [join(root, "bin", "shellgate"), "--version"]],
  };
  const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const run = ([file, args]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(file, args, { env, cwd: home, stdio: ["ignore", "ignore", "pipe"] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${file} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return ms;
  };
  for (const v of Object.values(variants)) run(v); // warm the page cache once
  const order = Object.keys(variants);
  for (let i = 0; i < rounds; i++) {
    // Rotate the order each round so no variant always runs right after another.
    for (let j = 0; j < order.length; j++) {
      const k = order[(i + j) % order.length];
      times[k].push(run(variants[k]));
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const m = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
  const added = m.shim - m.direct;
  const ratio = added / m.node;

  // Where the time goes: every JavaScript file the decider really loads, seen through the inspector.
  const probe = join(tmp, "probe-loaded.mjs");
  const loadedList = join(tmp, "loaded.txt");
  writeFileSync(
    probe,
    `import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
const s = new Session();
s.connect();
const urls = new Set();
s.on("Debugger.scriptParsed", (m) => { if (m.params.url.startsWith("file://")) urls.add(m.params.url); });
s.post("Debugger.enable");
process.on("exit", () => writeFileSync(${JSON.stringify(loadedList)}, [...urls].join("\\n")));
`,
  );
  spawnSync(process.execPath, ["--import", probe, ...variants.decider[1]], { env, cwd: home, stdio: "ignore" });
  const loaded = readFileSync(loadedList, "utf8")
    .split("\n")
    .map((u) => fileURLToPath(u))
    .filter((f) => f.startsWith(root));
  const holdsOf = (file) => {
    const holds = new Map();
    for (const mm of readFileSync(file, "utf8").matchAll(/^\/\/ (\S+)$/gm)) {
      const parts = mm[1].split("/");
      const key = parts[0] === "node_modules" ? parts.slice(0, parts[1]?.startsWith("@") ? 3 : 2).join("/") : parts.slice(0, 2).join("/");
      holds.set(key, (holds.get(key) ?? 0) + 1);
    }
    return [...holds].sort((x, y) => y[1] - x[1]).map(([k]) => k);
  };
  const files = loaded.map((f) => ({ file: f.slice(f.lastIndexOf("/") + 1), bytes: statSync(f).size, holds: holdsOf(f) })).sort((x, y) => y.bytes - x.bytes);
  const execBytes = files.reduce((n, f) => n + f.bytes, 0);
  const largest = files.slice(0, 4).map((f) => ({ file: f.file, kib: +(f.bytes / 1024).toFixed(1), holds: f.holds.slice(0, 3) }));

  const row = (name, ms, note = "") => console.log(`${name.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms  ${note}`);
  console.log(`shim latency, ${rounds} interleaved rounds, medians`);
  row("fake git called directly", m.direct);
  row("fake git through its shim", m.shim);
  row("cold node -e 0", m.node);
  row("decider alone (exec --tool git)", m.decider, "node + bundle + check");
  row("CLI entry only (--version)", m.cliEntry, "node + cli.mjs");
  row("shim adds", added, `${ratio.toFixed(2)} x node -e 0 (target <= 1.00: ${ratio <= 1 ? "met" : "MISSED"})`);
  console.log(`  of which: node start ${m.node.toFixed(1)} ms, CLI entry ${(m.cliEntry - m.node).toFixed(1)} ms, exec path load + check ${(m.decider - m.cliEntry).toFixed(1)} ms, sh shim + watchdog ${(m.shim - m.decider - m.direct).toFixed(1)} ms`);
  console.log(`  the decider loads ${(execBytes / 1024).toFixed(0)} KiB of JavaScript in ${files.length} files; largest:`);
  for (const f of largest) console.log(`    ${f.file.padEnd(28)} ${String(f.kib).padStart(7)} KiB  ${f.holds.join(", ")}`);
  console.log(
    JSON.stringify({
      bench: "shim",
      rounds,
      direct_ms: +m.direct.toFixed(2),
      shim_ms: +m.shim.toFixed(2),
      node_e0_ms: +m.node.toFixed(2),
      decider_ms: +m.decider.toFixed(2),
      cli_entry_ms: +m.cliEntry.toFixed(2),
      added_ms: +added.toFixed(2),
      ratio_vs_node_e0: +ratio.toFixed(3),
      target_ratio: 1,
      met: ratio <= 1,
      exec_path_kib: +(execBytes / 1024).toFixed(1),
      exec_path_files: files.length,
      largest,
    }),
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
