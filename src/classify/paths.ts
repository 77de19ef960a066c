// The path-risk model: how bad it is to destroy or overwrite a given path, from / down to a build artifact.
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, resolve } from "node:path";
import type { Invocation, Risk, Word } from "../types.js";

export type PathClass =
  | "root"
  | "device"
  | "home"
  | "home-ancestor"
  | "system"
  | "system-child"
  | "credentials"
  | "home-dotfile"
  | "home-child"
  | "git-dir"
  | "project-root"
  | "project"
  | "build-output"
  | "temp-root"
  | "temp"
  | "outside"
  | "dynamic";

export interface PathInfo {
  /** Absolute, normalised path (for a glob: the directory whose entries it covers). */
  path?: string;
  class: PathClass;
  /** Risk of deleting it; `none` when it is safe to delete. */
  risk: Risk | "none";
  /** Plain-words reason, e.g. `your home directory`. */
  reason: string;
  /** The word named every entry of a directory (`*`, `dir/*`, `.*`). */
  allEntries?: boolean;
}

export interface PathOptions {
  /** Recursive operation (rm -r, chmod -R, rsync --delete): directories count as whole trees. */
  recursive: boolean;
}

const SYSTEM_DIRS = new Set([
  "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/usr", "/var",
  "/home", "/Users", "/System", "/Library", "/Applications", "/Volumes", "/private", "/snap", "/mnt", "/media", "/nix", "/cores",
  "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/local", "/usr/local/bin", "/usr/share", "/usr/include", "/var/lib", "/var/log", "/etc/ssl", "/private/etc", "/private/var",
]);

/** Directories under $HOME holding credentials or keys. */
const CREDENTIAL_PATHS = [".ssh", ".aws", ".kube", ".gnupg", ".config/gcloud", ".azure", ".docker", ".netrc", ".npmrc", ".pypirc", ".git-credentials", ".password-store", ".config/gh", ".terraform.d", ".vault-token", ".pgpass", ".my.cnf"];

/** Names of generated directories that are safe to delete and rebuild. */
export const BUILD_OUTPUTS = new Set([
  "node_modules", "dist", "build", "out", "target", "coverage", ".next", ".nuxt", ".svelte-kit", ".turbo", ".cache", ".parcel-cache", "__pycache__", ".pytest_cache",
  ".mypy_cache", ".ruff_cache", ".tox", ".nox", ".venv", "venv", ".gradle", ".eggs", "htmlcov", ".nyc_output", "storybook-static", ".angular", ".docusaurus", ".expo",
  "tmp", ".tmp", ".sass-cache", "bower_components", ".serverless", ".aws-sam", "cdk.out", "_build", "deps", ".dart_tool", ".build", "DerivedData", ".vite", ".webpack",
  ".output", ".vercel", ".netlify", "jspm_packages", ".eslintcache", ".stylelintcache", "lcov-report", "test-results", "playwright-report", "blob-report",
]);
const BUILD_OUTPUT_SUFFIXES = [".egg-info", ".pyc", ".pyo", ".o", ".log", ".tsbuildinfo"];

const BLOCK_DEVICE = /^\/dev\/(sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+(n\d+)?(p\d+)?|mmcblk\d+(p\d+)?|disk\d+(s\d+)?|rdisk\d+(s\d+)?|md\d+|dm-\d+|mapper\/.+|loop\d+|sr\d+|root|[a-z]+\/by-(id|uuid|label|path)\/.+)$/;

export interface PathModel {
  /** Absolute path for a word's value against the invocation's cwd; undefined when it cannot be known. */
  absolute(value: string, inv: Invocation): string | undefined;
  /** Classifies one target word of a destructive operation. */
  classify(word: Word, inv: Invocation, opts: PathOptions): PathInfo;
  /** Classifies an absolute path. */
  classifyPath(path: string, inv: Invocation, opts: PathOptions & { allEntries?: boolean }): PathInfo;
  home(inv: Invocation): string | undefined;
  projectRoot(cwd: string | undefined): string | undefined;
  isBlockDevice(path: string): boolean;
  isTemp(path: string, inv: Invocation): boolean;
}

const projectCache = new Map<string, string | undefined>();

