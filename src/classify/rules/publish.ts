// Publishing and hosted-repository changes: package registry releases, unpublish/yank, repo and release deletion, image pushes.
import type { Invocation, Word } from "../../types.js";
import { parseArgs, type ParsedArgs } from "../flags.js";
import { defineRule, type ReportOptions, type RuleContext } from "../rule.js";

type Id =
  | "package-publish"
  | "package-unpublish"
  | "package-deprecate"
  | "package-yank"
  | "dist-tag"
  | "package-access"
  | "repo-delete"
  | "repo-archive"
  | "repo-visibility"
  | "release-delete"
  | "hosted-delete"
  | "api-delete"
  | "api-write"
  | "image-push"
  | "dynamic-subcommand";

type Ctx = RuleContext<Id>;

/** Registries that are local or meant for testing: publishing there is a rehearsal (low, it passes). */
const SANDBOX_REGISTRY = /(^|\/\/|@)(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\])([:/]|$)|test\.pypi\.org|^testpypi$|verdaccio|\.local([:/]|$)/i;

interface Tool {
  inv: Invocation;
  ctx: Ctx;
  a: ParsedArgs;
  /** Static positional values (undefined where dynamic). */
  pos: (string | undefined)[];
  words: Word[];
}

function tool(inv: Invocation, ctx: Ctx, value: string[]): Tool {
  const a = parseArgs(inv.argv.slice(1), { value });
  const words = [...a.positionals, ...a.rest];
  return { inv, ctx, a, pos: words.map((w) => w.value), words };
}

function dryRun(a: ParsedArgs, extra: string[] = []): boolean {
  return a.options.some((o) => (o.name === "dry-run" && !/^(false|0|no)$/i.test(o.value ?? "")) || extra.includes(o.name));
}

/** Reports `id` on the subcommand word, at low risk when the target registry is a sandbox. */
function publishReport(t: Tool, id: Id, at: number, data: Record<string, string | undefined>, registries: (string | undefined)[] = []): void {
  const sandbox = registries.find((r) => r !== undefined && SANDBOX_REGISTRY.test(r));
  const opts: ReportOptions = { word: t.words[at] ?? t.inv.argv[0]!, data: { ...data, where: sandbox ? ` to the test registry ${sandbox}` : "" } };
  if (sandbox) opts.risk = "low";
  t.ctx.report(id, opts);
}

