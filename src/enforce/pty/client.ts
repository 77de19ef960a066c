// A node-side client of a wrap session's check channel, for front ends running inside the session (PATH shims via `shellgate exec`).
import { execFileSync } from "node:child_process";
import { closeSync, constants, lstatSync, openSync, writeFileSync, writeSync } from "node:fs";
import { Socket } from "node:net";
import { join } from "node:path";
import { alive } from "../../pid.js";
import { descendsFrom } from "./proc.js";
import { PROTOCOL } from "./request.js";
import { shq } from "./script-config.js";

export interface WrapperAnswer {
  verdict: "allow" | "refuse";
  grant?: string;
  /** Lines to print on stderr. */
  lines: string[];
}

/**
 * Asks the wrap session this process runs in, when there is one: the wrapper decides with its
 * warm parser, asks the human on its terminal, and knows what was already approved for the line
 * that started this process. Returns undefined when there is no usable session (the caller then
 * decides on its own). The session must be this process's ancestor and its directory private.
 */
export async function askWrapper(input: string | { argv: string[] }, ctx: { cwd: string; env: Record<string, string | undefined> }): Promise<WrapperAnswer | undefined> {
  const dir = ctx.env.SHELLGATE_WRAP_DIR;
  const wpid = Number(ctx.env.SHELLGATE_WRAP_PID);
  if (!dir || !Number.isInteger(wpid) || wpid <= 1) return undefined;
  if (!privateSession(dir) || !alive(wpid) || descendsFrom(process.pid, wpid) === false) return undefined;

  const reply = `r.${process.pid}`;
  const id = `${process.pid}.${Math.floor(Math.random() * 1e9)}`;
  try {
    execFileSync("mkfifo", ["-m", "600", join(dir, reply)], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  const kind = typeof input === "string" ? "exec" : "argv";
  const text = typeof input === "string" ? input : input.argv.join("\x1f");
  const envList = Object.entries(ctx.env)
    .filter((e): e is [string, string] => e[1] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(e[0]))
    .map(([k, v]) => `export ${k}=${shq(v)}\n`)
    .join("");
  const fields = [PROTOCOL, kind, "", String(process.pid), reply, ctx.env.SHELLGATE_GRANT ?? "", ctx.cwd, "node", text];
  writeFileSync(join(dir, `q.${id}`), fields.join("\0") + "\0" + envList, { mode: 0o600 });

  const fd = openSync(join(dir, reply), constants.O_RDWR | constants.O_NONBLOCK);
  const sock = new Socket({ fd, readable: true, writable: false });
  try {
    const answer = new Promise<WrapperAnswer | undefined>((resolve) => {
      let buf = "";
      sock.setEncoding("utf8");
      sock.on("data", (d: string) => {
        buf += d;
        // Replies to requests this process abandoned carry another id: skip them.
        for (;;) {
          const nl = buf.indexOf("\n");
          if (nl < 0) return;
          const [verdict, grant, n, rid] = buf.slice(0, nl).split(" ");
          const lines = buf.slice(nl + 1).split("\n");
          if (lines.length <= Number(n)) return;
          if (rid === id) {
            resolve({ verdict: verdict === "allow" ? "allow" : "refuse", ...(grant && grant !== "-" ? { grant } : {}), lines: lines.slice(0, Number(n)) });
            return;
          }
          buf = lines.slice(Number(n)).join("\n");
        }
      });
      sock.on("error", () => resolve(undefined));
    });
    const req = openSync(join(dir, "req"), constants.O_RDWR | constants.O_NONBLOCK);
    try {
      writeSync(req, `${PROTOCOL} ${id}\n`);
    } finally {
      closeSync(req);
    }
    let watch: NodeJS.Timeout | undefined;
    const gone = new Promise<undefined>((resolve) => {
      watch = setInterval(() => {
        if (!alive(wpid)) resolve(undefined);
      }, 1000);
    });
    try {
      return await Promise.race([answer, gone]);
    } finally {
      clearInterval(watch);
    }
  } finally {
    sock.destroy();
  }
}

function privateSession(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory() || (st.mode & 0o077) !== 0) return false;
    if (typeof process.getuid === "function" && st.uid !== process.getuid()) return false;
    return lstatSync(join(dir, "req")).isFIFO();
  } catch {
    return false;
  }
}
