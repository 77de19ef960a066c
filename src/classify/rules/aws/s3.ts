// aws s3 file commands: rm, rb, mv, sync --delete and writes into buckets, with the buckets' production evidence.
import type { Evidence, Invocation, Word } from "../../../types.js";
import { last, parseS3Args, type AwsCall } from "./parse.js";
import { publicAccess } from "./operations.js";
import { reporter, type Ctx } from "./report.js";

const bucketOf = (url: string | undefined): string | undefined => (url?.startsWith("s3://") ? url.slice(5).split("/")[0] || undefined : undefined);

export function checkS3(inv: Invocation, ctx: Ctx, call: AwsCall, operation: string): void {
  const { options: s3Options, positionals } = parseS3Args(call.after);
  const options = [...call.pre, ...s3Options];
  if (last(options, "dryrun", "generate-cli-skeleton")) return;
  const has = (n: string) => options.some((o) => o.name === n);
  const report = reporter(inv, ctx, options);
  const [src, dst] = positionals;
  const shown = (w: Word | undefined) => (w ? (w.value ?? w.raw) : "?");
  const buckets = (...ws: (Word | undefined)[]): Evidence[] =>
    ws.flatMap((w) => {
      const b = bucketOf(w?.value);
      const e = b ? ctx.production.evidence("s3-bucket", b, `bucket in ${w!.value} on the command line`) : undefined;
      return e ? [e] : [];
    });
  const word = call.operation!;
  const pub = publicAccess("", s3Options);
  if (pub) report("public-access", { word, data: { service: "s3", operation, detail: pub }, resources: buckets(src, dst), spec: "high" });

  switch (operation) {
    case "ls":
    case "presign":
      return;
    case "rm":
      report(has("recursive") ? "s3-rm-recursive" : "s3-rm", { word, data: { target: shown(src) }, resources: buckets(src), spec: "high" });
      return;
    case "rb":
      report(has("force") ? "s3-rb-force" : "s3-rb", { word, data: { target: shown(src) }, resources: buckets(src), spec: "high" });
      return;
    case "mv":
      report("s3-move", { word, data: { source: shown(src), target: shown(dst) }, resources: buckets(src, dst), spec: "medium" });
      return;
    case "sync":
      // Mirroring a build into a bucket is how sites deploy; it asks when the bucket or profile is production.
      if (has("delete")) report("s3-sync-delete", { word, data: { source: shown(src), target: shown(dst) }, resources: buckets(dst), spec: "medium" });
      else if (writesS3(dst)) report("s3-write", { word, data: { operation, target: shown(dst) }, resources: buckets(dst), spec: "low" });
      return;
    case "cp":
      if (writesS3(dst) && !pub) report("s3-write", { word, data: { operation, target: shown(dst) }, resources: buckets(dst), spec: "low" });
      return;
    default:
      // mb, website and commands added later: a change to the bucket named.
      report("mutate", { word, data: { service: "s3", operation, target: src ? ` (${shown(src)})` : "" }, resources: buckets(src), spec: "low" });
  }
}

/** The destination is a bucket, or cannot be known (then it may be one). */
const writesS3 = (dst: Word | undefined): boolean => !!dst && (dst.value === undefined || dst.value.startsWith("s3://"));
