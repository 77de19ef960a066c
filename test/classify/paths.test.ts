// The path-risk model: classes and risks of delete targets, globs, unknown words, remote homes and written files.
import { afterAll, describe, expect, it } from "vitest";
import { createPathModel, fileLike, isDisposableName, type PathClass } from "../../src/classify/paths.js";
import type { Invocation, Risk, Word } from "../../src/types.js";
import { makeWorld } from "../helpers/world.js";

const world = makeWorld();
afterAll(() => world.cleanup());
const model = createPathModel(world.env());

/** `~` is the fixture HOME, `@` the fixture project, `%` its TMPDIR. */
const fill = (s: string) => s.replace(/^~/, world.home).replace(/^@/, world.project).replace(/^%/, world.tmp);

/** An invocation in `cwd` (null: a cwd that cannot be known). */
function inv(cwd: string | null = world.project, extra: Partial<Invocation> = {}): Invocation {
  return { index: 0, argv: [], assigns: [], redirects: [], wrappers: [], env: world.env(), via: [], text: "", span: { start: 0, end: 0 }, opaque: [], ...(cwd !== null ? { cwd } : {}), ...extra };
}

const word = (value: string | undefined, raw = value ?? "$X", more: Partial<Word> = {}): Word => ({ raw, span: { start: 0, end: raw.length }, ...(value !== undefined ? { value: fill(value) } : {}), ...more });

type Row = [target: string, recursive: boolean, cls: PathClass, risk: Risk | "none"];

describe("classify: delete targets", () => {
  const rows: Row[] = [
    ["/", true, "root", "critical"],
    ["/", false, "root", "critical"],
    ["/dev/sda", false, "device", "critical"],
    ["/dev/nvme0n1p2", false, "device", "critical"],
    ["~", true, "home", "critical"],
    ["~/", true, "home", "critical"],
    ["~/..", true, "home-ancestor", "critical"],
    ["/usr", true, "system", "critical"],
    ["/etc/ssh", true, "system", "critical"],
    ["/usr/share/doc", true, "system-child", "high"],
    ["/etc/hosts", false, "system-child", "high"],
    ["/opt/homebrew", true, "system-child", "high"],
    ["~/.ssh", true, "credentials", "high"],
    ["~/.ssh/id_ed25519", false, "credentials", "high"],
    ["~/.config/gcloud/credentials.db", false, "credentials", "high"],
    ["~/.aws", true, "credentials", "high"],
    ["~/.bashrc", false, "home-dotfile", "high"],
    ["~/Documents", true, "home-child", "high"],
    ["~/todo.txt", false, "home-child", "medium"],
    ["~/work/other/readme.md", false, "home-child", "low"],
    ["~/.cache", true, "build-output", "none"],
    ["~/work/other/node_modules", true, "build-output", "none"],
    ["@", true, "project-root", "high"],
    ["@/src", true, "project", "high"],
    ["@/src/index.ts", false, "project", "none"],
    ["@/.git", true, "git-dir", "high"],
    ["@/.git/index.lock", false, "git-dir", "none"],
    ["@/.git/config", false, "git-dir", "high"],
    ["@/.git/refs", true, "git-dir", "high"],
    ["@/.git/logs/HEAD", false, "git-dir", "high"],
    ["@/.git/hooks/pre-commit", false, "git-dir", "none"],
    ["@/.git/ORIG_HEAD", false, "git-dir", "none"],
    ["~/Library/Caches/com.example", true, "build-output", "none"],
    ["@/node_modules", true, "build-output", "none"],
    ["@/packages/web/dist", true, "build-output", "none"],
    ["@/app.log", false, "build-output", "none"],
    ["@/x.egg-info", true, "build-output", "none"],
    ["/tmp/test-output", true, "temp", "none"],
    ["/var/tmp/x", true, "temp", "none"],
    ["%", true, "temp-root", "high"],
    ["%/x/y", true, "temp", "none"],
    ["/srv/app/node_modules", true, "system-child", "high"],
    ["/data/x", true, "outside", "high"],
    ["/data/x", false, "outside", "low"],
    // recursion only widens a directory: a file named or found on disk is one file
    ["@/package-lock.json", true, "project", "none"],
    ["@/package.json", true, "project", "none"],
    ["@/Makefile", true, "project", "none"],
    ["@/lib", true, "project", "high"],
    ["~/notes.md", true, "home-child", "medium"],
    ["/data/x.tar.gz", true, "outside", "low"],
    // the fixture HOME lies below /tmp: /tmp stays a temp root (`~/..`, between them, is a home ancestor)
    ["/tmp", true, "temp-root", "high"],
  ];
  for (const [target, recursive, cls, risk] of rows) {
    it(`${target}${recursive ? " (recursive)" : ""} → ${cls} ${risk}`, () => {
      const info = model.classify(word(target), inv(), { recursive });
      expect([info.class, info.risk]).toEqual([cls, risk]);
    });
  }
});

