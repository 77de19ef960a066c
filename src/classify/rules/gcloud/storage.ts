// Cloud Storage: `gcloud storage` object commands and gsutil (rm, rb, rsync -d, mv, writes into buckets, public ACLs).
import type { Invocation, Word } from "../../../types.js";
import { parseArgs, type ParsedArgs } from "../../flags.js";
import { bucketEvidence, reporter, shown, writesGcs, type Ctx, type Report } from "./shared.js";

/** `gcloud storage rm|cp|mv|rsync`: the object commands that take URLs. */
export function checkGcloudStorage(ctx: Ctx, report: Report, cmd: Word, rest: Word[], p: ParsedArgs): void {
  const op = cmd.value!;
  const urls = rest;
  const tool = "gcloud";
  const data = { tool, path: `storage ${op}` };
  if (p.has("dry-run")) return;
  const acl = p.get("predefined-acl", "a");
  if (op !== "rm" && acl && /^public/i.test(acl)) report("public-access", { word: cmd, data: { ...data, detail: `--predefined-acl ${acl}` }, resources: bucketEvidence(ctx, urls) });
  const [src] = urls;
  const dst = urls[urls.length - 1];
  if (op === "rm") {
    const recursive = p.has("recursive", "r", "R");
    report(recursive ? "storage-rm-recursive" : "storage-rm", { word: cmd, data: { ...data, target: urls.map(shown).join(" ") || "?" }, resources: bucketEvidence(ctx, urls) });
  } else if (op === "mv") {
    report("storage-move", { word: cmd, data: { ...data, source: shown(src), target: shown(dst) }, resources: bucketEvidence(ctx, urls) });
  } else if (op === "rsync" && p.has("delete-unmatched-destination-objects")) {
    report("rsync-delete", { word: cmd, data: { ...data, source: shown(src), target: shown(dst) }, resources: bucketEvidence(ctx, [dst]) });
  } else if (urls.length >= 2 && writesGcs(dst)) {
    report("storage-write", { word: cmd, data: { ...data, target: shown(dst) }, resources: bucketEvidence(ctx, [dst]) });
  }
}

/** gsutil: `gsutil [-m -q -u proj -o opt -h hdr] command args`. */
export function checkGsutil(inv: Invocation, ctx: Ctx): void {
  const top = parseArgs(inv.argv.slice(1), { value: ["h", "i", "o", "u"], stopAtPositional: true });
  const cmd = top.positionals[0];
  if (!cmd) return;
  if (cmd.value === undefined) {
    ctx.report("opaque", { word: cmd, data: { detail: `the gsutil command ${cmd.raw} is computed at run time` } });
    return;
  }
  const op = cmd.value;
  const valueLetters: Record<string, string[]> = { cp: ["a", "j", "z", "L", "s"], mv: ["a", "j", "z", "L", "s"], rsync: ["a", "j", "x", "y", "z"] };
  const p = parseArgs(top.positionals.slice(1), { value: valueLetters[op] ?? [] });
  const urls = p.positionals;
  const report = reporter(inv, ctx, {});
  const data = { tool: "gsutil", path: op };
  const [src] = urls;
  const dst = urls[urls.length - 1];
  const buckets = (ws: (Word | undefined)[]) => bucketEvidence(ctx, ws);
  const cannedPublic = (a: string | undefined) => !!a && /^public-read|^authenticated-read/.test(a);

  switch (op) {
    case "rm":
      report(p.has("r", "R") ? "storage-rm-recursive" : "storage-rm", { word: cmd, data: { ...data, target: urls.map(shown).join(" ") || "objects named on stdin" }, resources: buckets(urls) });
      return;
    case "rb":
      report("bucket-delete", { word: cmd, data: { ...data, target: urls.map(shown).join(" ") || "?" }, resources: buckets(urls) });
      return;
    case "mv":
      report("storage-move", { word: cmd, data: { ...data, source: shown(src), target: shown(dst) }, resources: buckets(urls) });
      return;
    case "rsync":
      if (p.has("n")) return;
      if (p.has("d")) report("rsync-delete", { word: cmd, data: { ...data, source: shown(src), target: shown(dst) }, resources: buckets([dst]) });
      else if (writesGcs(dst)) report("storage-write", { word: cmd, data: { ...data, target: shown(dst) }, resources: buckets([dst]) });
      if (cannedPublic(p.get("a"))) report("public-access", { word: cmd, data: { ...data, detail: `-a ${p.get("a")}` }, resources: buckets([dst]) });
      return;
    case "cp":
      if (cannedPublic(p.get("a"))) report("public-access", { word: cmd, data: { ...data, detail: `-a ${p.get("a")}` }, resources: buckets([dst]) });
      else if (urls.length >= 2 && writesGcs(dst)) report("storage-write", { word: cmd, data: { ...data, target: shown(dst) }, resources: buckets([dst]) });
      return;
    case "acl":
    case "defacl":
    case "iam": {
      const sub = urls[0]?.value;
      if (sub === "get") return;
      const rest = urls.slice(1).map((w) => w.value ?? "");
      const opened = [...rest, ...p.all("u", "g", "p")].find((v) => /allUsers|allAuthenticatedUsers|AllUsers|AllAuthenticatedUsers/.test(v) || cannedPublic(v));
      if (opened) report("public-access", { word: cmd, data: { ...data, path: `${op} ${sub ?? ""}`.trim(), detail: opened }, resources: buckets(urls) });
      else report("iam-change", { word: cmd, data: { ...data, path: `${op} ${sub ?? ""}`.trim(), role: "access on a bucket" }, resources: buckets(urls) });
      return;
    }
    case "ls": case "cat": case "du": case "stat": case "hash": case "version": case "help": case "signurl": case "config": case "perfdiag": case "test":
      return;
    default: {
      // mb, setmeta, lifecycle, versioning, label, notification, web, retention, rewrite, compose, kms ...: a change, unless it only reads.
      const sub = urls[0]?.value;
      if (sub === "get") return;
      report("mutate", { word: cmd, data: { ...data, target: dst ? ` (${shown(dst)})` : "" }, resources: buckets(urls) });
    }
  }
}
