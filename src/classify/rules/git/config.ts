// Settings that make git run a command: -c, git config, environment variables (core.pager, alias.x=!cmd, core.sshCommand ...).
import type { Invocation, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { Ctx } from "./common.js";
import type { Globals } from "./globals.js";

/** Programs a pager, editor or ssh setting commonly names; they run nothing else when given only flags. */
const HARMLESS_PROGRAMS = new Set([
  "cat", "less", "more", "most", "true", ":", "vim", "vi", "nvim", "nano", "pico", "emacs", "emacsclient", "code", "code-insiders", "codium", "cursor",
  "subl", "mate", "micro", "hx", "kak", "gedit", "kate", "delta", "diff-so-fancy", "bat", "ssh", "plink", "tig",
]);

/** A command string git would hand to a shell that runs only a well-known pager, editor or ssh with flags. */
export function harmlessCommand(value: string): boolean {
  const v = value.trim();
  if (v === "") return true;
  if (/[;&|`$()<>\n\\'"*?{}]/.test(v)) return false;
  const [prog, ...args] = v.split(/\s+/);
  const name = prog!.slice(prog!.lastIndexOf("/") + 1);
  if (!HARMLESS_PROGRAMS.has(name)) return false;
  // ssh runs commands through ProxyCommand, LocalCommand, KnownHostsCommand, or a config file given with -F.
  if (name === "ssh" || name === "plink") return args.every((a) => !/command/i.test(a) && a !== "-F" && !a.startsWith("-F"));
  return args.every((a) => /^-[\w-]*(=[\w.,/-]*)?$/.test(a) && !/^(-c|--cmd|-S|--eval|--exec)$/.test(a));
}

type ConfigRisk = { why: string; risk?: "medium" };

/** Whether setting `key` to `value` (undefined: not known) makes git run a command of the value's choosing. */
function configRunsCommand(key: string, value: string | undefined): ConfigRisk | undefined {
  const k = key.toLowerCase();
  const dot = k.indexOf(".");
  const section = dot < 0 ? k : k.slice(0, dot);
  const name = k.slice(k.lastIndexOf(".") + 1);
  const command = (why: string): ConfigRisk | undefined => (value !== undefined && harmlessCommand(value) ? undefined : { why });
  const isBool = value !== undefined && /^(true|false|yes|no|on|off|0|1|)$/i.test(value.trim());
  if (section === "alias") return value === undefined || value.trimStart().startsWith("!") ? { why: "the alias runs a shell command" } : undefined;
  if (section === "pager") return isBool ? undefined : command("git pipes its output through this command");
  if (section === "include" || (section === "includeif" && name === "path")) return { why: "git reads more configuration, possibly with commands, from that file", risk: "medium" };
  if (section === "credential" && name === "helper") {
    if (value === undefined) return { why: "the credential helper is a command" };
    const v = value.trim();
    return v.startsWith("!") || v.startsWith("/") ? { why: "the credential helper runs this command" } : undefined;
  }
  switch (k) {
    case "core.pager":
    case "core.editor":
    case "sequence.editor":
      return command("git runs this command");
    case "core.sshcommand":
    case "core.gitproxy":
    case "core.askpass":
    case "core.alternaterefscommand":
    case "diff.external":
    case "gpg.program":
    case "gpg.openpgp.program":
    case "gpg.x509.program":
    case "gpg.ssh.program":
    case "gpg.ssh.defaultkeycommand":
    case "uploadpack.packobjectshook":
    case "interactive.difffilter":
    case "sendemail.sendmailcmd":
      return command("git runs this command");
    case "core.fsmonitor":
      return isBool ? undefined : { why: "git runs this program as a filesystem monitor" };
    case "core.hookspath":
      return value !== undefined && /^(\/dev\/null|)$/.test(value.trim()) ? undefined : { why: "git runs the hook scripts found in that directory" };
    case "protocol.allow":
    case "protocol.ext.allow":
      return value === undefined || /^always$/i.test(value) ? { why: "the ext:: transport runs arbitrary commands" } : undefined;
    default:
      break;
  }
  const perDriver: Record<string, string[]> = {
    diff: ["command", "textconv"],
    merge: ["driver"],
    filter: ["clean", "smudge", "process"],
    difftool: ["cmd"],
    mergetool: ["cmd"],
    browser: ["cmd"],
    man: ["cmd"],
    remote: ["uploadpack", "receivepack"],
  };
  if (perDriver[section]?.includes(name) && dot !== k.lastIndexOf(".")) return command("git runs this command");
  return undefined;
}

/** Environment variables git reads a command (or a directory of programs) from. */
const ENV_COMMANDS: Record<string, string> = {
  GIT_SSH_COMMAND: "core.sshCommand",
  GIT_SSH: "core.sshCommand",
  GIT_EDITOR: "core.editor",
  GIT_SEQUENCE_EDITOR: "sequence.editor",
  GIT_PAGER: "core.pager",
  GIT_EXTERNAL_DIFF: "diff.external",
  GIT_ASKPASS: "core.askPass",
  GIT_PROXY_COMMAND: "core.gitProxy",
  EDITOR: "core.editor",
  VISUAL: "core.editor",
  PAGER: "core.pager",
};

export function checkEnvironment(inv: Invocation, ctx: Ctx, configs: Globals["configs"]): void {
  const before = ctx.check.env;
  const changed = (k: string) => inv.env[k] !== undefined && inv.env[k] !== before[k];
  const where = (k: string) => inv.assigns.find((a) => a.name === k)?.span ?? inv.argv[0]!.span;
  for (const [k, key] of Object.entries(ENV_COMMANDS)) {
    if (!changed(k)) continue;
    const hit = configRunsCommand(key, inv.env[k]);
    if (hit) ctx.report("config-command", { span: where(k), data: { key: k, value: inv.env[k], why: hit.why }, ...(hit.risk ? { risk: hit.risk } : {}) });
  }
  for (const k of ["GIT_EXEC_PATH", "GIT_TEMPLATE_DIR", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM"]) {
    if (changed(k)) ctx.report("config-command", { span: where(k), data: { key: k, value: inv.env[k], why: "git loads programs, hooks or configuration from it" } });
  }
  // GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n are `-c` by environment.
  const count = Number(inv.env.GIT_CONFIG_COUNT ?? 0);
  if (changed("GIT_CONFIG_COUNT") && count > 0) {
    for (let n = 0; n < Math.min(count, 64); n++) {
      const key = inv.env[`GIT_CONFIG_KEY_${n}`];
      if (key) configs.push({ key, ...(inv.env[`GIT_CONFIG_VALUE_${n}`] !== undefined ? { value: inv.env[`GIT_CONFIG_VALUE_${n}`]! } : {}), word: { raw: `GIT_CONFIG_KEY_${n}`, span: where("GIT_CONFIG_COUNT") } });
    }
  }
}

export function reportConfig(ctx: Ctx, key: string | undefined, value: string | undefined, word: Word): void {
  if (key === undefined) {
    ctx.report("config-command", { word, data: { key: word.raw, value: "(not known before it runs)", why: "the setting is not known before it runs" } });
    return;
  }
  const hit = configRunsCommand(key, value);
  if (hit) ctx.report("config-command", { word, data: { key, value: value ?? "(not known before it runs)", why: hit.why }, ...(hit.risk ? { risk: hit.risk } : {}) });
}

/** `git config` writes (old `git config k v`, `--add`, `--replace-all`, and the 2.46+ `git config set`). */
export function configCommand(args: Word[], ctx: Ctx): void {
  const p = parseArgs(args, { value: ["f", "file", "blob", "type", "default", "comment", "value", "url"] });
  const pos = p.positionals;
  const subs = ["list", "get", "set", "unset", "rename-section", "remove-section", "edit"];
  let name: Word | undefined;
  let value: Word | undefined;
  if (pos[0]?.value !== undefined && subs.includes(pos[0].value)) {
    if (pos[0].value !== "set") return;
    [name, value] = [pos[1], pos[2]];
  } else {
    const reads = ["get", "get-all", "get-regexp", "get-urlmatch", "get-color", "get-colorbool", "unset", "unset-all", "rename-section", "remove-section", "l", "list", "e", "edit"];
    if (p.has(...reads)) return;
    if (pos.length < 2) return;
    [name, value] = [pos[0], pos[1]];
  }
  if (!name || !value) return;
  if (name.value === undefined) return reportConfig(ctx, undefined, undefined, name);
  reportConfig(ctx, name.value, value.value, value);
}