/** First positional that is not static: the subcommand itself is unknown. */
function dynamicAt(t: Tool, i: number): boolean {
  const w = t.words[i];
  if (w && w.value === undefined) {
    t.ctx.report("dynamic-subcommand", { word: w, data: { word: w.raw } });
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- JavaScript registries

const NPM_VALUE = ["registry", "prefix", "workspace", "userconfig", "globalconfig", "cache", "loglevel", "otp", "tag", "access", "scope", "C", "dir", "filter", "F", "cwd", "reporter", "auth-type", "provenance-file"];

function npmFamily(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, NPM_VALUE);
  const prog = inv.program!;
  let i = 0;
  // Yarn 2+: `yarn npm publish`, also inside `yarn workspaces foreach ... npm publish`.
  if (prog === "yarn") {
    const j = t.pos.findIndex((p, k) => p === "npm" && ["publish", "tag"].includes(t.pos[k + 1] ?? ""));
    if (j >= 0) i = j + 1;
  }
  if (dynamicAt(t, i)) return;
  const sub = t.pos[i];
  if (!sub) return;
  const registries = [t.a.get("registry"), inv.env.npm_config_registry, inv.env.NPM_CONFIG_REGISTRY];
  const pkg = t.pos[i + 1] ?? "this package";
  switch (sub) {
    case "publish":
      if (!dryRun(t.a)) publishReport(t, "package-publish", i, { tool: `${prog} publish`, pkg: "this package" }, registries);
      return;
    case "unpublish":
      if (!dryRun(t.a)) publishReport(t, "package-unpublish", i, { tool: `${prog} unpublish`, pkg }, registries);
      return;
    case "deprecate":
      if (!dryRun(t.a)) publishReport(t, "package-deprecate", i, { tool: `${prog} deprecate`, pkg }, registries);
      return;
    case "dist-tag":
    case "dist-tags":
    case "tag": {
      const action = t.pos[i + 1];
      if (sub === "tag" && prog !== "yarn") return;
      if (action && ["add", "rm", "remove", "set"].includes(action)) publishReport(t, "dist-tag", i, { tool: `${prog} ${sub} ${action}`, pkg: t.pos[i + 2] ?? "a package" }, registries);
      return;
    }
    case "owner":
    case "author":
      if (["add", "rm", "remove"].includes(t.pos[i + 1] ?? "")) publishReport(t, "package-access", i, { tool: `${prog} ${sub} ${t.pos[i + 1]}`, pkg: t.pos[i + 3] ?? "a package" }, registries);
      return;
    case "access":
      if (["grant", "revoke", "set", "public", "restricted"].includes(t.pos[i + 1] ?? "")) publishReport(t, "package-access", i, { tool: `${prog} access ${t.pos[i + 1]}`, pkg: "a package" }, registries);
      return;
    default:
      return;
  }
}

/** Tools whose publishing is one subcommand: `cargo publish`, `poetry publish`, `lerna publish`, `vsce publish` ... */
const SIMPLE: Record<string, { value: string[]; subs: Record<string, Id>; dry?: string[]; registry?: string[] }> = {
  bun: { value: ["registry", "cwd", "c", "config", "tag", "access", "otp"], subs: { publish: "package-publish" }, registry: ["registry"] },
  lerna: { value: ["registry", "dist-tag", "preid", "m", "message"], subs: { publish: "package-publish" }, registry: ["registry"] },
  changeset: { value: ["otp", "tag"], subs: { publish: "package-publish" } },
  cargo: { value: ["C", "config", "Z", "color", "manifest-path", "registry", "index", "token", "p", "package", "vers", "version", "j", "jobs", "target", "F", "features", "a", "add", "r", "remove"], subs: { publish: "package-publish", yank: "package-yank", owner: "package-access" }, registry: ["registry", "index"] },
  twine: { value: ["r", "repository", "repository-url", "u", "username", "p", "password", "c", "comment", "config-file", "i", "identity", "cert", "client-cert", "sign-with"], subs: { upload: "package-publish", register: "package-publish" }, registry: ["r", "repository", "repository-url"] },
  gem: { value: ["host", "k", "key", "otp", "v", "version", "platform", "a", "add", "r", "remove", "C", "config-file"], subs: { push: "package-publish", yank: "package-yank", owner: "package-access" }, registry: ["host"] },
  poetry: { value: ["C", "directory", "P", "project", "r", "repository", "u", "username", "p", "password", "cert", "client-cert", "dist-dir"], subs: { publish: "package-publish" }, registry: ["r", "repository"] },
  uv: { value: ["directory", "project", "publish-url", "index", "check-url", "username", "u", "password", "p", "token", "t", "trusted-publishing", "keyring-provider", "cache-dir", "python", "config-file"], subs: { publish: "package-publish" }, registry: ["publish-url", "index"] },
  hatch: { value: ["e", "env", "p", "project", "r", "repo", "u", "user", "a", "auth", "ca-cert", "client-cert", "client-key", "o", "option"], subs: { publish: "package-publish" }, registry: ["r", "repo"] },
  flit: { value: ["repository", "pypirc"], subs: { publish: "package-publish" }, registry: ["repository"] },
  pdm: { value: ["p", "project", "r", "repository", "u", "username", "P", "password", "ca-certs", "d", "dest", "comment", "i", "identity"], subs: { publish: "package-publish" }, registry: ["r", "repository"] },
  maturin: { value: ["r", "repository", "repository-url", "u", "username", "p", "password", "m", "manifest-path", "i", "interpreter", "F", "features", "target"], subs: { publish: "package-publish", upload: "package-publish" }, registry: ["r", "repository", "repository-url"] },
  deno: { value: ["config", "c", "token"], subs: { publish: "package-publish" } },
  jsr: { value: ["token", "config", "c"], subs: { publish: "package-publish" } },
  vsce: { value: ["p", "pat", "packagePath", "i", "target", "baseContentUrl", "baseImagesUrl"], subs: { publish: "package-publish", unpublish: "package-unpublish" } },
  ovsx: { value: ["p", "pat", "r", "registryUrl", "i", "packagePath", "target"], subs: { publish: "package-publish" }, registry: ["r", "registryUrl"] },
};

function simpleTool(inv: Invocation, ctx: Ctx, name: string, offset = 0): void {
  const spec = SIMPLE[name]!;
  const t = tool(inv, ctx, spec.value);
  // `+nightly` toolchain selectors (cargo) come before the subcommand.
  let i = offset;
  while (t.pos[i]?.startsWith("+")) i++;
  if (dynamicAt(t, i)) return;
  const sub = t.pos[i];
  const id = sub !== undefined && Object.prototype.hasOwnProperty.call(spec.subs, sub) ? spec.subs[sub] : undefined;
  if (!id || dryRun(t.a, spec.dry)) return;
  // `cargo yank --undo` puts a version back: a registry change, but one that restores.
  if (id === "package-yank" && t.a.has("undo")) return;
  if (id === "package-access" && !t.a.has("a", "add", "r", "remove")) return;
  const registries = (spec.registry ?? []).map((r) => t.a.get(r));
  publishReport(t, id, i, { tool: `${name} ${sub}`, pkg: t.pos[i + 1] ?? "this package" }, registries);
}

/** `python -m twine upload`, `python -m poetry publish` ... */
function pythonModule(inv: Invocation, ctx: Ctx): void {
  const args = inv.argv;
  const m = args.findIndex((w, k) => k > 0 && w.value === "-m");
  const mod = args[m + 1]?.value;
  if (m < 0 || !mod || !Object.prototype.hasOwnProperty.call(SIMPLE, mod)) return;
  // Rebuild the invocation as if the module were the program.
  simpleTool({ ...inv, program: mod, argv: args.slice(m + 1) }, ctx, mod);
}

/** Dart and Flutter: `dart pub publish` (-n is its dry run). */
function dartPub(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, ["C", "directory"]);
  if (t.pos[0] === "pub" && t.pos[1] === "publish" && !dryRun(t.a, ["n"])) publishReport(t, "package-publish", 1, { tool: `${inv.program} pub publish`, pkg: "this package" });
}

