// The filesystem pack: deletions, disk wipes, permission changes and writes onto files a machine or a user depends on.
import type { Invocation } from "../../types.js";
import { defineRule } from "../rule.js";
import type { Handler, Id } from "./filesystem/common.js";
import { rimraf, rm, shred, unlink } from "./filesystem/delete.js";
import { dd, diskutil, format, FORMATTERS, partition } from "./filesystem/devices.js";
import { find } from "./filesystem/find.js";
import { chmod, chown } from "./filesystem/permissions.js";
import { copyLike, mv, rsync } from "./filesystem/transfer.js";
import { download, inPlaceEdit, redirects, tee, truncate } from "./filesystem/writes.js";

const HANDLERS = new Map<string, Handler>(Object.entries({
  rm,
  unlink,
  rimraf,
  "del-cli": rimraf,
  find,
  shred,
  wipe: shred,
  srm: shred,
  dd,
  truncate,
  chmod,
  chown,
  chgrp: chown,
  mv,
  cp: copyLike,
  install: copyLike,
  ln: copyLike,
  rsync,
  tee,
  sed: inPlaceEdit,
  curl: download,
  wget: download,
  wget2: download,
  gawk: inPlaceEdit,
  awk: inPlaceEdit,
  fdisk: partition,
  sfdisk: partition,
  sgdisk: partition,
  gdisk: partition,
  cgdisk: partition,
  cfdisk: partition,
  parted: partition,
  diskutil,
}));

const PERL = /^perl[\d.]*$/;

/** GNU coreutils installed with a g prefix (macOS Homebrew: grm, gmv, gsed ...). */
const COREUTILS = new Set(["rm", "unlink", "shred", "dd", "truncate", "chmod", "chown", "chgrp", "mv", "cp", "install", "ln", "tee", "find", "sed"]);

function programOf(inv: Invocation): string | undefined {
  const raw = inv.program;
  const p = raw?.endsWith(".exe") ? raw.slice(0, -4) : raw;
  return p && !HANDLERS.has(p) && p.startsWith("g") && COREUTILS.has(p.slice(1)) ? p.slice(1) : p;
}

export default defineRule<Id>({
  name: "filesystem",
  description: "Deleting, wiping and overwriting files and disks, and changing permissions, judged by what the path is: from / and your home down to a build output.",
  programs: ["*"],
  findings: {
    delete: {
      risk: "high",
      categories: ["destroy"],
      message: "{program} deletes {reason}",
      hint: "delete the specific files you mean (a build output, a temp dir), or move them to a trash directory instead",
      description: "rm/unlink/rimraf of a path whose loss matters: / and your home (critical), system directories, credentials, .git, project sources, anything recursive outside the project.",
    },
    "delete-opaque": {
      risk: "high",
      categories: ["destroy", "opaque"],
      message: "{program} deletes {reason}",
      hint: "resolve the path first and delete it by its literal name",
      description: "rm of a path that is only known when the command runs (a variable, xargs input, find results).",
    },
    "find-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "find deletes {scope} under {reason}",
      hint: "run the same find with -print first, then narrow it with -name and a project directory",
      description: "find -delete, judged by its starting points and how narrowly its filters match.",
    },
    shred: {
      risk: "high",
      categories: ["destroy"],
      message: "{program} overwrites {reason} so it can never be recovered",
      hint: "delete it normally or move it aside; shred only files you are sure of",
      description: "shred/wipe/srm: unrecoverable overwrite of file contents (anything but temp files and build output).",
    },
    "device-write": {
      risk: "critical",
      categories: ["destroy"],
      message: "{program} writes raw data to {reason}",
      hint: "write to an image file instead; write to a disk only by hand, after checking it with lsblk",
      description: "dd, cp, tee or a redirection writing straight onto a block device or kernel memory.",
    },
    format: {
      risk: "critical",
      categories: ["destroy"],
      message: "{program} erases everything on {target}",
      hint: "format an image file instead; format a disk only by hand, after checking it with lsblk",
      description: "mkfs, mke2fs, mkswap, newfs, wipefs -a, blkdiscard, badblocks -w, diskutil eraseDisk/partitionDisk/zeroDisk on a device (a disk or partition: critical; a volume by its mount point: high).",
    },
    partition: {
      risk: "critical",
      categories: ["destroy"],
      message: "{program} {action} the partition table of {target}",
      hint: "print the table instead (fdisk -l, parted DEVICE print); change partitions by hand",
      description: "fdisk, sfdisk, sgdisk, parted and friends writing a partition table.",
    },
    truncate: {
      risk: "high",
      categories: ["destroy"],
      message: "{program} empties {reason}",
      hint: "copy the file aside first, or empty a temp copy",
      description: "truncate -s 0 (or cp /dev/null) emptying project sources, system or credential files.",
    },
    permissions: {
      risk: "high",
      categories: ["mutate", "privilege"],
      message: "chmod {change} on {scope}{reason}",
      hint: "change the mode of the specific files that need it, without -R on a broad directory",
      description: "chmod -R on /, your home or system directories; world-writable or setuid modes on system files; exposing credentials.",
    },
    ownership: {
      risk: "high",
      categories: ["mutate", "privilege"],
      message: "{program} changes the owner of {scope}{reason}",
      hint: "change the owner of the specific files that need it",
      description: "chown/chgrp of /, your home, system directories or credentials.",
    },
    move: {
      risk: "high",
      categories: ["destroy"],
      message: "mv {action} {reason}",
      hint: "copy it instead, or move the specific files you mean",
      description: "mv of system directories, your home, credentials or .git out of place, or of anything onto /dev/null.",
    },
    overwrite: {
      risk: "high",
      categories: ["mutate"],
      message: "{program} {verb} {reason}",
      hint: "write to a project or temp file and review it; edit system and login files by hand",
      description: "cp, install, ln, mv, tee, dd of=, curl -o, wget -O or find -fprint onto system files, shell startup files or credentials.",
    },
    "in-place-edit": {
      risk: "high",
      categories: ["mutate"],
      message: "{program} {verb} {reason} in place",
      hint: "edit a copy in the project or a temp dir and review it; edit system and login files by hand",
      description: "sed -i, perl -i or gawk -i inplace editing a system file, shell startup file or credentials.",
    },
    redirect: {
      risk: "high",
      categories: ["mutate"],
      message: "the redirection {op} {verb} {reason}",
      hint: "write to a project or temp file and review it; edit system and login files by hand",
      description: "A shell redirection (>, >>, &>) onto a system file, shell startup file or credentials.",
    },
    "sync-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "rsync --delete removes whatever the source lacks from {reason}",
      hint: "run it with --dry-run first, or sync into a dedicated directory",
      description: "rsync --delete onto a broad destination (/, home, the project root, a remote home).",
    },
  },
  check(inv, ctx) {
    if (inv.redirects.length) redirects(inv, ctx);
    const p = programOf(inv);
    if (!p) return;
    const handler = HANDLERS.get(p) ?? (p.startsWith("mkfs") || FORMATTERS.has(p) ? format : PERL.test(p) ? inPlaceEdit : undefined);
    handler?.(inv, ctx, p);
  },
});
