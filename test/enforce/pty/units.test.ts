// Tables for the wrapper's pure parts: the env listings shells send, request parsing, guard-tamper detection, the answer line editor, the child's argv.
import { describe, expect, it } from "vitest";
import { parseExportList } from "../../../src/enforce/pty/export-list.js";
import { LineInput } from "../../../src/enforce/pty/prompt.js";
import { parseRequest } from "../../../src/enforce/pty/request.js";
import { childArgv } from "../../../src/enforce/pty/session.js";
import { tamperReasons } from "../../../src/enforce/pty/tamper.js";
import { invocationsFromText, loadParser } from "../../../src/parse/index.js";

describe("parseExportList", () => {
  const cases: [string, string, Record<string, string>][] = [
    ["bash", `declare -x A=$'x\\ny'\ndeclare -x B="q\\"u\\$o\\\`t\\\\e"\ndeclare -x C=$'\\001ctl'\ndeclare -x D="it's"\ndeclare -x E=""\ndeclare -x F\n`, { A: "x\ny", B: 'q"u$o`t\\e', C: "\x01ctl", D: "it's", E: "" }],
    ["dash", `export A='x\ny'\nexport D='it'"'"'s'\nexport P='/tmp'\n`, { A: "x\ny", D: "it's", P: "/tmp" }],
    ["zsh", `export C=$'\\C-Actl'\nexport D='it'\\''s'\nexport HOME=/root\nexport -i10 SHLVL=1\n`, { C: "\x01ctl", D: "it's", HOME: "/root", SHLVL: "1" }],
  ];
  for (const [shell, text, env] of cases) it(shell, () => expect(parseExportList(text)).toEqual(env));
});

describe("parseRequest", () => {
  const ok = ["sg1", "line", "12.3", "12", "r.12", "", "/home/u", "bash", "echo hi"].join("\0") + "\0declare -x HOME=\"/home/u\"\n";
  it("reads the fields and the environment", () => {
    expect(parseRequest("12.1", ok)).toMatchObject({ kind: "line", key: "12.3", pid: 12, reply: "r.12", cwd: "/home/u", text: "echo hi", env: { HOME: "/home/u" } });
  });
  const bad: [string, string][] = [
    ["protocol", ok.replace("sg1", "sg9")],
    ["kind", ok.replace("line", "poke")],
    ["reply channel", ok.replace("r.12", "../x")],
    ["not absolute", ok.replace("/home/u\0", "home\0")],
    ["missing", "sg1\0line\0"],
  ];
  for (const [why, payload] of bad) it(`rejects: ${why}`, () => expect(() => parseRequest("1.1", payload)).toThrow(new RegExp(why)));
});

describe("tamperReasons", async () => {
  await loadParser();
  const env = { BASH_ENV: "/s/bash_env", PROMPT_COMMAND: ". /s/bash_guard" };
  const flagged = ["trap - DEBUG", "trap '' DEBUG; rm x", "shopt -u extdebug", "PROMPT_COMMAND=", "export BASH_ENV=/dev/null", "unset -f __sg_debug", "env -u BASH_ENV bash -c 'ls'", "eval 'PROMPT_COMMAND=true'", "__sg_debug() { :; }", "set +T"];
  const clean = ["ls -la", "echo $PROMPT_COMMAND", "trap 'rm -f /tmp/x' EXIT", "shopt -s globstar", "export FOO=bar", "PS1='> '"];
  for (const c of flagged) it(`flags ${c}`, () => expect(tamperReasons(c, invocationsFromText(c, { cwd: "/", env }), env).length).toBeGreaterThan(0));
  for (const c of clean) it(`leaves ${c}`, () => expect(tamperReasons(c, invocationsFromText(c, { cwd: "/", env }), env)).toEqual([]));
});

describe("LineInput", () => {
  const cases: [string, string | undefined][] = [
    ["y\r", "y"],
    ["yx\x7f\r", "y"],
    ["\x1b[A\x1b[<0;3;4My\r", "y"],
    ["\x1b[200~prod-eu-1\x1b[201~\r", "prod-eu-1"],
    ["yes\x15n\r", "n"],
    ["y\x03", undefined],
    ["\r", ""],
  ];
  for (const [keys, want] of cases) {
    it(JSON.stringify(keys), () => {
      let got: string | undefined | null = null;
      new LineInput(() => undefined, (l) => (got = l)).feed(keys);
      expect(got).toBe(want);
    });
  }
});

describe("childArgv: an interactive bash started by wrap reads the session rc", () => {
  const s = { dir: "/s" } as Parameters<typeof childArgv>[2];
  const cases: [string, string[], string[]][] = [
    ["bash", [], ["--rcfile", "/s/bashrc"]],
    ["/bin/bash", ["-l"], ["--rcfile", "/s/bashrc", "-l"]],
    ["bash", ["--norc"], ["--norc"]],
    ["bash", ["-c", "ls"], ["-c", "ls"]],
    ["bash", ["-lc", "ls"], ["-lc", "ls"]],
    ["bash", ["script.sh"], ["script.sh"]],
    ["zsh", [], []],
  ];
  for (const [cmd, args, want] of cases) it(`${cmd} ${args.join(" ")}`, () => expect(childArgv(cmd, args, s)).toEqual(want));
});