function mix(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, ["organization", "replace"]);
  if (t.pos[0] === "hex.publish" && !dryRun(t.a)) publishReport(t, "package-publish", 0, { tool: "mix hex.publish", pkg: "this package" });
  if (t.pos[0] === "hex.retire" && !t.a.has("unretire")) publishReport(t, "package-deprecate", 0, { tool: "mix hex.retire", pkg: t.pos[1] ?? "a package" });
}

function nuget(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, ["s", "source", "k", "api-key", "ApiKey", "Source", "ss", "symbol-source", "t", "timeout"]);
  const i = inv.program === "dotnet" ? (t.pos[0] === "nuget" ? 1 : -1) : 0;
  if (i < 0) return;
  const registries = [t.a.get("s", "source", "Source")];
  if (/^push$/i.test(t.pos[i] ?? "")) publishReport(t, "package-publish", i, { tool: "nuget push", pkg: t.pos[i + 1] ?? "a package" }, registries);
  if (/^delete$/i.test(t.pos[i] ?? "")) publishReport(t, "package-unpublish", i, { tool: "nuget delete", pkg: t.pos[i + 1] ?? "a package" }, registries);
}

function pod(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, []);
  if (t.pos[0] !== "trunk") return;
  if (t.pos[1] === "push") publishReport(t, "package-publish", 1, { tool: "pod trunk push", pkg: t.pos[2] ?? "this pod" });
  if (t.pos[1] === "delete" || t.pos[1] === "deprecate") publishReport(t, t.pos[1] === "delete" ? "package-unpublish" : "package-deprecate", 1, { tool: `pod trunk ${t.pos[1]}`, pkg: t.pos[2] ?? "a pod" });
}

