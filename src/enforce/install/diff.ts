// A unified line diff (longest common subsequence, three lines of context) for `install --dry-run`.

type Op = { kind: " " | "-" | "+"; line: string };

function lines(text: string): string[] {
  if (!text) return [];
  const l = text.split("\n");
  if (l[l.length - 1] === "") l.pop();
  return l;
}

function ops(a: string[], b: string[]): Op[] {
  // Settings files are small: the quadratic table is cheap and keeps the diff minimal.
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: " ", line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ kind: "-", line: a[i++]! });
    else out.push({ kind: "+", line: b[j++]! });
  }
  while (i < n) out.push({ kind: "-", line: a[i++]! });
  while (j < m) out.push({ kind: "+", line: b[j++]! });
  return out;
}

/** `--- a` / `+++ b` headers and @@ hunks; "" when the texts are equal. */
export function unifiedDiff(before: string, after: string, fromName: string, toName: string, context = 3): string {
  if (before === after) return "";
  const a = lines(before);
  const b = lines(after);
  const all = ops(a, b);
  const changed = all.map((o, k) => (o.kind !== " " ? k : -1)).filter((k) => k >= 0);
  const out = [`--- ${fromName}`, `+++ ${toName}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(all.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) {
      k++;
      end = Math.min(all.length, changed[k]! + context + 1);
    }
    k++;
    // Line numbers of the hunk in each file, counted over the ops before it.
    let aLine = 1;
    let bLine = 1;
    for (let x = 0; x < start; x++) {
      if (all[x]!.kind !== "+") aLine++;
      if (all[x]!.kind !== "-") bLine++;
    }
    const hunk = all.slice(start, end);
    const aCount = hunk.filter((o) => o.kind !== "+").length;
    const bCount = hunk.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${aCount ? aLine : aLine - 1},${aCount} +${bCount ? bLine : bLine - 1},${bCount} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
  }
  return `${out.join("\n")}\n`;
}
