// HTTP DELETE requests from curl, wget, httpie and xh: deleting a resource through an API is destroying it.
import type { Invocation } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import type { Ctx } from "./common.js";

const CURL_VALUE = ["X", "request", "H", "header", "d", "data", "data-raw", "data-binary", "data-urlencode", "u", "user", "o", "output", "A", "user-agent", "e", "referer", "b", "cookie", "c", "cookie-jar", "F", "form", "T", "upload-file", "m", "max-time", "connect-timeout", "x", "proxy", "w", "write-out", "K", "config", "E", "cert", "key", "cacert", "retry", "json", "url", "resolve", "interface", "r", "range"];

/** Hosts where a DELETE is local development, not a real resource. */
const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0|[\w.-]+\.(localhost|local|test))$/i;

function hostOf(url: string): string | undefined {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url);
  return m?.[1];
}

/** The method and URLs of an HTTP client invocation, when it is one. */
function request(inv: Invocation): { method?: string; urls: string[] } | undefined {
  const p = inv.program;
  const args = inv.argv.slice(1);
  if (p === "curl" || p === "curlie") {
    const a = parseArgs(args, { value: CURL_VALUE });
    const urls = [...a.positionals.flatMap((w) => (w.value ? [w.value] : [])), ...a.all("url")];
    return { method: a.get("X", "request")?.toUpperCase(), urls };
  }
  if (p === "wget" || p === "wget2") {
    const a = parseArgs(args, { value: ["method", "O", "output-document", "header", "body-data", "post-data", "U", "user-agent", "o", "output-file", "P", "directory-prefix"] });
    return { method: a.get("method")?.toUpperCase(), urls: a.positionals.flatMap((w) => (w.value ? [w.value] : [])) };
  }
  if (p === "http" || p === "https" || p === "xh" || p === "xhs") {
    // httpie/xh: [METHOD] URL [ITEM ...]; the method is an upper-case first word.
    const a = parseArgs(args, { value: ["a", "auth", "o", "output", "session", "verify", "cert", "cert-key", "timeout", "proxy", "A", "auth-type", "p", "print"] });
    const first = a.positionals[0]?.value;
    if (first && /^[A-Z]+$/.test(first)) return { method: first, urls: a.positionals[1]?.value ? [a.positionals[1].value] : [] };
    return { urls: first ? [first] : [] };
  }
  return undefined;
}

export function checkHttpDelete(inv: Invocation, ctx: Ctx): void {
  const r = request(inv);
  if (!r || r.method !== "DELETE") return;
  for (const url of r.urls) {
    const host = hostOf(url);
    if (!host || LOCAL.test(host)) continue;
    const production = ctx.production.evidence("host", host, `host of ${url}`);
    ctx.report("http-delete", { data: { url }, ...(production ? { production: [production] } : {}) });
    return;
  }
}
