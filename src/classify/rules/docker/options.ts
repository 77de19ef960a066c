// Option grammar of docker, podman, nerdctl and compose: which options take values, and the options before a command's first operand.
import type { Word } from "../../../types.js";
import { parseArgs, type ParsedArgs } from "../../flags.js";

/** Options before the subcommand, with a value, across docker, podman, nerdctl and docker-compose v1. */
export const GLOBAL_VALUE = [
  "config", "c", "context", "H", "host", "l", "log-level", "tlscacert", "tlscert", "tlskey",
  "connection", "url", "identity", "root", "runroot", "storage-driver", "storage-opt", "cgroup-manager", "events-backend", "runtime",
  "network-cmd-path", "tmpdir", "module", "ssh", "conmon", "hooks-dir", "imagestore", "network-config-dir", "out", "volumepath", "db-backend",
  "n", "namespace", "a", "address", "snapshotter", "cni-path", "cni-netconfpath", "data-root", "hosts-dir",
];
export const COMPOSE_GLOBAL_VALUE = ["f", "file", "p", "project-name", "profile", "env-file", "project-directory", "ansi", "progress", "parallel", "H", "host", "c", "context"];

/** run/create options with a value (docker and podman). */
export const RUN_VALUE = [
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
export const EXEC_VALUE = ["e", "u", "w", "env", "env-file", "user", "workdir", "detach-keys", "preserve-fds", "index"];
export const OTHER_VALUE = ["f", "filter", "format", "t", "time", "s", "signal", "until", "driver", "o", "opt", "label", "l", "n", "tail", "since", "scale", "timeout", "rmi", "subnet", "gateway", "ip-range", "scope", "alias"];

export interface Leading {
  options: ParsedArgs["options"];
  /** Dynamic words written as options (`"--name=$N"`): which option they are shows only in their source text. */
  positionals: Word[];
  /** Index in `words` of the first operand (subcommand, image, container), or -1. */
  next: number;
  hit(...names: string[]): ParsedArgs["options"][number] | undefined;
}

/** Options before the first operand, continuing past dynamic words that are options rather than the operand. */
export function leadingOptions(words: Word[], from: number, valueFlags: string[]): Leading {
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
