// docker, podman, nerdctl and compose: destroyed volumes and containers, containers given the host, and changes on production hosts.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Evidence, Invocation, Risk, Word } from "../../types.js";
import { parseArgs, type ParsedArgs } from "../flags.js";
import { defineRule, type RuleContext } from "../rule.js";
import { displayPath, serverHost } from "../../context/kube.js";
import { dynamicTargetWord, onlyReadsInside } from "./kubectl.js";

/** Options before the subcommand, with a value, across docker, podman, nerdctl and docker-compose v1. */
const GLOBAL_VALUE = [
  "config", "c", "context", "H", "host", "l", "log-level", "tlscacert", "tlscert", "tlskey",
  "connection", "url", "identity", "root", "runroot", "storage-driver", "storage-opt", "cgroup-manager", "events-backend", "runtime",
  "network-cmd-path", "tmpdir", "module", "ssh", "conmon", "hooks-dir", "imagestore", "network-config-dir", "out", "volumepath", "db-backend",
  "n", "namespace", "a", "address", "snapshotter", "cni-path", "cni-netconfpath", "data-root", "hosts-dir",
];
const COMPOSE_GLOBAL_VALUE = ["f", "file", "p", "project-name", "profile", "env-file", "project-directory", "ansi", "progress", "parallel", "H", "host", "c", "context"];

/** run/create options with a value (docker and podman). */
const RUN_VALUE = [
  "a", "c", "e", "h", "l", "m", "p", "u", "v", "w",
  "add-host", "annotation", "attach", "blkio-weight", "blkio-weight-device", "cap-add", "cap-drop", "cgroup-parent", "cgroupns", "cidfile", "cpu-period",
  "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems", "device", "device-cgroup-rule", "device-read-bps",
  "device-read-iops", "device-write-bps", "device-write-iops", "dns", "dns-option", "dns-opt", "dns-search", "domainname", "entrypoint", "env", "env-file",
  "expose", "gpus", "group-add", "health-cmd", "health-interval", "health-retries", "health-start-period", "health-timeout", "hostname", "ip", "ip6",
  "ipc", "isolation", "kernel-memory", "label", "label-file", "link", "link-local-ip", "log-driver", "log-opt", "mac-address", "memory",
  "memory-reservation", "memory-swap", "memory-swappiness", "mount", "name", "network", "net", "network-alias", "net-alias", "oom-score-adj", "pid",
  "pids-limit", "platform", "publish", "pull", "restart", "runtime", "security-opt", "shm-size", "stop-signal", "stop-timeout", "storage-opt",
  "sysctl", "tmpfs", "ulimit", "user", "userns", "uts", "volume", "volumes-from", "workdir", "detach-keys",
  "pod", "secret", "systemd", "tz", "init-path", "requires", "sdnotify", "uidmap", "gidmap", "subuidname", "subgidname", "arch", "os", "variant",
  "authfile", "cert-dir", "creds", "decryption-key", "passwd-entry", "group-entry", "personality", "preserve-fds", "rdt-class", "chrootdirs", "umask",
  "image-volume", "seccomp-policy", "timeout", "hostuser", "retry", "retry-delay", "unsetenv", "cgroup-conf", "cgroups", "conmon-pidfile", "pidfile",
  "health-on-failure", "health-startup-cmd", "label-file", "log-opt", "sig-proxy", "env-from-file", "quiet", "service-ports",
];
const EXEC_VALUE = ["e", "u", "w", "env", "env-file", "user", "workdir", "detach-keys", "preserve-fds", "index"];
const OTHER_VALUE = ["f", "filter", "format", "t", "time", "s", "signal", "until", "driver", "o", "opt", "label", "l", "n", "tail", "since", "scale", "timeout", "rmi", "subnet", "gateway", "ip-range", "scope", "alias"];

const HOST_CAPS = new Set(["ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH", "DAC_OVERRIDE", "BPF", "PERFMON", "SYS_BOOT"]);
const SOCKET = /(^|\/)(docker|podman|containerd|crio|dockershim|cri-dockerd)\.sock$/;
const BLOCK_DEVICE = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|md|dm-|mapper\/|loop|mem$|kmem$|port$)/;

/** Verbs that change something on the daemon's host (a production host makes them ask). */
const MUTATING = new Set([
  "run", "create", "start", "stop", "restart", "kill", "rm", "rmi", "pause", "unpause", "update", "rename", "exec", "attach", "cp", "commit",
  "prune", "load", "import", "up", "down", "scale", "deploy", "rollback", "promote", "demote", "leave", "init", "join", "install", "enable", "disable",
  "connect", "disconnect", "reset", "play", "apply", "watch",
]);

