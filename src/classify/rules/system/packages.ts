// Removing system packages: apt, dpkg, yum/dnf, rpm, pacman, zypper, apk and snap, judged by what the package keeps running.
import type { Invocation, Word } from "../../../types.js";
import { globToRegExp } from "../../../context/production.js";
import { parseArgs } from "../../flags.js";
import { args, emit, type Ctx } from "./common.js";

/** Packages without which the machine no longer boots or runs programs. */
const CORE = [
  "libc6", "libc-bin", "glibc", "glibc-common", "coreutils", "bash", "dash", "systemd", "systemd-sysv", "init", "sysvinit", "dpkg", "apt", "rpm", "yum", "dnf",
  "pacman", "zypper", "apk-tools", "base-files", "base-passwd", "filesystem", "util-linux", "login", "passwd", "shadow", "linux-image-*", "linux-generic", "linux",
  "kernel", "kernel-core", "grub-*", "grub2-*", "grub-pc", "grub-efi-*", "busybox", "musl", "libpam*", "pam",
];
/** Packages that keep remote access, privilege, networking or the container runtime working. */
const ACCESS = [
  "openssh-server", "openssh", "ssh", "sshd", "dropbear", "sudo", "doas", "network-manager", "networkmanager", "netplan.io", "ifupdown", "iproute2", "iptables",
  "nftables", "firewalld", "ufw", "cloud-init", "docker-ce", "docker.io", "docker-engine", "containerd", "containerd.io", "kubelet", "kubeadm", "python3",
  "python3-minimal", "perl-base", "ca-certificates", "openssl", "libssl*", "systemd-resolved", "cron", "cronie", "rsyslog", "auditd",
];
const CORE_RE = CORE.map(globToRegExp);
const ACCESS_RE = ACCESS.map(globToRegExp);

const FORCE_ESSENTIAL = ["allow-remove-essential", "force-remove-essential", "force-all", "nodeps", "force-depends"];

/** The package a removal operand names, without version (`=1.2`, `-1.2.el9`) or architecture (`:amd64`, `.x86_64`). */
const packageName = (v: string) => v.replace(/[:=].*$/, "").replace(/\.(x86_64|aarch64|i686|noarch|amd64|arm64)$/, "").toLowerCase();

function removals(inv: Invocation, p: string): { verb?: Word; pkgs: Word[]; force: boolean } | undefined {
  const list = args(inv);
  if (p === "dpkg") {
    const a = parseArgs(list, { value: ["root", "admindir", "instdir", "log", "status-fd"] });
    const op = a.hit("r", "remove", "P", "purge");
    if (a.has("no-act", "dry-run", "simulate")) return undefined;
    return op ? { verb: op.word, pkgs: a.positionals, force: a.options.some((o) => FORCE_ESSENTIAL.includes(o.name)) } : undefined;
  }
  if (p === "rpm") {
    const a = parseArgs(list, { value: ["root", "dbpath", "define", "D"] });
    const op = a.hit("e", "erase");
    if (a.has("test")) return undefined;
    return op ? { verb: op.word, pkgs: a.positionals, force: a.has("nodeps") } : undefined;
  }
  if (p === "pacman") {
    const a = parseArgs(list, { value: ["r", "root", "b", "dbpath", "config", "cachedir", "gpgdir", "hookdir", "logfile", "arch", "sysroot", "assume-installed", "ignore", "ignoregroup", "overwrite"] });
    const op = a.hit("R", "remove");
    if (a.has("p", "print")) return undefined;
    return op ? { verb: op.word, pkgs: a.positionals, force: a.options.filter((o) => o.name === "d" || o.name === "nodeps").length >= 2 } : undefined;
  }
  // Verb-style managers: `apt-get -y purge pkg`, `dnf remove pkg`, `apk del pkg`, `snap remove pkg`.
  const a = parseArgs(list, { value: ["o", "option", "t", "target-release", "c", "config-file", "setopt", "x", "exclude", "installroot", "releasever", "X", "repositories-file", "p", "root"] });
  const [verb, ...pkgs] = [...a.positionals, ...a.rest];
  const verbs: Record<string, string[]> = {
    apt: ["remove", "purge", "autoremove", "autopurge"],
    "apt-get": ["remove", "purge", "autoremove", "autopurge"],
    aptitude: ["remove", "purge"],
    yum: ["remove", "erase", "autoremove"],
    dnf: ["remove", "erase", "autoremove"],
    microdnf: ["remove"],
    tdnf: ["remove", "erase", "autoremove"],
    zypper: ["remove", "rm"],
    apk: ["del"],
    snap: ["remove"],
  };
  if (!verb || verb.value === undefined || !verbs[p]?.includes(verb.value)) return undefined;
  if (a.has("s", "simulate", "dry-run", "just-print", "no-act", "recon", "assumeno")) return undefined;
  return { verb, pkgs, force: a.options.some((o) => FORCE_ESSENTIAL.includes(o.name)) };
}

export function packageRemove(inv: Invocation, ctx: Ctx, p: string): void {
  const r = removals(inv, p);
  if (!r) return;
  if (r.force) {
    emit(inv, ctx, "package-remove", { word: r.verb, risk: "critical", data: { what: `${r.pkgs.map((w) => w.raw).join(" ") || "packages"}, even ones the system cannot run without` } });
    return;
  }
  for (const w of r.pkgs) {
    if (w.value === undefined) {
      emit(inv, ctx, "package-remove", { word: w, risk: "medium", opaque: true, data: { what: `${w.raw} (not known before it runs)` } });
      continue;
    }
    if (w.value.startsWith("-")) continue;
    const name = packageName(w.value);
    const core = CORE_RE.some((re) => re.test(name));
    const access = !core && ACCESS_RE.some((re) => re.test(name));
    if (core || access) emit(inv, ctx, "package-remove", { word: w, risk: core ? "critical" : "high", data: { what: core ? `${name}, which the system needs to boot or run programs` : `${name}, which keeps remote access, privileges, networking or services working` } });
    else emit(inv, ctx, "package-remove", { word: w, risk: "medium", data: { what: name } });
  }
}

export const PACKAGE_MANAGERS = ["apt", "apt-get", "aptitude", "dpkg", "yum", "dnf", "microdnf", "tdnf", "rpm", "pacman", "zypper", "apk", "snap"];
