// Which paths hold secrets (private keys, cloud credentials, tokens, .env files), for rules that watch data leave the machine.
import { normalize } from "node:path";

export interface SecretMatch {
  /** The path as classified (absolute when it could be resolved). */
  path: string;
  /** Plain words: `the SSH private key ~/.ssh/id_rsa`. */
  what: string;
  /** The path may hold no secret at all (a `.pem` that is only a certificate, a folder that merely contains credentials). */
  maybe?: boolean;
}

/** Secret files and folders relative to a home directory; a folder covers everything below it. */
const HOME_SECRETS: [string, string][] = [
  [".aws/credentials", "AWS credentials"],
  [".aws/sso/cache", "AWS SSO tokens"],
  [".aws/cli/cache", "cached AWS credentials"],
  [".kube/config", "the Kubernetes config with cluster credentials"],
  [".docker/config.json", "Docker registry credentials"],
  [".netrc", "the .netrc login file"],
  ["_netrc", "the netrc login file"],
  [".npmrc", "the npm token file"],
  [".pypirc", "the PyPI token file"],
  [".git-credentials", "stored git credentials"],
  [".config/git/credentials", "stored git credentials"],
  [".config/gcloud", "Google Cloud credentials"],
  [".azure", "Azure credentials"],
  [".gnupg", "GPG private keys"],
  [".password-store", "the pass password store"],
  [".config/gh/hosts.yml", "the GitHub CLI token"],
  [".config/hub", "the hub GitHub token"],
  [".terraform.d/credentials.tfrc.json", "Terraform Cloud credentials"],
  [".vault-token", "the Vault token"],
  [".pgpass", "PostgreSQL passwords"],
  [".my.cnf", "MySQL credentials"],
  [".cargo/credentials", "the crates.io token"],
  [".cargo/credentials.toml", "the crates.io token"],
  [".gem/credentials", "the RubyGems API key"],
  [".local/share/keyrings", "the desktop keyring"],
];

/** Folders that are only secret as a whole or through their private files (checked file by file below). */
const SSH_PUBLIC = /(\.pub|^known_hosts(\.old)?|^authorized_keys2?|^config)$/;

/** Home-relative folders whose whole content counts as credentials when the folder itself is sent. */
const HOME_SECRET_DIRS: [string, string][] = [
  [".ssh", "the SSH keys in ~/.ssh"],
  [".aws", "the AWS credentials in ~/.aws"],
  [".kube", "the Kubernetes credentials in ~/.kube"],
  [".docker", "the Docker credentials in ~/.docker"],
];

const ABSOLUTE_SECRETS: [RegExp, string][] = [
  [/^\/etc\/(g?shadow|master\.passwd)-?$/, "the system password hashes"],
  [/^\/etc\/ssh\/ssh_host_[a-z0-9]+_key$/, "the SSH host private key"],
  [/^\/proc\/(self|\d+)\/environ$/, "a process environment (tokens and keys)"],
  [/^\/(var\/)?run\/secrets(\/|$)/, "mounted service secrets"],
  [/^\/etc\/kubernetes\/(admin|super-admin|controller-manager|scheduler|kubelet)\.conf$/, "a Kubernetes admin config"],
];

const KEY_FILE = /\.(key|ppk)$/i;
/** Files that hold a private key or only a public certificate: which one is not visible from the name. */
const KEY_OR_CERT = /\.(pem|p12|pfx|jks|keystore)$/i;
const SSH_KEY_NAME = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/;
/** Env files that only hold placeholders. */
const ENV_TEMPLATE = /\.(example|sample|template|tmpl|dist|defaults?|schema|test\.example)$/i;

const within = (p: string, dir: string) => p === dir || p.startsWith(dir + "/");

/** Home-relative remainder of `path` when it lies in $HOME or in any user's home (`/home/u`, `/Users/u`, `/root`). */
function homeRelative(path: string, home: string | undefined): { rel: string; home: string } | undefined {
  if (home && home !== "/" && within(path, home)) return { rel: path.slice(home.length + 1), home };
  const m = /^(\/home\/[^/]+|\/Users\/[^/]+|\/root|\/var\/root)(?:\/(.*))?$/.exec(path);
  if (m) return { rel: m[2] ?? "", home: m[1]! };
  return undefined;
}

function shown(path: string, home: string | undefined): string {
  return home && home !== "/" && within(path, home) ? "~" + path.slice(home.length) : path;
}

/**
 * Whether an absolute path (or a glob over one) holds secrets. A folder that contains a credentials folder
 * counts too (`~`, `~/.config`), since sending it sends them; `extra` are further secret files from the
 * environment (KUBECONFIG, AWS_SHARED_CREDENTIALS_FILE ...).
 */
