// Raw devices: dd, mkfs and friends, and partition editors, which erase a whole disk in one step.
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { emit, minLevel, type Ctx, type Level } from "./common.js";
import { writeTarget } from "./writes.js";

export function dd(inv: Invocation, ctx: Ctx): void {
  let notrunc = false;
  let of: Word | undefined;
  for (const w of inv.argv.slice(1)) {
    if (w.value === undefined) {
      // `of=$DEV` or a whole operand that is not static: the target may be a disk.
      if (/^["']?of=/.test(w.raw) || !w.raw.includes("=")) of = w;
      continue;
    }
    if (w.value.startsWith("of=")) of = { ...w, value: w.value.slice(3) };
    if (w.value.startsWith("conv=") && w.value.split(/[=,]/).includes("notrunc")) notrunc = true;
  }
  if (!of) return;
  if (of.value === undefined) {
    emit(inv, ctx, "device-write", "high", { word: of, data: { reason: `a target that is not known before it runs (${of.raw})` }, opaque: true });
    return;
  }
  writeTarget(inv, ctx, of, { append: notrunc, id: "overwrite", verb: "overwrites" });
}

export const FORMATTERS = new Set(["mke2fs", "mkswap", "mkdosfs", "mkntfs", "mkexfatfs", "mkfs", "wipefs", "blkdiscard", "badblocks", "zpool", "newfs", "newfs_apfs", "newfs_hfs", "newfs_msdos", "newfs_exfat", "newfs_udf"]);

export function format(inv: Invocation, ctx: Ctx, p: string): void {
  const args = inv.argv.slice(1);
  const vals = args.map((w) => w.value);
  if (vals.some((v) => v === "--help" || v === "-h" && p !== "mkswap" || v === "-V" || v === "--version")) return;
  if (p === "wipefs") {
    const a = parseArgs(args, { value: ["o", "offset", "t", "types", "O", "output"] });
    // Without -a or -o wipefs only lists signatures; -n is a dry run.
    if (!a.has("a", "all", "o", "offset") || a.has("n", "no-act")) return;
  } else if (p === "badblocks") {
    if (!parseArgs(args, { value: ["b", "c", "e", "d", "i", "o", "p", "t"] }).has("w")) return;
  } else if (p === "mke2fs" || p.startsWith("mkfs.ext")) {
    if (parseArgs(args, { value: ["b", "C", "d", "E", "g", "G", "i", "I", "J", "l", "L", "m", "M", "N", "o", "O", "r", "t", "T", "U", "e", "z"] }).has("n")) return;
  } else if (p === "zpool") {
    if (vals[0] !== "create" && vals[0] !== "labelclear") return;
  }
  let device = false;
  for (const w of args) {
    const v = w.value;
    if (v === undefined || !v.startsWith("/dev/") || !ctx.paths.isDevice(v)) continue;
    device = true;
    emit(inv, ctx, "format", ctx.paths.isBlockDevice(v) ? "critical" : "high", { word: w, data: { target: v } });
  }
  if (!device) {
    const dyn = args.find((w) => w.value === undefined);
    if (dyn) emit(inv, ctx, "format", "high", { word: dyn, data: { target: `${dyn.raw} (not known before it runs)` }, opaque: true });
  }
}

const PARTED_WRITES = new Set(["mklabel", "mktable", "mkpart", "mkpartfs", "mkfs", "rm", "resizepart", "resize", "name", "set", "toggle", "disk_set", "disk_toggle", "rescue", "move", "cp", "type"]);
const SFDISK_READS = new Set(["l", "list", "d", "dump", "J", "json", "s", "show-size", "V", "verify", "g", "show-geometry", "F", "list-free", "T", "list-types", "h", "help", "v", "version", "n", "no-act", "backup-pt-sectors"]);
const SGDISK_READS = new Set(["p", "print", "i", "info", "v", "verify", "O", "print-mbr", "L", "list-types", "P", "pretend", "V", "version", "b", "backup", "help", "?"]);

export function partition(inv: Invocation, ctx: Ctx, p: string): void {
  const args = inv.argv.slice(1);
  const fed = inv.stdin !== undefined;
  let write: "scripted" | "interactive" | undefined;
  let devices: Word[];
  if (p === "fdisk" || p === "gdisk" || p === "cfdisk" || p === "cgdisk") {
    const a = parseArgs(args, { value: ["b", "c", "L", "o", "output", "t", "type", "u", "units", "w", "wipe", "W", "wipe-partitions", "C", "H", "S", "sector-size"] });
    if (a.has("l", "list", "x", "list-details", "s", "getsz", "V", "version", "h", "help", "list-types")) return;
    devices = a.positionals;
    write = fed ? "scripted" : "interactive";
  } else if (p === "sfdisk") {
    const a = parseArgs(args, { value: ["o", "O", "backup-file", "label", "X", "label-nested", "Y", "u", "unit", "w", "wipe", "W", "wipe-partitions", "color", "lock", "sector-size"] });
    const partQuery = a.options.find((o) => /^part-(type|label|uuid|attrs)$/.test(o.name));
    if (a.options.some((o) => SFDISK_READS.has(o.name)) || (partQuery && a.positionals.length <= 2)) return;
    devices = a.positionals.slice(0, 1);
    write = "scripted";
  } else if (p === "sgdisk") {
    const a = parseArgs(args, { value: ["A", "a", "b", "backup", "c", "change-name", "d", "delete", "i", "info", "l", "load-backup", "n", "new", "R", "replicate", "t", "typecode", "T", "u", "partition-guid", "U", "disk-guid", "h", "hybrid", "E", "M"] });
    if (!a.options.length || a.has("P", "pretend") || a.options.every((o) => SGDISK_READS.has(o.name))) return;
    devices = a.positionals;
    write = "scripted";
  } else {
    const a = parseArgs(args, { value: ["a", "align"], stopAtPositional: true });
    if (a.has("l", "list", "v", "version", "h", "help")) return;
    const [dev, ...cmds] = a.positionals;
    const words = cmds.map((w) => w.value);
    if (words.some((w) => w !== undefined && PARTED_WRITES.has(w))) write = "scripted";
    else if (cmds.length === 0) write = fed ? "scripted" : "interactive";
    else if (words.some((w) => w === undefined)) write = "interactive";
    else return;
    devices = dev ? [dev] : [];
    if (!dev) {
      // parted with no device opens the first disk.
      emit(inv, ctx, "partition", "high", { word: inv.argv[0]!, data: { action: "edits", target: "the first disk" } });
      return;
    }
  }
  const level: Level = write === "scripted" ? "critical" : "high";
  const action = write === "scripted" ? "rewrites" : "opens for editing";
  for (const w of devices) {
    const v = w.value;
    if (v === undefined) {
      emit(inv, ctx, "partition", "high", { word: w, data: { action, target: `${w.raw} (not known before it runs)` }, opaque: true });
      continue;
    }
    const abs = ctx.paths.absolute(v, inv) ?? v;
    // A disk image file is not a disk.
    if (!ctx.paths.isDevice(abs)) continue;
    emit(inv, ctx, "partition", ctx.paths.isBlockDevice(abs) ? level : minLevel(level, "high"), { word: w, data: { action, target: abs } });
  }
}


/** macOS diskutil verbs that erase or repartition what they are given (`apfs` verbs come after the `apfs` word). */
const DISKUTIL_ERASES = new Set(["eraseDisk", "eraseVolume", "reformat", "partitionDisk", "zeroDisk", "randomDisk", "secureErase", "splitPartition", "mergePartitions", "eraseContainer", "deleteContainer", "deleteVolume", "deleteSnapshot", "resizeVolume", "resizeContainer"]);
/** A disk as diskutil names it: `disk2`, `disk2s1`, `/dev/rdisk3`. */
const DISK_ID = /^(?:\/dev\/)?r?disk\d+(?:s\d+)*$/;

export function diskutil(inv: Invocation, ctx: Ctx): void {
  const args = inv.argv.slice(1);
  const first = args[0]?.value === "apfs" || args[0]?.value === "cs" ? 1 : 0;
  const verb = args[first]?.value;
  if (verb === undefined || !DISKUTIL_ERASES.has(verb)) return;
  // The disk comes last (eraseDisk, zeroDisk) or first (partitionDisk); a volume may be named by its mount point instead.
  const operands = args.slice(first + 1);
  const target = operands.find((w) => w.value !== undefined && DISK_ID.test(w.value)) ?? operands.find((w) => w.value === undefined) ?? operands[operands.length - 1];
  if (!target) return;
  const v = target.value;
  if (v === undefined) return emit(inv, ctx, "format", "high", { word: target, data: { target: `${target.raw} (not known before it runs)` }, opaque: true });
  const disk = DISK_ID.test(v);
  // Like mkfs on a partition, erasing any disk or partition is final; a volume named by its mount point is judged a step lower.
  emit(inv, ctx, "format", disk ? "critical" : "high", { word: target, data: { target: disk ? v.replace(/^(?!\/dev\/)/, "/dev/") : v } });
}
