// paas rule pack: doctl, heroku, fly, vercel, netlify and railway destroys, production deploys, scale to zero and config removal.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { check } from "../../../src/check.js";
import { ruleTable } from "../../helpers/rule-table.js";

// A fly app directory whose fly.toml names a production app, one naming a staging app, and a doctl config on a prod context.
const root = mkdtempSync(join(tmpdir(), "sg-paas-"));
function dir(name: string, files: Record<string, string>): string {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}
const FLY_PROD = dir("api", { "fly.toml": 'app = "acme-api-prod"\nprimary_region = "ams"\n' });
const FLY_STAGING = dir("api-staging", { "fly.toml": "app = 'acme-api-staging'\n" });
const DOCTL_PROD = { DOCTL_CONFIG_HOME: "", HOME: dir("doctl-home", {}) };
mkdirSync(join(DOCTL_PROD.HOME, ".config", "doctl"), { recursive: true });
writeFileSync(join(DOCTL_PROD.HOME, ".config", "doctl", "config.yaml"), "access-token: x\ncontext: prod\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

ruleTable("paas", {
  valid: [
    "heroku pg:psql -a myapp-prod -c 'SELECT count(*) FROM users'",
    "firebase projects:list",
    "firebase use prod",
    "firebase emulators:start",
    "firebase functions:log --project acme-prod",
    "wrangler dev",
    "wrangler tail --env production",
    "wrangler d1 execute prod-db --command 'SELECT count(*) FROM users'",
    "wrangler kv key list --binding=CACHE",
    "vercel alias ls",
    "doctl compute droplet list",
    "doctl --context prod databases list",
    "doctl kubernetes cluster kubeconfig save prod-cluster",
    "doctl account get",
    "doctl auth init --context prod",
    "heroku apps",
    "heroku apps:info -a acme-prod",
    "heroku logs --tail -a acme-prod",
    "heroku config -a acme-prod",
    "heroku config:get DATABASE_URL -a acme-prod",
    "heroku pg:info -a acme-prod",
    "heroku pg:backups:capture -a acme-prod",
    "heroku ps -a acme-prod",
    "heroku releases -a acme-prod",
    "heroku login",
    "heroku local web",
    "fly status -a acme-api-prod",
    "fly logs",
    "fly apps list",
    "fly volumes list -a acme-api-prod",
    "fly secrets list",
    "fly scale show",
    "flyctl version",
    "vercel ls",
    "vercel env ls",
    "vercel env pull .env.local",
    "vercel logs https://x.vercel.app",
    "vercel link --yes",
    "vercel dev",
    "vercel whoami",
    "netlify status",
    "netlify sites:list",
    "netlify env:list",
    "netlify link",
    "netlify build",
    "netlify api listSites",
    "railway status",
    "railway logs",
    "railway link",
    "railway variables",
  ],
  invalid: [
    { command: "heroku pg:psql -a myapp-prod -c 'DELETE FROM users'", ids: ["paas/destroy"], decision: "ask" },
    { command: "heroku pg:psql -a myapp-staging -c \"UPDATE users SET a = 1 WHERE id = 2\"", ids: ["paas/mutate"], decision: "allow" },
    { command: "heroku pg:psql -a myapp-prod -c \"UPDATE users SET a = 1 WHERE id = 2\"", ids: ["paas/mutate"], decision: "ask" },
    { command: "heroku pg:psql -a myapp-prod", ids: ["paas/remote-exec"], decision: "ask" },
    { command: "fly deploy --config fly.production.toml", ids: ["paas/deploy"], decision: "ask" },
    { command: "fly deploy -c fly.staging.toml", ids: ["paas/deploy"], decision: "allow" },
    { command: "vercel alias set app-abc.vercel.app acme.com", ids: ["paas/mutate"], decision: "ask" },
    { command: "vercel alias set app-abc.vercel.app feature-x-acme.vercel.app", ids: ["paas/mutate"], decision: "allow" },
    { command: "firebase deploy --only hosting --project acme-prod", ids: ["paas/deploy"], decision: "ask" },
    { command: "firebase deploy -P acme-dev", ids: ["paas/deploy"], decision: "allow" },
    { command: "firebase use prod && firebase deploy --only functions", ids: ["paas/deploy"], decision: "ask" },
    { command: "firebase hosting:channel:deploy preview --project acme-prod", ids: ["paas/deploy"], decision: "ask" },
    { command: "firebase firestore:delete --all-collections --project acme-dev", ids: ["paas/destroy"], decision: "ask" },
    { command: "firebase database:remove /users --project acme-dev", ids: ["paas/destroy"], decision: "ask" },
    { command: "firebase functions:delete sendMail --force", ids: ["paas/destroy"], decision: "ask" },
    { command: "wrangler deploy", ids: ["paas/deploy"], decision: "allow" },
    { command: "wrangler deploy --env production", ids: ["paas/deploy"], decision: "ask" },
    { command: "wrangler delete", ids: ["paas/destroy"], decision: "ask" },
    { command: "wrangler d1 execute prod-db --command 'DROP TABLE users'", ids: ["paas/destroy"], decision: "ask" },
    { command: "wrangler d1 execute dev-db --local --command \"INSERT INTO t VALUES (1)\"", ids: ["paas/mutate"], decision: "allow" },
    { command: "wrangler d1 delete analytics", ids: ["paas/destroy"], decision: "ask" },
    { command: "wrangler kv namespace delete --binding CACHE", ids: ["paas/destroy"], decision: "ask" },
    { command: "wrangler r2 bucket delete assets", ids: ["paas/destroy"], decision: "ask" },
    { command: "wrangler secret delete API_KEY --env production", ids: ["paas/env-remove"], decision: "ask" },
    { command: "wrangler d1 migrations apply prod-db --remote", ids: ["paas/mutate"], decision: "ask" },
    { command: "wrangler rollback", ids: ["paas/deploy"], decision: "allow" },
    // Changes outside production pass.
    { command: "fly deploy", cwd: FLY_STAGING, ids: ["paas/deploy"], decision: "allow" },
    { command: "vercel", ids: ["paas/deploy"], decision: "allow" },
    { command: "vercel deploy ./site", ids: ["paas/deploy"], decision: "allow" },
    { command: "netlify deploy --dir dist", ids: ["paas/deploy"], decision: "allow" },
    { command: "railway up", ids: ["paas/deploy"], decision: "allow" },
    { command: "heroku config:set FEATURE=1 -a acme-staging", ids: ["paas/mutate"], decision: "allow" },
    { command: "doctl compute droplet create web-2 --size s-1vcpu-1gb --image ubuntu-24-04-x64 --region ams3", ids: ["paas/mutate"], decision: "allow" },
    // Destroying:
    { command: "doctl compute droplet delete web-1 --force", ids: ["paas/destroy"], decision: "ask" },
    { command: "doctl compute droplet rm web-1", ids: ["paas/destroy"], decision: "ask" },
    { command: "doctl databases delete 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30", ids: ["paas/destroy"], decision: "ask" },
    { command: "doctl databases db delete 9cc1 app", ids: ["paas/destroy"], decision: "ask" },
    { command: "doctl kubernetes cluster delete k8s-1", ids: ["paas/destroy"], decision: "ask" },
    { command: "doctl compute volume delete vol-1", ids: ["paas/destroy"], decision: "ask" },
    { command: "doctl compute droplet-action power-off 1234", ids: ["paas/destroy"], decision: "ask" },
    { command: "doctl compute droplet-action rebuild 1234 --image ubuntu-24-04-x64", ids: ["paas/destroy"], decision: "ask" },
    { command: "doctl apps delete 5678 --force", ids: ["paas/destroy"], decision: "ask" },
    { command: "heroku apps:destroy --app acme-prod --confirm acme-prod", ids: ["paas/destroy"], decision: "ask" },
    { command: "heroku apps:destroy acme-sandbox --confirm acme-sandbox", ids: ["paas/destroy"], decision: "ask" },
    { command: "heroku destroy -a acme-sandbox", ids: ["paas/destroy"], decision: "ask" },
    { command: "heroku pg:reset DATABASE_URL -a acme-dev --confirm acme-dev", ids: ["paas/destroy"], decision: "ask" },
    { command: "heroku pg:backups:restore b101 DATABASE_URL -a acme-dev", ids: ["paas/destroy"], decision: "ask" },
    { command: "heroku pg:copy acme-prod::DATABASE_URL DATABASE_URL -a acme-staging", ids: ["paas/destroy"], decision: "ask" },
    { command: "heroku addons:destroy heroku-postgresql -a acme-dev", ids: ["paas/destroy"], decision: "ask" },
    { command: "heroku domains:remove www.acme.com -a acme-dev", ids: ["paas/destroy"], decision: "ask" },
    { command: "fly apps destroy acme-api-staging", ids: ["paas/destroy"], decision: "ask" },
    { command: "fly destroy acme-api-staging --yes", ids: ["paas/destroy"], decision: "ask" },
    { command: "fly volumes destroy vol_1234 -y", ids: ["paas/destroy"], decision: "ask" },
    { command: "fly machine destroy 148ed --force", ids: ["paas/destroy"], decision: "ask" },
    { command: "flyctl m stop 148ed", ids: ["paas/destroy"], decision: "ask" },
    { command: "fly ips release 1.2.3.4", ids: ["paas/destroy"], decision: "ask" },
    { command: "vercel remove my-project --yes", ids: ["paas/destroy"], decision: "ask" },
    { command: "vercel rm https://my-app-abc.vercel.app", ids: ["paas/destroy"], decision: "ask" },
    { command: "vercel domains rm acme.com", ids: ["paas/destroy"], decision: "ask" },
    { command: "vercel project rm my-project", ids: ["paas/destroy"], decision: "ask" },
    { command: "netlify sites:delete 1234-abcd --force", ids: ["paas/destroy"], decision: "ask" },
    { command: "netlify sites delete 1234-abcd", ids: ["paas/destroy"], decision: "ask" },
    { command: "netlify api deleteSite --data '{\"site_id\":\"1234\"}'", ids: ["paas/destroy"], decision: "ask" },
    { command: "railway down --yes", ids: ["paas/destroy"], decision: "ask" },
    { command: "railway delete --yes", ids: ["paas/destroy"], decision: "ask" },
    { command: "railway environment delete staging", ids: ["paas/destroy"], decision: "ask" },
    // Scale to zero and config removal: warn outside production, ask on it.
    { command: "heroku ps:scale web=0 -a acme-dev", ids: ["paas/scale-to-zero"], decision: "warn" },
    { command: "heroku ps:scale web=0 worker=0 -a acme-prod", ids: ["paas/scale-to-zero"], decision: "ask" },
    { command: "heroku ps:scale web=2 -a acme-dev", ids: ["paas/mutate"], decision: "allow" },
    { command: "fly scale count 0 -a acme-api-staging", ids: ["paas/scale-to-zero"], decision: "warn" },
    { command: "fly scale count 0", cwd: FLY_PROD, ids: ["paas/scale-to-zero"], decision: "ask" },
    { command: "heroku config:unset FOO -a acme-staging", ids: ["paas/env-remove"], decision: "warn" },
    { command: "heroku config:unset STRIPE_KEY -a acme-production", ids: ["paas/env-remove"], decision: "ask" },
    { command: "fly secrets unset STRIPE_KEY", cwd: FLY_PROD, ids: ["paas/env-remove"], decision: "ask" },
    { command: "vercel env rm API_KEY production --yes", ids: ["paas/env-remove"], decision: "ask" },
    { command: "vercel env rm API_KEY preview --yes", ids: ["paas/env-remove"], decision: "warn" },
    { command: "netlify env:unset API_KEY --context production", ids: ["paas/env-remove"], decision: "ask" },
    { command: "railway variables delete API_KEY -e production", ids: ["paas/env-remove"], decision: "ask" },
    // Production deploys and changes:
    { command: "fly deploy", cwd: FLY_PROD, ids: ["paas/deploy"], decision: "ask" },
    { command: "fly deploy -a acme-api-prod --strategy rolling", ids: ["paas/deploy"], decision: "ask" },
    { command: "fly deploy", env: { FLY_APP: "shop-live" }, ids: ["paas/deploy"], decision: "ask" },
    { command: "flyctl deploy --config fly.toml", cwd: FLY_PROD, ids: ["paas/deploy"], decision: "ask" },
    { command: "vercel --prod", ids: ["paas/deploy"], decision: "ask" },
    { command: "vercel deploy --prod --yes", ids: ["paas/deploy"], decision: "ask" },
    { command: "vercel deploy --target=production", ids: ["paas/deploy"], decision: "ask" },
    { command: "vercel promote https://my-app-abc.vercel.app", ids: ["paas/deploy"], decision: "ask" },
    { command: "vercel rollback", ids: ["paas/deploy"], decision: "ask" },
    { command: "vercel env add API_KEY production", ids: ["paas/mutate"], decision: "ask" },
    { command: "netlify deploy --prod --dir dist", ids: ["paas/deploy"], decision: "ask" },
    { command: "railway up -e production --detach", ids: ["paas/deploy"], decision: "ask" },
    { command: "heroku config:set FEATURE=1 -a acme-prod", ids: ["paas/mutate"], decision: "ask" },
    { command: "heroku releases:rollback v102 -a acme-prod", ids: ["paas/deploy"], decision: "ask" },
    { command: "heroku config:set FEATURE=1 -r production", ids: ["paas/mutate"], decision: "ask" },
    { command: "heroku maintenance:on", env: { HEROKU_APP: "acme-prod" }, ids: ["paas/mutate"], decision: "ask" },
    { command: "doctl --context prod compute droplet create web-2 --size s-1vcpu-1gb --image ubuntu-24-04-x64 --region ams3", ids: ["paas/mutate"], decision: "ask" },
    { command: "doctl compute droplet create web-2 --size s-1vcpu-1gb --image ubuntu-24-04-x64", env: DOCTL_PROD, ids: ["paas/mutate"], decision: "ask" },
    // Remote sessions and credentials:
    { command: "heroku run bash -a acme-dev", ids: ["paas/remote-exec"], decision: "warn" },
    { command: "heroku run rails db:migrate -a acme-prod", ids: ["paas/remote-exec"], decision: "ask" },
    { command: "heroku pg:psql -a acme-prod", ids: ["paas/remote-exec"], decision: "ask" },
    { command: "fly ssh console -C 'rm -rf /data'", cwd: FLY_PROD, ids: ["paas/remote-exec"], decision: "ask" },
    { command: "fly postgres connect -a acme-db", ids: ["paas/remote-exec"], decision: "warn" },
    { command: "railway run -e production npm run migrate", ids: ["paas/remote-exec"], decision: "ask" },
    { command: "railway run npm test", ids: ["paas/remote-exec"], decision: "allow" },
    { command: "doctl compute droplet-action password-reset 1234", ids: ["paas/credential-create"], decision: "ask" },
    { command: "doctl databases user reset 9cc1 doadmin", ids: ["paas/credential-create"], decision: "ask" },
    { command: "heroku authorizations:create --description ci", ids: ["paas/credential-create"], decision: "ask" },
    { command: "fly tokens create deploy -a acme-api-staging", ids: ["paas/credential-create"], decision: "ask" },
    { command: "heroku access:add bob@acme.com -a acme-dev", ids: ["paas/access-change"], decision: "warn" },
    { command: 'heroku "$CMD" -a acme-dev', ids: ["paas/opaque"], decision: "ask" },
    { command: "fly $VERB acme-api", ids: ["paas/opaque"], decision: "ask" },
  ],
  equivalent: [
    {
      ids: ["paas/destroy"],
      decision: "ask",
      commands: [
        "heroku apps:destroy --app acme-prod --confirm acme-prod",
        "heroku apps:destroy -a acme-prod --confirm acme-prod",
        "heroku apps:destroy --app=acme-prod --confirm=acme-prod",
        "heroku apps:destroy acme-prod --confirm acme-prod",
        "heroku destroy acme-prod",
        "HEROKU_APP=acme-prod heroku apps:destroy --confirm acme-prod",
      ],
    },
    {
      ids: ["paas/deploy"],
      decision: "ask",
      commands: [
        "fly deploy -a acme-api-prod",
        "flyctl deploy --app acme-api-prod",
        "fly deploy --app=acme-api-prod --remote-only",
        "FLY_APP=acme-api-prod fly deploy",
        { command: "fly deploy", cwd: FLY_PROD },
        { command: "fly deploy --config fly.toml", cwd: FLY_PROD },
        { command: `fly deploy --config ${join(FLY_PROD, "fly.toml")}`, cwd: FLY_STAGING },
      ],
    },
  ],
});

// Odd argument lists (dangling options, dynamic words, missing operands) must never make the pack throw.
describe("paas rules never break", () => {
  it("on random argument lists", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...["doctl", "heroku", "fly", "vercel", "netlify", "railway"]), fc.array(fc.constantFrom(...["compute", "droplet", "delete", "apps:destroy", "ps:scale", "web=0", "-a", "acme-prod", "--app", "apps", "destroy", "scale", "count", "0", "deploy", "--prod", "env", "rm", "production", "sites:delete", "sites", "api", "deleteSite", "down", "up", "-e", "run", "--", "\"$X\"", "--config", "fly.toml", "secrets", "unset"]), { maxLength: 8 }), async (prog, words) => {
        const d = await check([prog, ...words].join(" "), { cwd: "/", env: { HOME: "/nonexistent" } });
        expect(d.findings.filter((f) => f.id === "shellgate/rule-error")).toEqual([]);
        expect(d.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
