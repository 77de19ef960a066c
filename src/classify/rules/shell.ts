// Turns what the parser could not see through (opaque command words, unreadable scripts, parse errors) into findings.
import { defineRule } from "../rule.js";

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
      description: "A shell, eval or interpreter runs code computed at run time.",
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
    for (const note of inv.opaque) ctx.report(note.kind, { span: note.span, data: { detail: note.message } });
  },
});
