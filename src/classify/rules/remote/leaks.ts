// What an invocation's output carries: secret files it reads, the environment it prints, credentials a CLI prints.
import type { Invocation } from "../../../types.js";
import { CREDENTIAL_PRINTERS, secretFilesFromEnv, secretPath, type SecretMatch } from "../../secrets.js";
import { index, substitutionsIn, wordsOf, type Ctx } from "./common.js";

/** Programs whose output is the content of the files they are given. */
const CONTENT_READERS = new Set([
  "cat", "tac", "head", "tail", "less", "more", "base64", "base32", "basenc", "xxd", "od", "hexdump", "strings", "tar", "zip", "gzip", "bzip2", "xz", "zstd",
  "cpio", "7z", "gpg", "openssl", "sed", "awk", "gawk", "grep", "egrep", "rg", "cut", "sort", "uniq", "tr", "jq", "yq", "dd", "pv", "nl", "fold", "paste",
  "column", "iconv", "uuencode", "tee", "cp", "zcat", "bat",
]);

const ENV_PRINTERS = new Set(["env", "printenv"]);
/** Builtins that print every variable when given no operands. */
const ENV_BUILTINS = new Set(["set", "export", "declare", "typeset"]);

export interface Leak {
  secret?: SecretMatch;
  env?: boolean;
}

export function secretOf(path: string | undefined, inv: Invocation, ctx: Ctx): SecretMatch | undefined {
  if (!path) return undefined;
  const p = path.startsWith("~/") && ctx.paths.home(inv) ? ctx.paths.home(inv) + path.slice(1) : path;
  const abs = ctx.paths.absolute(p, inv);
  if (!abs) return undefined;
  const direct = secretPath(abs, ctx.paths.home(inv), secretFilesFromEnv(inv.env));
  if (direct || building === ctx.invocations) return direct;
  const made = derivedSecrets(ctx).get(abs);
  return made && made.index < inv.index ? made.secret : undefined;
}

/** Set while derived secrets are worked out, so the reads that find them do not look for derived secrets again. */
let building: readonly Invocation[] | undefined;

/**
 * Files this command line fills with secret content before it sends them: `cat key > /tmp/k`, `cp ~/.kube/config /tmp/kc`,
 * `tar czf b.tgz ~/.aws`, `zip -r k.zip ~/.ssh`. Sending such a file sends the secret.
 */
function derivedSecrets(ctx: Ctx): Map<string, { secret: SecretMatch; index: number }> {
  return ctx.memo("remote/derived", () => {
    const out = new Map<string, { secret: SecretMatch; index: number }>();
    building = ctx.invocations;
    try {
      for (const inv of ctx.invocations) {
        const add = (file: string | undefined, secret: SecretMatch) => {
          const abs = file ? ctx.paths.absolute(file, inv) : undefined;
          if (abs && !out.has(abs)) out.set(abs, { secret: { ...secret, what: `${secret.what}, copied into ${file}` }, index: inv.index });
        };
        const written = archiveOutput(inv);
        if (written) {
          const secret = written.inputs.map((w) => secretOf(w, inv, ctx)).find(Boolean);
          if (secret) add(written.file, secret);
          continue;
        }
        const outs = inv.redirects.filter((r) => (r.op === ">" || r.op === ">>" || r.op === ">|" || r.op === "&>") && (r.fd === undefined || r.fd === 1) && r.target?.value);
        if (!outs.length) continue;
        const leak = leakFrom(inv, ctx);
        if (leak?.secret) for (const r of outs) add(r.target!.value, leak.secret);
      }
    } finally {
      building = undefined;
    }
    return out;
  });
}

