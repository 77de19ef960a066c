// The few typed errors shellgate raises; cli/index.ts is the only place that maps them to exit codes.

export type ErrorCode =
  | "usage"
  | "parser-missing"
  | "policy-invalid"
  | "policy-not-found"
  | "input-invalid"
  | "io"
  | "internal";

export class ShellgateError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ShellgateError";
  }
}

export class UsageError extends ShellgateError {
  constructor(message: string) {
    super("usage", message);
    this.name = "UsageError";
  }
}
