// git push: force pushes, mirror and prune, and deleting remote branches and tags.
import type { Evidence, Word } from "../../../types.js";
import { parseArgs } from "../../flags.js";
import { currentBranch, protectedBranch } from "./branches.js";
import type { Sub } from "./common.js";

interface PushTarget {
  name: string;
  tag: boolean;
  forced: boolean;
  del: boolean;
  word: Word;
}

export function push(s: Sub): void {
  const { ctx, g } = s;
  const p = parseArgs(s.args, { value: ["o", "push-option", "repo", "receive-pack", "exec"] });
  if (p.has("n", "dry-run")) return;
  const cmd = p.hit("receive-pack", "exec");
  if (cmd) ctx.report("runs-command", { word: cmd.word, data: { what: `--${cmd.name} runs ${cmd.value ?? "a command"} for the push` } });
  const force = p.hit("f", "force");
  const lease = p.hit("force-with-lease");
  const del = p.hit("d", "delete");
  const words = [...p.positionals, ...p.rest];
  // With --repo every operand is a refspec; otherwise the first names the remote.
  const specs = p.has("repo") ? words : words.slice(1);
  const head = () => currentBranch(ctx, g.cwd, g.gitDir);
  const targets: PushTarget[] = [];
  for (let i = 0; i < specs.length; i++) {
    const w = specs[i]!;
    const v = w.value;
    if (v === undefined) {
      // The name is computed, but --delete says what happens to it.
      if (del) ctx.report("delete-remote-branch", { word: w, data: { name: `${w.raw} (not known before it runs)` }, categories: ["opaque"] });
      else ctx.report("dynamic-argument", { word: w, data: { sub: "push", word: w.raw } });
      continue;
    }
    // `tag v1` is short for refs/tags/v1:refs/tags/v1.
    if (v === "tag" && specs[i + 1]?.value !== undefined) {
      targets.push({ name: specs[i + 1]!.value!, tag: true, forced: !!force, del: !!del, word: specs[i + 1]! });
      i++;
      continue;
    }
    const plus = v.startsWith("+");
    const body = plus ? v.slice(1) : v;
    const colon = body.indexOf(":");
    let dst = colon < 0 ? body : body.slice(colon + 1) || body.slice(0, colon);
    const deleting = !!del || (colon === 0 && body.length > 1);
    if (dst === "HEAD" || dst === "@") dst = head() ?? "the current branch";
    const tag = dst.startsWith("refs/tags/");
    const name = dst.replace(/^refs\/(heads|tags)\//, "");
    targets.push({ name, tag, forced: plus || !!force || !!lease, del: deleting, word: w });
  }
  if (p.has("mirror")) ctx.report("push-mirror", { word: p.hit("mirror")!.word });
  else if (p.has("prune")) ctx.report("push-prune", { word: p.hit("prune")!.word });
  for (const t of targets) {
    if (t.del) {
      const ev = t.tag ? undefined : protectedBranch(t.name, ctx, "branch deleted by git push");
      ctx.report(t.tag ? "delete-remote-tag" : "delete-remote-branch", { word: t.word, data: { name: ev ? `${t.name} (a protected branch)` : t.name }, ...(ev ? { production: [ev] } : {}) });
    }
  }
  const forced = targets.filter((t) => t.forced && !t.del);
  const leaseOnly = !!lease && !force;
  const id = leaseOnly ? "force-push-lease" : "force-push";
  const report = (name: string, word: Word, ev: Evidence | undefined) =>
    ctx.report(id, { word, data: { target: ev ? `${name} (a protected branch)` : name }, ...(ev ? { production: [ev] } : {}) });
  if (forced.length) {
    for (const t of forced) report(t.tag ? `tag ${t.name}` : t.name, (force ?? lease)?.word ?? t.word, t.tag ? undefined : protectedBranch(t.name, ctx, "push refspec"));
  } else if ((force || lease) && !targets.length && !p.has("mirror")) {
    // No refspec: git pushes the current branch (push.default simple/current), or every branch with --all.
    const word = (force ?? lease)!.word;
    if (p.has("all", "branches")) report("every branch", word, protectedBranch("*", ctx, "git push --all"));
    else if (p.has("tags")) report("every tag", word, undefined);
    else {
      const b = head();
      report(b ?? "the current branch", word, b ? protectedBranch(b, ctx, "current branch in .git/HEAD") : undefined);
    }
  }
}
