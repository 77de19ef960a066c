// Process facts the wrapper needs: whether one process descends from another (Linux /proc).
import { readFileSync } from "node:fs";


function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields resume after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(rest[1]);
    return Number.isFinite(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is `ancestor` or one of its descendants. Without /proc (macOS) the answer is
 * `undefined`: the caller decides how much to trust the other checks.
 */
export function descendsFrom(pid: number, ancestor: number): boolean | undefined {
  if (pid === ancestor) return true;
  let p: number | undefined = pid;
  for (let hops = 0; hops < 64 && p !== undefined && p > 1; hops++) {
    p = parentOf(p);
    if (p === undefined) return hops === 0 ? undefined : false;
    if (p === ancestor) return true;
  }
  return false;
}
