// Secret redaction in audit records: each row is a command as an agent might run it, and what the log may keep of it.
import { describe, expect, it } from "vitest";
import { redact } from "../../src/audit/redact.js";

const REDACTED: [string, string][] = [
  ["git clone https://user:s3cr3t@github.com/acme/app.git", "git clone https://user:***@github.com/acme/app.git"],
  ["git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/app.git", "git clone https://***@github.com/acme/app.git"],
  ["psql postgres://app:hunter2@db.internal:5432/shop -c 'select 1'", "psql postgres://app:***@db.internal:5432/shop -c 'select 1'"],
  ["curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmno' https://api.x.io", "curl -H 'Authorization: Bearer ***' https://api.x.io"],
  ['curl -H "X-Api-Key: abc123" https://api.x.io', 'curl -H "X-Api-Key: ***" https://api.x.io'],
  ["curl -u admin:hunter2 https://x.io", "curl -u admin:*** https://x.io"],
  ["mysql -u root -phunter2 shop", "mysql -u root -p*** shop"],
  ["PGPASSWORD=hunter2 psql -h db -U app", "PGPASSWORD=*** psql -h db -U app"],
  ["MYSQL_PWD=hunter2 mysql shop", "MYSQL_PWD=*** mysql shop"],
  ["export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "export GITHUB_TOKEN=***"],
  ["aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws configure set aws_secret_access_key ***"],
  ["AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls", "AWS_ACCESS_KEY_ID=AKIA*** aws s3 ls"],
  ["AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG aws s3 ls", "AWS_SECRET_ACCESS_KEY=*** aws s3 ls"],
  ["vault login -method=userpass username=me password=hunter2", "vault login -method=userpass username=me password=***"],
  ["docker login -u me -p hunter2 registry.x.io", "docker login -u me -p *** registry.x.io"],
  ["helm registry login -u me -p hunter2 r.io", "helm registry login -u me -p *** r.io"],
  ["sshpass -p hunter2 ssh host", "sshpass -p *** ssh host"],
  ["redis-cli -a hunter2 PING", "redis-cli -a *** PING"],
  ["some-cli --token abc123 --api-key=xyz --password 'a b c'", "some-cli --token *** --api-key=*** --password ***"],
  ["psql 'host=db user=app password=hunter2 dbname=x'", "psql 'host=db user=app password=*** dbname=x'"],
  ["curl 'https://x.io/cb?code=abc&access_token=zzz&page=2'", "curl 'https://x.io/cb?code=***&access_token=***&page=2'"],
  ["kubectl create secret generic x --from-literal=password=hunter2", "kubectl create secret generic x --from-literal=password=***"],
  ["echo sk-ant-api03-abcdefghijklmnopqrstuvwxyz | llm", "echo sk-*** | llm"],
  ["npm config set //registry.npmjs.org/:_authToken npm_abcdefghijklmnopqrstuvwxyz0123456789", "npm config set //registry.npmjs.org/:_authToken npm_***"],
  ["echo '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----' > k", "echo '-----BEGIN OPENSSH PRIVATE KEY----- *** -----END OPENSSH PRIVATE KEY-----' > k"],
];

const KEPT = [
  "mysql -u root -p shop",
  "docker login -u me --password-stdin registry.x.io",
  "gh auth login --with-token < token.txt",
  "git commit --author 'Jane <j@x.io>' -m 'fix'",
  "cd $PWD && ls",
  "mkdir -p build/out",
  "docker run -p 8080:80 nginx",
  "kubectl --context prod-eu-1 delete deployment api",
];

describe("redact", () => {
  for (const [input, output] of REDACTED) {
    it(`hides the secret in ${input.split("\n")[0]}`, () => {
      expect(redact(input)).toBe(output);
      expect(redact(output)).toBe(output);
    });
  }
  for (const input of KEPT) {
    it(`keeps ${input}`, () => {
      expect(redact(input)).toBe(input);
    });
  }
});
