// Every rule module shellgate ships, in one list (bundled statically so a cold process loads no files).
import type { RuleModule } from "./rule.js";
import shell from "./rules/shell.js";
import filesystem from "./rules/filesystem.js";
import system from "./rules/system.js";
import git from "./rules/git.js";
import remote from "./rules/remote.js";
import publish from "./rules/publish.js";
import kubectl from "./rules/kubectl.js";
import helm from "./rules/helm.js";
import docker from "./rules/docker.js";
import aws from "./rules/aws.js";
import gcloud from "./rules/gcloud.js";
import azure from "./rules/azure.js";
import paas from "./rules/paas.js";
import terraform from "./rules/terraform.js";
import iac from "./rules/iac.js";
import database from "./rules/database.js";

export const RULES: readonly RuleModule[] = [
  shell, filesystem, system, git, remote, publish, kubectl, helm, docker, aws, gcloud, azure, paas, terraform, iac, database,
] as RuleModule[];
