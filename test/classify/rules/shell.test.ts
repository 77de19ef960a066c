// Table of commands shellgate cannot read statically, and of environment setup code it knows to be harmless.
import { ruleTable } from "../../helpers/rule-table.js";

ruleTable("shell", {
  valid: [
    { command: "eval \"$(ssh-agent -s)\"", decision: "allow" },
    { command: "eval $(direnv hook zsh)", decision: "allow" },
    "eval \"$(pyenv init -)\"",
    "eval \"$(/opt/homebrew/bin/brew shellenv)\"",
    "eval $(minikube docker-env)",
    "eval \"$(starship init bash)\"",
    "eval \"$(conda shell.bash hook)\"",
    "source <(kubectl completion bash)",
    ". <(helm completion zsh)",
    "source <(npm completion)",
    "eval `ssh-agent -s`",
    "echo \"$(date)\"",
    "bash -c 'npm test'",
  ],
  invalid: [
    { command: "eval \"$(cat x.sh)\"", ids: ["shell/dynamic-script"], decision: "ask" },
    { command: "eval \"$(ssh-agent -s)\" \"$(cat x)\"", ids: ["shell/dynamic-script"], decision: "ask" },
    { command: "eval \"$(ssh-agent -s); $(cat x)\"", ids: ["shell/dynamic-script"], decision: "ask" },
    { command: "eval \"$(pyenv exec python x.py)\"", ids: ["shell/dynamic-script"], decision: "ask" },
    { command: "source <(cat setup.sh)", ids: ["shell/dynamic-script"], decision: "ask" },
    { command: "bash -c \"$X\"", ids: ["shell/dynamic-script"], decision: "ask" },
    { command: "$CMD -rf src", ids: ["shell/dynamic-command"], decision: "ask" },
    { command: "cat x | bash", ids: ["shell/dynamic-stdin"], decision: "ask" },
    { command: "echo \"unterminated", ids: ["shell/parse-error"], decision: "ask" },
  ],
  equivalent: [
    {
      ids: ["shell/dynamic-script"],
      decision: "ask",
      commands: ["eval \"$CODE\"", "eval $(cat cmd.txt)", "sh -c \"$(cat /tmp/payload.sh)\"", "bash -c \"$(base64 -d < blob)\""],
    },
  ],
});
