// `shellgate explain -- COMMAND`: the findings a command gives, and for each, every policy step from the risk table to the rule that decided.
import { resolve } from "node:path";
import kleur from "kleur";
import { check } from "../../check.js";
import type { Action, CheckContext } from "../../types.js";
import type { UnitTrace } from "../../policy/index.js";
import { effectWords, layerNote, PRECEDENCE, whereFrom } from "../../policy/describe.js";
import { EXIT } from "../exit-codes.js";
import { decisionJson, evidenceLine, useColour } from "../format.js";
import { write, type CliIo } from "../io.js";
import { policyFor } from "../policy-option.js";
import { parseCheckArgs, type CheckArgs } from "./check.js";

const HELP = `usage: shellgate explain [--cwd DIR] [--policy FILE] [--json] -- COMMAND

Shows which policy rule decided the command, from which file and layer, every rule that matched on the way,
and the findings it saw. Always exits 0 unless the policy is invalid (then 1) or the usage is wrong (2).`;

function parseArgs(args: string[]): CheckArgs {
  return parseCheckArgs(args, HELP, false);
}

function unitJson(u: UnitTrace): Record<string, unknown> {
  return {
    ...(u.finding ? { finding: u.finding.id, risk: u.finding.risk } : {}),
    invocation: u.text,
    action: u.action,
    ...(u.decidedBy ? { decidedBy: u.decidedBy } : {}),
    steps: u.steps,
  };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const opts = parseArgs(args);
  const ctx: CheckContext = { cwd: resolve(io.cwd, opts.cwd ?? "."), env: io.env, frontend: "cli" };
  const policy = await policyFor(ctx, opts.policy, io.cwd);
  const d = await check(opts.command!, ctx, { policy });
  const trace = policy.errors.length ? undefined : policy.trace?.({ command: d.command, findings: d.findings, invocations: d.invocations, context: ctx });
  if (opts.json) {
    write(
      io.stdout,
      JSON.stringify(
        {
          ...decisionJson(d),
          layers: (policy.layers ?? []).map((l) => ({ layer: l.layer, source: l.source, sources: l.sources, tightenOnly: !!l.tightenOnly, ...(l.tightenWhy ? { why: l.tightenWhy } : {}) })),
          trace: trace?.units.map(unitJson) ?? [],
        },
        null,
        2,
      ),
    );
    return policy.errors.length ? EXIT.error : EXIT.ok;
  }

  const k = kleur;
  k.enabled = useColour(io.stdout, io.env);
  const colour: Record<Action, (s: string) => string> = { allow: k.green, warn: k.yellow, ask: k.magenta, block: k.red };
  const home = ctx.env.HOME;
  const w = (s = "") => write(io.stdout, s);
  w(`${colour[d.action](k.bold(d.action.toUpperCase()))}${d.mode === "audit" ? k.gray(" (audit mode: recorded, not enforced)") : ""}  ${d.command}`);
  w("");
  if (policy.errors.length) {
    w(k.red("the policy is invalid, so every command is blocked until it is fixed:"));
    for (const e of policy.errors) w(`  ${e}`);
    return EXIT.error;
  }
  w("policy layers, in the order they apply:");
  for (const l of policy.layers ?? []) {
    const extended = l.sources.filter((s) => s !== l.source);
    w(`  ${l.layer.padEnd(12)}  ${whereFrom({ source: l.source }, home)}${extended.length ? ` (extends ${extended.join(", ")})` : ""}${l.layer === "built-in" ? "" : k.gray(`  ${layerNote(l)}`)}`);
  }
  if (policy.interactive === false) w(k.gray(`  interactive: no, so ask becomes block [${policy.origins?.interactive}]`));
  w("");
  if (!d.findings.length) w("findings: none");
  else {
    w("findings:");
    for (const f of d.findings) {
      w(`  [${f.risk}] ${k.bold(f.id)}: ${f.message}`);
      for (const e of evidenceLine(f)) w(`      ${k.cyan("production:")} ${e}`);
      if (f.hint) w(`      ${k.green("instead:")} ${f.hint}`);
    }
  }
  w("");
  w("how it was decided:");
  for (const u of trace?.units ?? []) {
    const head = u.finding ? `${k.bold(u.finding.id)} [${u.finding.risk}] in \`${u.text}\`` : `\`${u.text}\` (no findings)`;
    w(`  ${head}`);
    if (!u.steps.length) w(k.gray("    no rule matched: allow"));
    for (const s of u.steps) {
      const spec = s.specificity !== undefined ? `, specificity ${s.specificity}` : "";
      const line = `    ${s.layer.padEnd(12)}  ${s.rule} → ${s.action}  [${whereFrom(s, home)}${spec}]  ${effectWords(s.effect)}${s.note && s.effect !== "set" && s.effect !== "overridden" ? `: ${s.note}` : ""}`;
      w(s === u.decidedBy ? k.bold(line) : s.effect === "lost" || s.effect === "overridden" ? k.gray(line) : line);
    }
    if (u.decidedBy) w(`    ⇒ ${colour[u.action](u.action)}, by ${u.decidedBy.rule} (${u.decidedBy.layer}, ${whereFrom(u.decidedBy, home)})`);
  }
  w("");
  w(`decision: ${colour[d.action](d.action)} (the strictest over the findings)${d.mode === "audit" ? "; audit mode: it is recorded and the command still runs" : ""}`);
  for (const r of d.reasons.filter((x) => x.action === d.action)) {
    w(`  decided by ${r.rule} from ${whereFrom(r as { source: string; line?: number; via?: string }, home)} (${(r as { layer?: string }).layer ?? "built-in"})${r.findings.length ? ` on ${r.findings.join(", ")}` : ""}${r.message ? `: ${r.message}` : ""}`);
  }
  w("");
  w(k.gray(PRECEDENCE));
  return EXIT.ok;
}
