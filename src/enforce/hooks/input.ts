// Reads a hook payload from stdin with a size cap and a deadline, and pulls typed fields out of it; every problem is a HookInputError.
import { HookInputError } from "./types.js";

/** A shell command with a large heredoc fits easily; anything bigger is refused rather than parsed. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Agents write the payload and close stdin at once; a hook left waiting would hit the agent's timeout, which some agents treat as allow. */
export const STDIN_DEADLINE_MS = 5000;

export interface ReadOptions {
  maxBytes?: number;
  deadlineMs?: number;
}

/** The whole of stdin as UTF-8. Rejects (HookInputError) on a TTY, on more than maxBytes, on a stream error, or when the deadline passes. */
export function readPayload(stdin: NodeJS.ReadableStream & { isTTY?: boolean }, opts: ReadOptions = {}): Promise<string> {
  const max = opts.maxBytes ?? MAX_PAYLOAD_BYTES;
  const deadline = opts.deadlineMs ?? STDIN_DEADLINE_MS;
  if (stdin.isTTY) return Promise.reject(new HookInputError("stdin is a terminal: shellgate hook reads the agent's hook JSON on stdin"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stdin.removeListener("data", onData);
      stdin.removeListener("end", onEnd);
      stdin.removeListener("error", onError);
      if (err) {
        // Stop reading a payload we refused; the agent gets its answer without waiting for the rest.
        (stdin as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        reject(err);
      } else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onData = (c: Buffer | string) => {
      const b = typeof c === "string" ? Buffer.from(c) : c;
      size += b.length;
      if (size > max) return finish(new HookInputError(`the hook payload is larger than ${max} bytes, so it was not read`));
      chunks.push(b);
    };
    const onEnd = () => finish();
    const onError = (e: Error) => finish(new HookInputError(`stdin could not be read: ${e.message}`));
    const timer = setTimeout(() => finish(new HookInputError(`no complete hook payload arrived on stdin within ${deadline / 1000} s`)), deadline);
    timer.unref?.();
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    stdin.on("error", onError);
    stdin.resume();
  });
}

/** The payload as a JSON object, or a HookInputError that says where the JSON broke. */
export function parsePayload(text: string): Record<string, unknown> {
  if (!text.trim()) throw new HookInputError("the hook payload on stdin is empty");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HookInputError(`the hook payload is not valid JSON: ${(e as Error).message}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new HookInputError(`the hook payload is ${Array.isArray(value) ? "an array" : `a ${value === null ? "null" : typeof value}`}, not a JSON object`);
  return value as Record<string, unknown>;
}

/** A field that must be an object when present. */
export function objectField(o: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw new HookInputError(`"${key}" in the hook payload must be an object`);
  return v as Record<string, unknown>;
}

/** A field that must be a string when present. */
export function stringField(o: Record<string, unknown>, key: string, where = ""): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new HookInputError(`"${where}${key}" in the hook payload must be a string`);
  return v;
}

/** The first of several spellings that is present (cursor and copilot send camelCase or snake_case). */
export function firstString(o: Record<string, unknown>, keys: string[], where = ""): string | undefined {
  for (const k of keys) {
    const v = stringField(o, k, where);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The shell command itself: required, a string. */
export function commandOf(input: Record<string, unknown> | undefined, where: string): string {
  if (!input) throw new HookInputError(`the hook payload has no ${where.replace(/\.$/, "")}`);
  const c = input.command;
  if (typeof c !== "string") throw new HookInputError(`"${where}command" in the hook payload must be a string, got ${c === undefined ? "nothing" : Array.isArray(c) ? "an array" : typeof c}`);
  return c;
}
