// The system pack: power state, mass kills, firewalls, critical services, accounts, cron, kernel settings and fork bombs.
import type { Category, Evidence, Invocation, Risk, Via, Word } from "../../types.js";
import { globToRegExp } from "../../context/production.js";
import { parseArgs } from "../flags.js";
import { defineRule, type RuleContext } from "../rule.js";

type Id =
  | "power"
  | "rescue"
  | "suspend"
  | "kill-all"
  | "kill-critical"
  | "kill-opaque"
  | "firewall-flush"
  | "firewall-change"
  | "service-stop"
  | "account-delete"
  | "account-lock"
  | "account-change"
  | "privilege-grant"
  | "crontab-remove"
  | "crontab-replace"
  | "kernel-param"
  | "sysrq"
  | "swapoff"
  | "fork-bomb";
type Ctx = RuleContext<Id>;

interface Emit {
  word?: Word;
  data?: Record<string, string | number | undefined>;
  risk?: Risk;
  opaque?: boolean;
}

/** Reports one finding; a host that looks like production (ssh, systemctl -H) adds evidence. */
function emit(inv: Invocation, ctx: Ctx, id: Id, o: Emit = {}, host = inv.host): void {
  const categories: Category[] = o.opaque ? ["opaque"] : [];
  const prod: Evidence | undefined = host !== undefined ? ctx.production.evidence("host", host, "the host the command runs on") : undefined;
  ctx.report(id, { word: o.word ?? inv.argv[0], ...(o.risk ? { risk: o.risk } : {}), data: { host: host ?? "this machine", ...o.data }, categories, ...(prod ? { production: [prod] } : {}) });
}

const args = (inv: Invocation) => inv.argv.slice(1);
const has = (inv: Invocation, ...names: string[]) => args(inv).some((w) => w.value !== undefined && names.includes(w.value));

// ---------- power state

function shutdown(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  if (has(inv, "--help", "--version")) return;
  const a = parseArgs(args(inv));
  // -c cancels a pending shutdown, -k only warns users, --show lists; -w/--wtmp-only only writes a log record.
  if (p === "shutdown" && a.has("c", "k", "show")) return;
  if (p !== "shutdown" && a.has("w", "wtmp-only")) return;
  const what = p === "reboot" || (p === "shutdown" && a.has("r", "reboot")) ? "reboots" : p === "halt" || (p === "shutdown" && a.has("H", "halt")) ? "halts" : "powers off";
  emit(inv, ctx, "power", { data: { what } });
}

function init(inv: Invocation, ctx: Ctx): void {
  const level = args(inv).find((w) => !w.value?.startsWith("-"));
  const v = level?.value;
  if (v === "0") emit(inv, ctx, "power", { word: level, data: { what: "powers off" } });
  else if (v === "6") emit(inv, ctx, "power", { word: level, data: { what: "reboots" } });
  else if (v !== undefined && /^(1|s|S|single|emergency)$/.test(v)) emit(inv, ctx, "rescue", { word: level });
  else if (level && v === undefined) emit(inv, ctx, "power", { word: level, opaque: true, data: { what: `switches the run level to ${level.raw} on` } });
}

// ---------- services

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

