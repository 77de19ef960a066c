// Package-manager script runs: the package.json script text is walked as nested code, in the package's directory.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommand } from "../../src/parse/index.js";

let root: string;
let pkg: string;
beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "sg-pkg-")));
  pkg = join(root, "app");
  mkdirSync(join(pkg, "src"), { recursive: true });
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({ scripts: { clean: "rm -rf dist", nuke: "rm -rf ~", prebuild: "npm run clean", build: "tsc -p .", test: "vitest run", deploy: "kubectl apply -f k8s/" } }),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = async (cmd: string, cwd = join(pkg, "src")) =>
  (await parseCommand(cmd, { cwd, env: { HOME: "/home/u" } })).map((i) => `${i.argv.map((w) => w.value ?? `<${w.raw}>`).join(" ")}${i.via.includes("package-script") ? ` @${i.cwd === pkg ? "pkg" : i.cwd}` : ""}`);

describe("package scripts", () => {
  const table: [string, string[]][] = [
    ["npm run nuke", ["npm run nuke", "rm -rf /home/u @pkg"]],
    ["npm run-script clean", ["npm run-script clean", "rm -rf dist @pkg"]],
    ["npm run build", ["npm run build", "npm run clean @pkg", "rm -rf dist @pkg", "tsc -p . @pkg"]],
    ["npm test -- --coverage", ["npm test -- --coverage", "vitest run --coverage @pkg"]],
    ["yarn nuke", ["yarn nuke", "rm -rf /home/u @pkg"]],
    ["pnpm run deploy", ["pnpm run deploy", "kubectl apply -f k8s/ @pkg"]],
    ["bun run clean", ["bun run clean", "rm -rf dist @pkg"]],
    ["yarn prisma migrate reset", ["yarn prisma migrate reset", "prisma migrate reset @src"]],
    ["pnpm install", ["pnpm install"]],
    ["npm run missing", ["npm run missing"]],
  ];
  for (const [cmd, expected] of table) {
    it(cmd, async () => {
      const got = (await run(cmd)).map((l) => l.replace(` @${join(pkg, "src")}`, " @src"));
      expect(got).toEqual(expected);
    });
  }
});

describe("git runs commands", () => {
  const table: [string, string[]][] = [
    ["git -c core.pager='rm -rf src' log", ["git -c core.pager=rm -rf src log", "rm -rf src"]],
    ["git -c alias.x='!rm -rf src' x", ["git -c alias.x=!rm -rf src x", "rm -rf src"]],
    ["git rebase -x 'npm test' main", ["git rebase -x npm test main", "npm test"]],
    ["git submodule foreach --recursive git reset --hard", ["git submodule foreach --recursive git reset --hard", "git reset --hard"]],
    ["git bisect run make test", ["git bisect run make test", "make test"]],
  ];
  for (const [cmd, expected] of table) {
    it(cmd, async () => {
      expect(await run(cmd, root)).toEqual(expected);
    });
  }
});

describe("make recipes", () => {
  beforeAll(() => {
    mkdirSync(join(root, "infra"), { recursive: true });
    writeFileSync(
      join(root, "infra", "Makefile"),
      [
        "TF ?= terraform",
        "ENV := prod",
        "OUT = build",
        ".PHONY: all clean destroy deploy",
        "all: build",
        "build:",
        "\tmkdir -p $(OUT)",
        "clean:",
        "\t@rm -rf $(OUT) \\",
        "\t  coverage",
        "destroy: clean",
        "\t-$(TF) -chdir=envs/$(ENV) destroy -auto-approve",
        "deploy:",
        "\tkubectl apply -f $(shell ls k8s)",
        "",
      ].join("\n"),
    );
  });
  const table: [string, string[]][] = [
    ["make -C infra clean", ["make -C infra clean", "rm -rf build coverage @infra"]],
    ["make -C infra destroy", ["make -C infra destroy", "rm -rf build coverage @infra", "terraform -chdir=envs/prod destroy -auto-approve @infra"]],
    ["make -C infra", ["make -C infra", "mkdir -p build @infra"]],
    ["make -C infra destroy TF=tofu", ["make -C infra destroy TF=tofu", "rm -rf build coverage @infra", "tofu -chdir=envs/prod destroy -auto-approve @infra"]],
    ["make -C infra deploy", ["make -C infra deploy", "kubectl apply -f <${__shellgate_make_unknown_0}> @infra"]],
    ["make -n -C infra destroy", ["make -n -C infra destroy"]],
  ];
  for (const [cmd, expected] of table) {
    it(cmd, async () => {
      const got = (await parseCommand(cmd, { cwd: root, env: { HOME: "/home/u" } })).map(
        (i) => `${i.argv.map((w) => w.value ?? `<${w.raw}>`).join(" ")}${i.via.includes("script-file") ? ` @${i.cwd === join(root, "infra") ? "infra" : i.cwd}` : ""}`,
      );
      expect(got).toEqual(expected);
    });
  }
});
