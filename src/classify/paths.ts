// The path-risk model: how bad it is to destroy or overwrite a given path, from / down to a build artifact.
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, resolve } from "node:path";
import type { Invocation, Risk, Word } from "../types.js";

export type PathClass =
  | "root"
  | "device"
  | "special-device"
  | "kernel"
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
  /** Risk of deleting it (or, from classifyWrite, of writing it); `none` when it is safe. */
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

export interface WriteOptions {
  /** `>>`, `tee -a`: the write adds to the file instead of replacing its content. */
  append?: boolean;
}

const SYSTEM_DIRS = new Set([
  "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/usr", "/var",
  "/home", "/Users", "/System", "/Library", "/Applications", "/Volumes", "/private", "/snap", "/mnt", "/media", "/nix", "/cores",
  "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib64", "/usr/libexec", "/usr/local", "/usr/local/bin", "/usr/local/lib", "/usr/share", "/usr/include",
  "/var/lib", "/var/log", "/var/lib/dpkg", "/var/lib/rpm", "/etc/ssl", "/etc/ssh", "/etc/systemd", "/etc/pam.d", "/boot/efi",
  "/private/etc", "/private/var", "/System/Library",
]);

/** Directories under $HOME holding credentials or keys. */
const CREDENTIAL_PATHS = [".ssh", ".aws", ".kube", ".gnupg", ".config/gcloud", ".azure", ".docker", ".netrc", ".npmrc", ".pypirc", ".git-credentials", ".password-store", ".config/gh", ".terraform.d", ".vault-token", ".pgpass", ".my.cnf"];

/** Names of generated directories that are safe to delete and rebuild. */
export const BUILD_OUTPUTS = new Set([
  "node_modules", "dist", "build", "out", "target", "coverage", ".next", ".nuxt", ".svelte-kit", ".turbo", ".cache", ".parcel-cache", "__pycache__", ".pytest_cache",
  ".mypy_cache", ".ruff_cache", ".tox", ".nox", ".venv", "venv", ".gradle", ".eggs", "htmlcov", ".nyc_output", "storybook-static", ".angular", ".docusaurus", ".expo",
  "tmp", ".tmp", ".sass-cache", "bower_components", ".serverless", ".aws-sam", "cdk.out", "_build", "deps", ".dart_tool", ".build", "DerivedData", ".vite", ".webpack",
  ".output", ".vercel", ".netlify", "jspm_packages", ".eslintcache", ".stylelintcache", "lcov-report", "test-results", "playwright-report", "blob-report",
  ".npm", ".pnpm-store", "Caches", "Pods", ".terraform", "_site", ".jekyll-cache", ".ipynb_checkpoints", "cmake-build-debug", "cmake-build-release",
  "zig-cache", ".zig-cache", "zig-out", "elm-stuff", ".stack-work", ".astro", ".wrangler", "bazel-out", "bazel-bin", "bazel-testlogs", ".hypothesis", ".m2", ".nuget",
  ".ivy2", ".cpcache", ".shadow-cljs", ".pio", ".vs",
]);
/** Package caches under HOME that any build downloads again (`go clean -modcache`, `cargo cache`): home-relative. */
const HOME_CACHES = ["go/pkg/mod", ".cargo/registry", ".cargo/git", ".rustup/toolchains", ".gem", ".bundle/cache", ".conda/pkgs", ".local/share/virtualenvs", ".pyenv/versions", ".nvm/versions", ".sdkman/candidates", ".deno", ".bun/install/cache"];
const BUILD_OUTPUT_SUFFIXES = [".egg-info", ".pyc", ".pyo", ".o", ".log", ".tsbuildinfo"];
/** Editor and OS litter: as disposable as build output. */
const JUNK_NAMES = new Set([".DS_Store", "Thumbs.db", "desktop.ini"]);
const JUNK_SUFFIXES = ["~", ".swp", ".swo", ".tmp", ".orig", ".rej"];

