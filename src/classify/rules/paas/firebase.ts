// firebase: deploys and data deletion (firestore, realtime database, functions, hosting), with the project or alias as production evidence.
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { emit, opaqueWord, target, type Ctx } from "./shared.js";

const VALUE = ["P", "project", "only", "except", "m", "message", "config", "c", "token", "account", "r", "region", "site", "e", "expires", "export-on-exit", "import", "data", "d", "instance", "version", "shallow"];
/** Commands that read, serve locally, or only change local files. */
const READ = /^(login|logout|use|init|open|serve|help|emulators:\w+|projects:list|apps:(list|sdkconfig)|functions:(log|list|shell|config:get|config:export)|database:(get|profile|instances:list)|firestore:(indexes|locations|databases:(list|get))|hosting:(sites:(list|get)|channel:list)|remoteconfig:(get|versions:list)|auth:export|ext(:list|:info)?|experiments:\w+|setup:\w+|target(:\w+)?|crashlytics:\w+|appdistribution:testers:list|dataconnect:sdk:generate|login:\w+)$/;
const DESTROY = /(^|:)(delete|remove|disable|destroy|clear|uninstall|rollback)$/;

/** `firebase use ALIAS` earlier on the same line selects the project the later commands act on. */
function usedEarlier(inv: Invocation, ctx: Ctx): string | undefined {
  let found: string | undefined;
  for (const other of ctx.invocations) {
    if (other.index >= inv.index) break;
    if (other.program !== "firebase") continue;
    const [cmd, alias] = parseArgs(other.argv.slice(1), { value: VALUE }).positionals.map((w) => w.value);
    if (cmd === "use" && alias && !alias.startsWith("-")) found = alias;
  }
  return found;
}

export function firebase(inv: Invocation, ctx: Ctx): void {
  const p = parseArgs(inv.argv.slice(1), { value: VALUE });
  const words = p.positionals;
  if (!words.length || opaqueWord(ctx, "firebase", words.slice(0, 1))) return;
  const command = words[0]!.value!;
  if (READ.test(command) || p.has("h", "help") || p.has("dry-run")) return;
  const project = p.get("P", "project");
  const earlier = project ? undefined : usedEarlier(inv, ctx);
  const t = target(ctx, [
    { kind: "firebase-project", ...(project ? { value: project } : {}), source: "--project flag" },
    { kind: "firebase-project", ...(earlier ? { value: earlier } : {}), source: `firebase use ${earlier ?? ""} earlier on this command line` },
    { kind: "firebase-project", ...(!project && !earlier && inv.env.FIREBASE_PROJECT ? { value: inv.env.FIREBASE_PROJECT } : {}), source: "FIREBASE_PROJECT" },
  ]);
  const report = emit(ctx, "firebase", command, words[0], t);
  const topic = command.split(":")[0]!;
  // A preview channel is not the live site.
  if (command === "hosting:channel:deploy") return report("deploy", {}, { risk: "low" });
  if (command === "deploy" || command === "hosting:clone" || command === "apphosting:rollouts:create") return report("deploy");
  if (command === "functions:config:unset" || command === "functions:secrets:destroy") return report("env-remove");
  if (DESTROY.test(command) || command === "database:remove") return report("destroy", { what: topic === "firestore" ? "Firestore documents" : topic === "database" ? "Realtime Database data" : topic });
  report("mutate", { what: topic });
}
