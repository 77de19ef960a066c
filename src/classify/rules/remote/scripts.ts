// Interpreter one-liners and piped scripts that open a network connection and also read secrets, dump the environment, or hand a shell to a socket.
import { isAbsolute, join } from "node:path";
import type { Invocation } from "../../../types.js";
import { interpreterCodeArg, langOf } from "../../../parse/interpreters.js";
import { secretFilesFromEnv, secretPath, type SecretMatch } from "../../secrets.js";
import type { Ctx } from "./common.js";

/** Calls that send data over the network, in python, node, ruby, perl and php. */
const NETWORK =
  /\b(?:requests|httpx|aiohttp|urllib3?|http\.client|smtplib|ftplib|paramiko|pycurl)\b|\burlopen\s*\(|\bsocket\s*\.\s*(?:socket|create_connection)|\bfetch\s*\(|\bhttps?\s*\.\s*(?:request|get)\s*\(|\baxios\b|\bgot\s*\(|\bundici\b|\bnet\s*\.\s*(?:connect|createConnection|Socket)|\b(?:require|import)\s*\(\s*['"](?:node:)?(?:https?|http2|net|dgram|tls)['"]|\bfrom\s+['"](?:node:)?(?:https?|net)['"]|\bdgram\b|XMLHttpRequest|Net::HTTP|TCPSocket|UDPSocket|URI\s*\.\s*open|HTTParty|RestClient|Faraday|\bLWP\b|HTTP::Tiny|IO::Socket|\bcurl_exec\s*\(|\bfsockopen\s*\(|\bstream_socket_client\s*\(|\bfile_get_contents\s*\(\s*['"]https?:/;
/** Calls that read a file's content (a path handed to these is what gets sent). */
const READS_FILE =
  /\bopen\s*\(|\.read_(?:text|bytes)\s*\(|\breadFileSync\s*\(|\breadFile\s*\(|\bcreateReadStream\s*\(|\bFile\s*\.\s*(?:read|open|binread)|\bIO\s*\.\s*read|\bfile_get_contents\s*\(|\bfopen\s*\(|\bfiles\s*=|\bslurp\b|<\$?\w*>/;
/** The whole environment as a value (not one variable read by name). */
const ENV_DUMP =
  /\bos\s*\.\s*environ\b(?!\s*(?:\[|\.\s*(?:get|setdefault|pop)\b))|\bprocess\s*\.\s*env\b(?!\s*(?:\.|\[|\?\.))|\bENV\s*\.\s*(?:to_h|to_a|inspect|each|map)\b|%ENV\b|\$_ENV\b|\bgetenv\s*\(\s*\)/;
/** A socket's descriptors handed to a shell: the classic reverse shell. */
const SHELL_ON_SOCKET = /\bdup2\s*\(|\bpty\s*\.\s*spawn|\bspawn\s*\(\s*['"](?:\/bin\/)?(?:ba|z|da|k)?sh\b|exec\s*\(?\s*['"]?(?:\/bin\/)?(?:ba|z)?sh\s+-i|\/bin\/(?:ba)?sh['"]\s*,\s*['"]-i/;

const LITERAL = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;

/** Cheap first look before the interpreter table: every interpreter name starts like one of these. */
const MAYBE_INTERPRETER = /^(?:py|node|bun|deno|perl|ruby|jruby|php)/;

/** The program text of an interpreter run: its -c/-e code, or a script it reads from stdin. */
function codeOf(inv: Invocation): string | undefined {
  const p = inv.program;
  if (!p || !MAYBE_INTERPRETER.test(p) || !langOf(p)) return undefined;
  const code = interpreterCodeArg(p, inv.argv.slice(1));
  if (code && "word" in code) return code.word.value;
  if (code && "stdin" in code && inv.stdin?.kind === "static") return inv.stdin.text;
  return undefined;
}

/** The first string literal in the code that names a secret file, read relative to home or the working directory when it is not absolute. */
function secretLiteral(code: string, inv: Invocation, ctx: Ctx): SecretMatch | undefined {
  const home = ctx.paths.home(inv);
  const extra = secretFilesFromEnv(inv.env);
  for (const m of code.matchAll(LITERAL)) {
    const s = m[2]!;
    if (!s || /\s/.test(s) || s.length > 200 || /^[a-z][a-z0-9+.-]*:/i.test(s)) continue;
    const candidates: string[] = [];
    if (s.startsWith("~/") && home) candidates.push(home + s.slice(1));
    else if (isAbsolute(s)) candidates.push(s, ...(home ? [home + s] : []));
    else {
      if (home) candidates.push(join(home, s));
      if (inv.cwd) candidates.push(join(inv.cwd, s));
    }
    for (const c of candidates) {
      const hit = secretPath(c, home, extra);
      if (hit && !hit.maybe) return hit;
    }
  }
  return undefined;
}

export function checkScripts(inv: Invocation, ctx: Ctx): void {
  const code = codeOf(inv);
  if (code === undefined || !NETWORK.test(code)) return;
  const word = inv.argv[0]!;
  const runner = inv.program!;
  if (SHELL_ON_SOCKET.test(code)) {
    ctx.report("reverse-shell", { word, data: { runner, dest: "a network connection it opens" } });
    return;
  }
  if (ENV_DUMP.test(code)) {
    ctx.report("exfiltrate-env", { word, risk: "high", data: { dest: `a network call in the ${runner} code` } });
    return;
  }
  const secret = READS_FILE.test(code) ? secretLiteral(code, inv, ctx) : undefined;
  if (secret) ctx.report("exfiltrate-secret", { word, risk: "high", data: { what: secret.what, dest: `a network call in the ${runner} code` } });
}
