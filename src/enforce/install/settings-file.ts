// Reads and writes an agent's JSON settings file without harming it: position-exact parse errors, kept indentation, backups, atomic writes.
import { closeSync, copyFileSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { ShellgateError } from "../../errors.js";

export interface SettingsFile {
  path: string;
  exists: boolean;
  /** The file's text as read ("" when missing). */
  text: string;
  /** The parsed document ({} when missing). */
  doc: Record<string, unknown>;
  indent: string;
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** Where JSON.parse stopped: V8 names a position in most messages and means the end of input in the rest. */
function errorOffset(text: string, message: string): number {
  const m = /at position (\d+)/.exec(message);
  if (m) return Number(m[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const lines = text.split("\n");
    return lines.slice(0, Number(lc[1]) - 1).reduce((n, l) => n + l.length + 1, 0) + Number(lc[2]) - 1;
  }
  return text.length;
}

export function detectIndent(text: string): string {
  const m = /^[{[][^\n]*\n([ \t]+)\S/m.exec(text);
  return m ? m[1]! : "  ";
}

/** Parses settings text, or throws an error naming the file, line and column, and saying nothing was changed. */
export function parseSettings(path: string, text: string, hint = ""): Record<string, unknown> {
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch (e) {
    const msg = (e as Error).message;
    const { line, column } = lineColumn(text, errorOffset(text, msg));
    const comments = /^\s*\/\/|\/\*/m.test(text) ? " (it seems to hold comments, which shellgate does not rewrite)" : "";
    // The position is given as line:column already; V8's own "at position N" would only repeat it.
    const why = msg.replace(/\s*(in JSON )?at position \d+.*$/s, "").replace(/\s*\(line \d+ column \d+\)/, "");
    throw new ShellgateError("input-invalid", `${path}:${line}:${column}: not valid JSON${comments}: ${why}. shellgate did not change it.${hint ? ` ${hint}` : ""}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new ShellgateError("input-invalid", `${path}: the settings must be a JSON object, but the file holds ${Array.isArray(value) ? "an array" : String(value === null ? "null" : typeof value)}. shellgate did not change it.${hint ? ` ${hint}` : ""}`);
  return value as Record<string, unknown>;
}

export function readSettings(path: string, hint = ""): SettingsFile {
  if (!existsSync(path)) return { path, exists: false, text: "", doc: {}, indent: "  " };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ShellgateError("io", `${path}: cannot be read: ${(e as Error).message}`);
  }
  return { path, exists: true, text, doc: parseSettings(path, text, hint), indent: detectIndent(text) };
}

export function serialize(doc: unknown, indent: string): string {
  return `${JSON.stringify(doc, null, indent)}\n`;
}

/** A timestamp safe in file names, to the millisecond. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(".", "");
}

/** The file a write lands in: through a symlink (dotfiles setups keep settings in a repo), never replacing the link. */
function writeTarget(path: string): string {
  try {
    if (lstatSync(path).isSymbolicLink()) return realpathSync(path);
  } catch {
    // Missing: written where named.
  }
  return path;
}

/** Copies the current file beside itself before it changes; returns the backup's path. */
export function backup(path: string, now = new Date()): string | undefined {
  const target = writeTarget(path);
  if (!existsSync(target)) return undefined;
  const dest = `${target}.${stamp(now)}.shellgate.bak`;
  copyFileSync(target, dest);
  return dest;
}

/** Writes text atomically (temp file, fsync, rename), keeping the old file's mode. */
export function writeAtomic(path: string, text: string): void {
  const target = writeTarget(path);
  mkdirSync(dirname(target), { recursive: true });
  let mode = 0o644;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    // New file.
  }
  const tmp = `${target}.shellgate-${process.pid}.tmp`;
  const fd = openSync(tmp, "w", mode);
  try {
    const buf = Buffer.from(text, "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, target);
}

export function removeFile(path: string): void {
  unlinkSync(writeTarget(path));
}
