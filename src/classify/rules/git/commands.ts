// git subcommands and transport options that hand a command to a shell (rebase --exec, submodule foreach, --upload-pack, ext::).
import type { Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { Sub } from "./common.js";
import { configPair } from "./globals.js";
import { harmlessCommand, reportConfig } from "./config.js";

/** Options and subcommands that hand a command string to a shell (`rebase --exec`, `submodule foreach` ...). */
export function shellOption(s: Sub): void {
  const { ctx, inv } = s;
  // When the parser already read the nested command, its own invocations carry the check.
  if (ctx.invocations.some((i) => i.parent === inv.index)) return;
  const sub = s.g.sub!.value!;
  const report = (word: Word, what: string, code: string | undefined) => {
    if (code !== undefined && harmlessCommand(code)) return;
    ctx.report("runs-command", { word, data: { what } });
  };
  if (sub === "rebase") {
    const p = parseArgs(s.args, { value: ["x", "exec", "s", "strategy", "X", "strategy-option", "onto", "C"] });
    for (const o of p.options) if (o.name === "x" || o.name === "exec") report(o.word, `git rebase --exec runs ${o.value ?? "a command"} after each commit`, o.value);
  } else if (sub === "difftool") {
    const p = parseArgs(s.args, { value: ["x", "extcmd", "t", "tool"] });
    for (const o of p.options) if (o.name === "x" || o.name === "extcmd") report(o.word, `git difftool --extcmd runs ${o.value ?? "a command"}`, o.value);
  } else if (sub === "submodule") {
    const i = s.args.findIndex((w) => w.value === "foreach");
    if (i >= 0) {
      const code = s.args.slice(i + 1).filter((w) => !(w.value === "--recursive" || w.value === "-q" || w.value === "--quiet"));
      if (code.length) report(code[0]!, `git submodule foreach runs ${code.map((w) => w.raw).join(" ")} in every submodule`, undefined);
    }
  } else if (sub === "bisect" && s.args[0]?.value === "run" && s.args[1]) {
    report(s.args[1], `git bisect run runs ${s.args.slice(1).map((w) => w.raw).join(" ")}`, undefined);
  }
}

/** Transport options that run a command: `--upload-pack`, `--template` hooks, ext:: URLs. */
export function transport(s: Sub): void {
  const p = parseArgs(s.args, { value: ["u", "upload-pack", "o", "origin", "b", "branch", "c", "config", "template", "depth", "j", "jobs", "reference", "separate-git-dir", "filter"] });
  const up = p.hit("upload-pack") ?? (s.g.sub!.value === "clone" ? p.hit("u") : undefined);
  if (up) s.ctx.report("runs-command", { word: up.word, data: { what: `--upload-pack runs ${up.value ?? "a command"}` } });
  const tpl = p.hit("template");
  if (tpl) s.ctx.report("config-command", { word: tpl.word, data: { key: "--template", value: tpl.value ?? "(not known before it runs)", why: "hooks from that template directory run in the new repository" } });
  if (s.g.sub!.value === "clone") for (const o of p.options) if (o.name === "c" || o.name === "config") reportConfig(s.ctx, configPair(o.value ?? "").key, configPair(o.value ?? "").value, o.word);
  const ext = [...p.positionals, ...p.rest].find((w) => w.value?.startsWith("ext::"));
  if (ext) s.ctx.report("runs-command", { word: ext, data: { what: "the ext:: transport runs the command in the URL" } });
}