/** Maven `deploy` phase and Gradle `publish*` tasks upload artefacts (publishToMavenLocal stays on this machine). */
function jvmBuild(inv: Invocation, ctx: Ctx): void {
  const maven = /^mvnw?$/.test(inv.program!);
  const t = tool(inv, ctx, maven ? ["f", "file", "s", "settings", "P", "activate-profiles", "pl", "projects", "T", "threads", "D", "l", "log-file", "gs", "global-settings"] : ["p", "project-dir", "b", "build-file", "c", "settings-file", "g", "gradle-user-home", "I", "init-script", "x", "exclude-task", "P", "D", "include-build"]);
  const i = t.pos.findIndex((p) =>
    p !== undefined && (maven ? p === "deploy" || /^(org\.apache\.maven\.plugins:)?(maven-)?deploy(-plugin)?(:[\w.-]+)?:deploy(-file)?$/.test(p) : /(^|:)publish\w*$/.test(p) && !/publishToMavenLocal$/.test(p)),
  );
  if (i >= 0) publishReport(t, "package-publish", i, { tool: `${inv.program} ${t.pos[i]}`, pkg: "this project's artefacts" });
}

// ---------------------------------------------------------------- hosted repositories (gh, glab)

const GH_VALUE = ["R", "repo", "X", "method", "H", "header", "f", "raw-field", "F", "field", "input", "q", "jq", "t", "template", "p", "preview", "hostname", "cache", "visibility", "description", "homepage", "default-branch", "add-topic", "remove-topic", "title", "notes", "n", "notes-file", "target", "b", "body", "l", "label", "a", "assignee", "m", "milestone", "state", "L", "limit", "json", "S", "search", "A", "author", "B", "base", "head"];

/** Groups whose `delete` loses little (build caches, run logs), and groups that only live on this machine. */
const LOW_STAKES_DELETE = new Set(["cache", "run"]);
const LOCAL_GROUPS = new Set(["alias", "extension", "config", "auth"]);

function hosted(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, GH_VALUE);
  const cli = inv.program!;
  if (dynamicAt(t, 0)) return;
  const [group, action] = t.pos;
  if (!group) return;
  if (group === "api") return api(t, cli);
  if (action === undefined) {
    if (t.words[1] && t.words[1].value === undefined) t.ctx.report("dynamic-subcommand", { word: t.words[1], data: { word: t.words[1].raw } });
    return;
  }
  const target = t.pos[2] ?? t.a.get("R", "repo") ?? "the current repository";
  if (group === "repo") {
    if (action === "delete") return publishReport(t, "repo-delete", 1, { tool: `${cli} repo delete`, target });
    if (action === "archive") return publishReport(t, "repo-archive", 1, { tool: `${cli} repo archive`, target });
    if (action === "edit") {
      const vis = t.a.get("visibility");
      if (vis !== undefined) {
        const opts: ReportOptions = { word: t.a.hit("visibility")!.word, data: { tool: `${cli} repo edit`, target, visibility: vis } };
        // Going private or internal hides code but leaks nothing; going public cannot be undone once cloned.
        if (vis !== "public") opts.risk = "medium";
        t.ctx.report("repo-visibility", opts);
      }
    }
    return;
  }
  if (group === "release" && (action === "delete" || action === "delete-asset")) {
    return publishReport(t, "release-delete", 1, { tool: `${cli} release ${action}`, target: t.pos[2] ?? "a release" });
  }
  if ((action === "delete" || (action === "remove" && group === "ssh-key")) && !LOCAL_GROUPS.has(group)) {
    const opts: ReportOptions = { word: t.words[1]!, data: { tool: `${cli} ${group} ${action}`, target: t.pos[2] ?? `a ${group}` } };
    if (LOW_STAKES_DELETE.has(group)) opts.risk = "medium";
    t.ctx.report("hosted-delete", opts);
  }
}

