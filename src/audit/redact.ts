// Secret redaction for the audit log: tokens, passwords in URLs, flags and assignments, AWS keys, auth headers, `-p` values.
const MASK = "***";

const quoted = String.raw`'[^']*'|"[^"]*"|[^\s'"]+`;
/** A value inside a larger text (a query string, a connection string): it also stops at & ; and |. */
const valueInText = String.raw`'[^']*'|"[^"]*"|[^\s'"&;|]+`;

/** Words inside flag and variable names that mark the value as a secret. */
const SECRET_WORD = String.raw`(?:password|passwd|passphrase|pass|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|secret[-_]?key|private[-_]?key|client[-_]?secret|credentials?|auth)`;

/** Names whose value is a file, a switch or a directory, not the secret itself. */
const NOT_SECRET_NAME = /(?:file|path|stdin|env|dir|prompt|type|id|url|helper|method|cmd|command|mode|length|policy|required|author|authors)$|^(?:old)?pwd$/i;

interface Redaction {
  re: RegExp;
  replace: (m: string, ...groups: string[]) => string;
}

const RULES: Redaction[] = [
  // Private key material pasted into a command.
  { re: /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, replace: (_m, kind) => `-----BEGIN ${kind}PRIVATE KEY----- ${MASK} -----END ${kind}PRIVATE KEY-----` },
  // scheme://user:password@host and scheme://token@host.
  { re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/'"]*):([^\s@/'"]+)@/gi, replace: (_m, s, u) => `${s}${u}:${MASK}@` },
  { re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/'"]{16,})@/gi, replace: (_m, s) => `${s}${MASK}@` },
  // Authorization: Bearer xyz, and other credential-carrying headers.
  { re: /\b((?:proxy-)?authorization\s*:\s*)(?:(bearer|basic|token|digest|negotiate|apikey|aws4-hmac-sha256)\s+)?([^'"\n]+)/gi, replace: (_m, h, scheme) => `${h}${scheme ? scheme + " " : ""}${MASK}` },
  { re: /\b(x-api-key|api-key|x-auth-token|private-token|job-token|x-vault-token|x-goog-api-key|x-amz-security-token|cookie|set-cookie)(\s*:\s*)([^'"\n]+)/gi, replace: (_m, h, sep) => `${h}${sep}${MASK}` },
  // curl -u user:password, --user=user:password, --proxy-user.
  { re: /((?:^|\s)(?:-u|--user|--proxy-user|-U)(?:\s+|=)?['"]?)([^\s:'"]+):([^\s'"]+)/g, replace: (_m, pre, user) => `${pre}${user}:${MASK}` },
  // --password=x, --token x, --client-secret 'x' (not --password-stdin, --token-file).
  {
    re: new RegExp(String.raw`(^|\s)(--?[a-z0-9-]*${SECRET_WORD}[a-z0-9-]*)(=|\s+)(?![-<>|&;])(${quoted})`, "gi"),
    replace: (m, pre, name, sep) => (NOT_SECRET_NAME.test(name) ? m : `${pre}${name}${sep}${MASK}`),
  },
  // PGPASSWORD=x, MYSQL_PWD=x, GITHUB_TOKEN=x, password=x in a connection string (not PWD=, OLDPWD=).
  {
    re: new RegExp(String.raw`(^|[\s;&|('"?=,])([A-Za-z_][A-Za-z0-9_.-]*${SECRET_WORD}[A-Za-z0-9_]*|${SECRET_WORD})=(${valueInText})`, "gi"),
    replace: (m, pre, name) => (NOT_SECRET_NAME.test(name) ? m : `${pre}${name}=${MASK}`),
  },
  // aws configure set aws_secret_access_key X.
  { re: /\b(aws_secret_access_key|aws_session_token|aws_security_token)(\s+|=)(\S+)/gi, replace: (_m, k, sep) => `${k}${sep}${MASK}` },
  // mysql -pSECRET (attached: a separate word after -p is the database name).
  { re: /(?<=\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlpump|mariadb|mariadb-dump)\b[^;|&\n]*)(\s-p)([^\s'"]\S*|'[^']*'|"[^"]*")/g, replace: (_m, flag) => `${flag}${MASK}` },
  // sshpass -p X, docker/podman/helm/oras login -p X, redis-cli -a X.
  { re: /(?<=\b(?:sshpass|login)\b[^;|&\n]*)(\s-p)(\s*)(?!-)([^\s'"]\S*|'[^']*'|"[^"]*")/g, replace: (_m, flag, sp) => `${flag}${sp}${MASK}` },
  { re: /(?<=\bredis-cli\b[^;|&\n]*)(\s-a\s+)(?!-)(\S+)/g, replace: (_m, flag) => `${flag}${MASK}` },
  // Well-known token formats, wherever they appear.
  { re: /\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16})\b/g, replace: (m) => `${m.slice(0, 4)}${MASK}` },
  { re: /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{30,}|pypi-[A-Za-z0-9_-]{40,}|hvs\.[A-Za-z0-9_-]{20,}|dckr_pat_[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35})/g, replace: (m) => `${m.slice(0, m.indexOf("_") > 0 && m.indexOf("_") < 12 ? m.indexOf("_") + 1 : 4)}${MASK}` },
  { re: /\b(sk-(?:ant-|proj-|live-)?[A-Za-z0-9_-]{20,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,})/g, replace: (m) => `${m.slice(0, 3)}${MASK}` },
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, replace: () => `eyJ${MASK}` },
  // ?access_token=..., &X-Amz-Signature=... in URLs.
  { re: /([?&](?:access_token|refresh_token|id_token|token|api_key|apikey|key|secret|password|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|code)=)([^&\s'"#]+)/gi, replace: (_m, k) => `${k}${MASK}` },
];

/** Redacts secrets from command text (or any free text that may quote one). Idempotent. */
export function redact(text: string): string {
  let out = text;
  for (const r of RULES) out = out.replace(r.re, r.replace as (m: string, ...a: unknown[]) => string);
  return out;
}
