// PLACEHOLDER for `shellgate uninstall`: being written now.
import { ShellgateError } from "../../errors.js";
import type { CliIo } from "../io.js";

export async function run(_args: string[], _io: CliIo): Promise<number> {
  throw new ShellgateError("internal", "shellgate uninstall is not built yet");
}
