// Accounts: deleting users and groups, locking or emptying passwords, and granting admin groups.
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { args, emit, type Ctx } from "./common.js";

const ADMIN_GROUPS = new Set(["sudo", "wheel", "admin", "root", "docker", "lxd", "disk", "shadow", "sudoers", "adm"]);
const NO_LOGIN = /\/(nologin|false)$/;

export function userdel(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  const a = parseArgs(args(inv), { value: ["R", "root", "P", "prefix", "backup-to", "conf"] });
  const [user, group] = a.positionals;
  if (!user) return;
  if ((p === "deluser" || p === "delgroup") && group) {
    emit(inv, ctx, "account-change", { word: user, data: { what: `removes ${user.raw} from the group ${group.raw}` } });
    return;
  }
  const kind = p === "groupdel" || p === "delgroup" || a.has("group") ? "group" : "user";
  if (user.value === undefined) emit(inv, ctx, "account-delete", { word: user, opaque: true, data: { what: `the ${kind} ${user.raw} (not known before it runs)` } });
  else emit(inv, ctx, "account-delete", { word: user, risk: user.value === "root" ? "critical" : "high", data: { what: `the ${kind} ${user.value}${a.has("r", "remove", "remove-home", "remove-all-files") ? " and its files" : ""}` } });
}

export function passwd(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["x", "maxdays", "n", "mindays", "w", "warndays", "i", "inactive", "r", "repository", "R", "root", "P", "prefix"] });
  const user = a.positionals[0]?.value ?? a.positionals[0]?.raw ?? "your account";
  const lock = a.hit("d", "delete", "l", "lock");
  if (lock) emit(inv, ctx, "account-lock", { word: lock.word, data: { what: lock.name.startsWith("d") ? `removes the password of ${user}, so it logs in without one` : `locks the password of ${user}` } });
  else if (a.has("e", "expire")) emit(inv, ctx, "account-change", { data: { what: `expires the password of ${user}` } });
  else if (a.has("stdin") || (a.positionals.length && !a.has("S", "status", "a", "all", "u", "unlock"))) emit(inv, ctx, "account-change", { data: { what: `sets a new password for ${user}` } });
}

export function usermod(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["c", "comment", "d", "home", "e", "expiredate", "f", "inactive", "g", "gid", "G", "groups", "l", "login", "p", "password", "R", "root", "P", "prefix", "s", "shell", "u", "uid", "Z", "selinux-user", "v", "add-subuids", "V", "del-subuids", "w", "add-subgids", "W", "del-subgids"] });
  const userWord = a.positionals[a.positionals.length - 1];
  const user = userWord?.value ?? userWord?.raw ?? "a user";
  const lock = a.hit("L", "lock");
  if (lock) emit(inv, ctx, "account-lock", { word: lock.word, data: { what: `locks the account ${user}` } });
  const pw = a.hit("p", "password");
  if (pw) emit(inv, ctx, "account-lock", { word: pw.word, data: { what: `replaces the password hash of ${user}` } });
  const shell = a.hit("s", "shell");
  if (shell && (shell.value === undefined || NO_LOGIN.test(shell.value))) emit(inv, ctx, "account-lock", { word: shell.word, data: { what: `gives ${user} the shell ${shell.value ?? "?"}, which refuses logins` } });
  const groups = a.hit("G", "groups");
  if (groups) {
    const admin = (groups.value ?? "").split(",").filter((g) => ADMIN_GROUPS.has(g));
    if (admin.length || groups.value === undefined) emit(inv, ctx, "privilege-grant", { word: groups.word, data: { what: `adds ${user} to ${admin.join(", ") || "groups not known before it runs"}` } });
    if (!a.has("a", "append")) emit(inv, ctx, "account-change", { word: groups.word, data: { what: `replaces every supplementary group of ${user} (without -a)` } });
  }
  const gid = a.get("g", "gid");
  if (gid === "0" || gid === "root") emit(inv, ctx, "privilege-grant", { data: { what: `makes root the primary group of ${user}` } });
  const uid = a.get("u", "uid");
  if (uid === "0") emit(inv, ctx, "privilege-grant", { risk: "critical", data: { what: `gives ${user} the user id 0 (root)` } });
  else if (a.has("e", "expiredate", "l", "login", "u", "uid", "d", "home")) emit(inv, ctx, "account-change", { data: { what: `changes the login, id, home or expiry of ${user}` } });
}

