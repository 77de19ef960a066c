// Process entry for bin/shellgate: runs the CLI and exits with its code once output is flushed.
import { run } from "./index.js";

// A reader that stops early (`shellgate rules | head`) is not an error: stop quietly.
for (const s of [process.stdout, process.stderr]) {
  s.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await run(process.argv.slice(2));
process.exitCode = code;
