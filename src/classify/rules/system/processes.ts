// Killing processes: every process at once, PID 1, critical daemons, and fork bombs.
import type { Invocation, Via, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { args, emit, type Ctx } from "./common.js";

const CRITICAL_PROCESSES = [
  "systemd", "init", "sshd", "dockerd", "containerd", "kubelet", "postgres", "mysqld", "mariadbd", "redis-server", "mongod", "etcd", "kube-apiserver", "Xorg",
  "Xwayland", "gnome-shell", "kwin_x11", "kwin_wayland", "loginwindow", "WindowServer", "launchd", "dbus-daemon", "NetworkManager", "systemd-journald", "systemd-logind",
];

/** A leading `-9`, `-KILL` or `-SIGKILL` signal word, as kill, pkill and killall take it. */
const SIGNAL_WORD = /^-(\d+|[A-Z][A-Z0-9+-]+)$/;
const isCheckOnly = (sig: string | undefined) => sig !== undefined && /^(0|SIG0|NULL)$/i.test(sig);

export function kill(inv: Invocation, ctx: Ctx): void {
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
    else if (w.value === undefined) {
      const src = pidSource(inv, w, ctx);
      const reach = src ? selection(src)?.find((r) => r.kind !== "kill-opaque") : undefined;
      if (reach) emit(inv, ctx, reach.kind, { word: w, data: { target: reach.target } });
      else emit(inv, ctx, "kill-opaque", { word: w, data: { target: w.raw } });
    }
  }
}

export function killall5(inv: Invocation, ctx: Ctx): void {
  const sig = args(inv).find((w) => w.value !== undefined && SIGNAL_WORD.test(w.value))?.value?.slice(1);
  if (isCheckOnly(sig)) return;
  emit(inv, ctx, "kill-all", { data: { target: "every process on the machine" } });
}

/** Command lines of critical daemons, for patterns matched against the full command line (`pkill -f`, `pgrep -f`). */
const CRITICAL_COMMAND_LINES = [
  "/sbin/init", "/lib/systemd/systemd --system --deserialize 31", "sshd: /usr/sbin/sshd -D [listener]", "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
  "/usr/bin/containerd", "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml", "/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main",
  "/usr/sbin/mysqld", "/usr/bin/redis-server 127.0.0.1:6379", "/usr/bin/mongod --config /etc/mongod.conf", "etcd --data-dir=/var/lib/etcd",
  "java -Xmx1G -cp /opt/kafka/libs/* kafka.Kafka config/server.properties", "java -cp /usr/share/elasticsearch/lib/* org.elasticsearch.bootstrap.Elasticsearch",
  "java -cp /opt/zookeeper/lib/* org.apache.zookeeper.server.quorum.QuorumPeerMain", "/usr/bin/dbus-daemon --system", "/usr/sbin/NetworkManager --no-daemon",
];

/** Command lines of a developer's own processes, run by the same runtimes as the daemons above. */
const ORDINARY_COMMAND_LINES = ["java -jar build/libs/app.jar", "java -cp target/classes com.example.Main", "/usr/bin/python3 app.py", "node dist/server.js", "/usr/bin/bash ./run.sh", "redis-cli ping"];

/** A pkill/killall pattern that matches any process name, or the first critical process it matches. */
function patternReach(pattern: string, regex: boolean, exact: boolean, full: boolean): { all: boolean; critical?: string } {
  if (!regex) return { all: false, critical: CRITICAL_PROCESSES.find((p) => p === pattern) };
  let re: RegExp;
  try {
    re = new RegExp(exact ? `^(?:${pattern})$` : pattern);
  } catch {
    return { all: false };
  }
  if (re.test("") || (re.test("a") && re.test("zz9") && re.test("Q"))) return { all: true };
  // A full-command-line pattern that also matches an everyday process of the same runtime (`pkill -f java`) aims at
  // the developer's own processes, not at the daemon.
  const daemon = full && !ORDINARY_COMMAND_LINES.some((c) => re.test(c)) ? CRITICAL_COMMAND_LINES.find((c) => re.test(c)) : undefined;
  const critical = CRITICAL_PROCESSES.find((p) => re.test(p)) ?? daemon;
  return { all: false, ...(critical ? { critical } : {}) };
}

const ROOT_USERS = (users: string[]) => users.some((u) => u.split(",").some((x) => x === "root" || x === "0"));

interface Reach {
  kind: "kill-all" | "kill-critical" | "kill-opaque";
  word?: Word;
  target: string;
}

