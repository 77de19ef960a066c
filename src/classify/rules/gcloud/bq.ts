// bq (BigQuery): removing datasets and tables, loads that replace data, and the SQL of queries.
import type { Evidence, Invocation, Word } from "../../../types.js";
import { parseArgs, type OptionHit, type ParsedArgs } from "../../flags.js";
import type { GcloudFlags } from "../../../context/gcloud.js";
import { classifySql, isDestructive } from "../../sql.js";
import { flagFrom, nameEvidence, reporter, shown, type Ctx, type Report } from "./shared.js";

/** bq: absl flags (`--project_id=x`, `--flag value`, `--noflag`) before and after the command. */
const BQ_VALUE = [
  "project_id", "location", "dataset_id", "format", "apilog", "api", "api_version", "bigqueryrc", "job_id", "max_rows_per_request", "service_account",
  "credential_file", "destination_table", "parameter", "schema", "source_format", "field_delimiter", "time_partitioning_field", "clustering_fields",
  "label", "description", "expiration", "default_table_expiration", "max_rows", "n", "start_row", "s", "j", "max_bad_records", "session_id",
  "connection_property", "destination_kms_key", "maximum_bytes_billed", "batch", "sync",
];

export function checkBq(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: BQ_VALUE, singleDashLong: true, bundling: false });
  const [cmd, ...args] = p.positionals;
  if (!cmd) return;
  if (cmd.value === undefined) {
    ctx.report("opaque", { word: cmd, data: { detail: `the bq command ${cmd.raw} is computed at run time` } });
    return;
  }
  const op = cmd.value;
  const projectFlag = flagFrom(p, "project_id");
  const refProject = args.map((w) => /^([a-z][\w.-]*):/.exec(w.value ?? "")?.[1]).find(Boolean);
  const flags: GcloudFlags = projectFlag ? { project: projectFlag } : refProject ? { project: { value: refProject } } : {};
  const report = reporter(inv, ctx, flags);
  const resources = nameEvidence(ctx, args, "bq-resource", `name in bq ${op}`);
  const target = args.map(shown).join(" ") || "?";
  const data = { tool: "bq", path: op, target };
  const force = (...n: string[]) => p.options.some((o) => n.includes(o.name) && !/^(false|0)$/i.test(o.value ?? ""));

  switch (op) {
    case "rm":
      report("bq-remove", { word: cmd, data, resources });
      return;
    case "load":
      if (force("replace")) report("bq-overwrite", { word: cmd, data: { ...data, command: op, detail: "--replace overwrites", target: shown(args[0]) }, resources });
      else report("mutate", { word: cmd, data: { ...data, target: ` (${shown(args[0])})` }, resources });
      return;
    case "cp":
      if (force("f", "force")) report("bq-overwrite", { word: cmd, data: { ...data, command: op, detail: "-f overwrites", target: shown(args[args.length - 1]) }, resources });
      else report("mutate", { word: cmd, data: { ...data, target: ` (${shown(args[args.length - 1])})` }, resources });
      return;
    case "query":
      checkBqQuery(inv, ctx, report, cmd, args, p, resources);
      return;
    case "ls": case "show": case "head": case "help": case "version": case "wait": case "extract": case "init": case "shell": case "info":
      return;
    default:
      // mk, update, insert, cancel, add-iam-policy-binding and the rest change something.
      if (/^(add-iam-policy-binding|set-iam-policy)$/.test(op)) report("iam-change", { word: cmd, data: { ...data, role: p.get("role") ?? "access" }, resources });
      else report("mutate", { word: cmd, data: { ...data, target: ` (${target})` }, resources });
  }
}

function checkBqQuery(inv: Invocation, ctx: Ctx, report: Report, cmd: Word, args: Word[], p: ParsedArgs, resources: Evidence[]): void {
  if (p.has("dry_run")) return;
  let sql: string | undefined;
  if (args.length) {
    if (args.some((w) => w.value === undefined)) {
      ctx.report("opaque", { word: args.find((w) => w.value === undefined)!, data: { detail: "the bq query text is computed at run time" } });
      return;
    }
    sql = args.map((w) => w.value).join(" ");
  } else if (inv.stdin?.kind === "static") sql = inv.stdin.text;
  else {
    ctx.report("opaque", { word: cmd, data: { detail: "bq query reads its SQL from standard input that shellgate cannot see" } });
    return;
  }
  const statements = classifySql(sql, "generic");
  const destroying = statements.find((st) => isDestructive(st.kind));
  const data = { tool: "bq", path: "query", target: "" };
  if (statements.some((st) => st.kind === "dynamic")) {
    ctx.report("opaque", { word: cmd, data: { detail: "bq query runs SQL built at run time (EXECUTE IMMEDIATE)" } });
  }
  if (destroying) report("bq-destroy-sql", { word: cmd, data: { ...data, statement: destroying.target ? `${destroying.verb} ${destroying.target}` : destroying.verb }, resources });
  const granting = statements.find((st) => st.kind === "privilege");
  if (granting) report("iam-change", { word: cmd, data: { ...data, role: granting.text.replace(/^GRANT\s+/i, "") }, resources });
  const dest = p.hit("destination_table");
  if (dest && p.options.some((o: OptionHit) => o.name === "replace" && !/^(false|0)$/i.test(o.value ?? ""))) {
    report("bq-overwrite", { word: cmd, data: { ...data, command: "query", detail: "--replace overwrites", target: dest.value ?? "?" }, resources });
  } else if (!destroying && !granting && (dest || statements.some((st) => st.kind === "write" || st.kind === "admin"))) {
    report("mutate", { word: cmd, data: { ...data, target: dest?.value ? ` (${dest.value})` : "" }, resources });
  }
}