function systemctl(inv: Invocation, ctx: Ctx): void {
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
function sysvService(inv: Invocation, ctx: Ctx): void {
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

// ---------- killing processes

const CRITICAL_PROCESSES = [
  "systemd", "init", "sshd", "dockerd", "containerd", "kubelet", "postgres", "mysqld", "mariadbd", "redis-server", "mongod", "etcd", "kube-apiserver", "Xorg",
  "Xwayland", "gnome-shell", "kwin_x11", "kwin_wayland", "loginwindow", "WindowServer", "launchd", "dbus-daemon", "NetworkManager", "systemd-journald", "systemd-logind",
];

/** A leading `-9`, `-KILL` or `-SIGKILL` signal word, as kill, pkill and killall take it. */
const SIGNAL_WORD = /^-(\d+|[A-Z][A-Z0-9+-]+)$/;
const isCheckOnly = (sig: string | undefined) => sig !== undefined && /^(0|SIG0|NULL)$/i.test(sig);

function kill(inv: Invocation, ctx: Ctx): void {
  const list = args(inv);
  let i = 0;
  let signal: string | undefined;
  while (i < list.length) {
    const v = list[i]!.value;
    if (v === undefined) break;
    if (v === "--") {
      i++;
      break;
    }
    if (/^(-l|-L|--list|--table|-p|--pid)$/.test(v) || v.startsWith("--list=")) return;
    if (v === "-s" || v === "-n" || v === "--signal") {
      signal = list[i + 1]?.value ?? "?";
      i += 2;
    } else if (v.startsWith("--signal=")) {
      signal = v.slice(9);
      i++;
    } else if (v === "-q" || v === "--queue") i += 2;
    else if (v === "--timeout") i += 3;
    else if (/^(-a|--all|--verbose|-r|--require-handler)$/.test(v)) i++;
    else if (i === 0 && SIGNAL_WORD.test(v)) {
      // Only the first word can be a signal; a later `-1` is a process group (or every process).
      signal = v.slice(1);
      i++;
    } else break;
  }
  if (isCheckOnly(signal)) return;
  for (const w of list.slice(i)) {
    if (w.value === "-1") emit(inv, ctx, "kill-all", { word: w, data: { target: "every process it may signal" } });
    else if (w.value === "1") emit(inv, ctx, "kill-critical", { word: w, data: { target: "init (PID 1)" } });
    else if (w.value === undefined) emit(inv, ctx, "kill-opaque", { word: w, data: { target: w.raw } });
  }
}

function killall5(inv: Invocation, ctx: Ctx): void {
  const sig = args(inv).find((w) => w.value !== undefined && SIGNAL_WORD.test(w.value))?.value?.slice(1);
  if (isCheckOnly(sig)) return;
  emit(inv, ctx, "kill-all", { data: { target: "every process on the machine" } });
}

/** A pkill/killall pattern that matches any process name, or the first critical process it matches. */
function patternReach(pattern: string, regex: boolean, exact: boolean): { all: boolean; critical?: string } {
  if (!regex) return { all: false, critical: CRITICAL_PROCESSES.find((p) => p === pattern) };
  let re: RegExp;
  try {
    re = new RegExp(exact ? `^(?:${pattern})$` : pattern);
  } catch {
    return { all: false };
  }
  if (re.test("") || (re.test("a") && re.test("zz9") && re.test("Q"))) return { all: true };
  return { all: false, critical: CRITICAL_PROCESSES.find((p) => re.test(p)) };
}

const ROOT_USERS = (users: string[]) => users.some((u) => u.split(",").some((x) => x === "root" || x === "0"));

function pkill(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  let list = args(inv);
  let signal: string | undefined;
  if (list[0]?.value !== undefined && SIGNAL_WORD.test(list[0].value) && !/^-[a-z]/.test(list[0].value)) {
    signal = list[0].value.slice(1);
    list = list.slice(1);
  }
  const killall = p === "killall";
  const a = killall
    ? parseArgs(list, { value: ["o", "older-than", "y", "younger-than", "s", "signal", "u", "user", "Z", "context", "n", "ns"] })
    : parseArgs(list, { value: ["u", "euid", "U", "uid", "g", "pgroup", "G", "group", "P", "parent", "s", "session", "t", "terminal", "F", "pidfile", "signal", "ns", "nslist", "q", "queue", "e"] });
  signal = (killall ? a.get("s", "signal") : a.get("signal")) ?? signal;
  if (isCheckOnly(signal) || a.has("l", "list", "V", "version", "help")) return;
  const users = a.all(...(killall ? ["u", "user"] : ["u", "euid", "U", "uid"]));
  const patterns = [...a.positionals, ...a.rest];
  if (!patterns.length) {
    if (ROOT_USERS(users)) emit(inv, ctx, "kill-all", { data: { target: "every process of root" } });
    else if (users.length) emit(inv, ctx, "kill-critical", { data: { target: `every process of ${users.join(", ")}` } });
    return;
  }
  const regex = killall ? a.has("r", "regexp") : true;
  const exact = killall ? !a.has("r", "regexp") : a.has("x", "exact");
  for (const w of killall ? patterns : patterns.slice(0, 1)) {
    if (w.value === undefined) {
      emit(inv, ctx, "kill-opaque", { word: w, data: { target: `processes matching ${w.raw}` } });
      continue;
    }
    const reach = patternReach(w.value, regex, exact);
    if (reach.all) emit(inv, ctx, "kill-all", { word: w, data: { target: `every process${users.length ? ` of ${users.join(", ")}` : ""} (the pattern ${w.value} matches any name)` } });
    else if (reach.critical) emit(inv, ctx, "kill-critical", { word: w, data: { target: `processes matching ${w.value}, such as ${reach.critical}` } });
  }
}

// ---------- firewalls

const IPTABLES_VALUES = [
  "t", "table", "A", "append", "C", "check", "D", "delete", "I", "insert", "R", "replace", "N", "new-chain", "E", "rename-chain", "P", "policy", "j", "jump", "g", "goto",
  "p", "protocol", "s", "source", "d", "destination", "i", "in-interface", "o", "out-interface", "m", "match", "w", "wait", "W", "wait-interval", "c", "set-counters",
  "dport", "sport", "dports", "sports", "state", "ctstate", "comment", "to-destination", "to-source", "to-ports", "reject-with", "log-prefix", "limit", "limit-burst",
  "uid-owner", "mark", "set-mark", "modprobe",
];

function iptables(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  if (p.endsWith("-save")) return;
  if (p.endsWith("-restore")) {
    if (!parseArgs(args(inv)).has("t", "test")) emit(inv, ctx, "firewall-change", { data: { what: "replaces the firewall rules with a saved set" } });
    return;
  }
  const a = parseArgs(args(inv), { value: IPTABLES_VALUES });
  const table = a.get("t", "table");
  const inTable = table ? ` in the ${table} table` : "";
  const flush = a.hit("F", "flush") ?? a.hit("X", "delete-chain");
  if (flush) {
    const chain = a.positionals[0]?.value;
    emit(inv, ctx, "firewall-flush", { word: flush.word, data: { what: `${flush.name === "F" || flush.name === "flush" ? "deletes every rule" : "deletes chains"}${chain ? ` of ${chain}` : ""}${inTable}` } });
    return;
  }
  const policy = a.hit("P", "policy");
  if (policy) {
    const target = a.positionals[0]?.value ?? "?";
    emit(inv, ctx, "firewall-flush", { word: policy.word, data: { what: `sets the default of ${policy.value ?? "a chain"} to ${target}${/^(DROP|REJECT)$/i.test(target) ? ", which can cut off every connection" : ", which opens it to all traffic"}` } });
    return;
  }
  const change = a.hit("A", "append", "I", "insert", "D", "delete", "R", "replace", "N", "new-chain", "E", "rename-chain");
  if (change) emit(inv, ctx, "firewall-change", { word: change.word, data: { what: `changes the rules of ${change.value ?? "a chain"}${inTable}` } });
}

function nft(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["f", "file", "I", "includepath", "D", "define", "d", "debug"] });
  if (a.has("c", "check")) return;
  if (a.has("f", "file") || a.has("i", "interactive")) {
    emit(inv, ctx, "firewall-change", { data: { what: a.has("i", "interactive") ? "opens an interactive nft session" : `loads the ruleset file ${a.get("f", "file") ?? "?"}` } });
    return;
  }
  const words = [...a.positionals, ...a.rest];
  if (words.some((w) => w.value === undefined)) {
    emit(inv, ctx, "firewall-change", { opaque: true, data: { what: `runs nft commands not known before they run (${words.map((w) => w.raw).join(" ")})` } });
    return;
  }
  // Commands may come as separate words or as one quoted string, several separated by `;`.
  const text = words.map((w) => w.value).join(" ");
  for (const cmd of text.split(/[;\n]/)) {
    const [verb, obj] = cmd.trim().split(/\s+/);
    if (!verb) continue;
    if ((verb === "flush" && /^(ruleset|table|chain)$/.test(obj ?? "")) || ((verb === "delete" || verb === "destroy") && /^(table|chain)$/.test(obj ?? ""))) {
      emit(inv, ctx, "firewall-flush", { word: words[0], data: { what: `${verb === "flush" ? "flushes" : "deletes"} ${obj === "ruleset" ? "the whole ruleset" : `a ${obj}`}` } });
    } else if (/^(add|insert|create|replace|delete|destroy|flush|reset|rename)$/.test(verb)) {
      emit(inv, ctx, "firewall-change", { word: words[0], data: { what: `${verb === "flush" ? "flushes" : `${verb}s`} ${obj ?? "rules"}` } });
    }
  }
}

