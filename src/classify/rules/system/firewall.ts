// Firewalls: flushing or closing iptables, nftables, ufw and firewalld.
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { args, emit, type Ctx } from "./common.js";

const IPTABLES_VALUES = [
  "t", "table", "A", "append", "C", "check", "D", "delete", "I", "insert", "R", "replace", "N", "new-chain", "E", "rename-chain", "P", "policy", "j", "jump", "g", "goto",
  "p", "protocol", "s", "source", "d", "destination", "i", "in-interface", "o", "out-interface", "m", "match", "w", "wait", "W", "wait-interval", "c", "set-counters",
  "dport", "sport", "dports", "sports", "state", "ctstate", "comment", "to-destination", "to-source", "to-ports", "reject-with", "log-prefix", "limit", "limit-burst",
  "uid-owner", "mark", "set-mark", "modprobe",
];

export function iptables(inv: Invocation, ctx: Ctx): void {
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

export function nft(inv: Invocation, ctx: Ctx): void {
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

export function ufw(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { stopAtPositional: true });
  if (a.has("dry-run")) return;
  const verbWord = a.positionals[0];
  const verb = verbWord?.value;
  if (verb === "disable" || verb === "reset") emit(inv, ctx, "firewall-flush", { word: verbWord, data: { what: verb === "disable" ? "turns the firewall off" : "deletes every rule and turns the firewall off" } });
  else if (verb === "enable" || verb === "default" || verb === "deny" || verb === "reject" || verb === "delete" || verb === "insert" || verb === "prepend")
    emit(inv, ctx, "firewall-change", { word: verbWord, data: { what: verb === "enable" ? "turns the firewall on, which can cut off connections it does not allow" : `changes the rules (${verb})` } });
}

export function firewallCmd(inv: Invocation, ctx: Ctx): void {
  const w = args(inv).find((x) => x.value === "--panic-on");
  if (w) emit(inv, ctx, "firewall-flush", { word: w, data: { what: "drops every packet (panic mode)" } });
}
