// The CLI dispatcher: one lazily loaded module per subcommand, and the only place errors become exit codes.
import { ShellgateError } from "../errors.js";
import { EXIT } from "./exit-codes.js";
import { processIo, write, type CliIo, type CommandRunner } from "./io.js";

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: CommandRunner }>;
}

/** Subcommands; each loads only when used, so `shellgate hook` never pays for `wrap`'s node-pty. */
export const COMMANDS: Record<string, CommandEntry> = {
  check: { summary: "check a command and print the decision (--json, --stdin for NDJSON batches)", load: () => import("./commands/check.js") },
  parse: { summary: "print the invocations a command would run, as JSON", load: () => import("./commands/parse.js") },
  explain: { summary: "show which policy rule decided a command, from which file and layer, and the findings it saw", load: () => import("./commands/explain.js") },
  policy: { summary: "policy files: init, validate, show (effective policy with sources), test", load: () => import("./commands/policy.js") },
  log: { summary: "read the audit log (filter by decision, tool, rule, since; --json); log verify checks the hash chain", load: () => import("./commands/log.js") },
  report: { summary: "counts by decision, tool and rule, and the top blocked commands, over a period", load: () => import("./commands/report.js") },
  shims: { summary: "PATH shims: install, uninstall, status", load: () => import("./commands/shims.js") },
  approvals: { summary: "the human side of the approval queue: list, approve, deny pending requests", load: () => import("./commands/approvals.js") },
  exec: { summary: "run a command through the guard (what PATH shims call): check, then exec, ask or refuse", load: () => import("./commands/exec.js") },
  hook: { summary: "agent pre-tool hook adapter: hook claude|cursor|gemini|codex|copilot reads the agent's JSON on stdin", load: () => import("./commands/hook.js") },
  install: { summary: "wire shellgate into an agent's hooks: install <agent> [--project|--user] [--dry-run]; --list", load: () => import("./commands/install.js") },
  uninstall: { summary: "remove shellgate's hook from an agent's settings", load: () => import("./commands/uninstall.js") },
  wrap: { summary: "run an agent or shell in a guarded pseudo-terminal: wrap [options] -- COMMAND", load: () => import("./commands/wrap.js") },
  rules: { summary: "list every rule pack and finding id with its risk", load: () => import("./commands/rules.js") },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    "usage: shellgate <command> [options]",
    "",
    "commands:",
    ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`),
    "",
    "shellgate <command> --help shows a command's options.",
  ].join("\n");
}

export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    write(name ? io.stdout : io.stderr, usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === "--version" || name === "-v") {
    write(io.stdout, "shellgate 0.1.0");
    return EXIT.ok;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    write(io.stderr, `shellgate: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    const mod = await entry.load();
    return await mod.run(args, io);
  } catch (e) {
    if (e instanceof ShellgateError) {
      write(io.stderr, `shellgate ${name}: ${e.message}`);
      return e.code === "usage" ? EXIT.usage : EXIT.error;
    }
    write(io.stderr, `shellgate ${name}: internal error: ${(e as Error)?.stack ?? String(e)}`);
    return EXIT.error;
  }
}