function ufw(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { stopAtPositional: true });
  if (a.has("dry-run")) return;
  const verbWord = a.positionals[0];
  const verb = verbWord?.value;
  if (verb === "disable" || verb === "reset") emit(inv, ctx, "firewall-flush", { word: verbWord, data: { what: verb === "disable" ? "turns the firewall off" : "deletes every rule and turns the firewall off" } });
  else if (verb === "enable" || verb === "default" || verb === "deny" || verb === "reject" || verb === "delete" || verb === "insert" || verb === "prepend")
    emit(inv, ctx, "firewall-change", { word: verbWord, data: { what: verb === "enable" ? "turns the firewall on, which can cut off connections it does not allow" : `changes the rules (${verb})` } });
}

function firewallCmd(inv: Invocation, ctx: Ctx): void {
  const w = args(inv).find((x) => x.value === "--panic-on");
  if (w) emit(inv, ctx, "firewall-flush", { word: w, data: { what: "drops every packet (panic mode)" } });
}

// ---------- accounts

const ADMIN_GROUPS = new Set(["sudo", "wheel", "admin", "root", "docker", "lxd", "disk", "shadow", "sudoers", "adm"]);
const NO_LOGIN = /\/(nologin|false)$/;

function userdel(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  const a = parseArgs(args(inv), { value: ["R", "root", "P", "prefix", "backup-to", "conf"] });
  const [user, group] = a.positionals;
  if (!user) return;
  if ((p === "deluser" || p === "delgroup") && group) {
    emit(inv, ctx, "account-change", { word: user, data: { what: `removes ${user.raw} from the group ${group.raw}` } });
    return;
  }
  const kind = p === "groupdel" || p === "delgroup" || a.has("group") ? "group" : "user";
  if (user.value === undefined) emit(inv, ctx, "account-delete", { word: user, opaque: true, data: { what: `the ${kind} ${user.raw} (not known before it runs)` } });
  else emit(inv, ctx, "account-delete", { word: user, risk: user.value === "root" ? "critical" : "high", data: { what: `the ${kind} ${user.value}${a.has("r", "remove", "remove-home", "remove-all-files") ? " and its files" : ""}` } });
}