/** `gpasswd -a USER GROUP` and `adduser USER GROUP`: adding someone to an admin group. */
export function addToGroup(inv: Invocation, ctx: Ctx): void {
  const p = inv.program!;
  const a = parseArgs(args(inv), { value: p === "gpasswd" ? ["a", "add", "d", "delete", "M", "members", "A", "administrators", "Q", "root"] : ["home", "shell", "uid", "gid", "ingroup", "gecos", "conf", "firstuid", "lastuid"] });
  const group = p === "gpasswd" ? a.positionals[0] : a.positionals[1];
  const user = p === "gpasswd" ? a.get("a", "add") ?? a.get("M", "members") : a.positionals[0]?.value;
  if (!group || !user) return;
  if (group.value === undefined || ADMIN_GROUPS.has(group.value)) emit(inv, ctx, "privilege-grant", { word: group, opaque: group.value === undefined, data: { what: `adds ${user} to ${group.value ?? group.raw}` } });
}

/** chpasswd and chgpasswd set passwords for every `user:password` line on their input. */
export function chpasswd(inv: Invocation, ctx: Ctx): void {
  const a = parseArgs(args(inv), { value: ["c", "crypt-method", "s", "sha-rounds", "R", "root", "P", "prefix"] });
  if (a.has("h", "help")) return;
  const st = inv.stdin;
  const users = st?.kind === "static" ? [...st.text.matchAll(/^\s*([^:\s]+):/gm)].map((m) => m[1]).join(", ") : "";
  emit(inv, ctx, "account-lock", { data: { what: `sets the password of ${users || "every user named on its input"}` } });
}

/** macOS directory services: `dscl . -delete /Users/bob`, `dscl . -append /Groups/admin GroupMembership bob`. */
export function dscl(inv: Invocation, ctx: Ctx): void {
  const list = args(inv);
  const i = list.findIndex((w) => w.value !== undefined && /^-(delete|append|merge|create|passwd|change)$/.test(w.value));
  if (i < 0) return;
  const op = list[i]!.value!;
  const record = list[i + 1];
  const path = record?.value;
  if (!record) return;
  if (path === undefined) return emit(inv, ctx, "account-change", { word: record, opaque: true, data: { what: `changes the directory record ${record.raw}, which is not known before it runs` } });
  const group = /^\/Groups\/(.+)$/.exec(path)?.[1];
  const user = /^\/Users\/([^/]+)$/.exec(path)?.[1];
  if (op === "-delete" && list.length <= i + 2 && (user || group)) emit(inv, ctx, "account-delete", { word: record, risk: user === "root" ? "critical" : "high", data: { what: `the ${user ? "user" : "group"} ${user ?? group}` } });
  else if ((op === "-append" || op === "-merge") && group && ADMIN_GROUPS.has(group)) emit(inv, ctx, "privilege-grant", { word: record, data: { what: `adds ${list.slice(i + 3).map((w) => w.raw).join(", ") || "someone"} to ${group}` } });
  else if (op === "-passwd" && user) emit(inv, ctx, "account-lock", { word: record, data: { what: `sets the password of ${user}` } });
}

/** macOS sysadminctl -deleteUser, and dseditgroup adding a member to an admin group. */
export function macAccounts(inv: Invocation, ctx: Ctx): void {
  const list = args(inv);
  const vals = list.map((w) => w.value);
  if (inv.program === "sysadminctl") {
    const i = vals.indexOf("-deleteUser");
    if (i >= 0) emit(inv, ctx, "account-delete", { word: list[i]!, risk: vals[i + 1] === "root" ? "critical" : "high", data: { what: `the user ${list[i + 1]?.raw ?? "?"}${vals.includes("-keepHome") ? "" : " and its home directory"}` } });
    return;
  }
  const a = parseArgs(list, { value: ["o", "a", "d", "t", "n", "u", "p", "T", "L", "r", "c", "s", "k", "m", "q"] });
  const group = a.positionals[a.positionals.length - 1];
  if (a.get("o") === "edit" && a.has("a") && group?.value !== undefined && ADMIN_GROUPS.has(group.value)) emit(inv, ctx, "privilege-grant", { word: group, data: { what: `adds ${a.get("a") ?? "someone"} to ${group.value}` } });
}
