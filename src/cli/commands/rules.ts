// `shellgate rules`: every rule pack and finding id with its risk, generated from the rule modules' metadata.
import { RULES } from "../../classify/registry.js";
import { write, type CliIo } from "../io.js";

export async function run(args: string[], io: CliIo): Promise<number> {
  const json = args.includes("--json");
  const rows = RULES.flatMap((r) =>
    Object.entries(r.findings).map(([id, f]) => ({ id: `${r.name}/${id}`, risk: f.risk, categories: f.categories, programs: r.programs, description: f.description ?? f.message })),
  );
  if (json) write(io.stdout, JSON.stringify(rows, null, 2));
  else {
    const w = Math.max(...rows.map((r) => r.id.length));
    for (const r of rows) write(io.stdout, `${r.id.padEnd(w)}  ${r.risk.padEnd(8)}  ${r.description}`);
  }
  return 0;
}
