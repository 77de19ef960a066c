// The approver's terminal view: pick a request, read its details, approve once (typing a production target's name) or deny with a note.
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { interactive } from "../../../src/enforce/approval/interactive.js";
import { queuePaths, readQueueFile, decisionFile, parseDecision, writeAtomic, requestFile, ensureDir } from "../../../src/enforce/approval/queue.js";
import { buildRequest } from "../../../src/enforce/approval/request.js";
import type { Decision } from "../../../src/types.js";

let dir: string;
let queue: string;

function file(id: string, findingsProd: boolean): void {
  const d: Decision = {
    action: "ask",
    command: "x",
    reasons: [],
    errors: [],
    invocations: [],
    findings: [
      {
        id: "kubectl/delete",
        risk: "high",
        categories: ["destroy"],
        message: "deletes deployment web",
        invocation: 0,
        ...(findingsProd ? { evidence: [{ kind: "kube-context", value: "prod-eu-1", pattern: 'token "prod"', source: "--context flag" }] } : {}),
      },
    ],
  };
  const q = queuePaths(queue);
  ensureDir(q.requests);
  const r = buildRequest({ id, decision: d, argv: ["kubectl", "delete", "deployment", "web"], ctx: { cwd: dir, env: {}, frontend: "shim" }, waitSeconds: 300 });
  writeAtomic(requestFile(q, id), JSON.stringify(r));
}

async function session(lines: string[]): Promise<string> {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (d) => (out += d));
  stdin.end(lines.map((l) => `${l}\n`).join(""));
  expect(await interactive(queue, { stdin, stdout, env: { USER: "alice", HOME: dir } }, { pollMs: 10_000 })).toBe(0);
  return out;
}

const decided = (id: string) => {
  const { text } = readQueueFile(decisionFile(queuePaths(queue), id));
  return text === undefined ? undefined : parseDecision(text).decision;
};

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "sg-tui-")));
  queue = join(dir, "queue");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("approvals terminal view", () => {
  it("approve once: by number, with a note", async () => {
    file("aaa222", false);
    const out = await session(["1", "a", "checked with the team", "q"]);
    expect(out).toContain("aaa222");
    expect(out).toContain("kubectl/delete");
    expect(decided("aaa222")).toMatchObject({ answer: "approve", note: "checked with the team" });
  });

  it("deny: by id, with a note for the agent", async () => {
    file("bbb333", false);
    await session(["bbb333", "d", "scale it to zero instead", "q"]);
    expect(decided("bbb333")).toMatchObject({ answer: "deny", note: "scale it to zero instead" });
  });

  it("production: typing the target's name approves", async () => {
    file("ccc444", true);
    await session(["1", "a", "prod-eu-1", "", "q"]);
    expect(decided("ccc444")).toMatchObject({ answer: "approve" });
  });

  it("production: a wrong name approves nothing", async () => {
    file("ddd555", true);
    const out = await session(["1", "a", "prod", "q"]);
    expect(decided("ddd555")).toBeUndefined();
    expect(out).toContain("ddd555");
  });

  it("back, unknown ids and end of input leave the queue untouched", async () => {
    file("eee666", false);
    await session(["9", "zzz999", "1", "b"]);
    expect(decided("eee666")).toBeUndefined();
  });
});
