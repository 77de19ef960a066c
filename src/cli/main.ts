// Process entry for bin/shellgate: runs the CLI and exits with its code once output is flushed.
import { run } from "./index.js";

const code = await run(process.argv.slice(2));
process.exitCode = code;
