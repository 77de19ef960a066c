// Publishing and hosted-repository changes: package registry releases, unpublish/yank, repo and release deletion, image pushes.
import type { Invocation } from "../../types.js";
import { defineRule } from "../rule.js";
import type { Ctx, Id } from "./publish/common.js";
import { hosted } from "./publish/hosted.js";
import { imagePush } from "./publish/images.js";
import { dartPub, jvmBuild, mix, npmFamily, nuget, pod, pythonModule, releaseTool, SIMPLE, simpleTool } from "./publish/registries.js";

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
  cargo: (inv, ctx) => {
    simpleTool(inv, ctx, "cargo");
    releaseTool(inv, ctx);
  },
  "semantic-release": releaseTool,
  "release-it": releaseTool,
  np: releaseTool,
  goreleaser: releaseTool,
  nx: releaseTool,
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
      description: "npm/pnpm/yarn/bun publish, cargo publish, twine upload, gem push, poetry/uv/hatch/flit/pdm publish, mvn deploy, semantic-release, release-it, goreleaser ...",
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
    "release-publish": {
      risk: "high",
      categories: ["mutate"],
      message: "{tool} publishes {target}{where}: watchers are notified and installers pick it up at once",
      hint: "create it with --draft and let a human publish it",
      description: "gh/glab release create without --draft, release edit --draft=false.",
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
      message: "pushing {image} replaces what every pull of that tag gets{where}",
      hint: "push a new, unique tag and let the deployment pick it up",
      description: "docker/podman push: a release tag (latest, stable, a version) or production-looking image: high; a local registry: low.",
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