function passwd(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["x", "maxdays", "n", "mindays", "w", "warndays", "i", "inactive", "r", "repository", "R", "root", "P", "prefix"] });
  const user = a.positionals[0]?.value ?? a.positionals[0]?.raw ?? "your account";
  const lock = a.hit("d", "delete", "l", "lock");
  if (lock) emit(inv, ctx, "account-lock", { word: lock.word, data: { what: lock.name.startsWith("d") ? `removes the password of ${user}, so it logs in without one` : `locks the password of ${user}` } });
  else if (a.has("e", "expire")) emit(inv, ctx, "account-change", { data: { what: `expires the password of ${user}` } });
  else if (a.has("stdin") || (a.positionals.length && !a.has("S", "status", "a", "all", "u", "unlock"))) emit(inv, ctx, "account-change", { data: { what: `sets a new password for ${user}` } });
}

function usermod(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["c", "comment", "d", "home", "e", "expiredate", "f", "inactive", "g", "gid", "G", "groups", "l", "login", "p", "password", "R", "root", "P", "prefix", "s", "shell", "u", "uid", "Z", "selinux-user", "v", "add-subuids", "V", "del-subuids", "w", "add-subgids", "W", "del-subgids"] });
  const userWord = a.positionals[a.positionals.length - 1];
  const user = userWord?.value ?? userWord?.raw ?? "a user";
  const lock = a.hit("L", "lock");
  if (lock) emit(inv, ctx, "account-lock", { word: lock.word, data: { what: `locks the account ${user}` } });
  const pw = a.hit("p", "password");
  if (pw) emit(inv, ctx, "account-lock", { word: pw.word, data: { what: `replaces the password hash of ${user}` } });
  const shell = a.hit("s", "shell");
  if (shell && (shell.value === undefined || NO_LOGIN.test(shell.value))) emit(inv, ctx, "account-lock", { word: shell.word, data: { what: `gives ${user} the shell ${shell.value ?? "?"}, which refuses logins` } });
  const groups = a.hit("G", "groups");
  if (groups) {
    const admin = (groups.value ?? "").split(",").filter((g) => ADMIN_GROUPS.has(g));
    if (admin.length || groups.value === undefined) emit(inv, ctx, "privilege-grant", { word: groups.word, data: { what: `adds ${user} to ${admin.join(", ") || "groups not known before it runs"}` } });
    if (!a.has("a", "append")) emit(inv, ctx, "account-change", { word: groups.word, data: { what: `replaces every supplementary group of ${user} (without -a)` } });
  }
  const gid = a.get("g", "gid");
  if (gid === "0" || gid === "root") emit(inv, ctx, "privilege-grant", { data: { what: `makes root the primary group of ${user}` } });
  const uid = a.get("u", "uid");
  if (uid === "0") emit(inv, ctx, "privilege-grant", { risk: "critical", data: { what: `gives ${user} the user id 0 (root)` } });
  else if (a.has("e", "expiredate", "l", "login", "u", "uid", "d", "home")) emit(inv, ctx, "account-change", { data: { what: `changes the login, id, home or expiry of ${user}` } });
}