type Id =
  | "rm-force" | "rm-volumes" | "rmi-force" | "volume-rm" | "volume-prune" | "network-rm" | "system-prune" | "system-reset" | "prune"
  | "compose-down-volumes" | "compose-rm-volumes" | "stack-rm" | "swarm-leave" | "privileged" | "host-namespace" | "capability"
  | "security-off" | "host-device" | "host-mount" | "docker-socket" | "dynamic-mount" | "plugin-install" | "production-change"
  | "dynamic-verb" | "dynamic-target";

export default defineRule<Id>({
  name: "docker",
  description: "docker, podman, nerdctl and compose: destroying volumes asks, giving a container the host asks, and changes on production hosts ask.",
  programs: ["docker", "podman", "nerdctl", "docker-compose", "podman-compose", "finch"],
  findings: {
    "rm-force": { risk: "medium", categories: ["destroy"], message: "{cmd} force-removes {what}, running or not", hint: "stop the containers first and remove them without -f", description: "Removing running containers with -f." },
    "rm-volumes": { risk: "high", categories: ["destroy"], message: "{cmd} removes {what} together with their anonymous volumes and the data in them", hint: "remove the containers without -v, and the volumes later once you know they are unused", description: "Removing containers with their volumes (-v)." },
    "rmi-force": { risk: "medium", categories: ["destroy"], message: "{cmd} force-removes images {what}, even ones in use", hint: "remove images without -f", description: "Force-removing images." },
    "volume-rm": { risk: "high", categories: ["destroy"], message: "{cmd} deletes volume {what} and all data in it", hint: "back up the volume first (docker run --rm -v VOL:/v busybox tar ...)", description: "Deleting named volumes." },
    "volume-prune": { risk: "high", categories: ["destroy"], message: "{cmd} deletes every volume no container uses, with its data", hint: "list them with docker volume ls -f dangling=true and remove by name", description: "Pruning volumes." },
    "network-rm": { risk: "low", categories: ["mutate"], message: "{cmd} removes networks {what}", description: "Removing or pruning networks." },
    "system-prune": { risk: "medium", categories: ["destroy"], message: "{cmd} deletes stopped containers, unused networks, {images} and build cache{volumes}", hint: "prune one kind at a time (container, image, builder) and leave volumes alone", description: "docker system prune; with --volumes it deletes volume data." },
    "system-reset": { risk: "high", categories: ["destroy"], message: "{cmd} deletes every container, image and volume {what}", hint: "remove what you need by name instead", description: "podman system reset / machine rm: everything is deleted." },
    prune: { risk: "low", categories: ["destroy"], message: "{cmd} deletes {what}", description: "Pruning containers, images or build cache." },
    "compose-down-volumes": { risk: "high", categories: ["destroy"], message: "{cmd} {flag} deletes the project's volumes and the data in them", hint: "run compose down without -v to keep the data", description: "compose down -v deletes named and anonymous volumes." },
    "compose-rm-volumes": { risk: "high", categories: ["destroy"], message: "{cmd} -v deletes the services' anonymous volumes and the data in them", hint: "run compose rm without -v", description: "compose rm -v." },
    "stack-rm": { risk: "high", categories: ["destroy"], message: "{cmd} removes {what} and all their tasks", hint: "scale the service down instead", description: "Removing a swarm stack or service." },
    "swarm-leave": { risk: "medium", categories: ["mutate"], message: "{cmd} leaves the swarm{force}", description: "Leaving a swarm (a manager with --force can lose the swarm)." },
    privileged: { risk: "high", categories: ["privilege"], message: "{cmd} gives the container full access to the host (--privileged)", hint: "add only the capabilities and devices the container needs", description: "--privileged: the container is root on the host." },
    "host-namespace": { risk: "medium", categories: ["privilege"], message: "{cmd} shares the host's {ns} namespace with the container ({flag})", hint: "drop {flag}; publish ports or share what is needed explicitly", description: "--pid=host, --net=host, --ipc=host, --userns=host ..." },
    capability: { risk: "high", categories: ["privilege"], message: "{cmd} adds capability {cap}, which lets the container reach the host", hint: "add a narrower capability", description: "--cap-add SYS_ADMIN, ALL, SYS_MODULE, SYS_PTRACE ..." },
    "security-off": { risk: "medium", categories: ["privilege"], message: "{cmd} turns off container confinement ({opt})", hint: "keep the default seccomp/AppArmor/SELinux profiles", description: "--security-opt seccomp=unconfined, apparmor=unconfined, label=disable." },
    "host-device": { risk: "high", categories: ["privilege"], message: "{cmd} gives the container the host device {what}", hint: "mount a file or volume instead of the raw device", description: "--device for a disk or memory device." },
    "host-mount": { risk: "high", categories: ["privilege"], message: "{cmd} mounts {reason} into the container{mode}", hint: "mount only the project directory or a named volume", description: "Bind-mounting /, /etc, HOME, system or credential directories." },
    "docker-socket": { risk: "high", categories: ["privilege"], message: "{cmd} mounts the container engine socket {what}: the container can control the host's containers, as root", hint: "do not give containers the engine socket; use a rootless or remote builder", description: "Mounting docker.sock (root on the host)." },
    "dynamic-mount": { risk: "high", categories: ["opaque", "privilege"], message: "{cmd} mounts a host path that is not known before it runs ({raw})", hint: "write the host path literally so it can be checked", description: "A bind mount whose host path is computed at run time." },
    "plugin-install": { risk: "medium", categories: ["privilege", "remote-code"], message: "{cmd} installs plugin {what}, which runs with host privileges", hint: "review the plugin and the privileges it asks for", description: "Installing an engine plugin." },
    "production-change": { risk: "low", categories: ["mutate"], message: "{cmd} {action} on {where}", hint: "run it against a development host, or have a human run it on production", description: "A change made through a production docker host or context." },
    "dynamic-verb": { risk: "high", categories: ["opaque"], message: "{program}: the {what} is not known before the command runs ({raw})", hint: "write the subcommand literally so it can be checked", description: "The subcommand is computed at run time." },
    "dynamic-target": { risk: "high", categories: ["opaque", "mutate"], message: "{cmd} targets a host or context that is not known before it runs ({raw})", hint: "write the host or context literally so production can be recognised", description: "-H, --context or DOCKER_HOST computed at run time for a change." },
  },
  check(inv, ctx) {
    const program = inv.program!.replace(/\.exe$/, "");
    const argv = inv.argv;
    const isCompose = program.endsWith("-compose");
    const g = leadingOptions(argv, 1, isCompose ? COMPOSE_GLOBAL_VALUE : GLOBAL_VALUE);
    let i = g.next;
    if (i < 0) return;
    let compose = isCompose;
    let group: string | undefined;
    // Management groups (`container rm`, `volume prune`, `compose down`) lead to the verb.
    for (;;) {
      const w = argv[i];
      if (!w) return;
      if (w.value === undefined) return void ctx.report("dynamic-verb", { word: w, data: { what: "subcommand", raw: w.raw } });
      if (!compose && w.value === "compose") {
        compose = true;
        i = leadingOptions(argv, i + 1, COMPOSE_GLOBAL_VALUE).next;
        if (i < 0) return;
        continue;
      }
      if (!compose && !group && GROUPS.has(w.value)) {
        group = w.value;
        i++;
        const next = argv[i];
        if (next?.value?.startsWith("-")) return; // `docker volume --help`
        continue;
      }
      break;
    }
    const verbWord = argv[i]!;
    const verb = verbWord.value!;
    const rest = argv.slice(i + 1);
    // Help and compose's --dry-run change nothing (`docker run -h` is a hostname, so only --help counts).
    if (rest.some((w) => w.value === "--help") || (compose && argv.some((w) => w.value === "--dry-run"))) return;
    const cmd = [program, ...(compose && !isCompose ? ["compose"] : []), ...(group ? [group] : []), verb].join(" ");
    const d = new DockerCommand(inv, ctx, g, cmd, verb, verbWord);

    if (compose) return d.compose(verb, rest);
    switch (group) {
      case "volume":
        if (verb === "rm" || verb === "remove") return d.volumeRm(rest);
        if (verb === "prune") return d.say("volume-prune", verbWord, {});
        return d.maybeProduction(verb === "create" ? "create" : "");
      case "network":
        if (verb === "rm" || verb === "remove" || verb === "prune") return d.say("network-rm", verbWord, { what: verb === "prune" ? "that no container uses" : names(parseArgs(rest, { value: OTHER_VALUE }).positionals) });
        return d.maybeProduction(verb);
      case "system":
        if (verb === "prune") return d.systemPrune(rest);
        if (verb === "reset") return d.say("system-reset", verbWord, { what: "this engine stores" });
        return;
      case "image":
        if (verb === "rm" || verb === "remove") return d.rmi(rest);
        if (verb === "prune") return d.imagePrune(rest);
        return;
      case "builder":
      case "buildx":
        if (verb === "prune") return d.say("prune", verbWord, { what: "build cache" });
        return;
      case "container":
        return d.containerVerb(verb, rest);
      case "stack":
      case "service":
        if (verb === "rm" || verb === "remove") return d.say("stack-rm", verbWord, { what: `${group} ${names(rest.filter((w) => !w.value?.startsWith("-")))}` });
        return d.maybeProduction(verb);
      case "swarm":
        if (verb === "leave") return d.say("swarm-leave", verbWord, { force: parseArgs(rest).has("f", "force") ? " with --force" : "" });
        return d.maybeProduction(verb);
      case "machine":
        if (verb === "rm" || verb === "reset") return d.say("system-reset", verbWord, { what: verb === "rm" ? `in machine ${names(parseArgs(rest).positionals) || "(default)"}` : "in every machine" });
        return;
      case "pod":
        if (verb === "rm") return d.rm(rest);
        return d.maybeProduction(verb);
      case "plugin":
        if (verb === "install") return d.say("plugin-install", verbWord, { what: names(parseArgs(rest, { value: ["alias"] }).positionals.slice(0, 1)) });
        return d.maybeProduction(verb);
      case "context":
      case "manifest":
      case "trust":
      case "kube":
      case "secret":
      case "config":
      case "node":
        return d.maybeProduction(group === "context" || group === "manifest" || group === "trust" ? "" : verb);
      default:
        return d.containerVerb(verb, rest);
    }
  },
});

