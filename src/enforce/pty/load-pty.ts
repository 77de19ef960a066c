// node-pty is an optional native dependency: loaded only by `wrap`, with a message that says how to get it when it is missing.
import { ShellgateError } from "../../errors.js";

type NodePty = typeof import("node-pty");

export async function loadPty(): Promise<NodePty> {
  try {
    const mod = (await import("node-pty")) as NodePty & { default?: NodePty };
    return typeof mod.spawn === "function" ? mod : mod.default!;
  } catch (e) {
    throw new ShellgateError(
      "internal",
      `shellgate wrap needs the optional package node-pty, which could not be loaded (${(e as Error).message.split("\n")[0]}). ` +
        "Install it next to shellgate with `npm install node-pty` (it compiles a native module: python3, make and a C++ compiler are needed; " +
        "npm 12 also needs install scripts allowed for node-pty), or use PATH shims (`shellgate shims install`) or agent hooks (`shellgate install <agent>`) instead.",
    );
  }
}
