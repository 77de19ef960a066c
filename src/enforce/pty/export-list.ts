// Reads the environment a shell client sends: the output of `export -p` from bash, zsh or dash (all quoting styles).

/** Parses `declare -x NAME="v"`, `export NAME='v'`, `export NAME=$'v'` and `export -i10 NAME=v` lines into a map. */
export function parseExportList(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const words: string[] = [];
    // Read the words of one statement: it ends at an unquoted newline.
    for (;;) {
      while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
      if (i >= text.length || text[i] === "\n") {
        i++;
        break;
      }
      const [word, next] = readWord(text, i);
      words.push(word);
      i = next;
    }
    const verb = words[0];
    if (verb !== "export" && verb !== "declare" && verb !== "typeset") continue;
    for (const w of words.slice(1)) {
      if (w.startsWith("-") || w.startsWith("+")) continue;
      const eq = w.indexOf("=");
      const name = eq < 0 ? w : w.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
      // `declare -x NAME` without a value: exported but unset, so absent from the environment.
      if (eq >= 0) env[name] = w.slice(eq + 1);
    }
  }
  return env;
}

/** One shell word from `start`: bare text, '...', "...", $'...' and backslash escapes, concatenated. */
function readWord(s: string, start: number): [string, number] {
  let out = "";
  let i = start;
  while (i < s.length) {
    const c = s[i]!;
    if (c === " " || c === "\t" || c === "\n") break;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      const stop = end < 0 ? s.length : end;
      out += s.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === "$" && s[i + 1] === "'") {
      const [v, next] = readAnsiC(s, i + 2);
      out += v;
      i = next;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\" && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1]!)) {
          if (s[i + 1] !== "\n") out += s[i + 1];
          i += 2;
        } else out += s[i++];
      }
      i++;
    } else if (c === "\\" && i + 1 < s.length) {
      if (s[i + 1] !== "\n") out += s[i + 1];
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return [out, i];
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", e: "\x1b", E: "\x1b", "\\": "\\", "'": "'", '"': '"', "?": "?" };

/** The body of $'...' (bash, zsh): C escapes, octal, hex, unicode, \cX and zsh's \C-X and \M-X. */
function readAnsiC(s: string, start: number): [string, number] {
  let out = "";
  let i = start;
  while (i < s.length && s[i] !== "'") {
    if (s[i] !== "\\") {
      out += s[i++];
      continue;
    }
    const e = s[i + 1] ?? "";
    i += 2;
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (/[0-7]/.test(e)) {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(s[i] ?? "")) digits += s[i++];
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else if (e === "x" || e === "u" || e === "U") {
      const max = e === "x" ? 2 : e === "u" ? 4 : 8;
      let digits = "";
      while (digits.length < max && /[0-9a-fA-F]/.test(s[i] ?? "")) digits += s[i++];
      out += digits ? String.fromCodePoint(parseInt(digits, 16)) : "\\" + e;
    } else if (e === "c") {
      out += String.fromCharCode((s[i++] ?? "@").charCodeAt(0) & 0x1f);
    } else if ((e === "C" || e === "M") && s[i] === "-") {
      // zsh: \C-X is control-X, \M-X sets the high bit.
      const ch = s[i + 1] ?? "@";
      i += 2;
      out += e === "C" ? String.fromCharCode(ch === "?" ? 0x7f : ch.charCodeAt(0) & 0x1f) : String.fromCharCode(ch.charCodeAt(0) | 0x80);
    } else out += "\\" + e;
  }
  return [out, i + 1];
}
