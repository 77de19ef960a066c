// gcloud rule pack: gcloud verbs anywhere in the command path, gcloud storage, gsutil, bq, keys and IAM, project context.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { check } from "../../../src/check.js";
import { ruleTable } from "../../helpers/rule-table.js";

// gcloud config directories: one whose active configuration points at a production project, one at a dev project.
const root = mkdtempSync(join(tmpdir(), "sg-gcloud-"));
function configDir(name: string, project: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "configurations"), { recursive: true });
  writeFileSync(join(dir, "active_config"), name);
  writeFileSync(join(dir, "configurations", `config_${name}`), `[core]\nproject = ${project}\naccount = me@acme.com\n`);
  return dir;
}
const PROD = { CLOUDSDK_CONFIG: configDir("work", "acme-prod-1234") };
const DEV = { CLOUDSDK_CONFIG: configDir("dev", "acme-dev") };
afterAll(() => rmSync(root, { recursive: true, force: true }));

ruleTable("gcloud", {
  valid: [
    "gcloud compute instances list",
    { command: "gcloud compute instances list --format=json", env: PROD },
    "gcloud projects describe acme-prod",
    "gcloud --project acme-prod sql instances describe main",
    "gcloud container clusters get-credentials prod-cluster --zone europe-west1-b",
    "gcloud beta run services describe api --region europe-west1",
    "gcloud logging read 'severity>=ERROR' --project acme-prod --limit 50",
    "gcloud secrets versions access latest --secret db-pass",
    "gcloud projects get-iam-policy acme-prod",
    "gcloud iam service-accounts keys list --iam-account sa@acme.iam.gserviceaccount.com",
    "gcloud config set project acme-prod",
    "gcloud auth login",
    "gcloud auth application-default login",
    "gcloud components update",
    "gcloud info",
    "gcloud app logs tail -s default",
    "gcloud storage ls gs://acme-prod-data",
    "gcloud storage cp gs://acme-prod-data/report.csv .",
    "gcloud storage rsync gs://acme-prod-data ./local --recursive",
    "gcloud storage rm -r gs://acme-prod-data/tmp --dry-run",
    "gcloud deployment-manager deployments create stack --config c.yaml --preview --dry-run",
    "gsutil ls -l gs://acme-prod-data",
    "gsutil cat gs://acme-prod-data/a.txt",
    "gsutil -m cp gs://acme-data/* ./backup/",
    "gsutil rsync -n -d -r ./site gs://acme-www",
    "gsutil du -s gs://acme-data",
    "gsutil iam get gs://acme-data",
    "bq ls",
    "bq show --format=prettyjson acme:analytics.events",
    "bq head -n 10 analytics.events",
    "bq query --use_legacy_sql=false 'SELECT count(*) FROM analytics.events'",
    "bq query --nouse_legacy_sql 'WITH x AS (SELECT 1) SELECT * FROM x'",
    "bq query --dry_run 'DELETE FROM analytics.events WHERE true'",
  ],
  invalid: [
    // Changes outside production pass.
    { command: "gcloud run deploy api --image gcr.io/acme/api:1 --region europe-west1", env: DEV, ids: ["gcloud/mutate"], decision: "allow" },
    { command: "gcloud compute instances create vm-1 --zone europe-west1-b", ids: ["gcloud/mutate"], decision: "allow" },
    { command: "gcloud pubsub topics publish jobs --message hi", ids: ["gcloud/mutate"], decision: "allow" },
    { command: "gcloud storage cp report.csv gs://scratch/", ids: ["gcloud/storage-write"], decision: "allow" },
    { command: "gsutil cp report.csv gs://scratch/", ids: ["gcloud/storage-write"], decision: "allow" },
    { command: "bq mk --dataset scratch", ids: ["gcloud/mutate"], decision: "allow" },
    { command: "bq query --use_legacy_sql=false 'INSERT INTO scratch.t VALUES (1)'", ids: ["gcloud/mutate"], decision: "allow" },
    // Destroying:
    { command: "gcloud projects delete acme-prod", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud projects delete acme-sandbox --quiet", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud compute instances delete vm-1 --zone us-east1-b", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud compute instances delete vm-1 --delete-disks=all", ids: ["gcloud/destroy", "gcloud/unsafe-flag"], decision: "ask" },
    { command: "gcloud container clusters delete main --region europe-west1", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud container node-pools delete pool-1 --cluster main", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud sql instances delete db-1", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud sql instances restart db-1", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud compute instances stop vm-1", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud compute instances reset vm-1", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud services disable compute.googleapis.com", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud kms keys versions destroy 1 --key k --keyring r --location global", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud secrets versions destroy 3 --secret db-pass", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud pubsub subscriptions seek sub --time 2026-01-01 --project acme-prod", ids: ["gcloud/mutate"], decision: "ask" },
    { command: "gcloud billing projects unlink acme-dev", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud alpha firestore databases delete --database=main", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud projects remove-iam-policy-binding acme --member user:a@b.com --role roles/viewer", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud sql instances patch db-1 --no-deletion-protection", ids: ["gcloud/unsafe-flag"], decision: "ask" },
    { command: "gcloud storage rm gs://acme-data/a.csv", ids: ["gcloud/storage-rm"], decision: "ask" },
    { command: "gcloud storage rm --recursive gs://acme-data", ids: ["gcloud/storage-rm-recursive"], decision: "ask" },
    { command: "gcloud storage buckets delete gs://acme-data", ids: ["gcloud/destroy"], decision: "ask" },
    { command: "gcloud storage rsync ./site gs://acme-www --recursive --delete-unmatched-destination-objects", ids: ["gcloud/rsync-delete"], decision: "warn" },
    { command: "gcloud storage rsync ./site gs://acme-www-prod --recursive --delete-unmatched-destination-objects", ids: ["gcloud/rsync-delete"], decision: "ask" },
    { command: "gcloud storage mv gs://acme-prod-data/a gs://archive/a", ids: ["gcloud/storage-move"], decision: "ask" },
    { command: "gsutil rm -r gs://acme-data", ids: ["gcloud/storage-rm-recursive"], decision: "ask" },
    { command: "gsutil rm gs://acme-data/a.csv", ids: ["gcloud/storage-rm"], decision: "ask" },
    { command: "gsutil rb gs://acme-data", ids: ["gcloud/bucket-delete"], decision: "ask" },
    { command: "gsutil rsync -d -r ./site gs://acme-www", ids: ["gcloud/rsync-delete"], decision: "warn" },
    { command: "gsutil -m rsync -d -r ./site gs://acme-prod-site", ids: ["gcloud/rsync-delete"], decision: "ask" },
    { command: "gsutil mv gs://a/x gs://b/x", ids: ["gcloud/storage-move"], decision: "warn" },
    { command: "gsutil cp dump.sql gs://acme-prod-backups/", ids: ["gcloud/storage-write"], decision: "ask" },
    { command: "bq rm -f -t analytics.events", ids: ["gcloud/bq-remove"], decision: "ask" },
    { command: "bq rm -r -f -d analytics", ids: ["gcloud/bq-remove"], decision: "ask" },
    { command: "bq load --replace analytics.events gs://x/*.json schema.json", ids: ["gcloud/bq-overwrite"], decision: "ask" },
    { command: "bq cp -f staging.events analytics.events", ids: ["gcloud/bq-overwrite"], decision: "ask" },
    { command: "bq query --use_legacy_sql=false 'DROP TABLE analytics.events'", ids: ["gcloud/bq-destroy-sql"], decision: "ask" },
    { command: "bq query --nouse_legacy_sql 'SELECT 1; TRUNCATE TABLE analytics.events'", ids: ["gcloud/bq-destroy-sql"], decision: "ask" },
    { command: "bq query --use_legacy_sql=false 'DELETE FROM analytics.events WHERE true'", ids: ["gcloud/bq-destroy-sql"], decision: "ask" },
    { command: "bq query --use_legacy_sql=false 'DELETE FROM scratch.events WHERE id = 7'", ids: ["gcloud/mutate"], decision: "allow" },
    { command: "bq query --use_legacy_sql=false 'DELETE FROM analytics.events WHERE id = 7' --project_id acme-prod", ids: ["gcloud/mutate"], decision: "ask" },
    { command: "bq query 'GRANT `roles/bigquery.dataViewer` ON TABLE a.t TO \"user:x@y.com\"'", ids: ["gcloud/iam-change"], decision: "warn" },
    { command: "bq query --use_legacy_sql=false <<'SQL'\nDROP TABLE analytics.events;\nSQL", ids: ["gcloud/bq-destroy-sql"], decision: "ask" },
    { command: "bq query --destination_table analytics.daily --replace 'SELECT * FROM raw'", ids: ["gcloud/bq-overwrite"], decision: "ask" },
    { command: "bq --project_id=acme-prod mk --table analytics.t schema.json", ids: ["gcloud/mutate"], decision: "ask" },
    { command: 'bq query "$SQL"', ids: ["gcloud/opaque"], decision: "ask" },
    // Privilege and public access:
    { command: "gcloud iam service-accounts keys create key.json --iam-account sa@acme.iam.gserviceaccount.com", ids: ["gcloud/key-create"], decision: "ask" },
    { command: "gcloud storage hmac create sa@acme.iam.gserviceaccount.com", ids: ["gcloud/key-create"], decision: "ask" },
    { command: "gcloud compute reset-windows-password vm-1 --user admin", ids: ["gcloud/key-create"], decision: "ask" },
    { command: "gcloud projects add-iam-policy-binding acme --member user:bob@acme.com --role roles/owner", ids: ["gcloud/iam-admin-grant"], decision: "ask" },
    { command: "gcloud projects add-iam-policy-binding acme --member=serviceAccount:ci@acme.iam.gserviceaccount.com --role=roles/editor", ids: ["gcloud/iam-admin-grant"], decision: "ask" },
    { command: "gcloud iam service-accounts add-iam-policy-binding sa@acme.iam.gserviceaccount.com --member user:bob@acme.com --role roles/iam.serviceAccountTokenCreator", ids: ["gcloud/iam-admin-grant"], decision: "ask" },
    { command: "gcloud projects add-iam-policy-binding acme-dev --member user:bob@acme.com --role roles/logging.viewer", ids: ["gcloud/iam-change"], decision: "warn" },
    { command: "gcloud projects add-iam-policy-binding acme-prod --member user:bob@acme.com --role roles/logging.viewer", ids: ["gcloud/iam-change"], decision: "ask" },
    { command: "gcloud storage buckets add-iam-policy-binding gs://acme-www --member=allUsers --role=roles/storage.objectViewer", ids: ["gcloud/public-access"], decision: "ask" },
    { command: "gcloud projects set-iam-policy acme policy.json", ids: ["gcloud/iam-policy-replace"], decision: "ask" },
    { command: "gcloud compute firewall-rules create allow-ssh --allow tcp:22 --source-ranges 0.0.0.0/0", ids: ["gcloud/public-access"], decision: "ask" },
    { command: "gsutil iam ch allUsers:objectViewer gs://acme-www", ids: ["gcloud/public-access"], decision: "ask" },
    { command: "gsutil acl ch -u AllUsers:R gs://acme-www/index.html", ids: ["gcloud/public-access"], decision: "ask" },
    { command: "gsutil cp -a public-read index.html gs://acme-www/", ids: ["gcloud/public-access"], decision: "ask" },
    // Remote sessions and production context:
    { command: "gcloud compute ssh vm-1 --zone us-east1-b", ids: ["gcloud/remote-exec"], decision: "warn" },
    { command: "gcloud sql connect main --user postgres --project acme-prod", ids: ["gcloud/remote-exec"], decision: "ask" },
    { command: "gcloud run deploy api --image gcr.io/acme/api:1", env: PROD, ids: ["gcloud/mutate"], decision: "ask" },
    { command: "gcloud functions deploy api-prod --runtime nodejs20 --trigger-http", ids: ["gcloud/mutate"], decision: "ask" },
    { command: "gcloud app deploy --project acme-production", ids: ["gcloud/mutate"], decision: "ask" },
    { command: "gcloud --configuration work app deploy", env: { CLOUDSDK_CONFIG: PROD.CLOUDSDK_CONFIG }, ids: ["gcloud/mutate"], decision: "ask" },
    { command: "gcloud widgets frobnicate thing --project acme-prod", ids: ["gcloud/mutate"], decision: "ask" },
    { command: 'gcloud run deploy api --project "$PROJECT"', ids: ["gcloud/opaque"], decision: "ask" },
    { command: 'gcloud compute instances "$VERB" vm-1', ids: ["gcloud/opaque"], decision: "ask" },
  ],
  equivalent: [
    {
      ids: ["gcloud/mutate"],
      decision: "ask",
      commands: [
        "gcloud --project acme-prod run deploy api --image gcr.io/acme/api:1",
        "gcloud run deploy api --image gcr.io/acme/api:1 --project acme-prod",
        "gcloud run deploy api --project=acme-prod --image=gcr.io/acme/api:1",
        "CLOUDSDK_CORE_PROJECT=acme-prod gcloud run deploy api --image gcr.io/acme/api:1",
        "env CLOUDSDK_CORE_PROJECT=acme-prod gcloud run deploy api --image gcr.io/acme/api:1",
        { command: "gcloud run deploy api --image gcr.io/acme/api:1", env: PROD },
        { command: "gcloud beta run deploy api --image gcr.io/acme/api:1 --quiet", env: PROD },
        "gcloud run deploy api --image gcr.io/acme/api:1 --impersonate-service-account deployer@acme-prod.iam.gserviceaccount.com",
      ],
    },
    {
      ids: ["gcloud/storage-rm-recursive"],
      decision: "ask",
      commands: [
        "gsutil rm -r gs://acme-data",
        "gsutil -m rm -r gs://acme-data",
        "gsutil -m rm -rf gs://acme-data",
        "gsutil rm -R gs://acme-data/**",
        "gsutil -u billing-proj -o GSUtil:parallel_process_count=4 rm -r gs://acme-data",
        "gcloud storage rm -r gs://acme-data",
        "gcloud storage rm --recursive gs://acme-data/**",
        "sudo gsutil rm -r gs://acme-data",
      ],
    },
    {
      ids: ["gcloud/destroy"],
      decision: "ask",
      commands: [
        "gcloud projects delete acme-prod",
        "gcloud projects delete acme-prod --quiet",
        "gcloud -q projects delete acme-prod",
        "gcloud alpha projects delete acme-prod",
        "gcloud --verbosity=debug projects delete acme-prod",
        "bash -c 'gcloud projects delete acme-prod'",
      ],
    },
  ],
});

// Odd argument lists (dangling options, dynamic words, missing operands) must never make the pack throw.
describe("gcloud rules never break", () => {
  it("on random argument lists", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...["gcloud", "gsutil", "bq"]), fc.array(fc.constantFrom(...["compute", "instances", "delete", "list", "storage", "rm", "cp", "rsync", "mv", "rb", "-r", "-d", "-m", "query", "\"DROP TABLE t\"", "iam", "service-accounts", "keys", "create", "add-iam-policy-binding", "--role", "roles/owner", "--member", "allUsers", "--project", "acme-prod", "gs://b/o", "alpha", "-u", "--", "\"$X\"", "acl", "ch"]), { maxLength: 8 }), async (prog, words) => {
        const d = await check([prog, ...words].join(" "), { cwd: "/", env: { HOME: "/nonexistent" } });
        expect(d.findings.filter((f) => f.id === "shellgate/rule-error")).toEqual([]);
        expect(d.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