function api(t: Tool, cli: string): void {
  const endpoint = t.pos[1] ?? "an endpoint";
  const method = t.a.get("X", "method")?.toUpperCase();
  const fields = t.a.options.filter((o) => ["f", "raw-field", "F", "field"].includes(o.name));
  const data = { tool: `${cli} api`, target: endpoint, method: method ?? "POST" };
  const word = t.a.hit("X", "method")?.word ?? t.words[0]!;
  if (method === "DELETE") return void t.ctx.report("api-delete", { word, data });
  if (endpoint === "graphql") {
    // GraphQL is always POST; only a mutation changes anything.
    if (fields.some((o) => o.value !== undefined && /(^|=)\s*mutation\b/.test(o.value)) || fields.some((o) => o.dynamicValue)) t.ctx.report("api-write", { word, data: { ...data, method: "mutation" } });
    return;
  }
  // Fields or an input body turn the default GET into a POST.
  const writes = method ? method !== "GET" && method !== "HEAD" : fields.length > 0 || t.a.has("input");
  if (writes) t.ctx.report("api-write", { word, data });
}

// ---------------------------------------------------------------- container images

const DOCKER_GLOBAL = ["c", "context", "H", "host", "config", "l", "log-level", "tlscacert", "tlscert", "tlskey"];

function imagePush(inv: Invocation, ctx: Ctx): void {
  const g = parseArgs(inv.argv.slice(1), { value: [...DOCKER_GLOBAL, "t", "tag", "f", "file", "platform", "build-arg", "target", "cache-from", "cache-to", "o", "output", "builder", "label", "secret", "ssh", "progress", "set", "project-name", "p", "env-file", "profile"] });
  const pos = [...g.positionals, ...g.rest];
  const v = pos.map((w) => w.value);
  let refs: Word[] = [];
  let at: Word | undefined;
  if (v[0] === "push" || (v[0] === "image" && v[1] === "push") || (v[0] === "manifest" && v[1] === "push")) {
    const k = v[0] === "push" ? 0 : 1;
    at = pos[k];
    refs = pos.slice(k + 1, k + 2);
  } else if (v[0] === "buildx" && (v[1] === "build" || v[1] === "bake") && (g.has("push") || g.all("o", "output").some((o) => /(^|,)push=true/.test(o)))) {
    at = g.hit("push")?.word ?? pos[1];
    refs = g.options.filter((o) => o.name === "t" || o.name === "tag").map((o) => o.word);
  } else if (v[0] === "compose" && v.includes("push")) {
    at = pos[v.indexOf("push")];
  } else return;
  const tags = g.options.filter((o) => o.name === "t" || o.name === "tag").map((o) => o.value);
  const names = refs.map((w) => w.value).concat(v[0] === "buildx" ? tags : []).filter((x): x is string => x !== undefined);
  const shown = names.join(", ") || (v[0] === "compose" ? "the compose services' images" : "an image");
  const production = names.map((n) => ctx.production.evidence("image", n, "image reference")).filter((e) => e !== undefined);
  ctx.report("image-push", { word: at ?? inv.argv[0]!, data: { image: shown }, ...(production.length ? { production } : {}) });
}

const PYTHONS = ["python", "python3", "python2", "py", "pypy3", ...Array.from({ length: 10 }, (_, k) => `python3.${k + 6}`)];
const DISPATCH: Record<string, (inv: Invocation, ctx: Ctx) => void> = {
  npm: npmFamily,
  pnpm: npmFamily,
  yarn: npmFamily,
  dart: dartPub,
  flutter: dartPub,
  mix,
  dotnet: nuget,
  nuget,
  pod,
  mvn: jvmBuild,
  mvnw: jvmBuild,
  gradle: jvmBuild,
  gradlew: jvmBuild,
  gh: hosted,
  glab: hosted,
  docker: imagePush,
  podman: imagePush,
  nerdctl: imagePush,
  ...Object.fromEntries(Object.keys(SIMPLE).map((k) => [k, (inv: Invocation, ctx: Ctx) => simpleTool(inv, ctx, k)])),
  ...Object.fromEntries(PYTHONS.map((p) => [p, pythonModule])),
};

