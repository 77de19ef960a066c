// Helpers kubectl shares with helm and docker: global option names, kube target flags, run-time targets, read-only commands inside containers.
import type { Invocation, Word } from "../../../types.js";
import type { ParsedArgs } from "../../flags.js";
import type { KubeFlags } from "../../../context/kube.js";

/** Options kubectl accepts on every command, with a value. */
export const KUBECTL_GLOBAL_VALUE = [
  "as", "as-group", "as-uid", "as-user-extra", "cache-dir", "certificate-authority", "client-certificate", "client-key", "cluster", "context",
  "kubeconfig", "kuberc", "n", "namespace", "password", "profile-output", "request-timeout", "s", "server", "tls-server-name", "token", "user",
  "username", "v", "vmodule", "log-dir", "log-file", "log-file-max-size", "log-backtrace-at", "stderrthreshold", "log_dir", "log_file",
];


/** Programs that only read, when run inside a pod or container: running them there is not interactive access. */
export const READ_ONLY_IN_CONTAINER = new Set([
  "cat", "ls", "env", "printenv", "ps", "df", "du", "head", "tail", "grep", "egrep", "fgrep", "wc", "stat", "echo", "date", "hostname", "id",
  "whoami", "uname", "pwd", "which", "free", "uptime", "nslookup", "dig", "host", "getent", "top", "nproc", "lscpu", "ss", "netstat", "jq",
  "sort", "uniq", "file", "md5sum", "sha256sum", "sha1sum", "true", "sleep", "test", "[", "readlink", "realpath", "basename", "dirname", "less", "more",
]);

/** True when `inv` runs commands inside a container (its children) and every one of them only reads. */
export function onlyReadsInside(inv: Invocation, invocations: readonly Invocation[]): boolean {
  const kids = (p: Invocation) => invocations.filter((i) => i.parent === p.index);
  const reads = (k: Invocation): boolean => k.program !== undefined && READ_ONLY_IN_CONTAINER.has(k.program) && kids(k).every(reads);
  const direct = kids(inv);
  return direct.length > 0 && direct.every(reads);
}

export const OPTION_LIKE = /^["']?-/;

/**
 * The first word that selects a target but is computed at run time: a target option's value, a dynamic word that
 * starts like an option (`--context=$C` hides which option it is), or a target variable set to an unknown value.
 */
export function dynamicTargetWord(inv: Invocation, args: Pick<ParsedArgs, "options" | "positionals">, optionNames: string[], envNames: string[]): { word: Word; what: string; raw: string } | undefined {
  const hit = args.options.find((o) => optionNames.includes(o.name) && o.dynamicValue);
  if (hit) {
    const i = inv.argv.indexOf(hit.word);
    const value = i >= 0 ? inv.argv[i + 1] : undefined;
    return { word: value ?? hit.word, what: `${hit.name.length === 1 ? "-" : "--"}${hit.name} value`, raw: value?.raw ?? hit.word.raw };
  }
  const opt = args.positionals.find((w) => w.value === undefined && OPTION_LIKE.test(w.raw));
  if (opt) return { word: opt, what: "option", raw: opt.raw };
  for (const name of envNames) {
    if (name in inv.env && inv.env[name] === undefined) return { word: inv.argv[0]!, what: name, raw: `$${name}` };
  }
  return undefined;
}

/** Target flags as kube.ts wants them, each with the flag spelling it came from (`-n flag`, `--namespace flag`). */
export function kubeFlags(args: ParsedArgs, spellings: Partial<Record<"context" | "kubeconfig" | "namespace" | "cluster" | "server", string[]>> = {}): KubeFlags {
  const f: KubeFlags = { names: {} };
  const set = (k: "context" | "kubeconfig" | "namespace" | "cluster" | "server", ...dflt: string[]) => {
    const hit = args.hit(...(spellings[k] ?? dflt));
    if (hit?.value === undefined || hit.value === "") return;
    f[k] = hit.value;
    f.names![k] = `${hit.name.length === 1 ? "-" : "--"}${hit.name} flag`;
  };
  set("context", "context");
  set("kubeconfig", "kubeconfig");
  set("namespace", "n", "namespace");
  set("cluster", "cluster");
  set("server", "s", "server");
  return f;
}