/** The file an archiver or copier writes, and the files it reads into it. */
function archiveOutput(inv: Invocation): { file: string; inputs: string[] } | undefined {
  const p = inv.program;
  const vals = inv.argv.slice(1).map((w) => w.value).filter((x): x is string => x !== undefined);
  const plain = vals.filter((x) => !x.startsWith("-"));
  if (p === "zip" && plain.length >= 2) return { file: /\.\w+$/.test(plain[0]!) ? plain[0]! : `${plain[0]}.zip`, inputs: plain.slice(1) };
  if (p === "7z" && plain[0] === "a" && plain.length >= 3) return { file: plain[1]!, inputs: plain.slice(2) };
  if (p === "cp" || p === "install" || p === "ditto") return plain.length >= 2 ? { file: plain[plain.length - 1]!, inputs: plain.slice(0, -1) } : undefined;
  if (p === "tar") {
    // `tar czf OUT in...`, `tar -c -f OUT in...`, `tar --create --file=OUT in...`
    const first = vals[0] ?? "";
    const bundle = first.startsWith("-") ? first.slice(1) : first;
    const creates = /^[^-]*c/.test(bundle) || vals.includes("--create") || vals.includes("-c");
    if (!creates) return undefined;
    const long = vals.find((x) => x.startsWith("--file="));
    if (long) return { file: long.slice(7), inputs: plain.filter((x) => x !== first) };
    const fIdx = !first.startsWith("--") && bundle.includes("f") ? 0 : vals.indexOf("-f");
    const file = fIdx >= 0 ? vals[fIdx + 1] : undefined;
    if (!file || file === "-") return undefined;
    return { file, inputs: vals.slice(fIdx + 2).filter((x) => !x.startsWith("-")) };
  }
  return undefined;
}

/** Whether this invocation's output carries a secret or the environment: its own reads, its substitutions, its piped input. */
export function leakFrom(inv: Invocation, ctx: Ctx, seen = new Set<number>()): Leak | undefined {
  if (seen.has(inv.index) || seen.size > 32) return undefined;
  seen.add(inv.index);
  const p = inv.program;
  if (p) {
    const args = inv.argv.slice(1);
    const operands = args.filter((w) => w.value !== undefined && !w.value.startsWith("-"));
    if (ENV_PRINTERS.has(p)) return { env: true };
    if (ENV_BUILTINS.has(p) && !operands.length && args.every((w) => w.value !== undefined && /^-[px]*$/.test(w.value))) return { env: true };
    for (const c of CREDENTIAL_PRINTERS) {
      if (c.program !== p) continue;
      const pos = operands.map((w) => w.value!);
      if (c.args.every((a, i) => pos[i] === a) && (!c.flag || args.some((w) => w.value === c.flag || w.value?.startsWith(c.flag + "=")))) {
        return { secret: { path: `${p} ${c.args.join(" ")}`, what: c.what } };
      }
    }
    if (CONTENT_READERS.has(p)) {
      for (const w of args) {
        const val = w.value;
        if (val === undefined) continue;
        const eq = val.indexOf("=");
        for (const cand of eq >= 0 ? [val, val.slice(eq + 1)] : [val]) {
          if (cand.startsWith("-") && cand !== "-") continue;
          const s = secretOf(cand, inv, ctx);
          if (s) return { secret: s };
        }
      }
    }
  }
  const stdinLeak = leakOnStdin(inv, ctx, seen);
  if (stdinLeak) return stdinLeak;
  for (const s of substitutionsIn(wordsOf(inv), ctx)) {
    const l = leakFrom(s, ctx, seen);
    if (l) return l;
  }
  return undefined;
}

export function leakOnStdin(inv: Invocation, ctx: Ctx, seen = new Set<number>()): Leak | undefined {
  const st = inv.stdin;
  if (st?.kind === "file") {
    const s = secretOf(st.path, inv, ctx);
    if (s) return { secret: s };
  }
  if (st?.kind === "command") {
    const up = index(ctx).byIndex.get(st.index);
    if (up) return leakFrom(up, ctx, seen);
  }
  return undefined;
}

/** What a sender uploads: files named in its options (`-` meaning stdin), and whether it sends stdin anyway. */
