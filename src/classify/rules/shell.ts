// Turns what the parser could not see through (opaque command words, unreadable scripts, parse errors) into findings.
import type { Invocation, OpaqueNote } from "../../types.js";
import { defineRule, type RuleContext } from "../rule.js";

/**
 * Local tools whose only output is shell code that sets up the environment (`eval "$(ssh-agent -s)"`,
 * `eval "$(direnv hook bash)"`, `source <(kubectl completion bash)`): program, then the argument that makes it print it.
 */
const SETUP_PRINTERS: Record<string, RegExp> = {
  "ssh-agent": /^(-s|-c|-k|)$/,
  direnv: /^(hook|export)$/,
  pyenv: /^(init|virtualenv-init)$/,
  rbenv: /^init$/,
  nodenv: /^init$/,
  goenv: /^init$/,
  jenv: /^init$/,
  plenv: /^init$/,
  pyenv_virtualenv: /^init$/,
  starship: /^init$/,
  zoxide: /^init$/,
  atuin: /^init$/,
  mise: /^(activate|env|hook-env)$/,
  rtx: /^(activate|env)$/,
  fnm: /^env$/,
  brew: /^shellenv$/,
  minikube: /^(docker-env|podman-env)$/,
  "docker-machine": /^env$/,
  conda: /^shell\.\w+$/,
  micromamba: /^shell$/,
  opam: /^(env|config)$/,
  dircolors: /^(-b|--sh|-c|--csh|)$/,
  keychain: /^--eval$/,
  thefuck: /^--alias$/,
  "gpg-agent": /^--daemon$/,
};

/** Whether the invocation prints shell setup code: a known printer, or any `TOOL completion SHELL` generator. */
function printsSetup(inv: Invocation): boolean {
  const args = inv.argv.slice(1).map((w) => w.value);
  if (!inv.program || args.some((a) => a === undefined)) return false;
  if (/^completions?$/.test(args[0] ?? "") && args.length <= 3) return true;
  const re = SETUP_PRINTERS[inv.program];
  return re !== undefined && re.test(args.find((a) => a !== undefined && a !== "-") ?? "");
}

/** `eval "$(ssh-agent -s)"`: code that is not static but comes, whole, from a tool that only prints environment setup. */
function setupCode(inv: Invocation, note: OpaqueNote, ctx: RuleContext): boolean {
  if (note.kind !== "dynamic-script" || !["eval", "source", "."].includes(inv.program ?? "")) return false;
  const word = inv.argv.find((w) => w.span.start === note.span.start && w.span.end === note.span.end);
  if (!word || !/^(?:"?\$\([^()]*\)"?|`[^`]*`|<\([^()]*\))$/.test(word.raw)) return false;
  const inner = ctx.invocations.filter((i) => i.span.start >= word.span.start && i.span.end <= word.span.end && i.index !== inv.index);
  return inner.length === 1 && printsSetup(inner[0]!);
}

export default defineRule({
  name: "shell",
  description: "Commands shellgate cannot read statically: unknown is not safe, so a human decides.",
  programs: ["*"],
  findings: {
    "parse-error": {
      risk: "high",
      categories: ["opaque"],
      message: "{detail}",
      hint: "fix the shell syntax, or split the command into simpler lines",
      description: "The command line does not parse as shell.",
    },
    "dynamic-command": {
      risk: "high",
      categories: ["opaque"],
      message: "{detail}",
      hint: "write the command name literally so it can be checked",
      description: "The program to run is computed at run time.",
    },
    "dynamic-script": {
      risk: "high",
      categories: ["opaque"],
      message: "{detail}",
      hint: "pass the nested command as a literal string so it can be checked",
      description: "A shell, eval or interpreter runs code computed at run time (environment setup printed by ssh-agent, direnv, pyenv, `tool completion bash` ... is not reported).",
    },
    "dynamic-stdin": {
      risk: "high",
      categories: ["opaque"],
      message: "{detail}",
      hint: "save the script to a file, read it, then run the file",
      description: "A shell or interpreter reads its program from another command's output.",
    },
    "unreadable-script": {
      risk: "high",
      categories: ["opaque"],
      message: "{detail}",
      hint: "make the script readable where the command runs, or run its commands directly",
      description: "A script file that shellgate cannot read is executed.",
    },
    "too-deep": {
      risk: "high",
      categories: ["opaque"],
      message: "{detail}",
      hint: "flatten the nesting of shells and wrappers",
      description: "Nested shells deeper than shellgate follows.",
    },
    unsupported: {
      risk: "high",
      categories: ["opaque"],
      message: "{detail}",
      hint: "rewrite the command with simpler shell syntax",
      description: "Shell syntax shellgate does not analyse.",
    },
  },
  check(inv, ctx) {
    for (const note of inv.opaque) {
      if (setupCode(inv, note, ctx)) continue;
      ctx.report(note.kind, { span: note.span, data: { detail: note.message } });
    }
  },
});
