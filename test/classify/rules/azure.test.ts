// azure rule pack: the verb ending the az command path, role assignments, credentials, subscription and resource-group context.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { check } from "../../../src/check.js";
import { ruleTable } from "../../helpers/rule-table.js";

// Azure config directories as `az login` leaves them (UTF-8 with a BOM): one defaulting to production, one to dev.
const root = mkdtempSync(join(tmpdir(), "sg-az-"));
function azureDir(name: string, defaultSub: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const subs = [
    { id: "11111111-1111-1111-1111-111111111111", name: "Acme Production", isDefault: defaultSub === "Acme Production" },
    { id: "22222222-2222-2222-2222-222222222222", name: "Acme Dev", isDefault: defaultSub === "Acme Dev" },
  ];
  writeFileSync(join(dir, "azureProfile.json"), "\uFEFF" + JSON.stringify({ installationId: "x", subscriptions: subs }));
  return dir;
}
const PROD = { AZURE_CONFIG_DIR: azureDir("prod", "Acme Production") };
const DEV = { AZURE_CONFIG_DIR: azureDir("dev", "Acme Dev") };
afterAll(() => rmSync(root, { recursive: true, force: true }));

ruleTable("azure", {
  valid: [
    "az account show",
    "az account list -o table",
    "az account set --subscription 'Acme Production'",
    "az login --use-device-code",
    "az group list --query '[].name' -o tsv",
    { command: "az vm list -g rg-prod", env: PROD },
    "az vm show -g rg-prod -n web-1",
    "az storage blob list --account-name acmeprod --container-name data",
    "az storage blob download --account-name acme --container-name data --name a.csv --file a.csv",
    "az aks get-credentials -g rg-prod -n aks-prod",
    "az keyvault secret show --vault-name kv-prod --name db-pass",
    "az webapp log tail -g rg -n web",
    "az deployment group what-if -g rg-prod --template-file main.bicep",
    "az deployment group validate -g rg-prod --template-file main.bicep",
    "az monitor metrics list --resource /subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
    "az group exists -n rg-prod",
    "az extension add --name containerapp",
    "az config set defaults.group=rg-dev",
    "az version",
    "az rest --url https://management.azure.com/subscriptions?api-version=2022-12-01",
    "az rest --method get --url https://graph.microsoft.com/v1.0/me",
  ],
  invalid: [
    { command: "az webapp deployment slot swap -g rg -n api --slot staging --target-slot production", ids: ["azure/mutate"], decision: "ask" },
    { command: "az webapp deployment slot swap -g rg -n api --slot staging", ids: ["azure/mutate"], decision: "allow" },
    // Changes outside production pass.
    { command: "az vm create -g rg-dev -n vm1 --image Ubuntu2204", env: DEV, ids: ["azure/mutate"], decision: "allow" },
    { command: "az storage blob upload --account-name acme --container-name data --name a.csv --file a.csv", env: DEV, ids: ["azure/mutate"], decision: "allow" },
    { command: "az webapp deploy -g rg-dev -n web --src-path app.zip", ids: ["azure/mutate"], decision: "allow" },
    // Destroying:
    { command: "az group delete --name rg-prod --yes", ids: ["azure/destroy"], decision: "ask" },
    { command: "az group delete -n rg-scratch -y --no-wait", ids: ["azure/destroy"], decision: "ask" },
    { command: "az vm delete -g rg -n vm1 --yes", ids: ["azure/destroy"], decision: "ask" },
    { command: "az vm deallocate -g rg -n vm1", ids: ["azure/destroy"], decision: "ask" },
    { command: "az vm stop -g rg -n vm1", ids: ["azure/destroy"], decision: "ask" },
    { command: "az vm reimage -g rg -n vm1", ids: ["azure/destroy"], decision: "ask" },
    { command: "az keyvault purge --name kv-old", ids: ["azure/destroy"], decision: "ask" },
    { command: "az storage container delete --account-name acme --name data", ids: ["azure/destroy"], decision: "ask" },
    { command: "az storage blob delete-batch --account-name acme --source data", ids: ["azure/destroy"], decision: "ask" },
    { command: "az sql db delete -g rg -s sql-1 -n app --yes", ids: ["azure/destroy"], decision: "ask" },
    { command: "az aks nodepool delete -g rg --cluster-name aks -n pool1", ids: ["azure/destroy"], decision: "ask" },
    { command: "az cosmosdb sql container delete -g rg -a db -d app -n items", ids: ["azure/destroy"], decision: "ask" },
    { command: "az lock delete --name do-not-delete -g rg", ids: ["azure/destroy"], decision: "ask" },
    { command: "az storage account keys renew -g rg -n acme --key primary", ids: ["azure/destroy"], decision: "ask" },
    { command: "az group delete -n rg-old --force-deletion-types Microsoft.Compute/virtualMachines", ids: ["azure/destroy", "azure/unsafe-flag"], decision: "ask" },
    { command: "az rest --method delete --url https://management.azure.com/subscriptions/x/resourceGroups/rg-old?api-version=2021-04-01", ids: ["azure/destroy"], decision: "ask" },
    { command: "az rest -m PUT --url https://management.azure.com/x --body @r.json", ids: ["azure/mutate"], decision: "allow" },
    { command: "az deployment group create -g rg --template-file main.bicep --mode Complete", ids: ["azure/complete-deployment"], decision: "ask" },
    // Privilege and public access:
    { command: "az role assignment create --assignee bob@acme.com --role Owner --scope /subscriptions/x", ids: ["azure/role-admin-grant"], decision: "ask" },
    { command: 'az role assignment create --assignee bob@acme.com --role "User Access Administrator"', ids: ["azure/role-admin-grant"], decision: "ask" },
    { command: "az role assignment create --assignee bob@acme.com --role b24988ac-6180-42a0-ab88-20f7382dd24c", ids: ["azure/role-admin-grant"], decision: "ask" },
    { command: "az role assignment create --assignee bob@acme.com --role Reader -g rg-dev", ids: ["azure/role-change"], decision: "warn" },
    { command: "az keyvault set-policy -n kv --upn bob@acme.com --secret-permissions get list", ids: ["azure/role-change"], decision: "warn" },
    { command: "az ad group member add --group Global-Admins --member-id 123", ids: ["azure/role-admin-grant"], decision: "ask" },
    { command: "az ad sp credential reset --id 00000000-0000-0000-0000-000000000000", ids: ["azure/credential-create"], decision: "ask" },
    { command: "az ad app credential reset --id 123 --append", ids: ["azure/credential-create"], decision: "ask" },
    { command: "az ad sp create-for-rbac --name ci --role Contributor --scopes /subscriptions/x", ids: ["azure/credential-create"], decision: "ask" },
    { command: "az vm user update -g rg -n vm1 -u admin -p 'Secr3t!'", ids: ["azure/credential-create"], decision: "ask" },
    { command: "az storage container generate-sas --account-name acme -n data --permissions rwdl --expiry 2030-01-01", ids: ["azure/sas-create"], decision: "warn" },
    { command: "az storage container create --account-name acme -n www --public-access blob", ids: ["azure/public-access"], decision: "ask" },
    { command: "az storage account update -n acme --allow-blob-public-access true", ids: ["azure/public-access"], decision: "ask" },
    { command: "az network nsg rule create -g rg --nsg-name nsg -n ssh --priority 100 --source-address-prefixes '*' --destination-port-ranges 22", ids: ["azure/public-access"], decision: "ask" },
    { command: "az vm run-command invoke -g rg -n vm1 --command-id RunShellScript --scripts 'uptime'", ids: ["azure/remote-exec"], decision: "warn" },
    { command: "az aks command invoke -g rg-prod -n aks --command 'kubectl get pods'", ids: ["azure/remote-exec"], decision: "ask" },
    // Production context:
    { command: "az vm create -g rg-dev -n vm1 --image Ubuntu2204", env: PROD, ids: ["azure/mutate"], decision: "ask" },
    { command: "az webapp restart -g rg -n web --subscription 11111111-1111-1111-1111-111111111111", env: DEV, ids: ["azure/destroy"], decision: "ask" },
    { command: "az vm create -n vm1 --image Ubuntu2204", env: { ...DEV, AZURE_DEFAULTS_GROUP: "rg-production" }, ids: ["azure/mutate"], decision: "ask" },
    { command: 'az $GROUP delete -n x', ids: ["azure/opaque"], decision: "ask" },
    { command: 'az webapp update -g rg -n web --subscription "$SUB"', env: DEV, ids: ["azure/opaque"], decision: "ask" },
  ],
  equivalent: [
    {
      ids: ["azure/mutate"],
      decision: "ask",
      commands: [
        { command: "az webapp config appsettings set -g rg -n web --settings A=1 --subscription 'Acme Production'", env: DEV },
        { command: "az --subscription 'Acme Production' webapp config appsettings set -g rg -n web --settings A=1", env: DEV },
        { command: "az webapp config appsettings set -g rg -n web --settings A=1 --subscription=11111111-1111-1111-1111-111111111111", env: DEV },
        { command: "az webapp config appsettings set -g rg -n web --settings A=1", env: PROD },
        { command: "az webapp config appsettings set --resource-group rg-prod --name web --settings A=1", env: DEV },
        { command: "az webapp config appsettings set -g rg-prod -n web --settings A=1 --only-show-errors -o none", env: DEV },
      ],
    },
    {
      ids: ["azure/destroy"],
      decision: "ask",
      commands: ["az group delete --name rg-prod --yes", "az group delete -n rg-prod -y", "az group delete --name=rg-prod --yes", "az --debug group delete -n rg-prod --yes", "sudo az group delete -n rg-prod --yes"],
    },
  ],
});

// Odd argument lists (dangling options, dynamic words, missing operands) must never make the pack throw.
describe("azure rules never break", () => {
  it("on random argument lists", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...["az"]), fc.array(fc.constantFrom(...["group", "delete", "vm", "create", "role", "assignment", "--role", "Owner", "-g", "rg-prod", "-n", "--name", "x", "--subscription", "Production", "-o", "tsv", "rest", "--method", "delete", "ad", "sp", "credential", "reset", "--mode", "Complete", "deployment", "--", "\"$X\"", "login", "show"]), { maxLength: 8 }), async (prog, words) => {
        const d = await check([prog, ...words].join(" "), { cwd: "/", env: { HOME: "/nonexistent" } });
        expect(d.findings.filter((f) => f.id === "shellgate/rule-error")).toEqual([]);
        expect(d.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
