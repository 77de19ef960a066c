// Reporting AWS findings with the production context of the profile and the resources named, and the checks of API operations.
import type { Evidence, Invocation, Risk } from "../../../types.js";
import { awsContext, awsProductionEvidence } from "../../../context/aws.js";
import type { ReportOptions, RuleContext } from "../../rule.js";
import { GLOBAL_VALUE, last, optDynamic, optValue, optValues, parseOperationArgs, type AwsCall, type Opt } from "./parse.js";
import { sqlOperation } from "./sql.js";
import { FORCE_ON_DELETE, isLocalEndpoint, operationKind, privilege, publicAccess, REMOTE_EXEC, RESOURCE_OPTION, UNSAFE_FLAGS } from "./operations.js";

export type Ctx = RuleContext<string>;

/** Reports with the production context (profile, role, account) and resource evidence attached; local emulators cap the risk. */
export function reporter(inv: Invocation, ctx: Ctx, options: Opt[]) {
  const profileOpt = last(options, "profile");
  const endpoint = optValue(last(options, "endpoint-url")) ?? inv.env.AWS_ENDPOINT_URL;
  const local = isLocalEndpoint(endpoint);
  const remote = inv.host !== undefined || inv.container !== undefined;
  let ctxEvidence: Evidence[] | undefined;
  const contextEvidence = (): Evidence[] => {
    if (ctxEvidence) return ctxEvidence;
    const flag = profileOpt ? { ...(optValue(profileOpt) !== undefined ? { value: optValue(profileOpt)! } : {}), dynamic: optDynamic(profileOpt) } : undefined;
    const key = `aws:${flag ? `flag:${flag.value}` : `env:${inv.env.AWS_PROFILE}:${inv.env.AWS_DEFAULT_PROFILE}`}:${inv.env.AWS_CONFIG_FILE}:${inv.env.HOME}:${inv.env.AWS_ROLE_ARN}:${remote}`;
    ctxEvidence = ctx.memo(key, () => awsProductionEvidence(awsContext(flag, inv.env, !remote), ctx.production, inv.env));
    return ctxEvidence;
  };
  let warnedDynamic = false;
  return (id: string, opts: ReportOptions & { resources?: Evidence[]; spec: Risk }) => {
    const { resources = [], spec, ...rest } = opts;
    if (local) {
      ctx.report(id, { ...rest, risk: spec === "high" ? "medium" : spec, evidence: [{ kind: "aws-endpoint", value: endpoint!, source: "a local emulator endpoint" }] });
      return;
    }
    const production = [...contextEvidence(), ...resources];
    ctx.report(id, { ...rest, ...(production.length ? { production } : {}) });
    if (profileOpt && optDynamic(profileOpt) && !warnedDynamic) {
      warnedDynamic = true;
      ctx.report("opaque", { word: profileOpt.word, data: { detail: "the AWS profile is computed at run time, so shellgate cannot tell whether it is production" } });
    }
  };
}

export function resourceEvidence(ctx: Ctx, options: Opt[]): { evidence: Evidence[]; target: string } {
  const evidence: Evidence[] = [];
  let target = "";
  for (const o of options) {
    if (GLOBAL_VALUE.has(o.name) || !RESOURCE_OPTION.test(o.name)) continue;
    for (const v of optValues(o)) {
      if (!target) target = ` (--${o.name} ${v})`;
      const e = ctx.production.evidence("aws-resource", v, `--${o.name} on the command line`);
      if (e) evidence.push(e);
    }
  }
  return { evidence, target };
}

/** Change documents given inline (`--change-batch '{"Changes":[{"Action":"DELETE",...}]}'` or shorthand `Action=DELETE`). */
function deletesInBatch(options: Opt[]): boolean {
  return options.some((o) => /^(change-batch|changes|change-set)$/.test(o.name) && optValues(o).some((v) => /"?Action"?\s*[:=]\s*"?DELETE\b/i.test(v)));
}

export function checkOperation(inv: Invocation, ctx: Ctx, call: AwsCall, service: string, operation: string): void {
  const { options: opOptions } = parseOperationArgs(call.after);
  const options = [...call.pre, ...opOptions];
  // EC2's --dry-run and --generate-cli-skeleton only check permissions or print a template: nothing changes.
  if (last(options, "dry-run", "generate-cli-skeleton")) return;
  const op = operation.toLowerCase();
  // Operations that run SQL or PartiQL do what their statements do: a SELECT through Athena reads, a DROP destroys.
  const sql = sqlOperation(service, op, opOptions);
  if (sql?.kind === "read") return;
  // A change batch that deletes records (Route 53 `"Action": "DELETE"`) destroys, whatever the operation's verb.
  const kind = deletesInBatch(opOptions) ? "destroy" : operationKind(op);
  if (kind === "read") return;
  const report = reporter(inv, ctx, options);
  const { evidence: resources, target } = resourceEvidence(ctx, opOptions);
  const data = { service, operation, target };
  const word = call.operation!;
  if (sql?.kind === "dynamic") {
    report("opaque", { word: sql.word, data: { detail: `the statements given to aws ${service} ${operation} cannot be read before it runs` }, spec: "high" });
    return;
  }
  if (sql) {
    report(sql.kind === "destroy" ? "sql-destroy" : "sql-write", { word: sql.word, data: { ...data, statement: sql.statement.text }, resources, spec: sql.kind === "destroy" ? "high" : "low" });
    return;
  }

  const priv = privilege(service, op, opOptions);
  const pub = kind === "mutate" ? publicAccess(op, opOptions) : undefined;
  if (pub) report("public-access", { word, data: { ...data, detail: pub }, resources, spec: "high" });
  if (priv) report(priv.id, { word, data: { ...data, detail: priv.detail }, resources, spec: priv.id === "resource-policy" ? "medium" : "high" });
  else if (kind === "destroy") report("destroy", { word, data, resources, spec: "high" });
  else if (REMOTE_EXEC.has(`${service} ${op}`)) report("remote-exec", { word, data, resources, spec: "medium" });
  else if (!pub) report("mutate", { word, data, resources, spec: "low" });

  for (const o of opOptions) {
    if (UNSAFE_FLAGS.some((re) => re.test(o.name)) || (kind === "destroy" && FORCE_ON_DELETE.test(o.name))) {
      report("unsafe-flag", { word: o.word, data: { ...data, flag: `--${o.name}` }, resources, spec: "high" });
    }
  }
}
