// One docker/podman/compose command with a known verb: what it destroys, what host access it gives a container, and whether its host is production.
import type { Evidence, Invocation, Risk, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { RuleContext } from "../../rule.js";
import { displayPath, serverHost } from "../../../context/kube.js";
import { dynamicTargetWord, onlyReadsInside } from "../kubectl/shared.js";
import { EXEC_VALUE, RUN_VALUE, leadingOptions, type Leading } from "./options.js";
import { BLOCK_DEVICE, HOST_CAPS, SOCKET, mountSource, volumeSource, type MountSource } from "./mounts.js";
import { currentDockerContext, earlierContextSwitch } from "./context.js";
import { everyTarget } from "./targets.js";

/** Verbs that change something on the daemon's host (a production host makes them ask). */
export const MUTATING = new Set([
  "run", "create", "start", "stop", "restart", "kill", "rm", "rmi", "pause", "unpause", "update", "rename", "exec", "attach", "cp", "commit",
  "prune", "load", "import", "up", "down", "scale", "deploy", "rollback", "promote", "demote", "leave", "init", "join", "install", "enable", "disable",
  "connect", "disconnect", "reset", "play", "apply", "watch",
]);

export type Id =
  | "rm-force" | "rm-volumes" | "rmi-force" | "volume-rm" | "volume-prune" | "network-rm" | "system-prune" | "system-reset" | "prune"
  | "compose-down-volumes" | "compose-rm-volumes" | "stack-rm" | "swarm-leave" | "privileged" | "host-namespace" | "capability"
  | "security-off" | "host-device" | "host-mount" | "docker-socket" | "dynamic-mount" | "plugin-install" | "production-change"
  | "dynamic-verb" | "dynamic-target";

export const names = (ws: Word[]) => ws.map((w) => w.value ?? w.raw).join(", ");

export class DockerCommand {
  private evidenceCache?: Evidence[];

  constructor(
    readonly inv: Invocation,
    readonly ctx: RuleContext<Id>,
    readonly globals: Leading,
    readonly cmd: string,
    readonly verb: string,
    readonly verbWord: Word,
  ) {}

  private dynamicChecked = false;

  /** A change through a host or context computed at run time may be production: reported once per command. */
  dynamicTarget(): void {
    if (this.dynamicChecked) return;
    this.dynamicChecked = true;
    const found = dynamicTargetWord(this.inv, this.globals, ["H", "host", "c", "context", "connection", "url"], ["DOCKER_HOST", "DOCKER_CONTEXT", "CONTAINER_HOST", "CONTAINER_CONNECTION"]);
    if (found) this.ctx.report("dynamic-target", { word: found.word, data: { cmd: this.cmd, raw: found.raw } });
  }

  say(id: Id, word: Word, data: Record<string, string | undefined>, risk?: Risk): void {
    this.dynamicTarget();
    const production = this.production();
    this.ctx.report(id, { word, data: { cmd: this.cmd, ...data }, ...(risk ? { risk } : {}), ...(production.length ? { production } : {}) });
  }

  containerVerb(verb: string, rest: Word[]): void {
    switch (verb) {
      case "rm":
        return this.rm(rest);
      case "rmi":
        return this.rmi(rest);
      case "prune":
        return this.say("prune", this.verbWord, { what: "every stopped container and its writable layer" }, "medium");
      case "run":
      case "create":
        return this.run(rest, RUN_VALUE);
      case "exec":
        return this.run(rest, EXEC_VALUE);
      case "attach":
        return this.interactive();
      case "cp": {
        // Only a copy into a container (`docker cp file web:/app`) changes it.
        const p = parseArgs(rest).positionals;
        const dest = p[p.length - 1]?.value;
        if (dest !== undefined && !/^[^/.~:][^:/]*:/.test(dest)) return;
        return this.maybeProduction(verb);
      }
      default:
        return this.maybeProduction(verb);
    }
  }

  rm(rest: Word[]): void {
    const a = parseArgs(rest, { value: ["t", "time", "s", "signal", "depend"] });
    const targets = a.positionals.length ? describeMany(a.positionals) : a.has("a", "all") ? "every container" : "containers";
    const every = everyTarget(this.inv, this.ctx, a.positionals, a.has("a", "all"), "container");
    const what = every ? "every container" : targets;
    if (a.has("v", "volumes")) return this.say("rm-volumes", a.hit("v", "volumes")!.word, { what });
    // Force-removing one container is routine; force-removing all of them kills everything running on the engine.
    if (a.has("f", "force")) return this.say("rm-force", a.hit("f", "force")!.word, { what }, every ? "high" : undefined);
    this.maybeProduction("rm");
  }

  rmi(rest: Word[]): void {
    const a = parseArgs(rest);
    const every = everyTarget(this.inv, this.ctx, a.positionals, a.has("a", "all"), "image");
    if (a.has("f", "force")) return this.say("rmi-force", a.hit("f", "force")!.word, { what: every ? "(all of them)" : describeMany(a.positionals) }, every ? "high" : undefined);
    this.maybeProduction("rmi");
  }

  imagePrune(rest: Word[]): void {
    const a = parseArgs(rest, { value: ["filter"] });
    if (a.has("a", "all")) return this.say("prune", this.verbWord, { what: "every image no container uses" }, "medium");
    this.say("prune", this.verbWord, { what: "dangling images" });
  }

  volumeRm(rest: Word[]): void {
    const a = parseArgs(rest);
    const what = a.has("a", "all") ? "(every volume)" : describeMany(a.positionals);
    this.say("volume-rm", a.positionals[0] ?? this.verbWord, { what });
  }

  systemPrune(rest: Word[]): void {
    const a = parseArgs(rest, { value: ["filter"] });
    const volumes = a.has("volumes");
    this.say("system-prune", volumes ? a.hit("volumes")!.word : this.verbWord, {
      images: a.has("a", "all") ? "every image no container uses" : "dangling images",
      volumes: volumes ? ", and every unused volume with its data" : "",
    }, volumes || a.has("a", "all") ? "high" : "medium");
  }

  compose(verb: string, rest: Word[]): void {
    if (verb === "down") {
      const a = parseArgs(rest, { value: ["rmi", "t", "timeout"] });
      const v = a.hit("v", "volumes");
      if (v) return this.say("compose-down-volumes", v.word, { flag: v.name === "v" ? "-v" : "--volumes" });
      return this.maybeProduction(verb);
    }
    if (verb === "rm") {
      const a = parseArgs(rest);
      const v = a.hit("v", "volumes");
      if (v) return this.say("compose-rm-volumes", v.word, {});
      return this.maybeProduction(verb);
    }
    if (verb === "run") return this.run(rest, RUN_VALUE, true);
    if (verb === "exec") return this.run(rest, EXEC_VALUE, true);
    if (verb === "attach") return this.interactive();
    this.maybeProduction(verb);
  }

  /** run / create / exec: what the container is given of the host, and whether this is production. */
  run(rest: Word[], valueFlags: string[], compose = false): void {
    const { options, positionals: dynamicOptions } = leadingOptions(rest, 0, valueFlags);
    const hit = (...n: string[]) => options.filter((o) => n.includes(o.name));
    for (const o of hit("privileged")) if (o.value === undefined || o.value === "true") this.say("privileged", o.word, {});
    const nsFlags: [string[], string, Risk][] = [[["pid"], "process", "high"], [["net", "network"], "network", "medium"], [["ipc"], "IPC", "medium"], [["userns"], "user", "medium"], [["uts"], "UTS", "low"], [["cgroupns"], "cgroup", "medium"]];
    for (const [flags, ns, risk] of nsFlags) {
      for (const o of hit(...flags)) if (o.value === "host") this.say("host-namespace", o.word, { ns, flag: `--${o.name}=host` }, risk);
    }
    for (const o of hit("cap-add")) {
      for (const cap of (o.value ?? "").split(",")) {
        const c = cap.trim().toUpperCase().replace(/^CAP_/, "");
        if (HOST_CAPS.has(c)) this.say("capability", o.word, { cap: c });
      }
    }
    for (const o of hit("security-opt")) {
      const v = (o.value ?? "").replace(":", "=");
      if (/^(seccomp|apparmor|systempaths)=unconfined$|^label=disable$/.test(v)) this.say("security-off", o.word, { opt: o.value });
    }
    for (const o of hit("device")) {
      const dev = (o.value ?? "").split(":")[0]!;
      if (BLOCK_DEVICE.test(dev)) this.say("host-device", o.word, { what: dev });
    }
    for (const o of hit("v", "volume")) this.mount(o.word, volumeSource(o.value, o.dynamicValue ? rest[rest.indexOf(o.word) + 1] : undefined, this.inv));
    for (const o of hit("mount")) this.mount(o.word, o.value === undefined ? { raw: o.word.raw, readonly: false, dynamic: true } : mountSource(o.value, o.word.raw));
    for (const w of dynamicOptions) {
      // `--volume="$(pwd)":/app` is one dynamic word: which option it is shows only in its source text.
      const text = w.raw.replaceAll('"', "");
      const m = /^(?:-v|--volume)=?(.*)$/.exec(text);
      if (m) this.mount(w, volumeSource(undefined, { ...w, raw: m[1]! }, this.inv));
      else if (/^--mount\b/.test(text)) this.mount(w, { raw: w.raw, readonly: false, dynamic: true });
    }
    if (this.verb === "exec" || (compose && this.verb !== "run")) return this.interactive();
    this.maybeProduction(this.verb);
  }

  mount(word: Word, src: MountSource | undefined): void {
    if (!src) return;
    if (src.dynamic) return this.say("dynamic-mount", word, { raw: src.raw });
    const host = src.path!;
    const home = this.ctx.paths.home(this.inv);
    const abs = host.startsWith("~") && !home ? undefined : this.ctx.paths.absolute(host.startsWith("~") ? home + host.slice(1) : host, this.inv);
    if (!abs) return this.say("dynamic-mount", word, { raw: src.raw });
    if (SOCKET.test(abs)) return this.say("docker-socket", word, { what: abs });
    const info = this.ctx.paths.classifyPath(abs, this.inv, { recursive: true });
    const mode = src.readonly ? " (read-only)" : "";
    const reason = info.reason;
    switch (info.class) {
      case "root":
      case "home":
      case "home-ancestor":
      case "system":
        return this.say("host-mount", word, { reason, mode });
      case "device":
        return this.say("host-device", word, { what: abs });
      case "credentials":
        return this.say("host-mount", word, { reason, mode }, "medium");
      case "system-child":
        if (!src.readonly) this.say("host-mount", word, { reason: `${abs}, a system path`, mode }, "medium");
        return;
      case "home-dotfile":
        if (!src.readonly) this.say("host-mount", word, { reason: `${displayPath(abs, home)}, a settings file in your home directory`, mode }, "medium");
        return;
      default:
        return;
    }
  }

  /** Shells and commands run inside a container on a production host. */
  interactive(): void {
    if (onlyReadsInside(this.inv, this.ctx.invocations)) return;
    this.maybeProduction("exec");
  }

  /** Any change through a production host or context is reported so the production rule can raise it. */
  maybeProduction(verb: string, extra: Evidence[] = []): void {
    if (!MUTATING.has(verb)) return;
    this.dynamicTarget();
    const production = [...this.production(), ...extra];
    if (!production.length) return;
    const where = production.map((e) => `${e.kind === "host" ? "host" : e.kind === "docker-context" ? "context" : e.kind.replace(/^docker-/, "")} ${e.value}`).join(", ");
    this.ctx.report("production-change", { word: this.verbWord, data: { cmd: this.cmd, action: verb === "exec" ? "runs commands inside a container" : "changes containers", where }, production });
  }

  /** Swarm stacks and services named for production (`docker stack deploy -c s.yml prod`, `docker service update ... prod_api`). */
  swarm(group: string, verb: string, rest: Word[]): void {
    const named = rest.filter((w) => w.value !== undefined && !w.value.startsWith("-"));
    const name = named[named.length - 1]?.value?.split("=")[0];
    const e = this.ctx.production.evidence(`docker-${group}`, name, `${group} named on the command line`);
    this.maybeProduction(verb, e ? [e] : []);
  }

  production(): Evidence[] {
    if (this.evidenceCache) return this.evidenceCache;
    const out: Evidence[] = [];
    const m = this.ctx.production;
    const add = (kind: string, value: string | undefined, source: string) => {
      const e = m.evidence(kind, value, source);
      if (e && !out.some((o) => o.value === e.value)) out.push(e);
    };
    const g = this.globals;
    const env = this.inv.env;
    if (this.inv.host) add("host", this.inv.host, "ssh host this runs on");
    const hostFlag = g.hit("H", "host", "url");
    if (hostFlag?.value) add("host", serverHost(hostFlag.value), `${hostFlag.name.length === 1 ? "-" : "--"}${hostFlag.name} flag`);
    else if (env.DOCKER_HOST) add("host", serverHost(env.DOCKER_HOST), "DOCKER_HOST");
    else if (env.CONTAINER_HOST) add("host", serverHost(env.CONTAINER_HOST), "CONTAINER_HOST");
    const ctxFlag = g.hit("c", "context", "connection");
    if (ctxFlag?.value) add("docker-context", ctxFlag.value, `${ctxFlag.name.length === 1 ? "-" : "--"}${ctxFlag.name} flag`);
    else if (env.DOCKER_CONTEXT) add("docker-context", env.DOCKER_CONTEXT, "DOCKER_CONTEXT");
    else if (env.CONTAINER_CONNECTION) add("docker-context", env.CONTAINER_CONNECTION, "CONTAINER_CONNECTION");
    else if (!hostFlag && !env.DOCKER_HOST && this.inv.program !== "podman") {
      const cur = earlierContextSwitch(this.inv, this.ctx.invocations) ?? currentDockerContext(env);
      if (cur) add("docker-context", cur.value, cur.source);
    }
    return (this.evidenceCache = out);
  }
}

export function describeMany(ws: Word[]): string {
  if (!ws.length) return "(none named)";
  if (ws.some((w) => w.value === undefined)) return "containers chosen when it runs";
  return ws.map((w) => w.value).join(", ");
}
