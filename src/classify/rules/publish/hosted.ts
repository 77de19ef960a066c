// Hosted repositories (gh, glab): repository and release deletion, visibility, and raw API writes.
import type { Invocation } from "../../../types.js";
import type { ReportOptions } from "../../rule.js";
import { dynamicAt, publishReport, tool, type Ctx, type Tool } from "./common.js";

const GH_VALUE = ["R", "repo", "X", "method", "H", "header", "f", "raw-field", "F", "field", "input", "q", "jq", "t", "template", "p", "preview", "hostname", "cache", "visibility", "description", "homepage", "default-branch", "add-topic", "remove-topic", "title", "notes", "n", "notes-file", "target", "b", "body", "l", "label", "a", "assignee", "m", "milestone", "state", "L", "limit", "json", "S", "search", "A", "author", "B", "base", "head", "source", "remote", "team", "gitignore", "g", "license", "discussion-category", "notes-start-tag"];

/** Groups whose `delete` loses little (build caches, run logs), and groups that only live on this machine. */
const LOW_STAKES_DELETE = new Set(["cache", "run"]);
const LOCAL_GROUPS = new Set(["alias", "extension", "config", "auth"]);

export function hosted(inv: Invocation, ctx: Ctx): void {
  const t = tool(inv, ctx, GH_VALUE);
  const cli = inv.program!;
  if (dynamicAt(t, 0)) return;
  const [group, action] = t.pos;
  if (!group) return;
  if (group === "api") return api(t, cli);
  if (action === undefined) {
    if (t.words[1] && t.words[1].value === undefined) t.ctx.report("dynamic-subcommand", { word: t.words[1], data: { word: t.words[1].raw } });
    return;
  }
  const target = t.pos[2] ?? t.a.get("R", "repo") ?? "the current repository";
  if (group === "repo") {
    if (action === "delete") return publishReport(t, "repo-delete", 1, { tool: `${cli} repo delete`, target });
    if (action === "archive") return publishReport(t, "repo-archive", 1, { tool: `${cli} repo archive`, target });
    if (action === "create" && (t.a.has("public") || t.a.get("visibility") === "public")) {
      // A new public repository is harmless until this directory's code goes into it.
      const pushes = t.a.has("push", "source", "s");
      const opts: ReportOptions = { word: t.a.hit("public", "visibility")!.word, data: { tool: `${cli} repo create`, target: t.pos[2] ?? "a new repository", visibility: pushes ? "public, with this directory's code in it" : "public" } };
      if (!pushes) opts.risk = "medium";
      return t.ctx.report("repo-visibility", opts);
    }
    if (action === "edit") {
      const vis = t.a.get("visibility");
      if (vis !== undefined) {
        const opts: ReportOptions = { word: t.a.hit("visibility")!.word, data: { tool: `${cli} repo edit`, target, visibility: vis } };
        // Going private or internal hides code but leaks nothing; going public cannot be undone once cloned.
        if (vis !== "public") opts.risk = "medium";
        t.ctx.report("repo-visibility", opts);
      }
    }
    return;
  }
  if (group === "release" && (action === "create" || action === "edit")) {
    // A draft stays private; creating one, or editing without `--draft=false`, publishes nothing.
    const draft = t.a.options.find((o) => o.name === "draft" || o.name === "d");
    const publishes = action === "create" ? !draft || /^(false|0)$/i.test(draft.value ?? "") : !!draft && /^(false|0)$/i.test(draft.value ?? "");
    if (publishes) publishReport(t, "release-publish", 1, { tool: `${cli} release ${action}`, target: t.pos[2] ?? "a release" });
    return;
  }
  if (group === "release" && (action === "delete" || action === "delete-asset")) {
    return publishReport(t, "release-delete", 1, { tool: `${cli} release ${action}`, target: t.pos[2] ?? "a release" });
  }
  if ((action === "delete" || (action === "remove" && group === "ssh-key")) && !LOCAL_GROUPS.has(group)) {
    const opts: ReportOptions = { word: t.words[1]!, data: { tool: `${cli} ${group} ${action}`, target: t.pos[2] ?? `a ${group}` } };
    if (LOW_STAKES_DELETE.has(group)) opts.risk = "medium";
    t.ctx.report("hosted-delete", opts);
  }
}

function api(t: Tool, cli: string): void {
  const endpoint = t.pos[1] ?? "an endpoint";
  const method = t.a.get("X", "method")?.toUpperCase();
  const fields = t.a.options.filter((o) => ["f", "raw-field", "F", "field"].includes(o.name));
  const data = { tool: `${cli} api`, target: endpoint, method: method ?? "POST" };
  const word = t.a.hit("X", "method")?.word ?? t.words[0]!;
  if (method === "DELETE") return void t.ctx.report("api-delete", { word, data });
  // `-f visibility=public` / `-F private=false` on a repository endpoint publishes its code.
  const exposes = fields.find((o) => o.value !== undefined && /^(visibility=public|private=false)$/i.test(o.value.trim()));
  if (exposes && /^\/?repos\/[^/]+\/[^/]+\/?$/.test(endpoint)) return void t.ctx.report("repo-visibility", { word: exposes.word, data: { tool: `${cli} api`, target: endpoint, visibility: "public" } });
  if (endpoint === "graphql") {
    // GraphQL is always POST; only a mutation changes anything.
    if (fields.some((o) => o.value !== undefined && /(^|=)\s*mutation\b/.test(o.value)) || fields.some((o) => o.dynamicValue)) t.ctx.report("api-write", { word, data: { ...data, method: "mutation" } });
    return;
  }
  // Fields or an input body turn the default GET into a POST.
  const writes = method ? method !== "GET" && method !== "HEAD" : fields.length > 0 || t.a.has("input");
  if (writes) t.ctx.report("api-write", { word, data });
}
