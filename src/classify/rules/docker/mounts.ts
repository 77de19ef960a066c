// Bind mounts and devices given to containers: the host side of -v, --mount and --device, and which host paths matter.
import type { Invocation, Word } from "../../../types.js";

export const HOST_CAPS = new Set(["ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH", "DAC_OVERRIDE", "BPF", "PERFMON", "SYS_BOOT"]);
export const SOCKET = /(^|\/)(docker|podman|containerd|crio|dockershim|cri-dockerd)\.sock$/;
export const BLOCK_DEVICE = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|md|dm-|mapper\/|loop|mem$|kmem$|port$)/;

export interface MountSource {
  path?: string;
  raw: string;
  readonly: boolean;
  dynamic?: boolean;
}

/**
 * Host side of `-v SRC:DST[:opts]`; undefined for a named or anonymous volume. `value` is the static value;
 * otherwise `word` is the dynamic value word, read from its source text (`$(pwd)` is the working directory).
 */
export function volumeSource(value: string | undefined, word: Word | undefined, inv: Invocation): MountSource | undefined {
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

export function hostSide(whole: string, raw: string): MountSource | undefined {
  const parts = whole.split(":");
  const host = parts[0]!;
  // A name without a slash is a named volume (or, alone, an anonymous one); Windows drive paths are out of scope.
  if (parts.length < 2 || !/^[/~.]/.test(host) || /^[A-Za-z]:[\\/]/.test(whole)) return undefined;
  const opts = parts.length > 2 ? parts[parts.length - 1]!.split(",") : [];
  return { path: host, raw, readonly: opts.includes("ro") || opts.includes("readonly") };
}

/** Host side of `--mount type=bind,source=/,target=/host[,readonly]`. */
export function mountSource(value: string, raw: string): MountSource | undefined {
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
