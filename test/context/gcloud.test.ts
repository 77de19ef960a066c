// gcloud context: --project / env / active configuration precedence, CLOUDSDK_CONFIG, account and impersonation evidence.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gcloudConfigDir, gcloudContext, gcloudEnvEvidence, gcloudProductionEvidence, type GcloudFlags } from "../../src/context/gcloud.js";
import { productionMatcher } from "../../src/context/production.js";

const root = mkdtempSync(join(tmpdir(), "sg-gcloudctx-"));
const home = join(root, "home");
const dir = join(home, ".config", "gcloud");
mkdirSync(join(dir, "configurations"), { recursive: true });
writeFileSync(join(dir, "active_config"), "work\n");
writeFileSync(join(dir, "configurations", "config_work"), "[core]\nproject = acme-dev\naccount = dev@acme.com\n");
writeFileSync(join(dir, "configurations", "config_prod"), "[core]\nproject = acme-123\n[auth]\nimpersonate_service_account = deployer@acme-live.iam.gserviceaccount.com\n");
writeFileSync(join(dir, "configurations", "config_default"), "[core]\nproject = sandbox-1\n");
const other = join(root, "other");
mkdirSync(join(other, "configurations"), { recursive: true });
writeFileSync(join(other, "configurations", "config_default"), "[core]\nproject = acme-production\n");
const emptyHome = join(root, "empty");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const m = productionMatcher();

describe("gcloudContext", () => {
  const cases: { name: string; flags?: GcloudFlags; env: Record<string, string>; project?: string; source?: string; configuration?: string }[] = [
    { name: "the active configuration's [core] project", env: { HOME: home }, project: "acme-dev", source: "[core] project of configuration work in ~/.config/gcloud/configurations/config_work", configuration: "work" },
    { name: "--project wins over everything", flags: { project: { value: "acme-prod" } }, env: { HOME: home, CLOUDSDK_CORE_PROJECT: "x" }, project: "acme-prod", source: "--project flag" },
    { name: "CLOUDSDK_CORE_PROJECT wins over the configuration", env: { HOME: home, CLOUDSDK_CORE_PROJECT: "acme-prd" }, project: "acme-prd", source: "CLOUDSDK_CORE_PROJECT" },
    { name: "--configuration picks another configuration", flags: { configuration: { value: "prod" } }, env: { HOME: home }, project: "acme-123", configuration: "prod" },
    { name: "CLOUDSDK_ACTIVE_CONFIG_NAME picks another configuration", env: { HOME: home, CLOUDSDK_ACTIVE_CONFIG_NAME: "prod" }, project: "acme-123", configuration: "prod" },
    { name: "CLOUDSDK_CONFIG moves the config directory; no active_config means default", env: { HOME: home, CLOUDSDK_CONFIG: other }, project: "acme-production", configuration: "default" },
    { name: "no config at all gives no project", env: { HOME: emptyHome }, configuration: "default" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const g = gcloudContext(c.flags ?? {}, c.env);
      expect(g.project?.value).toBe(c.project);
      if (c.source) expect(g.project?.source).toBe(c.source);
      if (c.configuration) expect(g.configuration?.value).toBe(c.configuration);
    });
  }
  it("a dynamic --project is reported, not guessed", () => {
    const g = gcloudContext({ project: {} }, { HOME: home });
    expect(g.dynamic).toEqual(["--project"]);
    expect(g.project?.value).toBe("acme-dev");
  });
  it("does not read files for commands that run elsewhere", () => {
    expect(gcloudContext({}, { HOME: home }, false).project).toBeUndefined();
  });
  it("the config directory", () => {
    expect(gcloudConfigDir({ HOME: home })).toBe(dir);
    expect(gcloudConfigDir({ CLOUDSDK_CONFIG: other })).toBe(other);
    expect(gcloudConfigDir({})).toBeUndefined();
  });
});

describe("gcloudProductionEvidence", () => {
  const ev = (flags: GcloudFlags, env: Record<string, string>) => gcloudProductionEvidence(gcloudContext(flags, env), m).map((e) => [e.kind, e.value, e.source]);
  it("a production project from the flag", () => {
    expect(ev({ project: { value: "acme-prod" } }, { HOME: home })).toEqual([["gcloud-project", "acme-prod", "--project flag"]]);
  });
  it("a configuration named prod and the service account it impersonates", () => {
    expect(ev({}, { HOME: home, CLOUDSDK_ACTIVE_CONFIG_NAME: "prod" })).toEqual([
      ["gcloud-configuration", "prod", "CLOUDSDK_ACTIVE_CONFIG_NAME"],
      ["gcloud-account", "deployer@acme-live.iam.gserviceaccount.com", "[auth] impersonate_service_account of configuration prod in ~/.config/gcloud/configurations/config_prod"],
    ]);
  });
  it("nothing for a development configuration", () => {
    expect(ev({}, { HOME: home })).toEqual([]);
  });
});

describe("gcloudEnvEvidence (tools other than gcloud)", () => {
  it("reads the project variables the SDKs and providers use", () => {
    expect(gcloudEnvEvidence({ GOOGLE_CLOUD_PROJECT: "acme-prod" }, m)).toEqual([{ kind: "gcloud-project", value: "acme-prod", pattern: 'token "prod"', source: "GOOGLE_CLOUD_PROJECT in the environment" }]);
    expect(gcloudEnvEvidence({ GOOGLE_PROJECT: "acme-live", GCLOUD_PROJECT: "acme-live" }, m).map((e) => e.source)).toEqual(["GOOGLE_PROJECT in the environment"]);
    expect(gcloudEnvEvidence({ GOOGLE_CLOUD_PROJECT: "acme-dev", HOME: home }, m)).toEqual([]);
  });
});