/** `gpasswd -a USER GROUP` and `adduser USER GROUP`: adding someone to an admin group. */
function addToGroup(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  const a = parseArgs(args(inv), { value: p === "gpasswd" ? ["a", "add", "d", "delete", "M", "members", "A", "administrators", "Q", "root"] : ["home", "shell", "uid", "gid", "ingroup", "gecos", "conf", "firstuid", "lastuid"] });
  const group = p === "gpasswd" ? a.positionals[0] : a.positionals[1];
  const user = p === "gpasswd" ? a.get("a", "add") ?? a.get("M", "members") : a.positionals[0]?.value;
  if (!group || !user) return;
  if (group.value === undefined || ADMIN_GROUPS.has(group.value)) emit(inv, ctx, "privilege-grant", { word: group, opaque: group.value === undefined, data: { what: `adds ${user} to ${group.value ?? group.raw}` } });
}

// ---------- cron, kernel settings, swap

function crontab(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["u", "s"] });
  const who = a.get("u") ? `of ${a.get("u")}` : "of this user";
  const r = a.hit("r");
  if (r) return emit(inv, ctx, "crontab-remove", { word: r.word, data: { who } });
  if (a.has("l", "e", "T", "V", "n", "c")) return;
  // `crontab FILE`, `crontab -` and bare `crontab` reading stdin all replace the whole table.
  emit(inv, ctx, "crontab-replace", { word: a.positionals[0] ?? inv.argv[0], data: { who } });
}

function sysctl(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["pattern"] });
  if (a.has("p", "load", "system")) return emit(inv, ctx, "kernel-param", { data: { what: a.has("system") ? "every sysctl configuration file" : `the settings in ${a.get("p", "load") ?? "/etc/sysctl.conf"}` } });
  for (const w of a.positionals) {
    if (w.value === undefined ? a.has("w", "write") : w.value.includes("=")) emit(inv, ctx, "kernel-param", { word: w, opaque: w.value === undefined, data: { what: w.value ?? w.raw } });
  }
}

function swapoff(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv));
  if (a.has("h", "help", "V", "version")) return;
  if (a.has("a", "all") || a.positionals.length) emit(inv, ctx, "swapoff", { data: { what: a.has("a", "all") ? "all swap" : a.positionals.map((w) => w.value ?? w.raw).join(", ") } });
}

