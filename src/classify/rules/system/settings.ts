// Machine settings: cron tables, kernel parameters (sysctl, /proc/sys, /sys), swap.
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { args, emit, type Ctx } from "./common.js";

export function crontab(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["u", "s"] });
  const who = a.get("u") ? `of ${a.get("u")}` : "of this user";
  const r = a.hit("r");
  if (r) return emit(inv, ctx, "crontab-remove", { word: r.word, data: { who } });
  if (a.has("l", "e", "T", "V", "n", "c")) return;
  // `crontab FILE`, `crontab -` and bare `crontab` reading stdin all replace the whole table.
  emit(inv, ctx, "crontab-replace", { word: a.positionals[0] ?? inv.argv[0], data: { who } });
}

export function sysctl(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["pattern"] });
  if (a.has("p", "load", "system")) return emit(inv, ctx, "kernel-param", { data: { what: a.has("system") ? "every sysctl configuration file" : `the settings in ${a.get("p", "load") ?? "/etc/sysctl.conf"}` } });
  for (const w of a.positionals) {
    if (w.value === undefined ? a.has("w", "write") : w.value.includes("=")) emit(inv, ctx, "kernel-param", { word: w, opaque: w.value === undefined, data: { what: w.value ?? w.raw } });
  }
}

export function swapoff(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv));
  if (a.has("h", "help", "V", "version")) return;
  if (a.has("a", "all") || a.positionals.length) emit(inv, ctx, "swapoff", { data: { what: a.has("a", "all") ? "all swap" : a.positionals.map((w) => w.value ?? w.raw).join(", ") } });
}

/** Writes into /proc and /sys: redirections, tee and dd of=. */
export function kernelWrites(inv: Invocation, ctx: Ctx): void {
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
