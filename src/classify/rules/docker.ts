// docker, podman, nerdctl and compose: destroyed volumes and containers, containers given the host, and changes on production hosts.
import { parseArgs } from "../flags.js";
import { defineRule } from "../rule.js";
import { COMPOSE_GLOBAL_VALUE, GLOBAL_VALUE, OTHER_VALUE, leadingOptions } from "./docker/options.js";
import { DockerCommand, names, type Id } from "./docker/command.js";

export default defineRule<Id>({
  name: "docker",
  description: "docker, podman, nerdctl and compose: destroying volumes asks, giving a container the host asks, and changes on production hosts ask.",
  programs: ["docker", "podman", "nerdctl", "docker-compose", "podman-compose", "finch"],
  findings: {
    "rm-force": { risk: "medium", categories: ["destroy"], message: "{cmd} force-removes {what}, running or not", hint: "stop the containers first and remove them without -f", description: "Removing running containers with -f (every container: high)." },
    "rm-volumes": { risk: "high", categories: ["destroy"], message: "{cmd} removes {what} together with their anonymous volumes and the data in them", hint: "remove the containers without -v, and the volumes later once you know they are unused", description: "Removing containers with their volumes (-v)." },
    "rmi-force": { risk: "medium", categories: ["destroy"], message: "{cmd} force-removes images {what}, even ones in use", hint: "remove images without -f", description: "Force-removing images (every image: high)." },
    "volume-rm": { risk: "high", categories: ["destroy"], message: "{cmd} deletes volume {what} and all data in it", hint: "back up the volume first (docker run --rm -v VOL:/v busybox tar ...)", description: "Deleting named volumes." },
    "volume-prune": { risk: "high", categories: ["destroy"], message: "{cmd} deletes every volume no container uses, with its data", hint: "list them with docker volume ls -f dangling=true and remove by name", description: "Pruning volumes." },
    "network-rm": { risk: "low", categories: ["mutate"], message: "{cmd} removes networks {what}", description: "Removing or pruning networks." },
    "system-prune": { risk: "medium", categories: ["destroy"], message: "{cmd} deletes stopped containers, unused networks, {images} and build cache{volumes}", hint: "prune one kind at a time (container, image, builder) and leave volumes alone", description: "docker system prune; with -a (every unused image) or --volumes (volume data) it asks." },
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
        return d.swarm(group, verb, rest);
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