describe("classify: relative paths, globs and words that are not static", () => {
  const rows: [label: string, w: Word, cwd: string | null, cls: PathClass, risk: Risk | "none", allEntries?: boolean][] = [
    ["src from the project", word("src"), world.project, "project", "high"],
    [". from the project", word("."), world.project, "project-root", "high"],
    ["../.. from the project", word("../.."), world.project, "home", "critical"],
    ["* from /", word("*", "*", { glob: true }), "/", "root", "critical", true],
    ["/* anywhere", word("/*", "/*", { glob: true }), world.project, "root", "critical", true],
    ["/*/* reaches every entry of /", word("/*/*", "/*/*", { glob: true }), world.project, "root", "critical", true],
    ["~/.* is every dotfile of home", word("~/.*", "~/.*", { glob: true }), world.project, "home", "critical", true],
    ["* in the project", word("*", "*", { glob: true }), world.project, "project-root", "high", true],
    ["src/* in the project", word("src/*", "src/*", { glob: true }), world.project, "project", "high", true],
    ["*.log names files, not the directory", word("*.log", "*.log", { glob: true }), world.project, "build-output", "none"],
    ["*/node_modules", word("*/node_modules", "*/node_modules", { glob: true }), world.project, "build-output", "none"],
    ["packages/*/src", word("packages/*/src", "packages/*/src", { glob: true }), world.project, "project", "high"],
    ["/*/foo reaches system directories", word("/*/foo", "/*/foo", { glob: true }), world.project, "system-child", "high"],
    ["/tmp/* is every entry of /tmp", word("%/*", "%/*", { glob: true }), world.project, "temp-root", "medium", true],
    ["a variable", word(undefined, '"$X"'), world.project, "dynamic", "high"],
    ["a relative path in an unknown directory", word("src"), null, "dynamic", "high"],
    ["a build output in an unknown directory", word("node_modules"), null, "build-output", "none"],
    ["find results under the project", word(undefined, "{}", { pathUnder: world.project }), world.project, "dynamic", "high"],
    ["find results under a temp dir", word(undefined, "{}", { pathUnder: "/tmp/x" }), world.project, "temp", "none"],
  ];
  for (const [label, w, cwd, cls, risk, allEntries] of rows) {
    it(label, () => {
      const info = model.classify(w, inv(cwd), { recursive: true });
      expect([info.class, info.risk, !!info.allEntries]).toEqual([cls, risk, !!allEntries]);
    });
  }
});

describe("classify: another machine", () => {
  const remote = (cwd: string | null = null) => inv(cwd, { host: "web-1", env: {} });
  it("~ on a host whose HOME is unknown is still a home directory", () => {
    expect(model.classify(word(undefined, "~"), remote(), { recursive: true }).class).toBe("home");
    expect(model.classify(word(undefined, "$HOME/*", { glob: true }), remote(), { recursive: true }).risk).toBe("critical");
    expect(model.classify(word(undefined, "~/.ssh"), remote(), { recursive: true }).class).toBe("credentials");
  });
  it("the local HOME, TMPDIR and project say nothing about the remote side", () => {
    expect(model.classify(word(world.home), remote(), { recursive: true }).class).not.toBe("home");
    expect(model.classify(word(world.project + "/src"), remote(world.project), { recursive: true }).class).not.toBe("project");
    expect(model.classify(word("/var"), remote(), { recursive: true }).risk).toBe("critical");
  });
});

