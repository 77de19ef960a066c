// AWS context: profile precedence, ~/.aws/config sections, AWS_CONFIG_FILE, role/account evidence, INI parsing and the file cache.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { awsContext, awsEnvEvidence, awsProductionEvidence, awsProfile, parseIni, readIniCached, tildify } from "../../src/context/aws.js";
import { productionMatcher } from "../../src/context/production.js";

const root = mkdtempSync(join(tmpdir(), "sg-awsctx-"));
const home = join(root, "home");
mkdirSync(join(home, ".aws"), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

writeFileSync(
  join(home, ".aws", "config"),
  `# comment
[default]
region = us-east-1

[profile prod]
region = eu-west-1

[profile ops]
role_arn = arn:aws:iam::111122223333:role/live-operator
source_profile = default
s3 =
  max_concurrent_requests = 20

[profile sso]
sso_session = corp
sso_account_id = 444455556666
sso_account_name = payments-production
sso_role_name = ReadOnly

[profile default]
region = ap-south-1
`,
);
const other = join(root, "other-config");
writeFileSync(other, "[profile prod]\nregion = us-west-2\n");

const m = productionMatcher();

describe("awsProfile", () => {
  const cases: { name: string; flag?: { value?: string; dynamic?: boolean }; env: Record<string, string>; profile?: string; source: string }[] = [
    { name: "--profile wins over the environment", flag: { value: "prod" }, env: { AWS_PROFILE: "dev" }, profile: "prod", source: "--profile flag" },
    { name: "AWS_PROFILE", env: { AWS_PROFILE: "dev", AWS_DEFAULT_PROFILE: "prod" }, profile: "dev", source: "AWS_PROFILE" },
    { name: "AWS_DEFAULT_PROFILE when AWS_PROFILE is unset", env: { AWS_DEFAULT_PROFILE: "prod" }, profile: "prod", source: "AWS_DEFAULT_PROFILE" },
    { name: "an empty AWS_PROFILE falls through", env: { AWS_PROFILE: "", AWS_DEFAULT_PROFILE: "prod" }, profile: "prod", source: "AWS_DEFAULT_PROFILE" },
    { name: "default otherwise", env: {}, profile: "default", source: "the default profile" },
    { name: "a dynamic --profile is unknown, not default", flag: { dynamic: true }, env: { AWS_PROFILE: "dev" }, source: "--profile flag" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = awsProfile(c.flag, c.env);
      expect(p.name).toBe(c.profile);
      expect(p.source).toBe(c.source);
    });
  }
});

describe("awsContext", () => {
  it("reads [default] for the default profile, not [profile default]", () => {
    expect(awsContext(undefined, { HOME: home }).region).toBe("us-east-1");
  });
  it("reads [profile name] sections", () => {
    const c = awsContext({ value: "prod" }, { HOME: home });
    expect(c.region).toBe("eu-west-1");
    expect(c.configFile).toBe(join(home, ".aws", "config"));
  });
  it("takes the account id from role_arn and ignores nested blocks", () => {
    const c = awsContext(undefined, { HOME: home, AWS_PROFILE: "ops" });
    expect(c.roleArn).toBe("arn:aws:iam::111122223333:role/live-operator");
    expect(c.accountId).toBe("111122223333");
    expect(c.section?.max_concurrent_requests).toBeUndefined();
  });
  it("reads SSO account id and name", () => {
    const c = awsContext(undefined, { HOME: home, AWS_DEFAULT_PROFILE: "sso" });
    expect(c.accountId).toBe("444455556666");
    expect(c.accountName).toBe("payments-production");
  });
  it("AWS_CONFIG_FILE replaces ~/.aws/config", () => {
    expect(awsContext({ value: "prod" }, { HOME: home, AWS_CONFIG_FILE: other }).region).toBe("us-west-2");
  });
  it("an unknown profile or a missing file gives the profile alone", () => {
    const c = awsContext({ value: "ghost" }, { HOME: home });
    expect(c.section).toBeUndefined();
    expect(awsContext({ value: "prod" }, { HOME: join(root, "nobody") }).section).toBeUndefined();
  });
  it("does not read files for commands that run elsewhere", () => {
    expect(awsContext({ value: "prod" }, { HOME: home }, false).section).toBeUndefined();
  });
  it("falls back to AWS_ROLE_ARN and AWS_REGION", () => {
    const c = awsContext(undefined, { HOME: join(root, "nobody"), AWS_ROLE_ARN: "arn:aws:iam::1:role/prd-ci", AWS_REGION: "eu-central-1" });
    expect(c.roleArn).toBe("arn:aws:iam::1:role/prd-ci");
    expect(c.region).toBe("eu-central-1");
  });
});

