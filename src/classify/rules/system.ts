// The system pack: power state, mass kills, firewalls, critical services, accounts, cron, kernel settings, packages and fork bombs.
import type { Invocation } from "../../types.js";
import { defineRule } from "../rule.js";
import { addToGroup, chpasswd, dscl, macAccounts, passwd, userdel, usermod } from "./system/accounts.js";
import type { Ctx, Id } from "./system/common.js";
import { firewallCmd, iptables, nft, ufw } from "./system/firewall.js";
import { forkBomb, kill, killall5, pkill } from "./system/processes.js";
import { init, launchctl, shutdown, systemctl, sysvService } from "./system/services.js";
import { PACKAGE_MANAGERS, packageRemove } from "./system/packages.js";
import { crontab, kernelWrites, swapoff, sysctl } from "./system/settings.js";

const HANDLERS = new Map<string, (inv: Invocation, ctx: Ctx, program: string) => void>(Object.entries({
  shutdown,
  reboot: shutdown,
  halt: shutdown,
  poweroff: shutdown,
  init,
  telinit: init,
  systemctl,
  service: sysvService,
  "rc-service": sysvService,
  "invoke-rc.d": sysvService,
  "update-rc.d": sysvService,
  chkconfig: sysvService,
  kill,
  killall5,
  pkill,
  killall: pkill,
  iptables,
  ip6tables: iptables,
  "iptables-nft": iptables,
  "ip6tables-nft": iptables,
  "iptables-legacy": iptables,
  "ip6tables-legacy": iptables,
  "iptables-restore": iptables,
  "ip6tables-restore": iptables,
  "iptables-save": iptables,
  ebtables: iptables,
  arptables: iptables,
  nft,
  ufw,
  "firewall-cmd": firewallCmd,
  userdel,
  deluser: userdel,
  groupdel: userdel,
  delgroup: userdel,
  passwd,
  chpasswd,
  dscl,
  sysadminctl: macAccounts,
  dseditgroup: macAccounts,
  launchctl,
  chgpasswd: chpasswd,
  usermod,
  gpasswd: addToGroup,
  adduser: addToGroup,
  crontab,
  sysctl,
  swapoff,
  ...Object.fromEntries(PACKAGE_MANAGERS.map((m) => [m, packageRemove])),
}));

