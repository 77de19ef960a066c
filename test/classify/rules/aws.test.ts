// aws rule pack: operations by verb, s3 file commands, IAM grants, production profiles from flags, env and ~/.aws/config.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { check } from "../../../src/check.js";
import { ruleTable } from "../../helpers/rule-table.js";

// A config file whose profiles look harmless by name but assume production roles or sit in production accounts.
const dir = mkdtempSync(join(tmpdir(), "sg-aws-"));
const CONFIG = join(dir, "config");
writeFileSync(
  CONFIG,
  [
    "[default]",
    "region = us-east-1",
    "[profile deployer]",
    "role_arn = arn:aws:iam::111122223333:role/prod-deployer",
    "source_profile = default",
    "[profile sso-main]",
    "sso_account_id = 444455556666",
    "sso_account_name = acme-production",
    "sso_role_name = Developer",
    "[profile sandbox]",
    "region = eu-west-1",
    "",
  ].join("\n"),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

ruleTable("aws", {
  valid: [
    "aws s3 ls",
    "aws s3 ls s3://prod-backups/ --recursive",
    "aws sts get-caller-identity",
    "aws --profile prod sts get-caller-identity",
    "aws ce get-cost-and-usage --time-period Start=2026-10-01,End=2026-11-01 --granularity MONTHLY --metrics BlendedCost",
    "aws ec2 describe-instances --filters Name=tag:env,Values=prod",
    { command: "aws ec2 describe-instances --region eu-west-1 --output table", env: { AWS_PROFILE: "prod" } },
    "aws --profile prod --region eu-west-1 rds describe-db-instances --query 'DBInstances[].DBInstanceIdentifier'",
    "aws logs tail /aws/lambda/api-prod --follow",
    "aws dynamodb scan --table-name orders-prod --max-items 10",
    "aws cloudformation validate-template --template-body file://stack.yml",
    "aws s3api head-object --bucket prod-assets --key logo.png",
    "aws s3api get-object --bucket prod-assets --key logo.png logo.png",
    "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::123456789012:role/x --action-names s3:GetObject",
    "aws dynamodb batch-get-item --request-items file://keys.json",
    "aws cognito-idp admin-get-user --user-pool-id p --username bob",
    "aws ec2 wait instance-running --instance-ids i-1",
    "aws s3 presign s3://prod-assets/report.pdf --expires-in 600",
    "aws s3 cp s3://prod-assets/report.pdf ./report.pdf",
    "aws s3 sync s3://prod-assets ./local-copy",
    "aws ec2 terminate-instances --instance-ids i-0abc --dry-run",
    "aws s3 rm s3://prod-backups --recursive --dryrun",
    "aws lambda delete-function --function-name api --generate-cli-skeleton",
    "aws configure set region eu-west-1 --profile prod",
    "aws configure list",
    "aws eks update-kubeconfig --name prod-cluster --profile prod",
    "aws sso login --profile prod",
    "aws ecr get-login-password --region eu-west-1",
    "aws ec2 help",
    "aws --version",
    "aws kms decrypt --ciphertext-blob fileb://secret.enc --profile prod",
  ],
  invalid: [
    // Changes outside production: reported, but they pass.
    { command: "aws s3 cp report.csv s3://scratch-bucket/", env: { AWS_PROFILE: "dev" }, ids: ["aws/s3-write"], decision: "allow" },
    { command: "aws lambda update-function-code --function-name api --zip-file fileb://fn.zip --profile dev", ids: ["aws/mutate"], decision: "allow" },
    { command: "aws ec2 run-instances --image-id ami-1 --instance-type t3.micro", ids: ["aws/mutate"], decision: "allow" },
    { command: "aws sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/1/jobs --message-body hi", ids: ["aws/mutate"], decision: "allow" },
    { command: "aws --endpoint-url http://localhost:4566 s3 mb s3://test-bucket", ids: ["aws/mutate"], decision: "allow" },
    { command: "aws s3 mb s3://scratch-2", env: { AWS_CONFIG_FILE: CONFIG, AWS_PROFILE: "sandbox" }, ids: ["aws/mutate"], decision: "allow" },
    { command: "aws glue start-job-run --job-name nightly", ids: ["aws/mutate"], decision: "allow" },
    // Destroying, privilege and production:
    { command: "aws ec2 terminate-instances --instance-ids i-0abc123", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws s3 rm s3://company-backups --recursive", ids: ["aws/s3-rm-recursive"], decision: "ask" },
    { command: "aws s3 rm s3://company-backups/2026/01/dump.sql", ids: ["aws/s3-rm"], decision: "ask" },
    { command: "aws s3 rb s3://old-bucket", ids: ["aws/s3-rb"], decision: "ask" },
    { command: "aws s3 rb s3://old-bucket --force", ids: ["aws/s3-rb-force"], decision: "ask" },
    { command: "aws cloudformation delete-stack --stack-name cost-explorer-prod", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws rds delete-db-instance --db-instance-identifier main --skip-final-snapshot", ids: ["aws/destroy", "aws/unsafe-flag"], decision: "ask" },
    { command: "aws rds modify-db-instance --db-instance-identifier main --no-deletion-protection", ids: ["aws/unsafe-flag"], decision: "ask" },
    { command: "aws secretsmanager delete-secret --secret-id db-pass --force-delete-without-recovery", ids: ["aws/destroy", "aws/unsafe-flag"], decision: "ask" },
    { command: "aws ecr delete-repository --repository-name api --force", ids: ["aws/destroy", "aws/unsafe-flag"], decision: "ask" },
    { command: "aws kms schedule-key-deletion --key-id 1234abcd --pending-window-in-days 7", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws organizations leave-organization", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws sqs purge-queue --queue-url https://sqs.us-east-1.amazonaws.com/1/jobs", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws ec2 stop-instances --instance-ids i-1", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws rds reboot-db-instance --db-instance-identifier main", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws ec2 detach-volume --volume-id vol-1", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws ec2 revoke-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr 10.0.0.0/8", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws ec2 release-address --allocation-id eipalloc-1", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws dynamodb batch-write-item --request-items file://rows.json --profile prod", ids: ["aws/mutate"], decision: "ask" },
    { command: "aws dynamodb delete-table --table-name sessions", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws cognito-idp admin-delete-user --user-pool-id p --username bob", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://c.json --profile production", ids: ["aws/mutate"], decision: "ask" },
    { command: "aws ecs update-service --cluster prod-cluster --service api --force-new-deployment", ids: ["aws/mutate"], decision: "ask" },
    { command: "aws elasticbeanstalk update-environment --environment-name web-live --version-label v2", ids: ["aws/mutate"], decision: "ask" },
    { command: "aws s3 sync ./build s3://www-site --delete", env: { AWS_PROFILE: "prod" }, ids: ["aws/s3-sync-delete"], decision: "ask" },
    { command: "aws s3 sync ./build s3://www-site --delete", ids: ["aws/s3-sync-delete"], decision: "ask" },
    { command: "aws s3 cp report.csv s3://scratch-bucket/", env: { AWS_PROFILE: "prod" }, ids: ["aws/s3-write"], decision: "ask" },
    { command: "aws s3 cp dump.sql s3://acme-prod-backups/", ids: ["aws/s3-write"], decision: "ask" },
    { command: "aws s3 mv s3://acme-prod-data/a.csv s3://archive/a.csv", ids: ["aws/s3-move"], decision: "ask" },
    { command: "aws s3 mv ./a.csv s3://scratch/a.csv", ids: ["aws/s3-move"], decision: "warn" },
    { command: "aws s3 cp site/ s3://www --recursive --acl public-read", ids: ["aws/public-access"], decision: "ask" },
    { command: "aws s3api put-bucket-acl --bucket data --acl public-read", ids: ["aws/public-access", "aws/resource-policy"], decision: "ask" },
    { command: "aws s3api delete-bucket --bucket data", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws s3api delete-objects --bucket data --delete file://keys.json", ids: ["aws/destroy"], decision: "ask" },
    { command: "aws s3api put-bucket-policy --bucket data --policy file://p.json", ids: ["aws/resource-policy"], decision: "warn" },
    { command: `aws s3api put-bucket-policy --bucket data --policy '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}'`, ids: ["aws/public-access"], decision: "ask" },
    { command: "aws s3api put-public-access-block --bucket data --public-access-block-configuration BlockPublicAcls=false,IgnorePublicAcls=false", ids: ["aws/public-access"], decision: "ask" },
    { command: "aws lambda add-permission --function-name api --statement-id s --action lambda:InvokeFunction --principal '*'", ids: ["aws/public-access"], decision: "ask" },
    { command: "aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr 0.0.0.0/0", ids: ["aws/public-access"], decision: "ask" },
    { command: "aws ec2 modify-snapshot-attribute --snapshot-id snap-1 --attribute createVolumePermission --operation-type add --group-names all", ids: ["aws/public-access"], decision: "ask" },
    { command: "aws iam attach-user-policy --user-name bot --policy-arn arn:aws:iam::aws:policy/AdministratorAccess", ids: ["aws/iam-admin-grant"], decision: "ask" },
    { command: "aws iam attach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", ids: ["aws/iam-policy-change"], decision: "ask" },
    { command: `aws iam put-user-policy --user-name bot --policy-name all --policy-document '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'`, ids: ["aws/iam-admin-grant"], decision: "ask" },
    { command: "aws iam put-role-policy --role-name ci --policy-name p --policy-document file://p.json", ids: ["aws/iam-policy-change"], decision: "ask" },
    { command: "aws iam create-access-key --user-name bot", ids: ["aws/credential-create"], decision: "ask" },
    { command: "aws iam create-login-profile --user-name bot --password 'Secr3t!'", ids: ["aws/credential-create"], decision: "ask" },
    { command: "aws iam update-assume-role-policy --role-name ci --policy-document file://trust.json", ids: ["aws/iam-policy-change"], decision: "ask" },
    { command: "aws iam add-user-to-group --user-name bot --group-name Admins", ids: ["aws/iam-admin-grant"], decision: "ask" },
    { command: "aws iam update-access-key --user-name bot --access-key-id AKIA1 --status Active", ids: ["aws/credential-create"], decision: "ask" },
    { command: "aws sso-admin attach-managed-policy-to-permission-set --instance-arn i --permission-set-arn p --managed-policy-arn arn:aws:iam::aws:policy/AdministratorAccess", ids: ["aws/iam-admin-grant"], decision: "ask" },
    { command: "aws ssm send-command --document-name AWS-RunShellScript --targets Key=tag:role,Values=web --parameters commands=uptime", ids: ["aws/remote-exec"], decision: "warn" },
    { command: "aws ecs execute-command --cluster prod --task t1 --command /bin/sh --interactive", ids: ["aws/remote-exec"], decision: "ask" },
    { command: "aws ec2 allocate-hosts --profile prod --instance-type m5.large --availability-zone eu-west-1a --quantity 1", ids: ["aws/mutate"], decision: "ask" },
    { command: "aws --endpoint-url http://localhost:4566 s3 rb s3://test-bucket --force", ids: ["aws/s3-rb-force"], decision: "warn" },
    { command: "aws deploy create-deployment --application-name api --deployment-group-name prod", ids: ["aws/mutate"], decision: "ask" },
    { command: "aws lambda update-function-code --function-name api --zip-file fileb://fn.zip", env: { AWS_CONFIG_FILE: CONFIG, AWS_PROFILE: "deployer" }, ids: ["aws/mutate"], decision: "ask" },
    { command: "aws lambda update-function-code --function-name api --zip-file fileb://fn.zip", env: { AWS_CONFIG_FILE: CONFIG, AWS_PROFILE: "sso-main" }, ids: ["aws/mutate"], decision: "ask" },
    { command: 'aws --profile "$P" lambda update-function-code --function-name api --zip-file fileb://fn.zip', ids: ["aws/opaque"], decision: "ask" },
    { command: 'aws ec2 "$OP" --instance-ids i-1', ids: ["aws/opaque"], decision: "ask" },
    { command: "aws $SERVICE delete-everything", ids: ["aws/opaque"], decision: "ask" },
  ],
  equivalent: [
    {
      ids: ["aws/mutate"],
      decision: "ask",
      commands: [
        "aws --profile prod lambda update-function-code --function-name api --zip-file fileb://fn.zip",
        "AWS_PROFILE=prod aws lambda update-function-code --function-name api --zip-file fileb://fn.zip",
        "aws lambda update-function-code --function-name api --zip-file fileb://fn.zip --profile=prod",
        "aws lambda --profile prod update-function-code --function-name api --zip-file fileb://fn.zip",
        "env AWS_PROFILE=prod aws lambda update-function-code --function-name api --zip-file fileb://fn.zip",
        "AWS_DEFAULT_PROFILE=production aws lambda update-function-code --function-name api --zip-file fileb://fn.zip",
        { command: "aws lambda update-function-code --function-name api --zip-file fileb://fn.zip", env: { AWS_PROFILE: "prod" } },
        "export AWS_PROFILE=prod; aws lambda update-function-code --function-name api --zip-file fileb://fn.zip",
        "aws --region eu-west-1 --output json --no-cli-pager --profile prod lambda update-function-code --function-name api --zip-file fileb://fn.zip",
        "bash -c 'aws --profile prod lambda update-function-code --function-name api --zip-file fileb://fn.zip'",
      ],
    },
    {
      ids: ["aws/s3-rm-recursive"],
      decision: "ask",
      commands: [
        "aws s3 rm s3://company-backups --recursive",
        "aws s3 rm --recursive s3://company-backups",
        "aws --profile dev s3 rm s3://company-backups/ --recursive --exclude '*.keep'",
        "sudo aws s3 rm s3://company-backups --recursive",
        "/usr/local/bin/aws s3 rm s3://company-backups --recursive",
        "timeout 60 aws s3 rm s3://company-backups --recursive --quiet",
      ],
    },
    {
      ids: ["aws/destroy"],
      decision: "ask",
      commands: [
        "aws ec2 terminate-instances --instance-ids i-1 i-2",
        "aws --region us-east-1 ec2 terminate-instances --instance-ids i-1",
        "aws ec2 terminate-instances --instance-ids=i-1 --debug",
        "aws --no-verify-ssl --endpoint-url https://ec2.us-east-1.amazonaws.com ec2 terminate-instances --instance-ids i-1",
        "aws ec2 terminate-instances --cli-input-json file://terminate.json",
        "echo ok && aws ec2 terminate-instances --instance-ids i-1",
      ],
    },
  ],
});

// Odd argument lists (dangling options, dynamic words, missing operands) must never make the pack throw.
describe("aws rules never break", () => {
  it("on random argument lists", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...["aws"]), fc.array(fc.constantFrom(...["s3", "s3api", "ec2", "iam", "rm", "rb", "cp", "mv", "sync", "ls", "delete-stack", "terminate-instances", "attach-user-policy", "put-bucket-acl", "--profile", "--profile=prod", "prod", "--region", "--recursive", "--force", "--delete", "--acl", "public-read", "--endpoint-url", "http://localhost:4566", "--policy-arn", "s3://b/k", "./x", "-", "--", "\"$X\"", "--dry-run", "--cli-input-json", "help", "configure"]), { maxLength: 8 }), async (prog, words) => {
        const d = await check([prog, ...words].join(" "), { cwd: "/", env: { HOME: "/nonexistent" } });
        expect(d.findings.filter((f) => f.id === "shellgate/rule-error")).toEqual([]);
        expect(d.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
