// Rule pack for the AWS CLI: every service operation classified by its verb, s3 file commands, IAM grants, production profiles.
import { defineRule } from "../rule.js";
import { parseAwsCall } from "./aws/parse.js";
import { LOCAL } from "./aws/operations.js";
import { checkOperation } from "./aws/report.js";
import { checkS3 } from "./aws/s3.js";
import { eksctl } from "./aws/eksctl.js";

export default defineRule({
  name: "aws",
  description: "AWS CLI and eksctl: deletes, changes, IAM grants, SQL run through the data APIs and s3 file commands, with the target profile's production context.",
  programs: ["aws", "eksctl"],
  findings: {
    destroy: {
      risk: "high",
      categories: ["destroy"],
      message: "aws {service} {operation} deletes, stops or detaches AWS resources{target}",
      hint: "check the profile, region and target; take a snapshot or backup first, and run it yourself if it is intended",
      description: "An API operation whose verb deletes, terminates, stops, detaches or revokes.",
    },
    "unsafe-flag": {
      risk: "high",
      categories: ["destroy"],
      message: "{flag} removes the safety net of aws {service} {operation}",
      hint: "drop {flag} so a final snapshot, recovery window or deletion protection remains",
      description: "Flags such as --skip-final-snapshot, --force-delete-without-recovery or --no-deletion-protection.",
    },
    mutate: {
      risk: "low",
      categories: ["mutate"],
      message: "aws {service} {operation} changes AWS resources{target}",
      hint: "run it against a non-production profile first",
      description: "An API operation that creates, updates, starts or deploys (production targets ask).",
    },
    "remote-exec": {
      risk: "medium",
      categories: ["mutate", "remote-code"],
      message: "aws {service} {operation} runs commands on instances or containers",
      hint: "run the commands against a non-production instance first",
      description: "ssm send-command, ecs execute-command and other remote execution.",
    },
    "iam-admin-grant": {
      risk: "high",
      categories: ["privilege"],
      message: "aws {service} {operation} grants administrator access ({detail})",
      hint: "grant a policy scoped to the actions and resources needed",
      description: "Attaching AdministratorAccess-like policies, inline policies allowing *, joining an admin group.",
    },
    "iam-policy-change": {
      risk: "high",
      categories: ["privilege"],
      message: "aws {service} {operation} changes who may do what in the account ({detail})",
      hint: "have a person review the permission change",
      description: "IAM policy attachments, inline policies, trust policies and permission sets.",
    },
    "credential-create": {
      risk: "high",
      categories: ["privilege"],
      message: "aws {service} {operation} creates long-lived credentials",
      hint: "use roles and short-lived credentials instead of access keys or passwords",
      description: "Access keys, console passwords, service-specific credentials, SSH keys for IAM users.",
    },
    "resource-policy": {
      risk: "medium",
      categories: ["privilege", "mutate"],
      message: "aws {service} {operation} changes who may access a resource",
      hint: "review the policy document before applying it",
      description: "Bucket, key, queue, function and repository policies and grants.",
    },
    "public-access": {
      risk: "high",
      categories: ["exfiltrate", "mutate"],
      message: "aws {service} {operation} opens access to everyone ({detail})",
      hint: "grant access to specific principals or address ranges",
      description: "Public ACLs, Principal *, snapshots shared with all accounts, security groups open to 0.0.0.0/0.",
    },
    "sql-destroy": {
      risk: "high",
      categories: ["destroy"],
      message: "aws {service} {operation} runs {statement}, which deletes data{target}",
      hint: "run the statement against a copy first, and let a human run it",
      description: "DROP, TRUNCATE, DELETE/UPDATE without WHERE through Athena, Redshift Data, RDS Data or DynamoDB PartiQL.",
    },
    "sql-write": {
      risk: "low",
      categories: ["mutate"],
      message: "aws {service} {operation} runs {statement}, which changes data{target}",
      hint: "run it against a non-production database first",
      description: "Statements that change data through the AWS data APIs (production targets ask).",
    },
    "eksctl-destroy": {
      risk: "high",
      categories: ["destroy"],
      message: "eksctl {verb} {what} removes an EKS cluster, node group or its workloads",
      hint: "check the cluster and profile, and let a human run it",
      description: "eksctl delete and drain.",
    },
    "eksctl-change": {
      risk: "low",
      categories: ["mutate"],
      message: "eksctl {verb} {what} changes an EKS cluster",
      hint: "run it against a non-production cluster first",
      description: "eksctl create, scale, update, upgrade --approve, set (production clusters ask).",
    },
    "s3-rm": {
      risk: "high",
      categories: ["destroy"],
      message: "aws s3 rm deletes {target}",
      hint: "check the key, or enable versioning so the object can be restored",
      description: "Deleting an S3 object.",
    },
    "s3-rm-recursive": {
      risk: "high",
      categories: ["destroy"],
      message: "aws s3 rm --recursive deletes every object under {target}",
      hint: "list what would go with --dryrun first",
      description: "Deleting every object under an S3 prefix or bucket.",
    },
    "s3-rb": {
      risk: "high",
      categories: ["destroy"],
      message: "aws s3 rb deletes bucket {target}",
      hint: "check the bucket name and profile",
      description: "Deleting an S3 bucket.",
    },
    "s3-rb-force": {
      risk: "high",
      categories: ["destroy"],
      message: "aws s3 rb --force deletes every object in {target} and then the bucket",
      hint: "back the bucket up first, or empty it deliberately",
      description: "Deleting a bucket with all its objects.",
    },
    "s3-sync-delete": {
      risk: "medium",
      categories: ["destroy", "mutate"],
      message: "aws s3 sync --delete deletes whatever in {target} is not in {source}",
      hint: "preview with --dryrun, or sync without --delete",
      description: "sync --delete removes destination files missing from the source.",
    },
    "s3-move": {
      risk: "medium",
      categories: ["mutate"],
      message: "aws s3 mv moves {source} to {target}, deleting the source",
      hint: "copy with aws s3 cp and delete the source once the copy is checked",
      description: "Moving objects into, out of or within S3.",
    },
    "s3-write": {
      risk: "low",
      categories: ["mutate"],
      message: "aws s3 {operation} writes to {target}",
      hint: "write to a non-production bucket first",
      description: "Uploading or copying into S3 (production buckets and profiles ask).",
    },
    opaque: {
      risk: "high",
      categories: ["opaque"],
      message: "{detail}",
      hint: "write the AWS service, operation and profile literally so they can be checked",
      description: "A service, operation or profile computed at run time.",
    },
  },
  check(inv, ctx) {
    if (inv.program === "eksctl") return eksctl(inv, ctx);
    const call = parseAwsCall(inv.argv);
    if (!call.service || !call.operation) return;
    const service = call.service.value;
    const operation = call.operation.value;
    if (service === undefined || operation === undefined) {
      const which = service === undefined ? call.service : call.operation;
      ctx.report("opaque", { word: which, data: { detail: `the AWS ${service === undefined ? "service" : "operation"} ${which.raw} is computed at run time` } });
      return;
    }
    if (operation === "help" || LOCAL.has(service) || LOCAL.has(`${service} ${operation}`)) return;
    if (service === "s3") checkS3(inv, ctx, call, operation);
    else checkOperation(inv, ctx, call, service, operation);
  },
});
