// Power state and services: shutdown, reboot, run levels, and stopping the services a machine depends on.
import type { Invocation, Word } from "../../../types.js";
import { globToRegExp } from "../../../context/production.js";
import { parseArgs } from "../../flags.js";
import { args, emit, has, type Ctx } from "./common.js";

export function shutdown(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  if (has(inv, "--help", "--version")) return;
  const a = parseArgs(args(inv));
  // -c cancels a pending shutdown, -k only warns users, --show lists; -w/--wtmp-only only writes a log record.
  if (p === "shutdown" && a.has("c", "k", "show")) return;
  if (p !== "shutdown" && a.has("w", "wtmp-only")) return;
  const what = p === "reboot" || (p === "shutdown" && a.has("r", "reboot")) ? "reboots" : p === "halt" || (p === "shutdown" && a.has("H", "halt")) ? "halts" : "powers off";
  emit(inv, ctx, "power", { data: { what } });
}

export function init(inv: Invocation, ctx: Ctx): void {
  const level = args(inv).find((w) => !w.value?.startsWith("-"));
  const v = level?.value;
  if (v === "0") emit(inv, ctx, "power", { word: level, data: { what: "powers off" } });
  else if (v === "6") emit(inv, ctx, "power", { word: level, data: { what: "reboots" } });
  else if (v !== undefined && /^(1|s|S|single|emergency)$/.test(v)) emit(inv, ctx, "rescue", { word: level });
  else if (level && v === undefined) emit(inv, ctx, "power", { word: level, opaque: true, data: { what: `switches the run level to ${level.raw} on` } });
}

const CRITICAL_SERVICES = [
  "ssh", "sshd", "openssh", "openssh-server", "dropbear", "docker", "dockerd", "containerd", "kubelet", "k3s", "k3s-agent", "rke2-server", "rke2-agent", "crio", "cri-o",
  "networking", "network", "networkmanager", "systemd-networkd", "systemd-resolved", "wpa_supplicant", "firewalld", "nftables", "iptables", "ufw",
  "cron", "crond", "cronie", "anacron", "postgresql", "postgres", "mysql", "mysqld", "mariadb", "redis", "redis-server", "mongod", "mongodb", "elasticsearch",
  "opensearch", "etcd", "rabbitmq-server", "kafka", "zookeeper", "cassandra", "dbus", "systemd-journald", "systemd-logind", "systemd-udevd", "auditd", "polkit",
];
const SERVICE_STOPS = new Set(["stop", "disable", "mask", "kill", "freeze"]);
const POWER_VERBS: Record<string, string> = { poweroff: "powers off", reboot: "reboots", halt: "halts", kexec: "reboots into another kernel", "soft-reboot": "restarts userspace on" };
const SLEEP_VERBS = new Set(["suspend", "hibernate", "hybrid-sleep", "suspend-then-hibernate", "sleep"]);
const POWER_TARGETS: Record<string, string> = { "poweroff.target": "powers off", "reboot.target": "reboots", "halt.target": "halts", "kexec.target": "reboots", "ctrl-alt-del.target": "reboots", "soft-reboot.target": "restarts userspace on" };
const RESCUE_TARGETS = new Set(["rescue.target", "emergency.target", "runlevel1.target"]);

/** The service a unit name stands for: `sshd.service` → sshd, `postgresql@14-main` → postgresql. */
function serviceName(unit: string): string {
  return unit.replace(/\.(service|socket|path|timer)$/, "").replace(/@.*$/, "").toLowerCase();
}

