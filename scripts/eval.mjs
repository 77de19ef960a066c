// Scores bin/shellgate against the shared labeled sample (../shared/eval), when that folder is present.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const score = join(root, "..", "shared", "eval", "score.mjs");
if (!existsSync(score)) {
  console.log(`eval skipped: ${score} is not here (the shared eval sample lives beside the repo checkout)`);
  process.exit(0);
}
const r = spawnSync(process.execPath, [score, "--bin", join(root, "bin", "shellgate"), ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
