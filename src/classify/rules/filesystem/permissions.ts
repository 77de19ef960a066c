// chmod, chown and chgrp: mode and owner changes, judged by what the mode does and how much of the tree it reaches.
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { PathInfo } from "../../paths.js";
import { emit, MACHINE_CLASSES, type Ctx, type Level } from "./common.js";

interface ModeEffect {
  known: boolean;
  worldWrite: boolean;
  /** Group or others gain read or write. */
  exposes: boolean;
  setid: boolean;
  ownerLoss: boolean;
}

/** What a chmod mode does, octal (`4755`) or symbolic (`go-rwx,u+s`). */
export function modeEffect(mode: string | undefined): ModeEffect {
  const unknown: ModeEffect = { known: false, worldWrite: true, exposes: true, setid: true, ownerLoss: true };
  if (mode === undefined) return unknown;
  if (/^[0-7]{1,5}$/.test(mode)) {
    const d = mode.padStart(4, "0").slice(-4).split("").map(Number) as [number, number, number, number];
    const [s, u, g, o] = d;
    return { known: true, worldWrite: (o & 2) !== 0, exposes: ((g | o) & 6) !== 0, setid: (s & 6) !== 0 && mode.length >= 4, ownerLoss: (u & 4) === 0 };
  }
  const eff: ModeEffect = { known: true, worldWrite: false, exposes: false, setid: false, ownerLoss: false };
  for (const clause of mode.split(",")) {
    const m = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!m) return unknown;
    const who = m[1] === "" || m[1]!.includes("a") ? "ugo" : m[1]!;
    for (const [, op, perms] of m[2]!.matchAll(/([-+=])([rwxXst]*)/g)) {
      const give = op === "+" || op === "=";
      if (give && who.includes("o") && perms!.includes("w")) eff.worldWrite = true;
      if (give && (who.includes("o") || who.includes("g")) && /[rw]/.test(perms!)) eff.exposes = true;
      if (give && perms!.includes("s") && (who.includes("u") || who.includes("g"))) eff.setid = true;
      // The owner losing read or execute breaks programs and directories (`chmod -x /usr/bin/sudo`).
      if (who.includes("u") && ((op === "-" && /[rxX]/.test(perms!)) || (op === "=" && !perms!.includes("r")))) eff.ownerLoss = true;
    }
  }
  return eff;
}

const CHMOD_MODE = /^(?:[0-7]{1,5}|[ugoa]*(?:[-+=][rwxXst]*)+(?:,[ugoa]*(?:[-+=][rwxXst]*)+)*)$/;

export function chmod(inv: Invocation, ctx: Ctx): void {
  let recursive = false;
  let mode: string | undefined;
  let modeKnown = false;
  let reference = false;
  const targets: Word[] = [];
  const args = inv.argv.slice(1);
  let opts = true;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (opts && v === "--") {
      opts = false;
      continue;
    }
    if (opts && v !== undefined && v.startsWith("--")) {
      if (v === "--recursive") recursive = true;
      else if (v.startsWith("--reference")) {
        reference = true;
        if (!v.includes("=")) i++;
      }
      continue;
    }
    // `chmod -w file` is a mode, `chmod -R` an option: only mode letters make a mode.
    if (opts && v !== undefined && v.startsWith("-") && !(!modeKnown && !reference && CHMOD_MODE.test(v))) {
      if (/R/.test(v)) recursive = true;
      continue;
    }
    if (!modeKnown && !reference) {
      modeKnown = true;
      mode = v;
      continue;
    }
    targets.push(w);
  }
  const eff = modeEffect(reference ? undefined : mode);
  const change = reference ? "copied from a reference file" : (mode ?? args.find((w) => w.value === undefined)?.raw ?? "?");
  for (const w of targets) {
    const { info, tree } = permissionTarget(inv, ctx, w, recursive);
    const level = chmodLevel(info, eff, tree);
    emit(inv, ctx, "permissions", level, { word: w, data: { change, reason: info.reason, scope: recursive ? "everything in " : "" }, opaque: info.class === "dynamic" });
  }
}

/** A chmod/chown target; files found by find count as the whole tree below find's root. */
function permissionTarget(inv: Invocation, ctx: Ctx, w: Word, recursive: boolean): { info: PathInfo; tree: boolean } {
  if (w.value === undefined && w.pathUnder !== undefined) {
    const root = ctx.paths.absolute(w.pathUnder, inv) ?? w.pathUnder;
    return { info: ctx.paths.classifyPath(root, inv, { recursive: true, allEntries: true }), tree: true };
  }
  return { info: ctx.paths.classify(w, inv, { recursive }), tree: recursive };
}

function chmodLevel(info: PathInfo, eff: ModeEffect, recursive: boolean): Level {
  const c = info.class;
  const widening = eff.worldWrite || eff.setid || eff.ownerLoss;
  const tightenOnly = eff.known && !eff.exposes && !eff.setid && !eff.ownerLoss;
  if (c === "dynamic") return recursive || !eff.known || widening ? "high" : eff.exposes ? "medium" : "none";
  if (recursive || info.allEntries) {
    if (MACHINE_CLASSES.has(c)) return tightenOnly && c === "home" ? "medium" : "critical";
    if (c === "system" || c === "system-child" || c === "device") return "high";
    if (c === "credentials") return eff.exposes ? "high" : "none";
    return eff.setid ? "medium" : "none";
  }
  if (MACHINE_CLASSES.has(c) || c === "system") return widening ? "high" : "none";
  if (c === "credentials") return eff.exposes ? "high" : "none";
  if (c === "system-child" || c === "device") return widening || (eff.exposes && /\/(shadow|gshadow|sudoers)$/.test(info.path ?? "")) ? "high" : "none";
  return eff.setid ? "medium" : "none";
}

export function chown(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(inv.argv.slice(1), { value: ["from", "reference"] });
  const recursive = a.has("R", "recursive");
  const all = [...a.positionals, ...a.rest];
  const targets = a.has("reference") ? all : all.slice(1);
  for (const w of targets) {
    const { info, tree } = permissionTarget(inv, ctx, w, recursive);
    const c = info.class;
    let level: Level = "none";
    if (tree || info.allEntries) {
      if (MACHINE_CLASSES.has(c)) level = "critical";
      else if (c === "system" || c === "system-child" || c === "credentials" || c === "device" || c === "dynamic") level = "high";
    } else if (MACHINE_CLASSES.has(c) || c === "system" || c === "credentials" || c === "device") level = "high";
    else if (c === "system-child" || c === "dynamic") level = "medium";
    emit(inv, ctx, "ownership", level, { word: w, data: { reason: info.reason, scope: recursive ? "everything in " : "" }, opaque: c === "dynamic" });
  }
}