export default defineRule<Id>({
  name: "publish",
  description: "Releases to package registries, unpublish and yank, hosted repository and release deletion, image pushes.",
  programs: Object.keys(DISPATCH),
  findings: {
    "package-publish": {
      risk: "high",
      categories: ["mutate"],
      message: "{tool} releases {pkg}{where}; a published version cannot be replaced and every user can install it",
      hint: "check the contents with a dry run (`npm publish --dry-run`, `cargo publish --dry-run`, `twine check`) and let a human publish",
      description: "npm/pnpm/yarn/bun publish, cargo publish, twine upload, gem push, poetry/uv/hatch/flit/pdm publish, mvn deploy ...",
    },
    "package-unpublish": {
      risk: "high",
      categories: ["destroy"],
      message: "{tool} removes {pkg}{where} from the registry; everything that depends on it breaks, and the version can never be reused",
      hint: "deprecate the version instead, with a message pointing to the fix",
      description: "npm unpublish, vsce unpublish, nuget delete.",
    },
    "package-deprecate": {
      risk: "high",
      categories: ["mutate"],
      message: "{tool} marks {pkg}{where} deprecated for every user who installs it",
      hint: "let a human deprecate packages",
      description: "npm deprecate, mix hex.retire.",
    },
    "package-yank": {
      risk: "high",
      categories: ["destroy"],
      message: "{tool} withdraws {pkg}{where}; new installs and lockfile-less builds of dependents break",
      hint: "let a human yank versions",
      description: "cargo yank, gem yank.",
    },
    "dist-tag": {
      risk: "high",
      categories: ["mutate"],
      message: "{tool} changes which version of {pkg}{where} users get by default",
      hint: "let a human move registry tags",
      description: "npm dist-tag add/rm.",
    },
    "package-access": {
      risk: "high",
      categories: ["mutate", "privilege"],
      message: "{tool} changes who may publish or read {pkg}{where}",
      hint: "let a human change package owners and access",
      description: "npm owner/access, cargo owner, gem owner.",
    },
    "repo-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "{tool} deletes {target} with its issues, pull requests, releases and wiki",
      hint: "archive the repository instead (`gh repo archive`), or let a human delete it",
      description: "gh/glab repo delete.",
    },
    "repo-archive": {
      risk: "high",
      categories: ["mutate"],
      message: "{tool} makes {target} read-only for everyone",
      hint: "let a human archive repositories",
      description: "gh/glab repo archive.",
    },
    "repo-visibility": {
      risk: "high",
      categories: ["mutate", "exfiltrate"],
      message: "{tool} makes {target} {visibility}",
      hint: "let a human change repository visibility",
      description: "gh repo edit --visibility (public: high; private/internal: medium).",
    },
    "release-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "{tool} deletes {target}; download links and installers that point at it break",
      hint: "mark the release as a pre-release or edit its notes instead",
      description: "gh/glab release delete, release delete-asset.",
    },
    "hosted-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "{tool} deletes {target} on the hosting service",
      hint: "let a human delete it in the web interface",
      description: "gh/glab <group> delete: issues, labels, secrets, variables, gists, codespaces ... (caches and runs: medium).",
    },
    "api-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "{tool} sends DELETE {target}",
      hint: "use the matching gh/glab subcommand, which names what it deletes",
      description: "gh/glab api -X DELETE.",
    },
    "api-write": {
      risk: "medium",
      categories: ["mutate"],
      message: "{tool} sends {method} {target}, which changes data on the hosting service",
      hint: "use the matching gh/glab subcommand where there is one",
      description: "gh/glab api with a write method, fields, or a GraphQL mutation.",
    },
    "image-push": {
      risk: "medium",
      categories: ["mutate"],
      message: "pushing {image} replaces what every pull of that tag gets",
      hint: "push a new, unique tag and let the deployment pick it up",
      description: "docker/podman push (a production-looking image or tag: high).",
    },
    "dynamic-subcommand": {
      risk: "high",
      categories: ["opaque"],
      message: "the subcommand {word} is not known before it runs",
      hint: "write the subcommand literally so it can be checked",
      description: "A registry or hosting CLI with a computed subcommand.",
    },
  },
  check(inv, ctx) {
    const fn = inv.program && Object.prototype.hasOwnProperty.call(DISPATCH, inv.program) ? DISPATCH[inv.program] : undefined;
    fn?.(inv, ctx);
  },
});
