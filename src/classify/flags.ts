// Flag parsing shared by rule modules: bundled short flags, --opt=value, values in the next word, `--`, options anywhere.
import type { Word } from "../types.js";

export interface FlagSpec {
  /** Option names that take a value: single letters for short options, longer names for long options (no dashes). */
  value?: Iterable<string>;
  /** Short options may be bundled (`-rf`); true by default. */
  bundling?: boolean;
  /** Stop option parsing at the first positional (like POSIX getopt); default false (GNU style: options anywhere). */
  stopAtPositional?: boolean;
  /** Single-dash long options (`-auto-approve`, `-chdir=x` as terraform and find write them). */
  singleDashLong?: boolean;
}

export interface OptionHit {
  name: string;
  value?: string;
  /** The word holding the option (for spans). */
  word: Word;
  /** The value is present but not static. */
  dynamicValue?: boolean;
}

export interface ParsedArgs {
  positionals: Word[];
  options: OptionHit[];
  /** Words after `--`. */
  rest: Word[];
  /** True when a word that looked like it could be an option was not static. */
  dynamic: boolean;
  has(...names: string[]): boolean;
  /** The last value given for any of the names. */
  get(...names: string[]): string | undefined;
  all(...names: string[]): string[];
  hit(...names: string[]): OptionHit | undefined;
}

export function parseArgs(args: readonly Word[], spec: FlagSpec = {}): ParsedArgs {
  const valueSet = new Set(spec.value ?? []);
  const bundling = spec.bundling ?? true;
  const positionals: Word[] = [];
  const options: OptionHit[] = [];
  let rest: Word[] = [];
  let dynamic = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const a = w.value;
    if (a === undefined) {
      dynamic = true;
      positionals.push(w);
      continue;
    }
    if (a === "--") {
      rest = args.slice(i + 1);
      break;
    }
    if (spec.stopAtPositional && positionals.length) {
      positionals.push(w);
      continue;
    }
    const longPrefix = a.startsWith("--") ? 2 : spec.singleDashLong && a.startsWith("-") && a.length > 2 ? 1 : 0;
    if (longPrefix && a.length > longPrefix) {
      const body = a.slice(longPrefix);
      const eq = body.indexOf("=");
      const name = eq >= 0 ? body.slice(0, eq) : body;
      if (longPrefix === 2 || spec.singleDashLong) {
        if (eq >= 0) options.push({ name, value: body.slice(eq + 1), word: w });
        else if (valueSet.has(name)) {
          const next = args[i + 1];
          options.push({ name, ...(next?.value !== undefined ? { value: next.value } : {}), word: w, ...(next && next.value === undefined ? { dynamicValue: true } : {}) });
          i++;
        } else options.push({ name, word: w });
        continue;
      }
    }
    if (a.startsWith("-") && a.length > 1 && !/^-\d+(\.\d+)?$/.test(a)) {
      const letters = a.slice(1);
      if (!bundling) {
        if (valueSet.has(letters)) {
          const next = args[i + 1];
          options.push({ name: letters, ...(next?.value !== undefined ? { value: next.value } : {}), word: w });
          i++;
        } else options.push({ name: letters, word: w });
        continue;
      }
      for (let k = 0; k < letters.length; k++) {
        const ch = letters[k]!;
        if (valueSet.has(ch)) {
          if (k + 1 < letters.length) options.push({ name: ch, value: letters.slice(k + 1).replace(/^=/, ""), word: w });
          else {
            const next = args[i + 1];
            options.push({ name: ch, ...(next?.value !== undefined ? { value: next.value } : {}), word: w, ...(next && next.value === undefined ? { dynamicValue: true } : {}) });
            i++;
          }
          break;
        }
        options.push({ name: ch, word: w });
      }
      continue;
    }
    positionals.push(w);
  }
  const names = (ns: string[]) => new Set(ns);
  return {
    positionals,
    options,
    rest,
    dynamic,
    has: (...ns) => {
      const s = names(ns);
      return options.some((o) => s.has(o.name));
    },
    get: (...ns) => {
      const s = names(ns);
      for (let i = options.length - 1; i >= 0; i--) if (s.has(options[i]!.name)) return options[i]!.value;
      return undefined;
    },
    all: (...ns) => {
      const s = names(ns);
      return options.filter((o) => s.has(o.name) && o.value !== undefined).map((o) => o.value!);
    },
    hit: (...ns) => {
      const s = names(ns);
      for (let i = options.length - 1; i >= 0; i--) if (s.has(options[i]!.name)) return options[i];
      return undefined;
    },
  };
}

/** Static values of positionals (undefined entries for dynamic words). */
export function values(words: readonly Word[]): (string | undefined)[] {
  return words.map((w) => w.value);
}
