// Lines that would switch off the session's own guard (its DEBUG trap, hooks, startup variables) need a human, like any other risk.
import type { Decision, Finding, Invocation } from "../../types.js";
import { parseFile } from "../../parse/index.js";

export const TAMPER_ID = "wrap/guard-tamper";

/** Variables the session's shells rely on: the hooks that run the guard and the files that install it. */
const GUARD_VARS = /^(PROMPT_COMMAND|BASH_ENV|ENV|ZDOTDIR|precmd_functions|preexec_functions|SHELLGATE_\w+|__sg_\w+)$/;
/** Shell options whose loss disables line checks (bash extdebug/promptvars, zsh DEBUG_BEFORE_CMD). */
const GUARD_OPTIONS = /^(extdebug|promptvars|functrace|debug_?before_?cmd|debugbeforecmd)$/i;

/** What in `text` (and its invocations) would disable the guard, in words; empty when nothing does. */
export function tamperReasons(text: string, invocations: Invocation[], sessionEnv: Record<string, string | undefined>): string[] {
  const out = new Set<string>();
  for (const inv of invocations) {
    const args = inv.argv.slice(1).map((w) => w.value ?? w.raw);
    for (const a of inv.assigns) if (GUARD_VARS.test(a.name)) out.add(`assigns ${a.name}`);
    switch (inv.program) {
      case "trap":
        if (args.some((a) => /^(DEBUG|SIGDEBUG)$/.test(a))) out.add("replaces the DEBUG trap");
        break;
      case "shopt":
        if (args.includes("-u") && args.some((a) => GUARD_OPTIONS.test(a))) out.add("turns off a shell option the guard needs");
        break;
      case "set":
      case "setopt":
      case "unsetopt":
        if (args.some((a) => /^\+[a-zA-Z]*T/.test(a)) || args.some((a) => GUARD_OPTIONS.test(a) || /^no_?debug/i.test(a))) out.add("turns off a shell option the guard needs");
        break;
      case "unset":
      case "unfunction":
      case "unhash":
      case "export":
      case "declare":
      case "typeset":
      case "readonly":
      case "local":
        if (args.some((a) => GUARD_VARS.test(a.split("=")[0]!) || a === "TRAPDEBUG")) out.add(`${inv.program}s a variable or function the guard uses`);
        break;
      case "enable":
        if (args.some((a) => a.startsWith("-") && a.includes("n"))) out.add("disables shell builtins");
        break;
    }
    // `env -u BASH_ENV cmd`, `env -i cmd`: the command runs without the session's startup files.
    for (const name of ["BASH_ENV", "ENV", "ZDOTDIR", "PROMPT_COMMAND"]) {
      if (sessionEnv[name] !== undefined && inv.env[name] !== sessionEnv[name] && inv.wrappers.some((w) => w.program === "env")) out.add(`runs a command without ${name}`);
    }
  }
  // Plain assignments and declarations produce no invocation: read them from the syntax tree, including eval'd text.
  for (const t of [text, ...invocations.filter((i) => i.program === "eval").map((i) => i.argv.slice(1).map((w) => w.value ?? "").join(" "))]) {
    try {
      walk(parseFile(t), out);
    } catch {
      /* unparsable text already gets the shell rules' parse-error finding */
    }
  }
  return [...out];
}

function walk(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, out);
    return;
  }
  if (!node || typeof node !== "object") return;
  const n = node as { type?: string; name?: string; variant?: string };
  if (n.type === "Assign" && n.name && GUARD_VARS.test(n.name)) out.add(`assigns ${n.name}`);
  if (n.type === "FuncDecl" && n.name && (/^(__sg_|TRAPDEBUG$|preexec$|precmd$)/.test(n.name))) out.add(`redefines ${n.name}`);
  for (const v of Object.values(node)) if (v && typeof v === "object") walk(v, out);
}

/** Adds the tamper finding and raises the decision to at least `ask` (never in audit mode, never lowering it). */
export function withTamper(d: Decision, reasons: string[]): Decision {
  if (!reasons.length || d.mode === "audit") return d;
  const finding: Finding = {
    id: TAMPER_ID,
    risk: "high",
    categories: ["opaque"],
    message: `this line would switch off shellgate's session guard: ${reasons.join("; ")}`,
    hint: "leave the session's shell hooks, traps and startup variables as they are; leave the session to run unguarded",
    invocation: 0,
  };
  const action = d.action === "block" ? "block" : "ask";
  return {
    ...d,
    action,
    findings: [...d.findings, finding],
    reasons: [...d.reasons, { rule: TAMPER_ID, source: "built-in (wrap)", action: "ask", findings: [TAMPER_ID] }],
  };
}
