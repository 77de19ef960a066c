// The AWS CLI's grammar: global options anywhere, `service operation`, API operation options, and s3 file command arguments.
import type { Word } from "../../../types.js";

/** Global options that take a value (they may appear before the service, between service and operation, or after). */
export const GLOBAL_VALUE = new Set(["profile", "region", "endpoint-url", "output", "query", "color", "ca-bundle", "cli-read-timeout", "cli-connect-timeout", "cli-binary-format"]);
export const GLOBAL_FLAG = new Set(["debug", "no-verify-ssl", "no-paginate", "no-sign-request", "no-cli-pager", "cli-auto-prompt", "no-cli-auto-prompt", "version", "help"]);

export interface Opt {
  name: string;
  word: Word;
  /** Value written as `--name=value`. */
  eq?: string;
  /** Words following the option up to the next option (aws list parameters take several). */
  values: Word[];
}

export interface AwsCall {
  service?: Word;
  operation?: Word;
  /** Options before the operation (globals). */
  pre: Opt[];
  /** Words after the operation, unparsed: s3 file commands and API operations read them differently. */
  after: Word[];
}

/** Splits `aws [globals] service [globals] operation rest...`. */
export function parseAwsCall(argv: readonly Word[]): AwsCall {
  const call: AwsCall = { pre: [], after: [] };
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const a = w.value;
    if (a !== undefined && a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const opt: Opt = { name: eq >= 0 ? a.slice(2, eq) : a.slice(2), word: w, values: [] };
      if (eq >= 0) opt.eq = a.slice(eq + 1);
      else if (GLOBAL_VALUE.has(opt.name) && i + 1 < argv.length) opt.values.push(argv[++i]!);
      call.pre.push(opt);
      continue;
    }
    if (!call.service) call.service = w;
    else {
      call.operation = w;
      call.after = argv.slice(i + 1);
      break;
    }
  }
  return call;
}

/** API operation options: `--name value...` runs, `--name=value`, and leading positionals (`aws ec2 wait instance-running`). */
export function parseOperationArgs(words: readonly Word[]): { options: Opt[]; positionals: Word[] } {
  const options: Opt[] = [];
  const positionals: Word[] = [];
  let cur: Opt | undefined;
  for (const w of words) {
    const a = w.value;
    if (a !== undefined && a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const opt: Opt = { name: eq >= 0 ? a.slice(2, eq) : a.slice(2), word: w, values: [] };
      if (eq >= 0) opt.eq = a.slice(eq + 1);
      options.push(opt);
      cur = eq >= 0 || GLOBAL_FLAG.has(opt.name) ? undefined : opt;
      continue;
    }
    if (cur) cur.values.push(w);
    else positionals.push(w);
  }
  return { options, positionals };
}

export const S3_VALUE = new Set([
  ...GLOBAL_VALUE, "exclude", "include", "acl", "grants", "sse-kms-key-id", "sse-c-key", "sse-c-copy-source-key", "storage-class", "website-redirect",
  "content-type", "cache-control", "content-disposition", "content-encoding", "content-language", "expires", "metadata", "metadata-directive",
  "copy-props", "source-region", "page-size", "expected-size", "expires-in", "checksum-algorithm", "index-document", "error-document",
]);
/** Options whose value is optional: they take the next word only when it is one of their choices. */
const S3_OPTIONAL_VALUE: Record<string, Set<string>> = {
  sse: new Set(["AES256", "aws:kms", "aws:kms:dsse"]),
  "sse-c": new Set(["AES256"]),
  "sse-c-copy-source": new Set(["AES256"]),
  "request-payer": new Set(["requester"]),
};

/** s3 file commands: paths are positionals, most options are flags. */
export function parseS3Args(words: readonly Word[]): { options: Opt[]; positionals: Word[] } {
  const options: Opt[] = [];
  const positionals: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const a = w.value;
    if (a !== undefined && a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const opt: Opt = { name: eq >= 0 ? a.slice(2, eq) : a.slice(2), word: w, values: [] };
      if (eq >= 0) opt.eq = a.slice(eq + 1);
      else if (S3_VALUE.has(opt.name) && i + 1 < words.length) opt.values.push(words[++i]!);
      else if (S3_OPTIONAL_VALUE[opt.name]?.has(words[i + 1]?.value ?? "")) opt.values.push(words[++i]!);
      options.push(opt);
      continue;
    }
    positionals.push(w);
  }
  return { options, positionals };
}

export const optValue = (o: Opt | undefined): string | undefined => (o ? (o.eq ?? o.values[0]?.value) : undefined);
export const optDynamic = (o: Opt): boolean => o.eq === undefined && o.values.length > 0 && o.values[0]!.value === undefined;
export const optValues = (o: Opt): string[] => (o.eq !== undefined ? [o.eq] : o.values.flatMap((w) => (w.value === undefined ? [] : [w.value])));
export const last = (opts: Opt[], ...names: string[]): Opt | undefined => {
  for (let i = opts.length - 1; i >= 0; i--) if (names.includes(opts[i]!.name)) return opts[i];
  return undefined;
};