/** Management groups whose second word is the verb. */
const GROUPS = new Set(["container", "image", "volume", "network", "system", "builder", "buildx", "stack", "service", "swarm", "node", "secret", "config", "plugin", "context", "machine", "pod", "manifest", "trust", "kube"]);

const names = (ws: Word[]) => ws.map((w) => w.value ?? w.raw).join(", ");

class DockerCommand {
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
    const what = a.has("a", "all") ? "every container" : targets;
    if (a.has("v", "volumes")) return this.say("rm-volumes", a.hit("v", "volumes")!.word, { what });
    if (a.has("f", "force")) return this.say("rm-force", a.hit("f", "force")!.word, { what });
    this.maybeProduction("rm");
  }

  rmi(rest: Word[]): void {
    const a = parseArgs(rest);
    if (a.has("f", "force")) return this.say("rmi-force", a.hit("f", "force")!.word, { what: a.has("a", "all") ? "(all of them)" : describeMany(a.positionals) });
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
    }, volumes ? "high" : "medium");
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
  maybeProduction(verb: string): void {
    if (!MUTATING.has(verb)) return;
    this.dynamicTarget();
    const production = this.production();
    if (!production.length) return;
    this.ctx.report("production-change", { word: this.verbWord, data: { cmd: this.cmd, action: verb === "exec" ? "runs commands inside a container" : "changes containers", where: production.map((e) => `${e.kind === "host" ? "host" : "context"} ${e.value}`).join(", ") }, production });
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

interface MountSource {
  path?: string;
  raw: string;
  readonly: boolean;
  dynamic?: boolean;
}

interface Leading {
  options: ParsedArgs["options"];
  /** Dynamic words written as options (`"--name=$N"`): which option they are shows only in their source text. */
  positionals: Word[];
  /** Index in `words` of the first operand (subcommand, image, container), or -1. */
  next: number;
  hit(...names: string[]): ParsedArgs["options"][number] | undefined;
}

/** Options before the first operand, continuing past dynamic words that are options rather than the operand. */
function leadingOptions(words: Word[], from: number, valueFlags: string[]): Leading {
  const options: ParsedArgs["options"] = [];
  const positionals: Word[] = [];
  let start = from;
  let next = -1;
  for (;;) {
    const a = parseArgs(words.slice(start), { value: valueFlags, stopAtPositional: true });
    options.push(...a.options);
    const first = a.positionals[0];
    if (first && first.value === undefined && /^["']?-/.test(first.raw)) {
      positionals.push(first);
      start = words.indexOf(first) + 1;
      continue;
    }
    next = first ? words.indexOf(first) : -1;
    break;
  }
  const hit = (...names: string[]) => {
    for (let k = options.length - 1; k >= 0; k--) if (names.includes(options[k]!.name)) return options[k];
    return undefined;
  };
  return { options, positionals, next, hit };
}

/**
 * Host side of `-v SRC:DST[:opts]`; undefined for a named or anonymous volume. `value` is the static value;
 * otherwise `word` is the dynamic value word, read from its source text (`$(pwd)` is the working directory).
 */
function volumeSource(value: string | undefined, word: Word | undefined, inv: Invocation): MountSource | undefined {
  if (value !== undefined) return hostSide(value, value);
  if (!word) return undefined;
  const raw = word.raw;
  const text = raw.replaceAll('"', "");
  const m = /^(\$\(pwd\)|`pwd`|\$\{PWD\}|\$PWD)(.*)$/.exec(text);
  if (m && !/[$`']/.test(m[2]!) && inv.cwd !== undefined) return hostSide(inv.cwd + m[2], raw);
  // Only the host side matters: a dynamic container path after a literal host path is fine.
  const host = text.split(":")[0]!;
  if (!/[$`']/.test(host)) return hostSide(text, raw);
  return { raw, readonly: false, dynamic: true };
}

function hostSide(whole: string, raw: string): MountSource | undefined {
  const parts = whole.split(":");
  const host = parts[0]!;
  // A name without a slash is a named volume (or, alone, an anonymous one); Windows drive paths are out of scope.
  if (parts.length < 2 || !/^[/~.]/.test(host) || /^[A-Za-z]:[\\/]/.test(whole)) return undefined;
  const opts = parts.length > 2 ? parts[parts.length - 1]!.split(",") : [];
  return { path: host, raw, readonly: opts.includes("ro") || opts.includes("readonly") };
}

/** Host side of `--mount type=bind,source=/,target=/host[,readonly]`. */
function mountSource(value: string, raw: string): MountSource | undefined {
  const kv = new Map<string, string>();
  for (const part of value.split(",")) {
    const eq = part.indexOf("=");
    kv.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? "true" : part.slice(eq + 1).trim());
  }
  if ((kv.get("type") ?? "volume") !== "bind") return undefined;
  const src = kv.get("source") ?? kv.get("src");
  if (!src) return undefined;
  const ro = kv.get("readonly") ?? kv.get("ro");
  return { path: src, raw, readonly: ro !== undefined && ro !== "false" && ro !== "0" };
}

function describeMany(ws: Word[]): string {
  if (!ws.length) return "(none named)";
  if (ws.some((w) => w.value === undefined)) return "containers chosen when it runs";
  return ws.map((w) => w.value).join(", ");
}

const dockerConfigCache = new Map<string, { mtimeMs: number; value: string | undefined }>();

/** currentContext from docker's config.json (DOCKER_CONFIG or ~/.docker), cached by mtime. */
function currentDockerContext(env: Record<string, string | undefined>): { value: string; source: string } | undefined {
  const dir = env.DOCKER_CONFIG ?? (env.HOME ? join(env.HOME, ".docker") : undefined);
  if (!dir) return undefined;
  const file = join(dir, "config.json");
  let st;
  try {
    st = statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!st?.isFile()) return undefined;
  let hit = dockerConfigCache.get(file);
  if (!hit || hit.mtimeMs !== st.mtimeMs) {
    let value: string | undefined;
    try {
      const j = JSON.parse(readFileSync(file, "utf8")) as { currentContext?: unknown };
      value = typeof j.currentContext === "string" && j.currentContext !== "" && j.currentContext !== "default" ? j.currentContext : undefined;
    } catch {
      value = undefined;
    }
    hit = { mtimeMs: st.mtimeMs, value };
    dockerConfigCache.set(file, hit);
  }
  return hit.value ? { value: hit.value, source: `currentContext in ${displayPath(file, env.HOME)}` } : undefined;
}

/** `docker context use prod && docker ...`: the switch earlier on the line decides the context. */
function earlierContextSwitch(inv: Invocation, invocations: readonly Invocation[]): { value: string; source: string } | undefined {
  let found: { value: string; source: string } | undefined;
  for (const prev of invocations) {
    if (prev.index >= inv.index) break;
    if (prev.program?.replace(/\.exe$/, "") !== "docker" || prev.host !== inv.host || prev.container !== inv.container) continue;
    const p = parseArgs(prev.argv.slice(1), { value: GLOBAL_VALUE }).positionals.map((w) => w.value);
    if (p[0] === "context" && p[1] === "use" && p[2]) found = { value: p[2], source: `docker context use ${p[2]} earlier on this command line` };
  }
  return found;
}
