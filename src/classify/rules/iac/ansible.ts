// Ansible: playbooks and ad-hoc modules change the hosts of an inventory; production inventories, limits and variables make them ask.
import type { Evidence, Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { RuleContext } from "../../rule.js";

const VALUE = [
  "i", "inventory", "inventory-file", "l", "limit", "e", "extra-vars", "m", "module-name", "a", "args", "u", "user", "f", "forks", "t", "tags", "skip-tags",
  "become-user", "become-method", "k", "private-key", "key-file", "c", "connection", "T", "timeout", "vault-id", "vault-password-file", "start-at-task",
  "M", "module-path", "P", "poll", "B", "background", "playbook-dir", "ssh-common-args", "ssh-extra-args", "scp-extra-args", "sftp-extra-args", "R", "root-dir",
];

/** Modules that only gather information. */
const READ_MODULES = new Set(["ping", "setup", "gather_facts", "debug", "stat", "slurp", "fetch", "find", "service_facts", "package_facts", "ansible.builtin.ping", "ansible.builtin.setup", "ansible.builtin.stat"]);
/** Modules that run arbitrary commands on the hosts. */
const EXEC_MODULES = new Set(["shell", "command", "raw", "script", "ansible.builtin.shell", "ansible.builtin.command", "ansible.builtin.raw", "ansible.builtin.script"]);
/** Extra variables that name the environment (`-e env=prod`). */
const ENV_VAR = /(?:^|[\s,{"'])(env|environment|stage|tier|target_env|deploy_env)["']?\s*[=:]\s*["']?([\w.-]+)/gi;

export type AnsibleId = "ansible-change" | "ansible-remote-exec";

export function ansible(inv: Invocation, ctx: RuleContext<AnsibleId>): void {
  const playbook = inv.program === "ansible-playbook";
  const o = parseArgs(inv.argv.slice(1), { value: VALUE });
  // Dry runs and listings change nothing.
  if (o.has("C", "check", "syntax-check", "list-hosts", "list-tasks", "list-tags", "version", "h", "help")) return;
  const [first] = o.positionals;
  if (!first) return;
  const module = playbook ? undefined : (o.get("m", "module-name") ?? "command");
  if (module && READ_MODULES.has(module)) return;
  const production: Evidence[] = [];
  const add = (e: Evidence | undefined) => e && !production.some((p) => p.value === e.value) && production.push(e);
  const inventories = o.all("i", "inventory", "inventory-file");
  if (!inventories.length && inv.env.ANSIBLE_INVENTORY) inventories.push(inv.env.ANSIBLE_INVENTORY);
  for (const i of inventories) for (const part of i.split(/[,/]/).filter(Boolean)) add(ctx.production.evidence("ansible-inventory", part, "inventory given with -i"));
  for (const l of o.all("l", "limit")) add(ctx.production.evidence("ansible-limit", l, "--limit flag"));
  if (!playbook) add(ctx.production.evidence("ansible-hosts", first.value, "host pattern"));
  else for (const p of o.positionals) add(ctx.production.evidence("ansible-playbook", (p.value ?? "").split("/").pop(), "playbook file"));
  for (const e of o.all("e", "extra-vars")) for (const m of e.matchAll(ENV_VAR)) add(ctx.production.evidence("ansible-var", m[2], `-e ${m[1]}=... flag`));
  const what = playbook ? `playbook ${o.positionals.map((w) => w.value ?? w.raw).join(", ")}` : `module ${module} on ${first.value ?? first.raw}`;
  const opts = { word: first, data: { program: inv.program, what }, ...(production.length ? { production } : {}) };
  ctx.report(module && EXEC_MODULES.has(module) ? "ansible-remote-exec" : "ansible-change", opts);
}
