// Remote code and exfiltration: downloads run as code, and secrets or the environment sent over the network.
import { defineRule } from "../rule.js";
import { COPIERS, SENDERS, type Id } from "./remote/common.js";
import { checkRemoteCode } from "./remote/code.js";
import { checkExfiltration } from "./remote/exfil.js";
import { checkHttpDelete } from "./remote/http-delete.js";
import { checkScripts } from "./remote/scripts.js";
import { checkSockets } from "./remote/sockets.js";

export default defineRule<Id>({
  name: "remote",
  description: "Code downloaded and run in one step, and secrets or the environment sent over the network.",
  programs: ["*"],
  findings: {
    "pipe-to-shell": {
      risk: "high",
      categories: ["remote-code"],
      message: "{runner} runs whatever {fetcher} downloads; the code is never seen before it runs",
      hint: "download to a file, read it (or check its checksum), then run the file",
      description: "A download piped into a shell or interpreter (curl | bash).",
    },
    "exec-download": {
      risk: "high",
      categories: ["remote-code"],
      message: "{runner} {how}: code fetched by {fetcher} runs unseen",
      hint: "download to a file, read it (or check its checksum), then run the file",
      description: "A download run through $(..), <(..) or as a just-saved file (bash <(curl ..), sh -c \"$(curl ..)\", curl -o x && ./x).",
    },
    "reverse-shell": {
      risk: "high",
      categories: ["remote-code"],
      message: "{runner} is handed to {dest}: whoever is at the other end runs commands on this machine",
      hint: "never connect a shell to a network socket; use ssh to reach a machine",
      description: "Reverse and bind shells: bash -i >& /dev/tcp/.., nc -e /bin/sh, socat EXEC:, a shell piped into nc, a one-liner that dup2()s a socket onto a shell.",
    },
    "exfiltrate-secret": {
      risk: "critical",
      categories: ["exfiltrate"],
      message: "{what} is sent to {dest}; a leaked credential cannot be taken back, only rotated",
      hint: "never send credential files over the network; if a service needs a token, give it one scoped for that service",
      description: "A private key, cloud credentials, tokens or a .env file sent with curl/wget/nc/socat/mail or a /dev/tcp redirection (read and sent by a one-liner's code: high).",
    },
    "exfiltrate-env": {
      risk: "critical",
      categories: ["exfiltrate"],
      message: "the environment, with every token and key in it, is sent to {dest}",
      hint: "send only the variables that are needed, by name",
      description: "env / printenv / set output sent over the network (a one-liner sending os.environ or process.env: high).",
    },
    "copy-secret": {
      risk: "high",
      categories: ["exfiltrate"],
      message: "{what} is copied to {dest}",
      hint: "copy keys only to machines you control, and prefer fresh per-machine keys",
      description: "scp / rsync / sftp / ssh / cloud storage copy of credentials to another host or bucket.",
    },
    "dynamic-upload": {
      risk: "medium",
      categories: ["opaque", "exfiltrate"],
      message: "a file not known before it runs ({word}) is uploaded to {dest}",
      hint: "name the file literally so it can be checked",
      description: "An upload whose file is computed at run time.",
    },
    "http-delete": {
      risk: "high",
      categories: ["destroy"],
      message: "{program} sends an HTTP DELETE to {url}, deleting that resource",
      hint: "check the resource id, and try it against a local or staging endpoint first",
      description: "curl -X DELETE / wget --method=DELETE / http DELETE to a host that is not local.",
    },
  },
  check(inv, ctx) {
    const p = inv.program;
    if (!p) return;
    checkRemoteCode(inv, ctx);
    if (SENDERS.has(p) || COPIERS.has(p)) {
      checkExfiltration(inv, ctx);
      checkHttpDelete(inv, ctx);
    }
    checkSockets(inv, ctx);
    checkScripts(inv, ctx);
  },
});
