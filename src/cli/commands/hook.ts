// PLACEHOLDER for `shellgate hook`: being written now.
import { ShellgateError } from "../../errors.js";
import type { CliIo } from "../io.js";

export async function run(_args: string[], _io: CliIo): Promise<number> {
  throw new ShellgateError("internal", "shellgate hook is not built yet");
}
