// Golden tests for `shellgate hook <agent>` run as the agent runs it: fixture payload in, the exact JSON and exit code out.
// UPDATE_GOLDEN=1 rewrites the *.expected.json files from the current output (review the diff before committing).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPkg, cleanEnv, cleanupTemps, FIXTURES, runCli, tempDir, type Pkg } from "./harness.js";

const AGENTS = ["claude", "cursor", "gemini", "codex", "copilot"] as const;
const POLICY = join(FIXTURES, "policy.yaml");

let pkg: Pkg;
let project: string;
let home: string;

beforeAll(async () => {
  pkg = await buildPkg();
  project = tempDir("sg-hook-project-");
  home = tempDir("sg-hook-home-");
}, 120_000);
afterAll(() => {
  pkg?.cleanup();
  cleanupTemps();
});

interface Golden {
  exit: number | null;
  stdout: unknown;
  stderr: string;
}

function answer(agent: string, payload: string): Golden {
  const r = runCli(pkg, ["hook", agent], { env: cleanEnv(home, { SHELLGATE_POLICY: POLICY }), cwd: project, input: payload });
  // Agents parse stdout as one JSON document: nothing else may be printed there.
  if (r.stdout) expect(r.stdout.endsWith("\n") && r.stdout.indexOf("\n") === r.stdout.length - 1).toBe(true);
  return { exit: r.status, stdout: r.stdout ? JSON.parse(r.stdout) : "", stderr: r.stderr.split(project).join("@@PROJECT@@") };
}

describe.each(AGENTS)("shellgate hook %s: golden answers", (agent) => {
  const cases = readdirSync(join(FIXTURES, agent))
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .map((f) => f.slice(0, -".json".length));

  it.each(cases)("%s", (name) => {
    const payload = readFileSync(join(FIXTURES, agent, `${name}.json`), "utf8").split("@@PROJECT@@").join(project);
    const got = answer(agent, payload);
    const file = join(FIXTURES, agent, `${name}.expected.json`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
    expect(existsSync(file)).toBe(true);
    expect(got).toEqual(JSON.parse(readFileSync(file, "utf8")));
  });
});
