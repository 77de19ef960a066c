// Broken policy files, one of each kind: each gives an error naming the file, line and dotted path, and checks fail closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { makeTree, type Tree } from "./fixture.js";

let t: Tree;
beforeAll(() => {
  t = makeTree();
});
afterAll(() => t.cleanup());

interface BrokenCase {
  name: string;
  file?: string;
  text: string;
  /** Substrings the error must contain: file:line, the dotted path, the key words of what was expected. */
  error: string[];
}

const CASES: BrokenCase[] = [
  { name: "YAML syntax", text: "rules:\n  - id: x\n    match: [a\n", error: [":4:", "not valid YAML or JSON"] },
  { name: "duplicate key", text: "mode: enforce\nmode: audit\n", error: [":2:", "unique"] },
  { name: "JSON syntax", file: "p.json", text: '{\n  "mode": "enforce",\n  "rules": [\n}\n', error: ["p.json:", "not valid YAML or JSON"] },
  { name: "not a mapping", text: "- a\n- b\n", error: [":1:", "(top level)", "expected a mapping"] },
  { name: "wrong value", text: "mode: enforce\ndefaults:\n  high: deny\n", error: [":3:", "defaults.high", "one of allow, warn, ask, block", '"deny"'] },
  { name: "typo in a value", text: "mode: enforc\n", error: [":1:", "mode", "did you mean enforce"] },
  { name: "unknown key", text: "rules:\n  - id: r\n    match: { risk: high }\n    acton: block\n", error: [":4:", "rules.0.acton", 'did you mean "action"'] },
  { name: "missing key", text: "rules:\n  - id: r\n    match: { risk: high }\n", error: [":2:", "rules.0.action", "is missing"] },
  { name: "wrong type", text: "interactive: maybe\n", error: [":1:", "interactive", "expected true or false", '"maybe"'] },
  { name: "list of wrong items", text: "rules:\n  - id: r\n    match:\n      program: [1]\n    action: ask\n", error: [":4:", "rules.0.match.program.0", "expected text"] },
  { name: "bad rule id", text: "rules:\n  - id: 'has space'\n    match: { risk: high }\n    action: ask\n", error: [":2:", "rules.0.id", "letters, digits"] },
  { name: "reserved rule id", text: "rules:\n  - id: defaults/high\n    match: { risk: high }\n    action: ask\n", error: [":2:", "rules.0.id", "reserved"] },
  { name: "duplicate rule id", text: "rules:\n  - { id: r, match: { risk: high }, action: ask }\n  - { id: r, match: { risk: low }, action: ask }\n", error: [":3:", "rules.1.id", "already used by rules.0"] },
  { name: "a match with no condition", text: "rules:\n  - id: r\n    match: {}\n    action: ask\n", error: [":3:", "rules.0.match", "at least one condition"] },
  { name: "unknown finding id", text: "rules:\n  - id: r\n    match: { finding: git/forse-push }\n    action: ask\n", error: [":3:", "rules.0.match.finding", 'did you mean "git/force-push"'] },
  { name: "bad regular expression", text: "rules:\n  - id: r\n    match: { command_regex: '([' }\n    action: ask\n", error: [":3:", "rules.0.match.command_regex", "not a valid regular expression"] },
  { name: "bad production regex", text: "production:\n  regexes: ['(x']\n", error: [":2:", "production.regexes.0", "not a valid regular expression"] },
  { name: "unknown preset", text: "extends: strikt\n", error: [":1:", "extends", 'did you mean "strict"'] },
  { name: "missing extended file", text: "extends: ./nowhere.yaml\n", error: ["nowhere.yaml", "does not exist"] },
  { name: "TypeScript policy", file: "p.ts", text: "export default {};\n", error: ["p.ts", "TypeScript policy files are not supported"] },
  {
    name: "an example the rule does not match",
    text: "rules:\n  - id: r\n    match: { finding: git/force-push }\n    action: block\n    examples:\n      match: ['git push origin main']\n",
    error: [":6:", "rules.0.examples.match.0", "should match rule \"r\""],
  },
  {
    name: "a counter-example the rule matches",
    text: "rules:\n  - id: r\n    match: { finding: git/force-push }\n    action: block\n    examples:\n      not_match: ['git push -f origin main']\n",
    error: [":6:", "rules.0.examples.not_match.0", "should not match rule \"r\"", "git/force-push"],
  },
  { name: "a test with a bad expectation", text: "tests:\n  - command: ls\n    expect: deny\n", error: [":3:", "tests.0.expect", "one of allow, warn, ask, block"] },
];

describe("broken policy files", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const file = t.write(join(t.root, "cases", c.file ?? `${c.name.replace(/\W+/g, "-")}.yaml`), c.text);
      const d = await t.decide("ls", { file });
      expect(d.action).toBe("block");
      expect(d.reasons.map((r) => r.rule)).toEqual(["shellgate/fail-closed"]);
      const text = d.errors.join("\n");
      expect(text).toContain(file);
      for (const part of c.error) expect(text).toContain(part);
    });
  }

  it("a package.json key is reported under its shellgate. path", async () => {
    const dir = join(t.root, "pkg");
    t.write(join(dir, "package.json"), '{\n  "name": "x",\n  "shellgate": {\n    "mode": "loud"\n  }\n}\n');
    const d = await t.decide("ls", { cwd: dir });
    expect(d.action).toBe("block");
    expect(d.errors.join()).toContain("package.json:4: shellgate.mode");
  });

  it("an extends cycle is named", async () => {
    const a = t.write(join(t.root, "cycle", "a.yaml"), "extends: ./b.yaml\n");
    t.write(join(t.root, "cycle", "b.yaml"), "extends: ./a.yaml\n");
    const d = await t.decide("ls", { file: a });
    expect(d.errors.join()).toContain("cycle");
  });

  it("an empty file is a valid policy that changes nothing", async () => {
    const file = t.write(join(t.root, "empty.yaml"), "");
    const d = await t.decide("git push --force origin feature/x", { file });
    expect([d.action, d.errors]).toEqual(["ask", []]);
  });
});
