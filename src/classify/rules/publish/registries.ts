// Package registries: npm and friends, cargo, PyPI, RubyGems, Maven, NuGet, CocoaPods, Hex, pub.dev, and release tools that publish.
import type { Invocation } from "../../../types.js";
import { dryRun, dynamicAt, publishReport, tool, type Ctx, type Id } from "./common.js";

const NPM_VALUE = ["registry", "prefix", "workspace", "userconfig", "globalconfig", "cache", "loglevel", "otp", "tag", "access", "scope", "C", "dir", "filter", "F", "cwd", "reporter", "auth-type", "provenance-file"];

export function npmFamily(inv: Invocation, ctx: Ctx): void {
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
export const SIMPLE: Record<string, { value: string[]; subs: Record<string, Id>; dry?: string[]; registry?: string[] }> = {
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

export function simpleTool(inv: Invocation, ctx: Ctx, name: string, offset = 0): void {
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
export function pythonModule(inv: Invocation, ctx: Ctx): void {
  const args = inv.argv;
  const m = args.findIndex((w, k) => k > 0 && w.value === "-m");
  const mod = args[m + 1]?.value;
  if (m < 0 || !mod || !Object.prototype.hasOwnProperty.call(SIMPLE, mod)) return;
  // Rebuild the invocation as if the module were the program.
  simpleTool({ ...inv, program: mod, argv: args.slice(m + 1) }, ctx, mod);
}

/** Dart and Flutter: `dart pub publish` (-n is its dry run). */
export function dartPub(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, ["C", "directory"]);
  if (t.pos[0] === "pub" && t.pos[1] === "publish" && !dryRun(t.a, ["n"])) publishReport(t, "package-publish", 1, { tool: `${inv.program} pub publish`, pkg: "this package" });
}

export function mix(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, ["organization", "replace"]);
  if (t.pos[0] === "hex.publish" && !dryRun(t.a)) publishReport(t, "package-publish", 0, { tool: "mix hex.publish", pkg: "this package" });
  if (t.pos[0] === "hex.retire" && !t.a.has("unretire")) publishReport(t, "package-deprecate", 0, { tool: "mix hex.retire", pkg: t.pos[1] ?? "a package" });
}

export function nuget(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, ["s", "source", "k", "api-key", "ApiKey", "Source", "ss", "symbol-source", "t", "timeout"]);
  const i = inv.program === "dotnet" ? (t.pos[0] === "nuget" ? 1 : -1) : 0;
  if (i < 0) return;
  const registries = [t.a.get("s", "source", "Source")];
  if (/^push$/i.test(t.pos[i] ?? "")) publishReport(t, "package-publish", i, { tool: "nuget push", pkg: t.pos[i + 1] ?? "a package" }, registries);
  if (/^delete$/i.test(t.pos[i] ?? "")) publishReport(t, "package-unpublish", i, { tool: "nuget delete", pkg: t.pos[i + 1] ?? "a package" }, registries);
}

export function pod(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, []);
  if (t.pos[0] !== "trunk") return;
  if (t.pos[1] === "push") publishReport(t, "package-publish", 1, { tool: "pod trunk push", pkg: t.pos[2] ?? "this pod" });
  if (t.pos[1] === "delete" || t.pos[1] === "deprecate") publishReport(t, t.pos[1] === "delete" ? "package-unpublish" : "package-deprecate", 1, { tool: `pod trunk ${t.pos[1]}`, pkg: t.pos[2] ?? "a pod" });
}

/** Maven `deploy` phase and Gradle `publish*` tasks upload artefacts (publishToMavenLocal stays on this machine). */
export function jvmBuild(inv: Invocation, ctx: Ctx): void {
  const maven = /^mvnw?$/.test(inv.program!);
  const t = tool(inv, ctx, maven ? ["f", "file", "s", "settings", "P", "activate-profiles", "pl", "projects", "T", "threads", "D", "l", "log-file", "gs", "global-settings"] : ["p", "project-dir", "b", "build-file", "c", "settings-file", "g", "gradle-user-home", "I", "init-script", "x", "exclude-task", "P", "D", "include-build"]);
  const i = t.pos.findIndex((p) =>
    p !== undefined && (maven ? p === "deploy" || /^(org\.apache\.maven\.plugins:)?(maven-)?deploy(-plugin)?(:[\w.-]+)?:deploy(-file)?$/.test(p) : /(^|:)publish\w*$/.test(p) && !/publishToMavenLocal$/.test(p)),
  );
  if (i >= 0) publishReport(t, "package-publish", i, { tool: `${inv.program} ${t.pos[i]}`, pkg: "this project's artefacts" });
}

/**
 * Release tools whose whole job is to publish: semantic-release, release-it, np, goreleaser, nx release, cargo release.
 * Each has its own way of saying "rehearse only".
 */
export function releaseTool(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  // cargo and nx do many other things: only their `release` subcommand publishes.
  if ((p === "cargo" || p === "nx") && !inv.argv.some((w) => w.value === "release")) return;
  const t = tool(inv, ctx, ["e", "extends", "b", "branches", "r", "repository-url", "t", "tag-format", "p", "plugins", "c", "config", "increment", "preRelease", "f", "config-file", "parallelism", "id", "timeout", "skip", "projects", "groups", "specifier", "preid", "first-release", "contents", "package", "registry", "tag", "u", "registry-token", "metadata"]);
  const sub = t.pos[0];
  let publishes = false;
  if (p === "semantic-release" || p === "release-it") publishes = !dryRun(t.a, ["d"]) && !t.a.has("only-version", "release-version", "changelog");
  else if (p === "np") publishes = !t.a.has("preview", "release-draft-only");
  else if (p === "goreleaser") {
    // The bare command is `goreleaser release`; --snapshot and --skip=publish build without publishing.
    const skips = t.a.all("skip").flatMap((x) => x.split(","));
    publishes = (sub === undefined || sub === "release") && !t.a.has("snapshot", "skip-publish") && !skips.includes("publish");
  } else if (p === "nx") publishes = sub === "release" && (t.pos[1] === undefined || t.pos[1] === "publish") && !dryRun(t.a, ["d"]) && !t.a.has("skip-publish");
  else if (p === "cargo") publishes = sub === "release" && t.a.has("x", "execute");
  if (publishes) publishReport(t, "package-publish", 0, { tool: [p, sub === "release" || p === "nx" ? sub : undefined].filter(Boolean).join(" "), pkg: "this project" });
}