/** Writes into /proc and /sys: redirections, tee and dd of=. */
function kernelWrites(inv: Invocation, ctx: Ctx): void {
  const targets: Word[] = [];
  for (const r of inv.redirects) if (r.target && /^(>|>>|>\||&>|&>>)$/.test(r.op)) targets.push(r.target);
  if (inv.program === "tee") targets.push(...parseArgs(args(inv), { value: ["output-error"] }).positionals);
  if (inv.program === "dd") for (const w of args(inv)) if (w.value?.startsWith("of=")) targets.push({ ...w, value: w.value.slice(3) });
  for (const w of targets) {
    const info = ctx.paths.classifyWriteWord(w, inv);
    if (info.class !== "kernel") continue;
    if (info.path === "/proc/sysrq-trigger") emit(inv, ctx, "sysrq", { word: w });
    else if (info.risk === "medium") emit(inv, ctx, "kernel-param", { word: w, data: { what: info.path } });
  }
}

// ---------- fork bombs

const SPAWNS: ReadonlySet<Via> = new Set(["pipe", "background", "subshell", "substitution", "process-substitution"]);

/** A function that calls itself in a new process each time (`:(){ :|:& };:`) multiplies processes until the machine stalls. */
function spawnsItself(inv: Invocation, ctx: Ctx): boolean {
  if (!inv.recursive || inv.callsFunction === undefined) return false;
  const inside = inv.via.slice(inv.via.indexOf("function") + 1);
  return !!inv.background || inside.some((v) => SPAWNS.has(v)) || ctx.invocations.some((o) => o.pipedFrom === inv.index);
}

function forkBomb(inv: Invocation, ctx: Ctx): void {
  if (!spawnsItself(inv, ctx)) return;
  // One finding per function, on its first self-spawning call.
  if (ctx.invocations.some((o) => o.index < inv.index && o.callsFunction === inv.callsFunction && spawnsItself(o, ctx))) return;
  emit(inv, ctx, "fork-bomb", { data: { name: inv.callsFunction } });
}

const HANDLERS: Record<string, (inv: Invocation, ctx: Ctx) => void> = {
  shutdown,
  reboot: shutdown,
  halt: shutdown,
  poweroff: shutdown,
  init,
  telinit: init,
  systemctl,
  service: sysvService,
  "rc-service": sysvService,
  "invoke-rc.d": sysvService,
  "update-rc.d": sysvService,
  chkconfig: sysvService,
  kill,
  killall5,
  pkill,
  killall: pkill,
  iptables,
  ip6tables: iptables,
  "iptables-nft": iptables,
  "ip6tables-nft": iptables,
  "iptables-legacy": iptables,
  "ip6tables-legacy": iptables,
  "iptables-restore": iptables,
  "ip6tables-restore": iptables,
  "iptables-save": iptables,
  ebtables: iptables,
  arptables: iptables,
  nft,
  ufw,
  "firewall-cmd": firewallCmd,
  userdel,
  deluser: userdel,
  groupdel: userdel,
  delgroup: userdel,
  passwd,
  usermod,
  gpasswd: addToGroup,
  adduser: addToGroup,
  crontab,
  sysctl,
  swapoff,
};