/** Which processes pkill, killall, pgrep or pidof select; `undefined` when it only lists or sends the null signal. */
function selection(inv: Invocation): Reach[] | undefined {
  const p = inv.program!;
  let list = args(inv);
  if (p === "pidof") {
    const names = parseArgs(list, { value: ["o", "omit-pid", "d", "separator"] }).positionals;
    return names.map((w) => (w.value === undefined ? { kind: "kill-opaque", word: w, target: `processes named ${w.raw}` } : { kind: CRITICAL_PROCESSES.includes(w.value) ? "kill-critical" : "kill-opaque", word: w, target: `processes named ${w.value}` }));
  }
  let signal: string | undefined;
  if (p !== "pgrep" && list[0]?.value !== undefined && SIGNAL_WORD.test(list[0].value) && !/^-[a-z]/.test(list[0].value)) {
    signal = list[0].value.slice(1);
    list = list.slice(1);
  }
  const killall = p === "killall";
  const a = killall
    ? parseArgs(list, { value: ["o", "older-than", "y", "younger-than", "s", "signal", "u", "user", "Z", "context", "n", "ns"] })
    : parseArgs(list, { value: ["u", "euid", "U", "uid", "g", "pgroup", "G", "group", "P", "parent", "s", "session", "t", "terminal", "F", "pidfile", "signal", "ns", "nslist", "q", "queue", "e", "d", "delimiter"] });
  signal = (killall ? a.get("s", "signal") : a.get("signal")) ?? signal;
  if (isCheckOnly(signal) || a.has("l", "list", "V", "version", "help")) return undefined;
  const users = a.all(...(killall ? ["u", "user"] : ["u", "euid", "U", "uid"]));
  const patterns = [...a.positionals, ...a.rest];
  if (!patterns.length) {
    if (ROOT_USERS(users)) return [{ kind: "kill-all", target: "every process of root" }];
    if (users.length) return [{ kind: "kill-critical", target: `every process of ${users.join(", ")}` }];
    return [];
  }
  const regex = killall ? a.has("r", "regexp") : true;
  const exact = killall ? !a.has("r", "regexp") : a.has("x", "exact");
  const full = !killall && a.has("f", "full");
  const out: Reach[] = [];
  for (const w of killall ? patterns : patterns.slice(0, 1)) {
    if (w.value === undefined) {
      out.push({ kind: "kill-opaque", word: w, target: `processes matching ${w.raw}` });
      continue;
    }
    const reach = patternReach(w.value, regex, exact, full);
    if (reach.all) out.push({ kind: "kill-all", word: w, target: `every process${users.length ? ` of ${users.join(", ")}` : ""} (the pattern ${w.value} matches any name)` });
    else if (reach.critical) out.push({ kind: "kill-critical", word: w, target: `processes matching ${w.value}, such as ${reach.critical}` });
  }
  return out;
}

export function pkill(inv: Invocation, ctx: Ctx): void {
  for (const r of selection(inv) ?? []) emit(inv, ctx, r.kind, { ...(r.word ? { word: r.word } : {}), data: { target: r.target } });
}

/** The pgrep or pidof whose output names the PIDs a kill gets: `kill $(pgrep x)`, `pgrep x | xargs kill`. */
function pidSource(inv: Invocation, w: Word, ctx: Ctx): Invocation | undefined {
  const finders = (i: Invocation) => i.program === "pgrep" || i.program === "pidof";
  const inside = ctx.invocations.find((i) => finders(i) && i.via.includes("substitution") && i.span.start >= w.span.start && i.span.end <= w.span.end);
  if (inside) return inside;
  const up = inv.stdin?.kind === "command" ? ctx.invocations[inv.stdin.index] : undefined;
  return up && finders(up) && inv.via.includes("xargs") ? up : undefined;
}

const SPAWNS: ReadonlySet<Via> = new Set(["pipe", "background", "subshell", "substitution", "process-substitution"]);

/** A function that calls itself in a new process each time (`:(){ :|:& };:`) multiplies processes until the machine stalls. */
function spawnsItself(inv: Invocation, ctx: Ctx): boolean {
  if (!inv.recursive || inv.callsFunction === undefined) return false;
  const inside = inv.via.slice(inv.via.indexOf("function") + 1);
  return !!inv.background || inside.some((v) => SPAWNS.has(v)) || ctx.invocations.some((o) => o.pipedFrom === inv.index);
}

export function forkBomb(inv: Invocation, ctx: Ctx): void {
  if (!spawnsItself(inv, ctx)) return;
  // One finding per function, on its first self-spawning call.
  if (ctx.invocations.some((o) => o.index < inv.index && o.callsFunction === inv.callsFunction && spawnsItself(o, ctx))) return;
  emit(inv, ctx, "fork-bomb", { data: { name: inv.callsFunction } });
}