describe("classifyWrite: files a command writes", () => {
  const rows: [target: string, append: boolean, cls: PathClass, risk: Risk | "none"][] = [
    ["/dev/null", false, "special-device", "none"],
    ["/dev/stderr", false, "special-device", "none"],
    ["/dev/tty", false, "special-device", "none"],
    ["/dev/sda", false, "device", "critical"],
    ["/dev/mem", false, "device", "critical"],
    ["/dev/vg0/data", false, "device", "high"],
    ["/proc/sysrq-trigger", false, "kernel", "critical"],
    ["/proc/sys/vm/swappiness", false, "kernel", "medium"],
    ["/sys/power/state", false, "kernel", "medium"],
    ["/etc/passwd", false, "system-child", "critical"],
    ["/etc/passwd", true, "system-child", "high"],
    ["/etc/sudoers.d/agent", false, "system-child", "critical"],
    ["/boot/grub/grub.cfg", false, "system-child", "critical"],
    ["/etc/ld.so.preload", true, "system-child", "critical"],
    ["/etc/hosts", false, "system-child", "high"],
    ["/usr/local/bin/tool", false, "system-child", "high"],
    ["/var/log/app.log", true, "system-child", "none"],
    ["~/.bashrc", true, "home-dotfile", "high"],
    ["~/.ssh/authorized_keys", true, "credentials", "high"],
    ["~/.config/autostart/x.desktop", false, "home-child", "medium"],
    ["~/notes.txt", false, "home-child", "none"],
    ["@/src/index.ts", false, "project", "none"],
    ["@/.git/HEAD", false, "git-dir", "high"],
    ["@/.git/hooks/pre-push", false, "git-dir", "medium"],
    ["@/.git/info/exclude", true, "git-dir", "none"],
    ["/tmp/out.txt", false, "temp", "none"],
    ["/data/out.txt", false, "outside", "none"],
    ["/etc", false, "system", "none"],
    ["/dev/tcp/example.com/80", false, "special-device", "none"],
    ["/dev/udp/10.0.0.1/53", false, "special-device", "none"],
    ["~/.ssh/known_hosts", true, "credentials", "none"],
    ["~/.ssh/known_hosts", false, "credentials", "high"],
    ["~/.ssh/config", false, "credentials", "high"],
    ["~/.ssh/config.bak", false, "credentials", "medium"],
    ["~/.ssh/id_deploy", false, "credentials", "high"],
    ["~/.ssh/id_ed25519", false, "credentials", "high"],
    ["~/.aws/credentials", true, "credentials", "high"],
  ];
  for (const [target, append, cls, risk] of rows) {
    it(`${append ? ">>" : ">"} ${target} → ${cls} ${risk}`, () => {
      const info = model.classifyWrite(fill(target), inv(), { append });
      expect([info.class, info.risk]).toEqual([cls, risk]);
    });
  }
  it("a relative target resolves against the invocation's cwd", () => {
    expect(model.classifyWriteWord(word("hosts"), inv("/etc")).risk).toBe("high");
    expect(model.classifyWriteWord(word("out.txt"), inv()).risk).toBe("none");
  });
  it("a target that is not static is worth a warning, not silence", () => {
    expect(model.classifyWriteWord(word(undefined, '"$OUT"'), inv())).toMatchObject({ class: "dynamic", risk: "medium" });
  });
  it("~ on a remote host still names the remote home", () => {
    expect(model.classifyWriteWord(word(undefined, "~/.ssh/authorized_keys"), inv(null, { host: "web-1", env: {} }), { append: true }).class).toBe("credentials");
  });
});

describe("helpers", () => {
  it("absolute() resolves against cwd and refuses an unknown one", () => {
    expect(model.absolute("src/../lib/", inv())).toBe(`${world.project}/lib`);
    expect(model.absolute("/usr//bin/", inv())).toBe("/usr/bin");
    expect(model.absolute("src", inv(null))).toBeUndefined();
  });
  it("projectRoot() walks up to the directory holding .git", () => {
    expect(model.projectRoot(`${world.project}/src`)).toBe(world.project);
    expect(model.projectRoot(world.home)).toBeUndefined();
  });
  it("isDevice() and isBlockDevice() tell disks from sinks", () => {
    expect([model.isBlockDevice("/dev/sdb1"), model.isBlockDevice("/dev/mapper/root"), model.isBlockDevice("/dev/null")]).toEqual([true, true, false]);
    expect([model.isDevice("/dev/vg0/data"), model.isDevice("/dev/null"), model.isDevice("/dev/shm/x"), model.isDevice("/tmp/x")]).toEqual([true, false, false, false]);
  });
  it("isTemp() is true below a temp root, never for the root itself", () => {
    expect([model.isTemp("/tmp/x", inv()), model.isTemp("/tmp", inv()), model.isTemp(`${world.tmp}/y`, inv())]).toEqual([true, false, true]);
  });
  it("fileLike() knows files by name or on disk, and takes anything else for a directory", () => {
    expect(["@/package.json", "@/yarn.lock", "@/Dockerfile", "@/.env.local", "@/src/index.ts"].map((p) => fileLike(fill(p)))).toEqual([true, true, true, true, true]);
    expect(["@/src", "@/lib", "@/.github", "/usr/local/bin", "~"].map((p) => fileLike(fill(p)))).toEqual([false, false, false, false, false]);
  });
  it("isDisposableName() knows build outputs, litter and patterns for them", () => {
    expect(["node_modules", "*.pyc", "__pycache__", ".DS_Store", "*~", "*.log"].map(isDisposableName)).toEqual([true, true, true, true, true, true]);
    expect(["src", "*.ts", "*", "README.md"].map(isDisposableName)).toEqual([false, false, false, false]);
  });
});
