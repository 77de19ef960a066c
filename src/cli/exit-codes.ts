// Exit codes of every shellgate command, documented in the README.
import type { Action } from "../types.js";

export const EXIT = {
  ok: 0,
  /** Internal error, unreadable input or invalid policy: the command was not checked and must not run. */
  error: 1,
  usage: 2,
  /** `check`: a human must approve first. */
  ask: 10,
  /** `check`: refused. */
  block: 11,
} as const;

export function exitForAction(a: Action): number {
  return a === "block" ? EXIT.block : a === "ask" ? EXIT.ask : EXIT.ok;
}