export function createPathModel(env: Record<string, string | undefined>): PathModel {
  const homeOf = (inv: Invocation) => {
    const h = inv.env.HOME ?? env.HOME;
    return h ? normalize(h).replace(/\/+$/, "") || "/" : undefined;
  };
  const tempRoots = (inv: Invocation) => {
    const t = ["/tmp", "/var/tmp", "/dev/shm", "/private/tmp", "/private/var/folders"];
    const td = inv.env.TMPDIR ?? env.TMPDIR;
    if (td && td !== "/" && isAbsolute(td)) t.push(normalize(td).replace(/\/+$/, ""));
    return t;
  };
  const within = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith("/") ? dir : dir + "/");

  const projectRoot = (cwd: string | undefined): string | undefined => {
    if (!cwd) return undefined;
    if (projectCache.has(cwd)) return projectCache.get(cwd);
    let dir = cwd;
    let found: string | undefined;
    for (let i = 0; i < 64; i++) {
      if (existsSync(join(dir, ".git"))) {
        found = dir;
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    projectCache.set(cwd, found);
    return found;
  };

  const model: PathModel = {
    home: homeOf,
    projectRoot,
    isBlockDevice: (p) => BLOCK_DEVICE.test(p),
    isTemp: (p, inv) => tempRoots(inv).some((t) => within(p, t) && p !== t),
    absolute(value, inv) {
      if (isAbsolute(value)) return normalize(value).replace(/(.)\/+$/, "$1");
      if (inv.cwd === undefined) return undefined;
      return resolve(inv.cwd, value);
    },
    classify(word, inv, opts) {
      if (word.value === undefined) {
        if (word.pathUnder !== undefined) {
          const base = model.classifyPath(model.absolute(word.pathUnder, inv) ?? word.pathUnder, inv, { recursive: true });
          // A path somewhere below a directory: as bad as that directory's contents, but never worse than high.
          if (base.risk === "none") return { ...base, reason: `files found under ${base.reason}` };
          return { ...base, class: "dynamic", risk: base.risk === "critical" ? "high" : base.risk === "low" || base.risk === "medium" ? base.risk : "high", reason: `files found under ${base.reason}` };
        }
        return { class: "dynamic", risk: "high", reason: `a path that is not known before it runs (${word.raw})` };
      }
      let value = word.value;
      let allEntries = false;
      if (word.glob) {
        // `dir/*`, `*`, `.*`: every entry of dir, which is as bad as dir itself.
        const m = /^(.*?)(?:^|\/)([^/]*[*?[][^/]*)$/.exec(value);
        if (m && !m[1]!.match(/[*?[]/)) {
          const dir = m[1] === "" ? (value.startsWith("/") ? "/" : ".") : m[1]!;
          const pat = m[2]!;
          if (/^(\*|\.\*|\*\.\*|\.\[!.\]\*|\?\*)$/.test(pat) || pat === "**") {
            allEntries = true;
            value = dir;
          } else {
            // A narrower pattern (`*.log`) names files inside dir, not dir.
            value = dir === "/" ? "/x" : `${dir}/x`;
            const info = model.classifyPath(model.absolute(value, inv) ?? value, inv, opts);
            return { ...info, path: model.absolute(dir, inv), reason: `files matching ${pat} in ${dir}` };
          }
        } else if (value.includes("*")) {
          return { class: "dynamic", risk: "high", reason: `a glob over several directories (${word.raw})` };
        }
      }
      const abs = model.absolute(value, inv);
      if (abs === undefined) return { class: "dynamic", risk: "high", reason: `a relative path in a directory that is not known (${word.raw})` };
      return model.classifyPath(abs, inv, { ...opts, allEntries });
    },
    classifyPath(p, inv, opts) {
      const path = normalize(p).replace(/(.)\/+$/, "$1");
      const home = homeOf(inv);
      const ae = opts.allEntries ? { allEntries: true } : {};
      const ofAll = opts.allEntries ? "everything in " : "";
      if (path === "/") return { path, class: "root", risk: "critical", reason: `${ofAll}the root directory`, ...ae };
      if (BLOCK_DEVICE.test(path)) return { path, class: "device", risk: "critical", reason: `the block device ${path}` };
      if (home && path === home) return { path, class: "home", risk: "critical", reason: `${ofAll}your home directory`, ...ae };
      if (home && within(home, path)) return { path, class: "home-ancestor", risk: "critical", reason: `${ofAll}${path}, which contains your home directory`, ...ae };
      if (SYSTEM_DIRS.has(path)) return { path, class: "system", risk: "critical", reason: `${ofAll}the system directory ${path}`, ...ae };
      const segs = path.split("/").filter(Boolean);
      if (home && within(path, home)) {
        const rel = path.slice(home.length + 1);
        for (const c of CREDENTIAL_PATHS) if (within(rel, c)) return { path, class: "credentials", risk: "high", reason: `credentials in ~/${c}` };
      }
      if (segs.includes(".git")) return { path, class: "git-dir", risk: "high", reason: `git history in ${path.slice(0, path.indexOf("/.git") + 5)}` };
      const base = segs[segs.length - 1] ?? "";
      const root = projectRoot(inv.cwd);
      const inBuild = segs.some((s) => BUILD_OUTPUTS.has(s)) || BUILD_OUTPUT_SUFFIXES.some((s) => base.endsWith(s));
      if (root && path === root) return { path, class: "project-root", risk: "high", reason: `${ofAll}the project ${path}`, ...ae };
      if (inBuild && (!root || within(path, root) || (home && within(path, home)))) return { path, class: "build-output", risk: "none", reason: "a generated build directory" };
      if (root && within(path, root)) {
        if (opts.recursive || opts.allEntries) return { path, class: "project", risk: "high", reason: `${ofAll}project files in ${path.slice(root.length + 1) || "."}`, ...ae };
        return { path, class: "project", risk: "none", reason: "a single project file" };
      }
      if (home && within(path, home)) {
        const rel = path.slice(home.length + 1);
        if (!rel.includes("/") && rel.startsWith(".")) return { path, class: "home-dotfile", risk: "high", reason: `the settings file ~/${rel}` };
        if (!rel.includes("/")) return { path, class: "home-child", risk: opts.recursive || opts.allEntries ? "high" : "medium", reason: `~/${rel} in your home directory`, ...ae };
        return { path, class: "home-child", risk: opts.recursive || opts.allEntries ? "high" : "low", reason: `~/${rel}`, ...ae };
      }
      const temps = tempRoots(inv);
      for (const t of temps) {
        if (path === t) return { path, class: "temp-root", risk: opts.allEntries ? "medium" : "high", reason: `the temp directory ${path} itself`, ...ae };
        if (within(path, t)) return { path, class: "temp", risk: "none", reason: `a temp path` };
      }
      const sysRoot = "/" + (segs[0] ?? "");
      if (SYSTEM_DIRS.has(sysRoot) || segs[0] === "usr" || segs[0] === "etc") {
        return { path, class: "system-child", risk: "high", reason: `${ofAll}${path} under the system directory ${sysRoot}`, ...ae };
      }
      return { path, class: "outside", risk: opts.recursive || opts.allEntries ? "high" : "low", reason: `${ofAll}${path}, outside the project`, ...ae };
    },
  };
  return model;
}
