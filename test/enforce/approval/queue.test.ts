// The queue's files: the binding covers everything a human approves, readers reject anything malformed or out of place, and requests render safely.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bindingOf, parseDecision, parseRequest, queuePaths, readQueueFile, sidesProblem, newId, ID_PATTERN } from "../../../src/enforce/approval/queue.js";
import { quoteArg, renderArgv, safeText } from "../../../src/enforce/approval/render.js";
import { buildRequest, productionEvidence } from "../../../src/enforce/approval/request.js";
import type { Decision } from "../../../src/types.js";

const decision: Decision = {
  action: "ask",
  command: "kubectl --context prod-eu-1 delete ns payments",
  reasons: [{ rule: "defaults/high", source: "built-in", action: "ask", findings: ["kubectl/delete-namespace"] }],
  findings: [
    {
      id: "kubectl/delete-namespace",
      risk: "high",
      categories: ["destroy", "production"],
      message: "deletes namespace payments",
      invocation: 0,
      evidence: [
        { kind: "kube-context", value: "prod-eu-1", pattern: 'token "prod"', source: "--context flag" },
        { kind: "kube-namespace", value: "payments", source: "argument" },
      ],
    },
  ],
  errors: [],
  invocations: [],
};
const argv = ["kubectl", "--context", "prod-eu-1", "delete", "ns", "payments"];
const req = () => buildRequest({ id: "abc234", decision, argv, ctx: { cwd: "/work/app", env: {}, frontend: "shim" }, waitSeconds: 300, now: new Date("2030-01-01T00:00:00Z") });

describe("binding", () => {
  const base = req();
  it.each([
    ["argv", { argv: [...argv.slice(0, -1), "payments2"] }],
    ["an argument split differently", { argv: ["kubectl", "--context prod-eu-1", "delete", "ns", "payments"] }],
    ["cwd", { cwd: "/work/other" }],
    ["id", { id: "abc235" }],
    ["expiry", { expiresAt: "2030-01-02T00:00:00.000Z" }],
    ["findings", { findings: [] }],
    ["production targets", { targets: [] }],
  ])("changes when %s changes", (_name, change) => {
    expect(bindingOf({ ...base, ...change })).not.toBe(base.binding);
  });

  it("is what the request carries, and ignores fields a human does not approve", () => {
    expect(bindingOf(base)).toBe(base.binding);
    expect(bindingOf({ ...base, host: "elsewhere", pid: 1 } as typeof base)).toBe(base.binding);
  });
});

describe("requests", () => {
  it("carry the production evidence and the target names to type", () => {
    expect(productionEvidence(decision).map((e) => e.value)).toEqual(["prod-eu-1"]);
    expect(req()).toMatchObject({ id: "abc234", state: "pending", targets: ["prod-eu-1"], cwd: "/work/app", frontend: "shim", expiresAt: "2030-01-01T00:05:00.000Z" });
  });

  it("ids are short, unambiguous and match the pattern readers accept", () => {
    for (let i = 0; i < 200; i++) expect(newId()).toMatch(ID_PATTERN);
  });

  it.each([
    ["not JSON", "{"],
    ["another version", JSON.stringify({ ...req(), version: 2 })],
    ["a malformed id", JSON.stringify({ ...req(), id: "../x" })],
    ["argv not strings", JSON.stringify({ ...req(), argv: ["rm", 1] })],
    ["an unknown state", JSON.stringify({ ...req(), state: "maybe" })],
    ["a bad time", JSON.stringify({ ...req(), expiresAt: "soon" })],
  ])("a request file with %s is rejected", (_name, text) => {
    expect(parseRequest(text).request).toBeUndefined();
  });

  it("a request file holding another id is rejected", () => {
    expect(parseRequest(JSON.stringify(req()), "zzz222").problem).toMatch(/zzz222/);
  });
});

describe("decision files", () => {
  const good = { version: 1, id: "abc234", answer: "approve", binding: "x", by: "alice", at: "2030-01-01T00:01:00Z", channel: "queue" };
  it("a well-formed decision parses", () => {
    expect(parseDecision(JSON.stringify(good)).decision).toMatchObject({ id: "abc234", answer: "approve" });
  });
  it.each([
    ["an unknown answer", { ...good, answer: "yes" }],
    ["no binding", { ...good, binding: undefined }],
    ["another channel", { ...good, channel: "tty" }],
    ["a bad time", { ...good, at: "now" }],
  ])("a decision with %s is rejected", (_name, o) => {
    expect(parseDecision(JSON.stringify(o)).decision).toBeUndefined();
  });
});

describe("places", () => {
  let dir: string;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "sg-queue-")));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("a symlink is never read as a queue file", () => {
    writeFileSync(join(dir, "real.json"), "{}");
    symlinkSync(join(dir, "real.json"), join(dir, "link.json"));
    expect(readQueueFile(join(dir, "link.json")).text).toBeUndefined();
    expect(readQueueFile(join(dir, "real.json")).text).toBe("{}");
  });

  it.each([
    ["decisions/ linked to requests/", (q: ReturnType<typeof queuePaths>) => (mkdirSync(q.requests, { recursive: true }), symlinkSync(q.requests, q.decisions)), true],
    ["decisions/ inside requests/", (q: ReturnType<typeof queuePaths>) => (mkdirSync(join(q.requests, "d"), { recursive: true }), symlinkSync(join(q.requests, "d"), q.decisions)), true],
    ["two separate directories", (q: ReturnType<typeof queuePaths>) => (mkdirSync(q.requests, { recursive: true }), mkdirSync(q.decisions)), false],
  ])("%s: unsafe = %s", (_name, make, unsafe) => {
    const q = queuePaths(join(dir, "q"));
    make(q);
    expect(sidesProblem(q) !== undefined).toBe(unsafe);
  });
});

describe("rendering for the human", () => {
  it.each([
    ["plain", "status", "status"],
    ["space", "a b", "'a b'"],
    ["empty", "", "''"],
    ["quote", "it's", "'it'\\''s'"],
    ["newline", "x\ny", "$'x\\ny'"],
    ["escape sequence", "\u001b[2Jok", "$'\\x1b[2Jok'"],
    ["bidi override", "abc\u202edef", "$'abc\\u202edef'"],
    ["non-ASCII", "héllo", "'héllo'"],
  ])("%s argument", (_name, arg, shown) => {
    expect(quoteArg(arg)).toBe(shown);
  });

  it("control characters never reach the terminal", () => {
    expect(safeText("a\u001b]0;pwned\u0007b")).not.toMatch(/[\u0000-\u001f]/);
    expect(renderArgv(["rm", "-rf", "/\n"])).toBe("rm -rf $'/\\n'");
  });
});
