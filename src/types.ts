// The data types every stage of the pipeline shares: context in, invocations, findings, decision out.

export type Risk = "low" | "medium" | "high" | "critical";
export const RISKS: readonly Risk[] = ["low", "medium", "high", "critical"];

export type Category =
  | "destroy"
  | "mutate"
  | "production"
  | "privilege"
  | "exfiltrate"
  | "remote-code"
  | "opaque";

export type Action = "allow" | "warn" | "ask" | "block";
export const ACTIONS: readonly Action[] = ["allow", "warn", "ask", "block"];

/** Which front end asked: the check CLI, a PATH shim, the PTY wrapper, or an agent hook. */
export type Frontend = "cli" | "shim" | "pty" | "api" | `hook:${string}`;

export interface CheckContext {
  /** Directory the command would run in. */
  cwd: string;
  /** Environment the command would run in; production context is read from here, never from shellgate's own process. */
  env: Record<string, string | undefined>;
  frontend?: Frontend;
  /** Agent name when known (claude, cursor ...), for the audit log. */
  agent?: string;
}

/** Half-open character range [start, end) in the top-level command text. */
export interface Span {
  start: number;
  end: number;
}

export interface Word {
  /** Source text of the word as written. */
  raw: string;
  /** The word after quote removal and expansion; undefined when not static. */
  value?: string;
  span: Span;
  /** Unquoted glob characters remain in value (the shell would expand them). */
  glob?: boolean;
  /** For a dynamic word known to be a path below some directory (find -exec {}, xargs under find). */
  pathUnder?: string;
}

export interface Assign {
  name: string;
  value?: string;
  raw: string;
  span: Span;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `&>`, `&>>`, `>&`, `<&`, `>|`, `<>`, `<<`, `<<-`, `<<<`. */
  op: string;
  fd?: number;
  target?: Word;
  span: Span;
}

export interface Wrapper {
  program: string;
  args: string[];
}

/** How an invocation is reached from the top of the command line. */
export type Via =
  | "pipe"
  | "list"
  | "background"
  | "subshell"
  | "group"
  | "condition"
  | "loop"
  | "substitution"
  | "process-substitution"
  | "function"
  | "nested"
  | "script-file"
  | "heredoc"
  | "stdin"
  | "remote"
  | "container"
  | "xargs"
  | "find-exec"
  | "interpreter"
  | "package-script"
  | "wrapper";

/** What a command reads on standard input, when that matters (shells and interpreters fed code). */
export type Stdin =
  | { kind: "static"; text: string; span: Span }
  | { kind: "command"; index: number; program?: string }
  | { kind: "file"; path?: string }
  | { kind: "opaque"; why: string };

/** Something the parser could not see through; the shell rule turns each into an opaque finding. */
export interface OpaqueNote {
  kind: "parse-error" | "dynamic-command" | "dynamic-script" | "too-deep" | "unsupported" | "dynamic-stdin" | "unreadable-script";
  message: string;
  span: Span;
}

export interface Invocation {
  /** Position in the flat list (stable id within one check). */
  index: number;
  /** Basename of the resolved command word (`/bin/rm` → `rm`); undefined when the command word is not static. */
  program?: string;
  /** The command word as resolved (may be a path). */
  programPath?: string;
  /** argv[0] is the command word; wrappers are already peeled off. */
  argv: Word[];
  assigns: Assign[];
  redirects: Redirect[];
  wrappers: Wrapper[];
  /** Working directory as tracked through `cd`; undefined when it cannot be known. */
  cwd?: string;
  /** Environment this command would see: context env, earlier exports, prefix assignments, wrapper env. */
  env: Record<string, string | undefined>;
  via: Via[];
  /** Index of the invocation whose arguments carried this one (bash -c, ssh, kubectl exec, find -exec ...). */
  parent?: number;
  /** Remote host this runs on (ssh), or container/pod it runs in. */
  host?: string;
  container?: string;
  stdin?: Stdin;
  /** Source text of this simple command (for nested code: the nested text). */
  text: string;
  span: Span;
  /** Function name, when this call runs a function defined in the same script. */
  callsFunction?: string;
  /** True when this call re-enters a function that is already running (recursion, e.g. a fork bomb). */
  recursive?: boolean;
  /** True when run in the background (`&`). */
  background?: boolean;
  opaque: OpaqueNote[];
  /** Invocations whose stdout this one reads through a pipe. */
  pipedFrom?: number;
}

export interface Evidence {
  /** What kind of context value: kube-context, kube-namespace, aws-profile, tf-workspace, gcloud-project, host, database, path ... */
  kind: string;
  value: string;
  /** The production pattern it matched, when it did. */
  pattern?: string;
  /** Where the value came from, in words: `current-context in ~/.kube/config`, `--profile flag`. */
  source: string;
}

export interface Finding {
  /** Stable id `<pack>/<name>`, e.g. `git/force-push`. */
  id: string;
  risk: Risk;
  categories: Category[];
  message: string;
  hint?: string;
  /** Span of the word that triggered it, in the top-level text. */
  span?: Span;
  evidence?: Evidence[];
  /** Index of the invocation it is about. */
  invocation: number;
  program?: string;
}

export interface Reason {
  /** Policy rule id (`defaults/high` for the risk table, or a policy file's rule id). */
  rule: string;
  /** Where the rule came from: a file path, a preset name, or `built-in`. */
  source: string;
  action: Action;
  /** Finding ids this reason covers. */
  findings: string[];
  message?: string;
  /** Policy layer the rule came from (built-in, system, user, project, command-line). */
  layer?: string;
  /** The file that brought a preset's rule in (`extends`). */
  via?: string;
  /** Line of the rule in its file, when the format gives one. */
  line?: number;
}

export interface Decision {
  action: Action;
  command: string;
  reasons: Reason[];
  findings: Finding[];
  errors: string[];
  invocations: Invocation[];
  /** Policy mode: in `audit` mode the decision is recorded but never stops a command. */
  mode?: "enforce" | "audit";
}