describe("awsProductionEvidence", () => {
  const evidence = (flag: { value?: string } | undefined, env: Record<string, string>) => awsProductionEvidence(awsContext(flag, env), m, env);
  it("names the profile and where it came from", () => {
    expect(evidence(undefined, { HOME: home, AWS_PROFILE: "prod" })).toEqual([{ kind: "aws-profile", value: "prod", pattern: 'token "prod"', source: "AWS_PROFILE" }]);
  });
  it("finds production in the role ARN of an innocently named profile", () => {
    const e = evidence({ value: "ops" }, { HOME: home });
    expect(e.map((x) => [x.kind, x.value])).toEqual([["aws-role", "arn:aws:iam::111122223333:role/live-operator"]]);
    expect(e[0]!.source).toBe("role_arn of profile ops in ~/.aws/config");
  });
  it("finds production in the SSO account name", () => {
    expect(evidence({ value: "sso" }, { HOME: home }).map((x) => [x.kind, x.value])).toEqual([["aws-account", "payments-production"]]);
  });
  it("matches account ids listed by policy", () => {
    const byId = productionMatcher({ tokens: [], regexes: [], criticalNamespaces: [], names: { "aws-account": ["111122223333"] } });
    const e = awsProductionEvidence(awsContext({ value: "ops" }, { HOME: home }), byId, { HOME: home });
    expect(e.map((x) => x.kind)).toEqual(["aws-account"]);
  });
  it("gives nothing for dev and default", () => {
    expect(evidence(undefined, { HOME: home })).toEqual([]);
    expect(evidence({ value: "dev" }, { HOME: home })).toEqual([]);
  });
});

describe("parseIni and readIniCached", () => {
  it("parses sections, comments, spaces around = and a BOM", () => {
    const ini = parseIni("\uFEFF[core]\nproject=acme-prod\n; note\n# note\naccount = me@example.com\n[auth]\n  disable_credentials = true\n");
    expect(ini.get("core")).toEqual({ project: "acme-prod", account: "me@example.com" });
    expect(ini.get("auth")).toEqual({ disable_credentials: "true" });
  });
  it("re-reads a file when it changes and forgets a deleted one", () => {
    const p = join(root, "cached.ini");
    writeFileSync(p, "[a]\nx = 1\n");
    expect(readIniCached(p)?.get("a")?.x).toBe("1");
    writeFileSync(p, "[a]\nx = 22\n");
    utimesSync(p, new Date(), new Date(Date.now() + 5000));
    expect(readIniCached(p)?.get("a")?.x).toBe("22");
    rmSync(p);
    expect(readIniCached(p)).toBeUndefined();
  });
  it("tildify shortens paths under HOME only", () => {
    expect(tildify(join(home, ".aws", "config"), home)).toBe("~/.aws/config");
    expect(tildify("/etc/aws/config", home)).toBe("/etc/aws/config");
    expect(tildify(`${home}x/config`, home)).toBe(`${home}x/config`);
  });
});

describe("awsEnvEvidence (tools other than the AWS CLI)", () => {
  it("the default profile says nothing", () => {
    expect(awsEnvEvidence({ HOME: home }, m)).toEqual([]);
  });
  it("a profile chosen in the environment, and what its section says", () => {
    expect(awsEnvEvidence({ HOME: home, AWS_PROFILE: "prod" }, m).map((e) => [e.kind, e.value, e.source])).toEqual([["aws-profile", "prod", "AWS_PROFILE"]]);
    expect(awsEnvEvidence({ HOME: home, AWS_DEFAULT_PROFILE: "ops" }, m).map((e) => [e.kind, e.value])).toEqual([["aws-role", "arn:aws:iam::111122223333:role/live-operator"]]);
    expect(awsEnvEvidence({ HOME: home, AWS_PROFILE: "ops" }, m, false)).toEqual([]);
  });
});
