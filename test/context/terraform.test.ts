// Terraform target detection: workspace precedence, -chdir resolution, TF_DATA_DIR, var files, directory names, evidence wording.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { productionMatcher } from "../../src/context/production.js";
import { directoryEvidence, readWorkspaceFile, terraformDir, terraformTarget, type TerraformTargetInput } from "../../src/context/terraform.js";

const root = realpathSync(mkdtempSync(join(tmpdir(), "sg-tf-")));
const home = join(root, "home");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dir(rel: string, workspace?: string, dataDir = ".terraform"): string {
  const d = join(root, rel);
  mkdirSync(join(d, dataDir), { recursive: true });
  if (workspace !== undefined) writeFileSync(join(d, dataDir, "environment"), workspace);
  return d;
}

const prod = dir("stacks/network", "prod");
const dev = dir("stacks/app", "dev\n");
const plain = dir("stacks/plain");
const custom = dir("stacks/custom", "production", ".tfdata");
mkdirSync(join(root, "home/work/repo/.git"), { recursive: true });
const inProdCheckout = dir("production/checkout/app");
mkdirSync(join(root, "production/checkout/.git"), { recursive: true });
const liveChat = dir("work/live-chat/infra/modules");
mkdirSync(join(root, "work/live-chat/.git"), { recursive: true });
const underRepo = dir("home/work/repo/envs/prod/us-east-1/vpc");
const matcher = productionMatcher();

const target = (input: Partial<TerraformTargetInput>) => terraformTarget({ env: { HOME: home }, ...input }, matcher);

describe("terraform workspace", () => {
  const table: [string, Partial<TerraformTargetInput>, string, string][] = [
    ["environment file in the cwd", { cwd: prod }, "prod", `.terraform/environment in ${prod}`],
    ["environment file with a trailing newline", { cwd: dev }, "dev", `.terraform/environment in ${dev}`],
    ["no environment file", { cwd: plain }, "default", "no workspace selected"],
    ["-chdir relative to the cwd", { cwd: join(root, "stacks"), chdir: "network" }, "prod", `.terraform/environment in ${prod}`],
    ["-chdir absolute", { cwd: plain, chdir: dev }, "dev", `.terraform/environment in ${dev}`],
    ["TF_WORKSPACE wins over the file", { cwd: prod, env: { HOME: home, TF_WORKSPACE: "staging" } }, "staging", "TF_WORKSPACE in the environment"],
    ["TF_DATA_DIR moves the file", { cwd: custom, env: { HOME: home, TF_DATA_DIR: ".tfdata" } }, "production", `$TF_DATA_DIR/environment in ${custom}`],
    ["selection earlier on the line wins over the file", { cwd: dev, selected: { value: "prod", source: "earlier" } }, "prod", "earlier"],
    ["unknown cwd", {}, "(unknown)", "the working directory is not known"],
    ["unknown cwd with TF_WORKSPACE", { env: { HOME: home, TF_WORKSPACE: "dev" } }, "dev", "TF_WORKSPACE in the environment"],
  ];
  for (const [name, input, ws, source] of table) {
    it(name, () => {
      const t = target(input);
      expect(t.workspace).toEqual({ value: ws, source });
    });
  }
});

describe("terraform production evidence", () => {
  it("a production workspace", () => {
    expect(target({ cwd: prod }).evidence).toEqual([{ kind: "tf-workspace", value: "prod", pattern: 'token "prod"', source: `.terraform/environment in ${prod}` }]);
  });
  it("a dev workspace and neutral names give none", () => {
    expect(target({ cwd: dev, varFiles: ["dev.tfvars"] }).evidence).toEqual([]);
  });
  it("var files", () => {
    expect(target({ cwd: plain, varFiles: ["common.tfvars", "envs/production.tfvars"] }).evidence).toEqual([
      { kind: "tf-var-file", value: "envs/production.tfvars", pattern: 'token "production"', source: "-var-file flag" },
    ]);
  });
  it("variables that name the environment, from -var and TF_VAR_*", () => {
    expect(target({ cwd: plain, vars: ["env=prod", "image_tag=prod-2024", "region=eu-west-1"] }).evidence.map((e) => [e.kind, e.value, e.source])).toEqual([["tf-var", "prod", "-var env=... flag"]]);
    expect(target({ cwd: plain, vars: ["environment='production'"] }).evidence.map((e) => e.value)).toEqual(["production"]);
    expect(terraformTarget({ cwd: plain, env: { HOME: home, TF_VAR_stage: "live", TF_VAR_name: "prod-api" } }, matcher).evidence.map((e) => [e.value, e.source])).toEqual([["live", "TF_VAR_stage in the environment"]]);
    expect(target({ cwd: plain, vars: ["env=dev"] }).evidence).toEqual([]);
  });
  it("a saved plan file named for production", () => {
    expect(target({ cwd: plain, planFile: "out/prod.tfplan" }).evidence.map((e) => [e.kind, e.value])).toEqual([["tf-plan-file", "prod.tfplan"]]);
  });
  it("a -chdir directory named for production, even when it does not exist", () => {
    const t = target({ cwd: plain, chdir: "envs/prod" });
    expect(t.dir).toBe(join(plain, "envs/prod"));
    expect(t.evidence.map((e) => [e.kind, e.value])).toEqual([["tf-dir", "prod"]]);
  });
  it("a production directory a few levels up, inside the repository", () => {
    expect(target({ cwd: underRepo }).evidence.map((e) => [e.kind, e.value, e.source])).toEqual([["tf-dir", "prod", "directory ~/work/repo/envs/prod/us-east-1/vpc"]]);
  });
  it("directory names are not reported when the workspace already says production", () => {
    const d = dir("live/prod", "prod");
    expect(target({ cwd: d }).evidence.map((e) => e.kind)).toEqual(["tf-workspace"]);
  });
});

describe("directory evidence", () => {
  it("stops at the repository root: directories above a checkout do not name its environment", () => {
    expect(directoryEvidence(inProdCheckout, home, matcher)).toBeUndefined();
  });
  it("does not read the repository's own name as an environment", () => {
    expect(directoryEvidence(liveChat, home, matcher)).toBeUndefined();
  });
  it("stops at HOME", () => {
    expect(directoryEvidence(home, home, matcher)).toBeUndefined();
  });
  it("reads relative directories as written", () => {
    expect(directoryEvidence("live/production", undefined, matcher)?.value).toBe("production");
  });
});

describe("helpers", () => {
  it("terraformDir resolves -chdir", () => {
    expect(terraformDir("/a/b", undefined)).toBe("/a/b");
    expect(terraformDir("/a/b", "c")).toBe("/a/b/c");
    expect(terraformDir("/a/b", "/x")).toBe("/x");
    expect(terraformDir(undefined, "c")).toBe("c");
  });
  it("readWorkspaceFile ignores missing, empty and oversized files", () => {
    const empty = dir("stacks/empty", "");
    const big = dir("stacks/big", "x".repeat(5000));
    expect(readWorkspaceFile(join(empty, ".terraform/environment"))).toBeUndefined();
    expect(readWorkspaceFile(join(big, ".terraform/environment"))).toBeUndefined();
    expect(readWorkspaceFile(join(root, "nope/environment"))).toBeUndefined();
    expect(readWorkspaceFile(join(prod, ".terraform"))).toBeUndefined();
  });
});
