// Container images pushed to a registry, judged by the tag every pull of it gets.
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { Ctx } from "./common.js";

const DOCKER_GLOBAL = ["c", "context", "H", "host", "config", "l", "log-level", "tlscacert", "tlscert", "tlskey"];

/** Registries on this machine or a dev cluster: pushing there reaches no one else. */
const LOCAL_REGISTRY = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal|[\w-]+\.local|kind-registry|registry\.localhost)(:\d+)?$/i;
/** Tags people and deployments pull by name: latest, stable, channel names, versions. */
const RELEASE_TAG = /^(latest|stable|prod|production|live|release|main|master|lts|v?\d+(\.\d+){0,2}([-+._][\w.]+)?)$/i;

/** Registry host and tag of an image reference (`ghcr.io/acme/api:1.2`, `app` → docker.io and latest). */
function imageRef(ref: string): { registry: string; tag: string } {
  const noDigest = ref.replace(/@.*$/, "");
  const slash = noDigest.indexOf("/");
  const first = slash < 0 ? "" : noDigest.slice(0, slash);
  const registry = first && /[.:]|^localhost$/.test(first) ? first : "docker.io";
  const last = noDigest.slice(noDigest.lastIndexOf("/") + 1);
  const colon = last.indexOf(":");
  return { registry, tag: colon < 0 ? (ref.includes("@") ? "digest" : "latest") : last.slice(colon + 1) };
}

export function imagePush(inv: Invocation, ctx: Ctx): void {
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
  const refsOf = names.map(imageRef);
  const local = refsOf.length > 0 && refsOf.every((r) => LOCAL_REGISTRY.test(r.registry));
  // --all-tags pushes whatever is tagged locally, `latest` among it.
  const release = g.has("a", "all-tags") || refsOf.some((r) => RELEASE_TAG.test(r.tag));
  const risk = local ? "low" : release ? "high" : undefined;
  ctx.report("image-push", { word: at ?? inv.argv[0]!, data: { image: shown, where: local ? " (a local registry)" : release ? ", a tag users and deployments pull" : "" }, ...(risk ? { risk } : {}), ...(production.length ? { production } : {}) });
}
