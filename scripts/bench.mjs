// npm run bench: builds, then runs every benchmark in scripts/bench/*.mjs; each reports ratios against a baseline from the same run.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("-"));
const b = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
if (b.status !== 0) process.exit(b.status ?? 1);
const benches = readdirSync(join(root, "scripts/bench")).filter((f) => f.endsWith(".mjs")).filter((f) => !only.length || only.some((o) => f.startsWith(o)));
let failed = 0;
for (const f of benches) {
  console.log(`\n== ${f}`);
  const r = spawnSync(process.execPath, [join(root, "scripts/bench", f), ...flags], { stdio: "inherit", cwd: root });
  if (r.status !== 0) {
    failed++;
    console.log(`(${f} exited ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
