// `shellgate policy`: init a starter file, validate files, show the effective policy with sources, run policy tests.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { ShellgateError, UsageError } from "../../errors.js";
import type { CheckContext } from "../../types.js";
import { RISKS } from "../../types.js";
import { auditLocation } from "../../audit/path.js";
import { loadPolicy, policyFiles, presetNames, presetExists, presetsDir, userPolicyPath, type Policy, type PolicyTest } from "../../policy/index.js";
import { describeMatch, layerNote, PRECEDENCE, whereFrom } from "../../policy/describe.js";
import { STARTER } from "../../policy/starter.js";
import { EXIT } from "../exit-codes.js";
import { write, type CliIo } from "../io.js";

const HELP = `usage: shellgate policy <subcommand>

  init [FILE] [--user] [--force] [--stdout]   write a commented starter policy (default ./.shellgaterc.yaml; --user: ~/.config/shellgate/policy.yaml)
  validate [FILE|PRESET ...]                  check policy files (default: every file that applies here); exit 1 when any is invalid
  show [--cwd DIR] [--policy FILE] [--json]   the effective policy here: layers, risk table, production patterns, rules, each with its source
  test [FILE|PRESET ...] [--presets]          run the tests of policy files and preset suites: one PASS|FAIL line per case,
                                              then "N passed, N failed"; exit 1 on any failure
                                              (default: the files that apply here, or every preset when there are none)`;