const BLOCK_DEVICE = /^\/dev\/(sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+(n\d+)?(p\d+)?|mmcblk\d+(p\d+)?|disk\d+(s\d+)?|rdisk\d+(s\d+)?|md\d+|dm-\d+|mapper\/.+|loop\d+|sr\d+|root|[a-z]+\/by-(id|uuid|label|path|partuuid|partlabel)\/.+)$/;
/** Device files whose writes go nowhere harmful (sinks, terminals, the process's own descriptors). */
const HARMLESS_DEVICE = /^\/dev\/(null|zero|full|random|urandom|stdin|stdout|stderr|tty\w*|pts(\/.*)?|fd\/\d+|console|ptmx|log)$/;
/** bash's pseudo-devices that open a TCP or UDP connection. */
export const NETWORK_DEVICE = /^\/dev\/(tcp|udp)\/[^/]+\/[^/]+$/;
const KERNEL_MEMORY = /^\/dev\/(mem|kmem|port)$/;
/** Files whose truncation leaves a machine that cannot boot or log anyone in. */
const VITAL_SYSTEM_FILES = new Set(["/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/sudoers", "/etc/fstab", "/etc/crypttab", "/etc/inittab", "/etc/ld.so.preload", "/etc/ld.so.conf", "/etc/nsswitch.conf"]);
const VITAL_SYSTEM_DIRS = ["/boot", "/etc/pam.d", "/etc/sudoers.d", "/etc/ld.so.conf.d"];
/** Home files that run code at login or in every shell. */
const STARTUP_DOTFILES = new Set([".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".zlogout", ".cshrc", ".tcshrc", ".kshrc", ".mkshrc", ".xinitrc", ".xprofile", ".xsession", ".inputrc", ".envrc"]);
/** Home directories whose files start programs at login. */
const HOME_AUTOSTART = [".config/autostart", ".config/systemd/user", "Library/LaunchAgents", ".config/fish/conf.d", ".config/fish/config.fish"];

/** Names that are files, not directories, when the disk cannot tell (the path is not there yet, or is elsewhere). */
const FILE_NAME = /^[^/]+\.(json|jsonc|json5|lock|ya?ml|toml|ini|cfg|conf|txt|md|mdx|rst|csv|tsv|xml|html?|css|scss|sass|less|svg|png|jpe?g|gif|webp|ico|pdf|[cm]?[jt]sx?|py|pyi|rb|go|rs|java|kt|kts|scala|swift|c|h|cc|cpp|hpp|cs|php|sh|bash|zsh|fish|ps1|sql|db|sqlite3?|tar|tgz|gz|bz2|xz|zst|zip|7z|rar|whl|jar|war|deb|rpm|dmg|iso|img|bin|exe|dll|so|dylib|a|wasm|map|snap|patch|diff|pem|crt|key|pub|env|bak|old|out|dat|parquet|pkl|pt|onnx)$/i;

/** Files that carry no extension but are never directories. */
const PLAIN_FILES = /^(Makefile|GNUmakefile|Dockerfile|Containerfile|Procfile|Gemfile|Rakefile|Jenkinsfile|Vagrantfile|Brewfile|Podfile|Justfile|Caddyfile|LICENSE|LICENCE|COPYING|README|CHANGELOG|AUTHORS|NOTICE|VERSION|CODEOWNERS|\.env(\..+)?|\.\w+rc|\.\w*ignore|\.editorconfig|\.gitattributes|\.gitmodules|\.tool-versions|\.python-version|\.node-version)$/;

/** Whether a recursive operation on this path touches one file only: a file by its name, or a regular file on disk. */
export function fileLike(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (FILE_NAME.test(base) || PLAIN_FILES.test(base)) return true;
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Whether an operation reaches a whole tree: every entry named, or a recursive one on something that is not a file. */
const wide = (path: string, opts: PathOptions & { allEntries?: boolean }) => opts.allEntries === true || (opts.recursive && !fileLike(path));

/** Paths inside .git whose loss costs no history. */
const GIT_DISPOSABLE = /^(hooks|info)(\/|$)|\.lock$|^[A-Z_]+_(HEAD|MSG)$|^COMMIT_EDITMSG$|^description$/;
const GLOB_CHARS = /[*?[]/;
const CATCH_ALL_SEGMENT = /^(\*|\*\*|\.\*|\*\.\*|\.\[!.\]\*|\.\[^.\]\*|\?\*|\.\?\*)$/;
/** `~`, `$HOME` or `${HOME}` at the start of a word, when HOME itself is unknown (another machine). */
const HOME_PREFIX = /^(?:~|"?\$HOME"?|"?\$\{HOME\}"?)(\/[\w./@+,:%~*-]*)?$/;
/** Stands for a home directory whose real path is unknown (a remote host's), so `~/x` can still be classified. */
const UNKNOWN_HOME = "/~";

export interface PathModel {
  /** Absolute path for a word's value against the invocation's cwd; undefined when it cannot be known. */
  absolute(value: string, inv: Invocation): string | undefined;
  /** Classifies one target word of a destructive operation. */
  classify(word: Word, inv: Invocation, opts: PathOptions): PathInfo;
  /** Classifies an absolute path. */
  classifyPath(path: string, inv: Invocation, opts: PathOptions & { allEntries?: boolean }): PathInfo;
  /** Classifies a file a command writes into (redirect, copy destination, tee, dd of=): the risk of replacing or appending to it. */
  classifyWrite(path: string, inv: Invocation, opts?: WriteOptions): PathInfo;
  /** classifyWrite for a word that may not be static. */
  classifyWriteWord(word: Word, inv: Invocation, opts?: WriteOptions): PathInfo;
  home(inv: Invocation): string | undefined;
  projectRoot(cwd: string | undefined): string | undefined;
  isBlockDevice(path: string): boolean;
  /** Any device node that is not a harmless sink or terminal (block devices, /dev/mem, LVM volumes ...). */
  isDevice(path: string): boolean;
  isTemp(path: string, inv: Invocation): boolean;
}

/** A file or directory name (or a find/glob pattern for one) that names generated output or litter. */
export function isDisposableName(name: string): boolean {
  const n = GLOB_CHARS.test(name) ? name.replace(/\[[^\]]*\]|[*?]/g, "x") : name;
  return BUILD_OUTPUTS.has(n) || JUNK_NAMES.has(n) || BUILD_OUTPUT_SUFFIXES.some((s) => n.endsWith(s)) || JUNK_SUFFIXES.some((s) => n.endsWith(s));
}

const projectCache = new Map<string, string | undefined>();
const within = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith("/") ? dir : dir + "/");
/** Temp roots every machine has, longest first. */
const SYSTEM_TEMPS = ["/private/var/folders", "/private/tmp", "/var/folders", "/var/tmp", "/dev/shm", "/tmp"];
/** Normalised, without a trailing slash (normalize leaves at most one). */
const clean = (p: string) => {
  const n = normalize(p);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
};
/** On another machine or in a container the local context (HOME, TMPDIR, the project on disk) says nothing. */
const elsewhere = (inv: Invocation) => inv.host !== undefined || inv.container !== undefined;

export function createPathModel(env: Record<string, string | undefined>): PathModel {
  // HOME and the temp roots an invocation sees; rules classify one invocation's paths in a row, so the last ones are kept.
  let homeInv: Invocation | undefined;
  let homeVal: string | undefined;
  const homeOf = (inv: Invocation) => {
    if (inv !== homeInv) {
      const h = inv.env.HOME ?? (elsewhere(inv) ? undefined : env.HOME);
      homeVal = h ? clean(h) : undefined;
      homeInv = inv;
    }
    return homeVal;
  };
  let tempInv: Invocation | undefined;
  let tempVal: string[] = [];
  /** /tmp and friends plus $TMPDIR, longest first so the most specific root wins ($TMPDIR often lives below /tmp). */
  const tempRoots = (inv: Invocation) => {
    if (inv !== tempInv) {
      const td = inv.env.TMPDIR ?? (elsewhere(inv) ? undefined : env.TMPDIR);
      tempVal = td && td !== "/" && isAbsolute(td) ? [clean(td), ...SYSTEM_TEMPS].sort((x, y) => y.length - x.length) : SYSTEM_TEMPS;
      tempInv = inv;
    }
    return tempVal;
  };

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

  /** A `~/x` word on a machine whose HOME is unknown: the same word against a stand-in home. */
  const unknownHome = (word: Word, inv: Invocation): { word: Word; inv: Invocation } | undefined => {
    if (word.value !== undefined || homeOf(inv) !== undefined) return undefined;
    const m = HOME_PREFIX.exec(word.raw);
    if (!m) return undefined;
    const rest = m[1] ?? "";
    return { word: { ...word, value: UNKNOWN_HOME + rest, ...(GLOB_CHARS.test(rest) ? { glob: true } : {}) }, inv: { ...inv, env: { ...inv.env, HOME: UNKNOWN_HOME } } };
  };

  const model: PathModel = {
    home: homeOf,
    projectRoot,
    isBlockDevice: (p) => BLOCK_DEVICE.test(p),
    isDevice: (p) => {
      const c = clean(p);
      return c.startsWith("/dev/") && !HARMLESS_DEVICE.test(c) && !c.startsWith("/dev/shm/");
    },
    isTemp: (p, inv) => tempRoots(inv).some((t) => within(p, t) && p !== t),
    absolute(value, inv) {
      if (isAbsolute(value)) return clean(value);
      if (inv.cwd === undefined) return undefined;
      return resolve(inv.cwd, value);
    },
    classify(word, inv, opts) {
      if (word.value === undefined) {
        const h = unknownHome(word, inv);
        if (h) return model.classify(h.word, h.inv, opts);
        if (word.pathUnder !== undefined) {
          const base = model.classifyPath(model.absolute(word.pathUnder, inv) ?? word.pathUnder, inv, { recursive: true });
          // A path somewhere below a directory: as bad as that directory's contents, but never worse than high.
          if (base.risk === "none") return { ...base, reason: `files found under ${base.reason}` };
          return { ...base, class: "dynamic", risk: base.risk === "critical" ? "high" : base.risk === "low" || base.risk === "medium" ? base.risk : "high", reason: `files found under ${base.reason}` };
        }
        return { class: "dynamic", risk: "high", reason: `a path that is not known before it runs (${word.raw})` };
      }
      const value = word.value;
      if (word.glob && GLOB_CHARS.test(value)) return classifyGlob(word, value, inv, opts);
      const abs = model.absolute(value, inv);
      if (abs === undefined) return unknownDir(word, value);
      return model.classifyPath(abs, inv, opts);
    },
    classifyPath(p, inv, opts) {
      const path = clean(p);
      const home = homeOf(inv);
      const ae = opts.allEntries ? { allEntries: true } : {};
      const ofAll = opts.allEntries ? "everything in " : "";
      if (path === "/") return { path, class: "root", risk: "critical", reason: `${ofAll}the root directory`, ...ae };
      if (BLOCK_DEVICE.test(path)) return { path, class: "device", risk: "critical", reason: `the block device ${path}` };
      if (home && path === home) return { path, class: "home", risk: "critical", reason: `${ofAll}your home directory`, ...ae };
      // A home below a temp root (a sandbox, a CI fixture) is scratch itself: the temp root stays a temp root.
      if (home && within(home, path) && !tempRoots(inv).includes(path)) return { path, class: "home-ancestor", risk: "critical", reason: `${ofAll}${path}, which contains your home directory`, ...ae };
      if (SYSTEM_DIRS.has(path)) return { path, class: "system", risk: "critical", reason: `${ofAll}the system directory ${path}`, ...ae };
      const segs = path.split("/").filter(Boolean);
      const inHome = home !== undefined && within(path, home);
      if (inHome && path.charCodeAt(home.length + 1) === 46) {
        // Every credential path is a dot name right in home.
        const rel = path.slice(home.length + 1);
        for (const c of CREDENTIAL_PATHS) if (within(rel, c)) return { path, class: "credentials", risk: "high", reason: `credentials in ~/${c}` };
      }
      const gitAt = segs.indexOf(".git");
      if (gitAt >= 0) {
        const gitDir = "/" + segs.slice(0, gitAt + 1).join("/");
        // Lock files, hooks and scratch files are routinely removed by hand; objects, refs and logs are the history.
        const inGit = path.slice(gitDir.length + 1);
        if (path !== gitDir && GIT_DISPOSABLE.test(inGit)) return { path, class: "git-dir", risk: "none", reason: `the git file ${inGit}` };
        return { path, class: "git-dir", risk: "high", reason: `git history in ${gitDir}`, ...ae };
      }
      const root = elsewhere(inv) ? undefined : projectRoot(inv.cwd);
      if (root && path === root) return { path, class: "project-root", risk: "high", reason: `${ofAll}the project ${path}`, ...ae };
      const inProject = root !== undefined && within(path, root);
      const temp = tempRoots(inv).find((t) => within(path, t));
      // Only names below the project, home or temp dir count: a project that lives in ~/build is not build output.
      const anchor = inProject ? root : inHome ? home : temp !== undefined ? temp : SYSTEM_DIRS.has("/" + (segs[0] ?? "")) ? undefined : "/";
      if (inHome && !inProject) {
        const rel = path.slice(home.length + 1);
        for (const c of HOME_CACHES) if (rel.startsWith(c + "/") || rel === c) return { path, class: "build-output", risk: "none", reason: `the package cache ~/${c}` };
      }
      if (anchor !== undefined) {
        const below = path.slice(anchor.length).split("/").filter(Boolean);
        if (below.some((s) => BUILD_OUTPUTS.has(s)) || (below.length > 0 && isDisposableName(below[below.length - 1]!))) {
          return { path, class: "build-output", risk: "none", reason: "a generated build directory" };
        }
      }
      if (inProject) {
        const rel = path.slice(root.length + 1) || ".";
        if (wide(path, opts)) return { path, class: "project", risk: "high", reason: opts.allEntries ? `everything in ${rel} in the project` : `project files in ${rel}`, ...ae };
        return { path, class: "project", risk: "none", reason: "a single project file" };
      }
      if (inHome) {
        const rel = path.slice(home.length + 1);
        if (!rel.includes("/") && rel.startsWith(".")) return { path, class: "home-dotfile", risk: "high", reason: `the settings file ~/${rel}`, ...ae };
        if (!rel.includes("/")) return { path, class: "home-child", risk: wide(path, opts) ? "high" : "medium", reason: `${ofAll}~/${rel} in your home directory`, ...ae };
        return { path, class: "home-child", risk: wide(path, opts) ? "high" : "low", reason: `${ofAll}~/${rel}`, ...ae };
      }
      if (temp !== undefined) {
        if (path === temp) return { path, class: "temp-root", risk: opts.allEntries ? "medium" : "high", reason: `${ofAll}the temp directory ${path} itself`, ...ae };
        return { path, class: "temp", risk: "none", reason: "a temp path" };
      }
      const sysRoot = "/" + (segs[0] ?? "");
      if (SYSTEM_DIRS.has(sysRoot)) {
        return { path, class: "system-child", risk: "high", reason: `${ofAll}${path} under the system directory ${sysRoot}`, ...ae };
      }
      return { path, class: "outside", risk: wide(path, opts) ? "high" : "low", reason: `${ofAll}${path}, outside the project`, ...ae };
    },
    classifyWriteWord(word, inv, opts = {}) {
      if (word.value === undefined) {
        const h = unknownHome(word, inv);
        if (h?.word.value !== undefined) return model.classifyWrite(h.word.value, h.inv, opts);
        return { class: "dynamic", risk: "medium", reason: `a file that is not known before it runs (${word.raw})` };
      }
      const abs = model.absolute(word.value, inv);
      if (abs === undefined) {
        if (isAbsolute(word.value)) return model.classifyWrite(word.value, inv, opts);
        // A relative file in an unknown directory: only the name is known.
        const name = word.value.split("/").filter(Boolean).pop() ?? "";
        return STARTUP_DOTFILES.has(name)
          ? { class: "dynamic", risk: "medium", reason: `${word.value} in a directory that is not known` }
          : { class: "dynamic", risk: "none", reason: `${word.value} in a directory that is not known` };
      }
      return model.classifyWrite(abs, inv, opts);
    },
    classifyWrite(p, inv, opts = {}) {
      const path = clean(p);
      if (path.startsWith("/dev/")) {
        // bash opens a network connection for these: no file is written (the remote pack judges what is sent).
        if (NETWORK_DEVICE.test(path)) return { path, class: "special-device", risk: "none", reason: `a network connection (${path})` };
        if (HARMLESS_DEVICE.test(path)) return { path, class: "special-device", risk: "none", reason: `the device ${path}` };
        if (BLOCK_DEVICE.test(path)) return { path, class: "device", risk: "critical", reason: `the block device ${path}` };
        if (KERNEL_MEMORY.test(path)) return { path, class: "device", risk: "critical", reason: `kernel memory through ${path}` };
        if (!path.startsWith("/dev/shm/")) return { path, class: "device", risk: "high", reason: `the device file ${path}` };
      }
      if (path === "/proc/sysrq-trigger") return { path, class: "kernel", risk: "critical", reason: "the kernel's emergency trigger (immediate reboot, crash or power-off)" };
      if (within(path, "/proc/sys") || within(path, "/sys")) return { path, class: "kernel", risk: "medium", reason: `the kernel setting ${path}` };
      if (within(path, "/proc")) return { path, class: "kernel", risk: "low", reason: `the process file ${path}` };
      if (path === "/etc/ld.so.preload") return { path, class: "system-child", risk: "critical", reason: "/etc/ld.so.preload, which loads a library into every program" };
      if (VITAL_SYSTEM_FILES.has(path) || VITAL_SYSTEM_DIRS.some((d) => within(path, d) && path !== d)) {
        return { path, class: "system-child", risk: opts.append ? "high" : "critical", reason: `the system file ${path}` };
      }
      const info = model.classifyPath(path, inv, { recursive: false });
      const home = homeOf(inv);
      switch (info.class) {
        case "root":
        case "home":
        case "home-ancestor":
        case "system":
        case "temp-root":
        case "project-root":
          // Writing to a directory fails; callers that copy into one pass the file inside it.
          return { ...info, risk: "none", reason: `the directory ${path}` };
        case "credentials": {
          const rel = home ? path.slice(home.length + 1) : path;
          // Adding host keys is routine (they are public); replacing them loses what was verified.
          if (/^\.ssh\/known_hosts(\.old)?$/.test(rel)) return opts.append ? { ...info, risk: "none", reason: "the known SSH host keys" } : { ...info, reason: `~/${rel}, the host keys verified so far` };
          if (/^\.ssh\/(authorized_keys2?|config|rc|environment)$/.test(rel)) return { ...info, risk: "high", reason: `~/${rel}, which decides who logs in and what ssh runs` };
          // A new file beside the keys (a backup) replaces nothing.
          if (rel.startsWith(".ssh/") && !/^\.ssh\/id_|[*?[]/.test(rel) && !existsSync(path)) return { ...info, risk: "medium", reason: `a new file ~/${rel} among the SSH keys` };
          return { ...info, risk: "high" };
        }
        case "home-dotfile": {
          const name = path.slice((home?.length ?? 0) + 1);
          return { ...info, risk: "high", reason: STARTUP_DOTFILES.has(name) ? `the shell startup file ~/${name}, which runs in every new shell` : info.reason };
        }
        case "git-dir": {
          const inGit = path.slice(path.indexOf("/.git/") + 6);
          if (path.endsWith("/.git") || inGit === "") return { ...info, risk: "none", reason: "the .git directory" };
          if (/^(info\/|[A-Z_]+_MSG$|COMMIT_EDITMSG$|description$)/.test(inGit) || inGit.endsWith(".lock")) return { ...info, risk: "none", reason: `the git file ${inGit}` };
          if (inGit.startsWith("hooks/")) return { ...info, risk: "medium", reason: `the git hook ${inGit}, which runs on git commands` };
          if (inGit === "config") return { ...info, risk: "medium", reason: "the repository's git config" };
          return { ...info, risk: "high", reason: `git's own data in ${inGit}` };
        }
        case "home-child": {
          const rel = home ? path.slice(home.length + 1) : path;
          if (HOME_AUTOSTART.some((d) => within(rel, d))) return { ...info, risk: "medium", reason: `~/${rel}, which starts programs at login` };
          return { ...info, risk: "none" };
        }
        case "system-child":
          if (within(path, "/var/log") || within(path, "/var/cache")) return { ...info, risk: "none", reason: `the log or cache file ${path}` };
          return { ...info, risk: "high", reason: `the system file ${path}` };
        case "outside":
          return { ...info, risk: "none" };
        default:
          return info;
      }
    },
  };

  /** A relative path whose directory is unknown (after `cd "$X"`): only a build-output name is known to be safe. */
  function unknownDir(word: Word, value: string): PathInfo {
    const name = value.split("/").filter(Boolean).pop() ?? "";
    if (name && !value.split("/").includes("..") && isDisposableName(name)) return { class: "build-output", risk: "none", reason: "a generated build directory" };
    return { class: "dynamic", risk: "high", reason: `a relative path in a directory that is not known (${word.raw})` };
  }

  /**
   * Globs: a pattern whose globbed segments are all catch-alls (`*`, `dir/*`, `/*\/*`) names every entry of its
   * static prefix, which is as bad as the prefix itself; a narrower pattern is classified as one of the paths it
   * matches (`*.pyc` → `x.pyc`, `*\/node_modules` → `x/node_modules`).
   */
  function classifyGlob(word: Word, value: string, inv: Invocation, opts: PathOptions): PathInfo {
    const segs = value.split("/");
    if (segs.length > 1 && segs[segs.length - 1] === "") segs.pop();
    const first = segs.findIndex((s) => GLOB_CHARS.test(s));
    const prefixValue = first === 0 ? (value.startsWith("/") ? "/" : ".") : segs.slice(0, first).join("/") || "/";
    const prefix = model.absolute(prefixValue, inv);
    if (prefix === undefined) return unknownDir(word, value);
    const globbed = segs.slice(first);
    const pattern = globbed.join("/");
    if (globbed.every((s) => CATCH_ALL_SEGMENT.test(s))) {
      return model.classifyPath(prefix, inv, { ...opts, allEntries: true });
    }
    if (prefix === "/" && globbed.length > 1) {
      // `/*\/foo` reaches into every top-level directory, system ones included.
      return { path: prefix, class: "system-child", risk: "high", reason: `${pattern} in every top-level directory` };
    }
    const sample = [prefix, ...globbed.map((s) => s.replace(/\[[^\]]*\]|[*?]/g, "x"))].join("/");
    const info = model.classifyPath(sample, inv, opts);
    return { ...info, path: prefix, reason: info.risk === "none" ? info.reason : `files matching ${pattern} in ${prefix}: ${info.reason}` };
  }

  return model;
}