export default defineRule<Id>({
  name: "system",
  description: "Machine-level changes: power state, mass kills, firewalls, critical services, accounts, cron tables, kernel settings and fork bombs.",
  programs: ["*"],
  findings: {
    power: {
      risk: "high",
      categories: ["mutate"],
      message: "{program} {what} {host}",
      hint: "leave power changes to a human; restart the specific service instead",
      description: "shutdown, reboot, halt, poweroff, systemctl poweroff/reboot, init 0/6.",
    },
    rescue: {
      risk: "high",
      categories: ["mutate"],
      message: "{program} switches {host} to rescue mode, stopping its services and network logins",
      hint: "leave run-level changes to a human at the console",
      description: "systemctl rescue/emergency, isolate rescue.target, init 1.",
    },
    suspend: {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} puts {host} to sleep ({what})",
      description: "systemctl suspend/hibernate.",
    },
    "kill-all": {
      risk: "critical",
      categories: ["destroy"],
      message: "{program} kills {target}",
      hint: "kill the specific process by its PID or exact name",
      description: "kill -1, killall5, pkill/killall patterns or users that match every process.",
    },
    "kill-critical": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} kills {target}",
      hint: "kill the specific process by its PID or exact name; stop services with their service manager",
      description: "Signals to PID 1, to all of a user's or root's processes, or to critical daemons (sshd, dockerd, postgres ...).",
    },
    "kill-opaque": {
      risk: "medium",
      categories: ["destroy", "opaque"],
      message: "{program} kills {target}, which is not known before it runs",
      hint: "look the PID up first and kill it by number",
      description: "kill/pkill of a process chosen at run time.",
    },
    "firewall-flush": {
      risk: "high",
      categories: ["mutate"],
      message: "{program} {what} on {host}",
      hint: "list the rules first (iptables -S, nft list ruleset) and change single rules",
      description: "iptables -F/-X/-P, nft flush ruleset, ufw disable/reset, firewall-cmd --panic-on.",
    },
    "firewall-change": {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} {what} on {host}",
      hint: "list the rules first and keep a rule that allows your own SSH session",
      description: "Adding, deleting or loading firewall rules.",
    },
    "service-stop": {
      risk: "high",
      categories: ["mutate"],
      message: "{program} {action} {service} on {host}",
      hint: "restart the service instead of stopping it, or leave it to a human",
      description: "Stopping, disabling, masking or killing ssh, container runtimes, networking, firewalls, cron or databases.",
    },
    "account-delete": {
      risk: "high",
      categories: ["destroy", "privilege"],
      message: "{program} deletes {what}",
      hint: "lock the account instead of deleting it, or leave it to a human",
      description: "userdel, deluser, groupdel, delgroup.",
    },
    "account-lock": {
      risk: "high",
      categories: ["mutate", "privilege"],
      message: "{program} {what}",
      hint: "leave account changes to a human",
      description: "passwd -d/-l, usermod -L/-p, a nologin shell: an account that can no longer (or too easily) log in.",
    },
    "account-change": {
      risk: "medium",
      categories: ["mutate", "privilege"],
      message: "{program} {what}",
      hint: "leave account changes to a human",
      description: "Other changes to users and groups.",
    },
    "privilege-grant": {
      risk: "high",
      categories: ["privilege"],
      message: "{program} {what}",
      hint: "leave admin rights to a human",
      description: "Adding a user to sudo, wheel, docker or another root-equivalent group, or giving it uid 0.",
    },
    "crontab-remove": {
      risk: "high",
      categories: ["destroy"],
      message: "crontab -r deletes every cron job {who}, with no backup",
      hint: "save it first (crontab -l > crontab.bak), then edit single lines with crontab -e",
      description: "crontab -r.",
    },
    "crontab-replace": {
      risk: "medium",
      categories: ["mutate"],
      message: "crontab replaces every cron job {who}",
      hint: "save the current table first (crontab -l > crontab.bak)",
      description: "crontab FILE or crontab - replacing the whole table.",
    },
    "kernel-param": {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} changes the kernel setting {what}",
      hint: "try the setting in a VM or container first",
      description: "sysctl -w, sysctl -p, writes into /proc/sys and /sys.",
    },
    sysrq: {
      risk: "critical",
      categories: ["destroy"],
      message: "writing to /proc/sysrq-trigger makes the kernel reboot, crash or power off at once, without syncing disks",
      hint: "use systemctl reboot (and only by hand)",
      description: "Any write to /proc/sysrq-trigger.",
    },
    swapoff: {
      risk: "medium",
      categories: ["mutate"],
      message: "swapoff turns off {what}, which can start the out-of-memory killer",
      description: "swapoff -a or of a device.",
    },
    "fork-bomb": {
      risk: "critical",
      categories: ["destroy"],
      message: "the function {name} starts copies of itself in new processes without end (a fork bomb)",
      hint: "do not run this; it exhausts the process table until the machine stops responding",
      description: "A function that calls itself in the background or through a pipe.",
    },
  },
  check(inv, ctx) {
    if (inv.recursive) forkBomb(inv, ctx);
    if (inv.redirects.length || inv.program === "tee" || inv.program === "dd") kernelWrites(inv, ctx);
    const p = inv.program?.replace(/\.exe$/, "");
    if (!p) return;
    if (/^\/etc\/(rc\.d\/)?init\.d\//.test(inv.programPath ?? "")) return sysvService(inv, ctx);
    HANDLERS[p]?.(inv, ctx);
  },
});