/** The critical service a unit name or glob names, if any. */
function criticalService(unit: string): string | undefined {
  if (/[*?[]/.test(unit)) {
    const re = globToRegExp(unit.replace(/\.(service|socket)$/, ""));
    return CRITICAL_SERVICES.find((s) => re.test(s));
  }
  const s = serviceName(unit);
  return CRITICAL_SERVICES.includes(s) ? s : undefined;
}

function stopService(inv: Invocation, ctx: Ctx, unit: Word, action: string, host?: string): void {
  if (unit.value === undefined) {
    emit(inv, ctx, "service-stop", { word: unit, opaque: true, data: { action, service: `${unit.raw} (not known before it runs)` } }, host);
    return;
  }
  const s = criticalService(unit.value);
  if (s) emit(inv, ctx, "service-stop", { word: unit, data: { action, service: s } }, host);
}

const SYSTEMCTL_VALUES = [
  "H", "host", "M", "machine", "t", "type", "p", "property", "s", "signal", "state", "kill-whom", "kill-value", "root", "image", "job-mode", "n", "lines", "o",
  "output", "what", "boot-loader-menu", "boot-loader-entry", "reboot-argument", "timestamp", "message", "preset-mode", "when", "drop-in", "image-policy",
];

export function systemctl(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: SYSTEMCTL_VALUES });
  // A user's own service manager: stopping its units touches nothing of the machine's.
  if (a.has("user", "global")) return;
  const host = a.get("H", "host")?.replace(/^[^@]*@/, "") ?? inv.host;
  const [verbWord, ...units] = [...a.positionals, ...a.rest];
  const verb = verbWord?.value;
  if (!verbWord) return;
  if (verb === undefined) {
    emit(inv, ctx, "service-stop", { word: verbWord, opaque: true, data: { action: "runs an action not known before it runs on", service: units.map((u) => u.raw).join(" ") || "its units" } }, host);
    return;
  }
  if (POWER_VERBS[verb]) return emit(inv, ctx, "power", { word: verbWord, data: { what: POWER_VERBS[verb] } }, host);
  if (SLEEP_VERBS.has(verb)) return emit(inv, ctx, "suspend", { word: verbWord, data: { what: verb } }, host);
  if (verb === "rescue" || verb === "emergency") return emit(inv, ctx, "rescue", { word: verbWord }, host);
  if (verb === "isolate" || verb === "start" || verb === "restart") {
    for (const u of units) {
      const t = u.value?.includes(".") ? u.value : `${u.value}.target`;
      if (u.value !== undefined && POWER_TARGETS[t]) emit(inv, ctx, "power", { word: u, data: { what: POWER_TARGETS[t] } }, host);
      else if (u.value !== undefined && RESCUE_TARGETS.has(t) && (verb === "isolate" || t !== "runlevel1.target")) emit(inv, ctx, "rescue", { word: u }, host);
    }
    return;
  }
  if (SERVICE_STOPS.has(verb)) for (const u of units) stopService(inv, ctx, u, verb === "disable" && a.has("now") ? "disables and stops" : `${verb}s`, host);
}

/** `service NAME stop`, `rc-service NAME stop`, `invoke-rc.d NAME stop`, `/etc/init.d/NAME stop`, `update-rc.d NAME disable`, `chkconfig NAME off`. */
export function sysvService(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  const fromInitD = /^\/etc\/(rc\.d\/)?init\.d\//.test(inv.programPath ?? "");
  const ops = args(inv).filter((w) => !(w.value ?? "").startsWith("-") || w.value === undefined);
  let unit: Word | undefined;
  let action: string | undefined;
  if (fromInitD) {
    unit = inv.argv[0]!;
    unit = { ...unit, value: p };
    action = ops[0]?.value;
  } else {
    unit = ops[0];
    action = ops[1]?.value;
  }
  if (!unit) return;
  const stops = p === "update-rc.d" ? action === "disable" || action === "remove" : p === "chkconfig" ? action === "off" : action === "stop" || action === "force-stop";
  if (stops) stopService(inv, ctx, unit, p === "update-rc.d" || p === "chkconfig" ? "disables" : "stops");
}

/** launchctl verbs that stop or keep a job from running. */
const LAUNCHCTL_STOPS: Record<string, string> = { unload: "unloads", bootout: "boots out", disable: "disables", stop: "stops", remove: "removes", kill: "kills" };
const SYSTEM_JOBS = /^(\/System)?\/Library\/LaunchDaemons\/|^system\//;

/** macOS launchd: a system daemon (`system/com.openssh.sshd`, /Library/LaunchDaemons/x.plist) stopped or unloaded; a user's own agents are theirs. */
export function launchctl(inv: Invocation, ctx: Ctx): void {
  const list = args(inv);
  const verbWord = list[0];
  const verb = verbWord?.value;
  if (!verbWord || verb === undefined || !LAUNCHCTL_STOPS[verb]) return;
  const targets = list.slice(verb === "kill" ? 2 : 1).filter((w) => w.value === undefined || !w.value.startsWith("-"));
  const asRoot = inv.wrappers.some((w) => w.program === "sudo" || w.program === "doas");
  // The bare domain (`launchctl bootout system`) takes every job in it down.
  for (const w of targets) {
    const v = w.value;
    if (v === undefined) {
      emit(inv, ctx, "service-stop", { word: w, opaque: true, data: { action: LAUNCHCTL_STOPS[verb], service: `${w.raw} (not known before it runs)` } });
      continue;
    }
    if (v === "system") {
      emit(inv, ctx, "service-stop", { word: w, risk: "critical", data: { action: LAUNCHCTL_STOPS[verb], service: "every system daemon" } });
      continue;
    }
    // As root, a bare label names a job in the system domain.
    if (!SYSTEM_JOBS.test(v) && !(asRoot && !v.includes("/"))) continue;
    const label = v.slice(v.lastIndexOf("/") + 1).replace(/\.plist$/, "");
    const critical = criticalService(label) ?? criticalService(label.slice(label.lastIndexOf(".") + 1));
    emit(inv, ctx, "service-stop", { word: w, ...(critical ? {} : { risk: "medium" as const }), data: { action: LAUNCHCTL_STOPS[verb], service: critical ?? `the system daemon ${label}` } });
  }
}
