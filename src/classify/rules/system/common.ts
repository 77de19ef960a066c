// Shared pieces of the system pack: finding ids, argument helpers, and reporting with the host's production evidence.
import type { Category, Evidence, Invocation, Risk, Word } from "../../../types.js";
import type { RuleContext } from "../../rule.js";

export type Id =
  | "power"
  | "rescue"
  | "suspend"
  | "kill-all"
  | "kill-critical"
  | "kill-opaque"
  | "firewall-flush"
  | "firewall-change"
  | "service-stop"
  | "account-delete"
  | "account-lock"
  | "account-change"
  | "privilege-grant"
  | "crontab-remove"
  | "crontab-replace"
  | "kernel-param"
  | "sysrq"
  | "swapoff"
  | "package-remove"
  | "fork-bomb";
export type Ctx = RuleContext<Id>;

interface Emit {
  word?: Word;
  data?: Record<string, string | number | undefined>;
  risk?: Risk;
  opaque?: boolean;
}

/** Reports one finding; a host that looks like production (ssh, systemctl -H) adds evidence. */
export function emit(inv: Invocation, ctx: Ctx, id: Id, o: Emit = {}, host = inv.host): void {
  const categories: Category[] = o.opaque ? ["opaque"] : [];
  const prod: Evidence | undefined = host !== undefined ? ctx.production.evidence("host", host, "the host the command runs on") : undefined;
  ctx.report(id, { word: o.word ?? inv.argv[0], ...(o.risk ? { risk: o.risk } : {}), data: { host: host ?? "this machine", ...o.data }, categories, ...(prod ? { production: [prod] } : {}) });
}

export const args = (inv: Invocation) => inv.argv.slice(1);
export const has = (inv: Invocation, ...names: string[]) => args(inv).some((w) => w.value !== undefined && names.includes(w.value));