export function secretPath(raw: string, home: string | undefined, extra: readonly string[] = []): SecretMatch | undefined {
  const path = normalize(raw).replace(/(.)\/+$/, "$1");
  const show = shown(path, home);
  for (const e of extra) if (e && normalize(e) === path) return { path, what: `the credentials file ${show}` };
  for (const [re, what] of ABSOLUTE_SECRETS) if (re.test(path)) return { path, what: `${what} (${show})` };
  const base = path.slice(path.lastIndexOf("/") + 1);
  const h = homeRelative(path, home);
  if (h) {
    const rel = h.rel;
    if (rel === "") return { path, what: `the home directory ${show}, with every key and credential in it`, maybe: true };
    if (within(rel, ".ssh")) {
      if (rel === ".ssh") return { path, what: "the SSH keys in ~/.ssh" };
      if (!SSH_PUBLIC.test(base)) return { path, what: `the SSH private key ${show}` };
      return undefined;
    }
    for (const [p, what] of HOME_SECRETS) if (within(rel, p)) return { path, what: `${what} (${show})` };
    for (const [p, what] of HOME_SECRET_DIRS) if (rel === p) return { path, what };
    // A folder that holds a credentials folder (`~/.config` holds gcloud's).
    for (const [p, what] of HOME_SECRETS) if (p.startsWith(rel + "/") && !/[*?[]/.test(rel)) return { path, what: `${show}, which holds ${what}`, maybe: true };
  } else if (home && home !== "/" && (path === "/" || home.startsWith(path + "/"))) {
    return { path, what: `${show}, which contains your home directory with its keys and credentials`, maybe: true };
  }
  if (SSH_KEY_NAME.test(base)) return { path, what: `the SSH private key ${show}` };
  if (KEY_FILE.test(base)) return { path, what: `the private key ${show}` };
  if (KEY_OR_CERT.test(base)) return { path, what: `the key or certificate file ${show}`, maybe: true };
  if ((base === ".env" || base.startsWith(".env.") || base.endsWith(".env") || base === ".envrc") && !ENV_TEMPLATE.test(base)) {
    return { path, what: `the environment file ${show}` };
  }
  if (base === ".git-credentials" || base === ".netrc" || base === ".pgpass") return { path, what: `the credentials file ${show}` };
  return undefined;
}

/** Secret files named by the environment a command runs in. */
export function secretFilesFromEnv(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const k of ["KUBECONFIG", "AWS_SHARED_CREDENTIALS_FILE", "GOOGLE_APPLICATION_CREDENTIALS", "DOCKER_CONFIG", "NETRC", "NPM_CONFIG_USERCONFIG", "PGPASSFILE"]) {
    const v = env[k];
    if (!v) continue;
    for (const p of v.split(":")) if (p.startsWith("/")) out.push(k === "DOCKER_CONFIG" ? `${p.replace(/\/+$/, "")}/config.json` : p);
  }
  return out;
}

/** Commands that print credentials to stdout: program, the leading positionals that select the action, and a flag it needs. */
export const CREDENTIAL_PRINTERS: { program: string; args: string[]; flag?: string; what: string }[] = [
  { program: "gh", args: ["auth", "token"], what: "the GitHub CLI token" },
  { program: "glab", args: ["auth", "status"], flag: "--show-token", what: "the GitLab CLI token" },
  { program: "gcloud", args: ["auth", "print-access-token"], what: "a Google Cloud access token" },
  { program: "gcloud", args: ["auth", "print-identity-token"], what: "a Google Cloud identity token" },
  { program: "gcloud", args: ["auth", "application-default", "print-access-token"], what: "a Google Cloud access token" },
  { program: "aws", args: ["configure", "export-credentials"], what: "AWS credentials" },
  { program: "aws", args: ["sts", "get-session-token"], what: "AWS session credentials" },
  { program: "aws", args: ["ecr", "get-login-password"], what: "an ECR registry password" },
  { program: "az", args: ["account", "get-access-token"], what: "an Azure access token" },
  { program: "kubectl", args: ["config", "view"], flag: "--raw", what: "the Kubernetes config" },
  { program: "security", args: ["find-generic-password"], flag: "-w", what: "a keychain password" },
  { program: "security", args: ["find-internet-password"], flag: "-w", what: "a keychain password" },
  { program: "vault", args: ["print", "token"], what: "the Vault token" },
  { program: "op", args: ["read"], what: "a 1Password secret" },
  { program: "pass", args: ["show"], what: "a pass password" },
];