export default defineRule<Id>({
  name: "system",
  description: "Machine-level changes: power state, mass kills, firewalls, critical services, accounts, cron tables, kernel settings and fork bombs.",
  programs: ["*"],
  findings: {
    power: {
      risk: "high",
      categories: ["mutate"],
      message: "{program} {what} {host}",
      hint: "leave power changes to a human; restart the specific service instead",
      description: "shutdown, reboot, halt, poweroff, systemctl poweroff/reboot, init 0/6.",
    },
    rescue: {
      risk: "high",
      categories: ["mutate"],
      message: "{program} switches {host} to rescue mode, stopping its services and network logins",
      hint: "leave run-level changes to a human at the console",
      description: "systemctl rescue/emergency, isolate rescue.target, init 1.",
    },
    suspend: {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} puts {host} to sleep ({what})",
      description: "systemctl suspend/hibernate.",
    },
    "kill-all": {
      risk: "critical",
      categories: ["destroy"],
      message: "{program} kills {target}",
      hint: "kill the specific process by its PID or exact name",
      description: "kill -1, killall5, pkill/killall patterns or users that match every process.",
    },
    "kill-critical": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} kills {target}",
      hint: "kill the specific process by its PID or exact name; stop services with their service manager",
      description: "Signals to PID 1, to all of a user's or root's processes, or to critical daemons (sshd, dockerd, postgres ...).",
    },
    "kill-opaque": {
      risk: "medium",
      categories: ["destroy", "opaque"],
      message: "{program} kills {target}, which is not known before it runs",
      hint: "look the PID up first and kill it by number",
      description: "kill/pkill of a process chosen at run time.",
    },
    "firewall-flush": {
      risk: "high",
      categories: ["mutate"],
      message: "{program} {what} on {host}",
      hint: "list the rules first (iptables -S, nft list ruleset) and change single rules",
      description: "iptables -F/-X/-P, nft flush ruleset, ufw disable/reset, firewall-cmd --panic-on.",
    },
    "firewall-change": {
      risk: "medium",
      categories: ["mutate"],
      message: "{program} {what} on {host}",
      hint: "list the rules first and keep a rule that allows your own SSH session",
      description: "Adding, deleting or loading firewall rules.",
    },
    "service-stop": {
      risk: "high",
      categories: ["mutate"],
      message: "{program} {action} {service} on {host}",
      hint: "restart the service instead of stopping it, or leave it to a human",
      description: "Stopping, disabling, masking or killing ssh, container runtimes, networking, firewalls, cron or databases (systemctl, service, launchctl for system daemons).",
    },
    "account-delete": {
      risk: "high",
      categories: ["destroy", "privilege"],
      message: "{program} deletes {what}",
      hint: "lock the account instead of deleting it, or leave it to a human",
      description: "userdel, deluser, groupdel, delgroup, dscl . -delete, sysadminctl -deleteUser.",
    },
    "account-lock": {
      risk: "high",
      categories: ["mutate", "privilege"],
      message: "{program} {what}",
      hint: "leave account changes to a human",
      description: "passwd -d/-l, usermod -L/-p, chpasswd, a nologin shell: an account that can no longer (or too easily) log in.",
    },
    "account-change": {
      risk: "medium",
      categories: ["mutate", "privilege"],
      message: "{program} {what}",
      hint: "leave account changes to a human",
      description: "Other changes to users and groups.",
    },
    "privilege-grant": {
      risk: "high",
      categories: ["privilege"],
      message: "{program} {what}",
      hint: "leave admin rights to a human",
      description: "Adding a user to sudo, wheel, docker or another root-equivalent group, or giving it uid 0.",
    },
    "crontab-remove": {
      risk: "high",
      categories: ["destroy"],
      message: "crontab -r deletes every cron job {who}, with no backup",
      hint: "save it first (crontab -l > crontab.bak), then edit single lines with crontab -e",
      description: "crontab -r.",
    },
    "crontab-replace": {
      risk: "high",
      categories: ["mutate"],
      message: "crontab replaces every cron job {who}",
      hint: "save the current table first (crontab -l > crontab.bak)",
      description: "crontab FILE or crontab - replacing the whole table: existing jobs are gone, new ones run unattended.",
    },
    "kernel-param": {
      risk: "high",
      categories: ["mutate"],
      message: "{program} changes the kernel setting {what}",
      hint: "try the setting in a VM or container first",
      description: "sysctl -w, sysctl -p, writes into /proc/sys and /sys.",
    },
    sysrq: {
      risk: "critical",
      categories: ["destroy"],
      message: "writing to /proc/sysrq-trigger makes the kernel reboot, crash or power off at once, without syncing disks",
      hint: "use systemctl reboot (and only by hand)",
      description: "Any write to /proc/sysrq-trigger.",
    },
    swapoff: {
      risk: "high",
      categories: ["mutate"],
      message: "swapoff turns off {what}, which can start the out-of-memory killer",
      description: "swapoff -a or of a device.",
    },
    "package-remove": {
      risk: "medium",
      categories: ["destroy"],
      message: "{program} removes {what}",
      hint: "leave removing system packages to a human; list what would go with --simulate or --assumeno first",
      description: "apt/dnf/yum/rpm/pacman/zypper/apk/snap removals: core packages or --allow-remove-essential (critical), ssh, sudo, networking, container runtimes (high), others (medium).",
    },
    "fork-bomb": {
      risk: "critical",
      categories: ["destroy"],
      message: "the function {name} starts copies of itself in new processes without end (a fork bomb)",
      hint: "do not run this; it exhausts the process table until the machine stops responding",
      description: "A function that calls itself in the background or through a pipe.",
    },
  },
  check(inv, ctx) {
    if (inv.recursive) forkBomb(inv, ctx);
    if (inv.redirects.length || inv.program === "tee" || inv.program === "dd") kernelWrites(inv, ctx);
    const p = inv.program?.endsWith(".exe") ? inv.program.slice(0, -4) : inv.program;
    if (!p) return;
    if (/^\/etc\/(rc\.d\/)?init\.d\//.test(inv.programPath ?? "")) return sysvService(inv, ctx);
    HANDLERS.get(p)?.(inv, ctx, p);
  },
});