interface Opts {
  positional: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

function parse(args: string[], valued: string[], known: string[]): Opts {
  const out: Opts = { positional: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-h" || a === "--help") throw new UsageError(HELP);
    const eq = a.indexOf("=");
    const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    if (valued.includes(name)) {
      const v = eq > 0 && a.startsWith("--") ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      out.values.set(name, v);
    } else if (known.includes(a)) out.flags.add(a);
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}\n${HELP}`);
    else out.positional.push(a);
  }
  return out;
}

const ctxOf = (io: CliIo, cwd?: string): CheckContext => ({ cwd: resolve(io.cwd, cwd ?? "."), env: io.env, frontend: "cli" });

/** A preset name stays a name; anything else is a path relative to where shellgate runs. */
const specOf = (io: CliIo, arg: string): string => (presetExists(arg) && !existsSync(resolve(io.cwd, arg)) ? `preset:${arg}` : resolve(io.cwd, arg));

function display(io: CliIo, p: string): string {
  if (p.startsWith("preset:")) return p;
  if (dirname(p) === presetsDir()) return `policies/${basename(p)}`;
  const rel = relative(io.cwd, p);
  return rel && !rel.startsWith("..") ? rel : p;
}

async function init(args: string[], io: CliIo): Promise<number> {
  const o = parse(args, [], ["--user", "--force", "--stdout"]);
  if (o.flags.has("--stdout")) {
    io.stdout.write(STARTER);
    return EXIT.ok;
  }
  let target: string;
  if (o.flags.has("--user")) {
    const p = userPolicyPath(io.env);
    if (!p) throw new ShellgateError("io", "HOME is not set, so there is no user policy location");
    target = p;
  } else target = resolve(io.cwd, o.positional[0] ?? ".shellgaterc.yaml");
  if (existsSync(target) && !o.flags.has("--force")) throw new ShellgateError("io", `${target} already exists; use --force to overwrite it`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, STARTER);
  write(io.stdout, `wrote ${target}\nedit it, then run: shellgate policy validate ${display(io, target)} && shellgate policy test ${display(io, target)}`);
  return EXIT.ok;
}

/** The files that apply to a directory, as specs, in layer order. */
function appliedSpecs(ctx: CheckContext, policyFile?: string): string[] {
  const found = policyFiles(ctx, policyFile ? { file: policyFile } : {});
  return [found.system, found.user, found.project, found.cli?.spec].filter((s): s is string => !!s);
}

async function validate(args: string[], io: CliIo): Promise<number> {
  const o = parse(args, ["--cwd"], []);
  const ctx = ctxOf(io, o.values.get("--cwd"));
  const { compileStandalone } = await import("../../policy/compile.js");
  const errors: string[] = [];
  if (o.positional.length === 0) {
    const specs = appliedSpecs(ctx);
    if (!specs.length) {
      write(io.stdout, `no policy file applies in ${ctx.cwd}; the recommended preset is in effect`);
      return EXIT.ok;
    }
    const policy = await loadPolicy(ctx);
    for (const s of specs) write(io.stdout, `${policy.errors.some((e) => e.startsWith(s)) ? "invalid" : "ok     "}  ${display(io, s)}`);
    for (const w of policy.warnings ?? []) write(io.stderr, `warning: ${w}`);
    errors.push(...policy.errors);
  } else {
    for (const arg of o.positional) {
      const spec = specOf(io, arg);
      const { policy, layer } = await compileStandalone(spec, ctx);
      if (policy.errors.length) write(io.stdout, `invalid  ${display(io, spec)}`);
      else write(io.stdout, `ok       ${display(io, spec)}  (${layer?.rules.length ?? 0} rules, ${layer?.tests.length ?? 0} tests)`);
      for (const w of policy.warnings ?? []) write(io.stderr, `warning: ${w}`);
      errors.push(...policy.errors);
    }
  }
  if (errors.length) throw new ShellgateError("policy-invalid", `invalid policy:\n${errors.map((e) => `  ${e}`).join("\n")}`);
  return EXIT.ok;
}

function showJson(policy: Policy, ctx: CheckContext): Record<string, unknown> {
  let log: unknown;
  try {
    log = auditLocation(ctx.env, policy.audit, ctx.cwd);
  } catch (e) {
    log = { error: (e as Error).message };
  }
  return {
    cwd: ctx.cwd,
    mode: policy.mode,
    interactive: policy.interactive ?? true,
    defaults: Object.fromEntries(RISKS.map((r) => [r, { action: policy.defaults[r], source: policy.origins?.defaults[r] }])),
    production: policy.production,
    layers: (policy.layers ?? []).map((l) => ({
      layer: l.layer,
      source: l.source,
      sources: l.sources,
      tightenOnly: !!l.tightenOnly,
      ...(l.tightenWhy ? { why: l.tightenWhy } : {}),
      ...(l.lock ? { lock: l.lock.value } : {}),
      ...(l.trustProject ? { trustProject: l.trustProject.value } : {}),
      rules: l.rules.map((r) => ({ id: r.id, action: r.action, when: describeMatch(r.match), specificity: r.specificity, source: r.source, ...(r.line !== undefined ? { line: r.line } : {}), ...(r.via ? { via: r.via } : {}), ...(r.message ? { message: r.message } : {}) })),
    })),
    audit: { ...policy.audit, log },
    sources: policy.sources,
    warnings: policy.warnings ?? [],
    errors: policy.errors,
  };
}

async function show(args: string[], io: CliIo): Promise<number> {
  const o = parse(args, ["--cwd", "--policy"], ["--json"]);
  const ctx = ctxOf(io, o.values.get("--cwd"));
  const file = o.values.get("--policy");
  const { policyFor } = await import("../policy-option.js");
  const policy = await policyFor(ctx, file, io.cwd);
  if (o.flags.has("--json")) {
    write(io.stdout, JSON.stringify(showJson(policy, ctx), null, 2));
    return policy.errors.length ? EXIT.error : EXIT.ok;
  }
  const home = ctx.env.HOME;
  const w = (s = "") => write(io.stdout, s);
  w(`effective policy for ${ctx.cwd}`);
  w("");
  w("layers, in the order they apply:");
  for (const l of policy.layers ?? []) {
    const extended = l.sources.filter((s) => s !== l.source);
    w(`  ${l.layer.padEnd(12)}  ${whereFrom({ source: l.source }, home)}${extended.length ? `  (extends ${extended.join(", ")})` : ""}`);
    if (l.layer !== "built-in") w(`  ${"".padEnd(12)}  ${layerNote(l)}${l.lock?.value ? "; sets lock: true" : ""}${l.trustProject ? `; project.trust: ${l.trustProject.value}` : ""}`);
  }
  w("");
  w(`mode:        ${policy.mode}${policy.mode === "audit" ? " (decisions are recorded, never enforced)" : ""}  [${policy.origins?.mode ?? "built-in"}]`);
  w(`interactive: ${policy.interactive === false ? "no (ask becomes block)" : "yes"}  [${policy.origins?.interactive ?? "built-in"}]`);
  w("");
  w("risk table (when no rule matches a finding):");
  for (const r of RISKS) w(`  ${r.padEnd(8)}  ${policy.defaults[r].padEnd(5)}  [${policy.origins?.defaults[r] ?? "built-in"}]`);
  w("");
  w("production patterns:");
  w(`  tokens: ${policy.production.tokens.join(", ") || "(none)"}`);
  if (policy.production.regexes.length) w(`  regexes: ${policy.production.regexes.map((r) => `/${r}/`).join(", ")}`);
  w(`  critical namespaces: ${policy.production.criticalNamespaces.join(", ") || "(none)"}`);
  for (const [kind, list] of Object.entries(policy.production.names)) w(`  ${kind}: ${list.join(", ")}`);
  for (const l of policy.layers ?? []) {
    const p = l.production;
    if (!p || l.layer === "built-in") continue;
    const parts = [
      ...(p.tokens.length ? [`tokens ${p.tokens.join(", ")}`] : []),
      ...(p.regexes.length ? [`regexes ${p.regexes.map((r) => `/${r}/`).join(", ")}`] : []),
      ...(p.criticalNamespaces.length ? [`critical namespaces ${p.criticalNamespaces.join(", ")}`] : []),
      ...Object.entries(p.names).map(([k, v]) => `${k} ${v.join(", ")}`),
    ];
    w(`  from ${whereFrom({ source: p.source }, home)} (${l.layer})${p.replace ? (l.tightenOnly ? ", replace ignored" : ", replacing what came before") : ""}: ${parts.join("; ") || "nothing"}`);
  }
  w("");
  const rules = (policy.layers ?? []).flatMap((l) => l.rules.map((r) => ({ l, r })));
  w(rules.length ? "rules:" : "rules: (none; the risk table decides everything)");
  for (const { l, r } of rules) {
    w(`  ${l.layer.padEnd(12)}  ${r.id} → ${r.action}${l.tightenOnly ? " (can only tighten)" : ""}`);
    w(`  ${"".padEnd(12)}    when ${describeMatch(r.match)}; specificity ${r.specificity}; from ${whereFrom(r, home)}`);
    if (r.message) w(`  ${"".padEnd(12)}    says: ${r.message}`);
  }
  w("");
  try {
    const loc = auditLocation(ctx.env, policy.audit, ctx.cwd);
    w(`audit log: ${policy.audit?.enabled === false ? "disabled" : loc.path} [${loc.from}${policy.audit?.locked ? "; locked" : ""}]`);
  } catch (e) {
    w(`audit log: ${(e as Error).message}`);
  }
  w("");
  w(PRECEDENCE);
  for (const warning of policy.warnings ?? []) write(io.stderr, `warning: ${warning}`);
  if (policy.errors.length) {
    write(io.stderr, `\nthis policy is invalid, so every check fails closed:\n${policy.errors.map((e) => `  ${e}`).join("\n")}`);
    return EXIT.error;
  }
  return EXIT.ok;
}

interface Target {
  spec: string;
  /** A preset's separate suite file, run against the preset. */
  suite?: string;
}

async function test(args: string[], io: CliIo): Promise<number> {
  const o = parse(args, ["--cwd"], ["--presets"]);
  const ctx = ctxOf(io, o.values.get("--cwd"));
  const targets: Target[] = [];
  const addPreset = (name: string) => targets.push({ spec: `preset:${name}`, suite: name });
  if (o.flags.has("--presets")) presetNames().forEach(addPreset);
  for (const arg of o.positional) {
    const spec = specOf(io, arg);
    if (spec.startsWith("preset:")) addPreset(spec.slice(7));
    else targets.push({ spec });
  }
  if (!targets.length) {
    const specs = appliedSpecs(ctx);
    if (specs.length) specs.forEach((s) => (s.startsWith("preset:") ? addPreset(s.slice(7)) : targets.push({ spec: s })));
    else presetNames().forEach(addPreset);
  }
  const { compileStandalone } = await import("../../policy/compile.js");
  const { loadSuite } = await import("../../policy/layer.js");
  const { makeSandbox, runTests, describeTest } = await import("../../policy/testing.js");
  const sandbox = makeSandbox();
  let passed = 0;
  let failed = 0;
  try {
    for (const t of targets) {
      const { policy, layer } = await compileStandalone(t.spec, ctx);
      const tests: PolicyTest[] = [...(layer?.tests ?? [])];
      const errors = [...policy.errors];
      if (t.suite) {
        const s = await loadSuite(t.suite);
        tests.push(...s.tests);
        errors.push(...s.errors);
      }
      if (errors.length) {
        failed++;
        write(io.stdout, `FAIL  ${display(io, t.spec)}: the policy does not load`);
        for (const e of errors) write(io.stderr, `  ${e}`);
        continue;
      }
      if (!tests.length) write(io.stderr, `note: ${display(io, t.spec)} has no tests`);
      for (const r of await runTests(tests, policy, sandbox)) {
        const where = `${display(io, r.test.source)}${r.test.line !== undefined ? `:${r.test.line}` : ""}`;
        if (r.pass) {
          passed++;
          write(io.stdout, `PASS  ${where}  ${describeTest(r.test)} → ${r.got}`);
        } else {
          failed++;
          const by = r.decision.reasons.filter((x) => x.action === r.got).map((x) => `${x.rule} (${x.source})`);
          write(io.stdout, `FAIL  ${where}  ${describeTest(r.test)} → ${r.got}: ${r.problem}${by.length ? `; decided by ${by.join(", ")}` : ""}`);
        }
      }
    }
  } finally {
    sandbox.cleanup();
  }
  write(io.stdout, `${passed} passed, ${failed} failed`);
  return failed ? EXIT.error : EXIT.ok;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "init":
      return init(rest, io);
    case "validate":
      return validate(rest, io);
    case "show":
      return show(rest, io);
    case "test":
      return test(rest, io);
    case undefined:
    case "-h":
    case "--help":
    case "help":
      if (sub === undefined) throw new UsageError(HELP);
      write(io.stdout, HELP);
      return EXIT.ok;
    default:
      throw new UsageError(`unknown subcommand '${sub}'\n${HELP}`);
  }
}

