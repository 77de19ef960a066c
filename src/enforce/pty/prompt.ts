// Asks the human at the real terminal: draws the request over the paused session and reads the answer from real keystrokes only.
import kleur from "kleur";
import type { Approval } from "../../audit/index.js";
import { safeText } from "../approval/render.js";
import { leadingFindings } from "../shim/messages.js";
import type { ApprovalAnswer, ApprovalAsk, Approver } from "./gate.js";
import type { Exclusive, Terminal } from "./terminal.js";

export interface TtyApproverOptions {
  terminal: Terminal;
  timeoutSeconds: number;
  user: string;
  colour: boolean;
}

/** Keystrokes → one answer line: printable text and backspace; Ctrl-C, Ctrl-D and Esc cancel; escape sequences (arrows, mouse, focus) are dropped. */
export class LineInput {
  private text = "";
  private esc: "" | "esc" | "csi" | "ss3" = "";
  constructor(
    private readonly echo: (s: string) => void,
    private readonly done: (line: string | undefined) => void,
  ) {}

  feed(data: string): void {
    for (const ch of data) {
      const code = ch.codePointAt(0)!;
      if (this.esc === "esc") {
        this.esc = ch === "[" ? "csi" : ch === "O" ? "ss3" : "";
        continue;
      }
      if (this.esc === "csi") {
        if (code >= 0x40 && code <= 0x7e) this.esc = "";
        continue;
      }
      if (this.esc === "ss3") {
        this.esc = "";
        continue;
      }
      if (ch === "\x1b") this.esc = "esc";
      else if (ch === "\r" || ch === "\n") return this.done(this.text);
      else if (ch === "\x03" || ch === "\x04") return this.done(undefined);
      else if (ch === "\x7f" || ch === "\b") {
        if (this.text) {
          this.text = [...this.text].slice(0, -1).join("");
          this.echo("\b \b");
        }
      } else if (ch === "\x15") {
        this.echo("\b \b".repeat([...this.text].length));
        this.text = "";
      } else if (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0)) {
        this.text += ch;
        this.echo(ch);
      }
    }
  }
}

export class TtyApprover implements Approver {
  constructor(private readonly o: TtyApproverOptions) {}

  ask(a: ApprovalAsk): Promise<ApprovalAnswer> {
    return this.o.terminal.exclusive((x) => this.run(a, x));
  }

  private async run(a: ApprovalAsk, x: Exclusive): Promise<ApprovalAnswer> {
    const k = kleur;
    k.enabled = this.o.colour;
    const nl = "\r\n";
    if (x.altScreen) x.write("\x1b7\x1b[2J\x1b[H");
    x.write(nl + this.render(a).join(nl) + nl);
    const deadline = Date.now() + this.o.timeoutSeconds * 1000;
    const approval = (answer: Approval["answer"], note?: string): Approval => ({
      by: answer === "timeout" ? "timeout" : this.o.user,
      at: new Date().toISOString(),
      channel: "tty",
      answer,
      ...(note ? { note } : {}),
    });
    const finish = (line: string) => {
      x.write(line + nl);
      if (x.altScreen) x.write("\x1b[2J\x1b8");
    };

    if (a.targets.length) {
      const want = a.targets.join(" ");
      const typed = await this.readLine(x, `${k.bold("Production.")} Type ${k.bold().cyan(safeText(want))} to go on (Enter denies): `, deadline);
      if (typed === "timeout") {
        finish(k.red("shellgate: no answer in time: denied."));
        return { answer: "timeout", approval: approval("timeout") };
      }
      if (typed?.trim() !== want) {
        finish(k.red(`shellgate: denied${typed ? ` (typed ${JSON.stringify(safeText(typed))}, not ${JSON.stringify(safeText(want))})` : ""}.`));
        return { answer: "deny", approval: approval("deny", typed ? "production target name did not match" : undefined) };
      }
    }
    const choice = await this.readLine(x, `Approve? ${k.bold("y")} once, ${k.bold("s")} for this session (identical command), ${k.bold("n")} deny [n]: `, deadline);
    if (choice === "timeout") {
      finish(k.red("shellgate: no answer in time: denied."));
      return { answer: "timeout", approval: approval("timeout") };
    }
    const c = (choice ?? "").trim().toLowerCase();
    if (c === "y" || c === "yes") {
      finish(k.green("shellgate: approved once."));
      return { answer: "approve", scope: "once", approval: approval("approve", "once") };
    }
    if (c === "s" || c === "session") {
      finish(k.green("shellgate: approved for this session (identical commands run without asking until wrap exits)."));
      return { answer: "approve", scope: "session", approval: approval("approve", "session") };
    }
    finish(k.red("shellgate: denied."));
    return { answer: "deny", approval: approval("deny") };
  }

  private readLine(x: Exclusive, prompt: string, deadline: number): Promise<string | undefined | "timeout"> {
    x.write(prompt);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        x.onInput(() => undefined);
        x.write("\r\n");
        resolve("timeout");
      }, Math.max(0, deadline - Date.now()));
      const input = new LineInput(
        (s) => x.write(s),
        (line) => {
          clearTimeout(timer);
          x.onInput(() => undefined);
          x.write("\r\n");
          resolve(line);
        },
      );
      x.onInput((d) => input.feed(d));
    });
  }

  private render(a: ApprovalAsk): string[] {
    const k = kleur;
    const d = a.decision;
    const bar = k.magenta("│");
    const lines = [k.magenta("╭─ ") + k.bold().magenta("shellgate: approval needed") + k.magenta(" " + "─".repeat(30))];
    const push = (s: string) => lines.push(`${bar} ${s}`);
    const cmd = safeText(d.command);
    push(`${k.bold("command")}  ${cmd.length > 400 ? cmd.slice(0, 397) + "..." : cmd}`);
    push(`${k.bold("where")}    ${safeText(a.ctx.cwd)}  ${k.gray(`(${a.request.shell} pid ${a.request.pid}, ${a.request.kind === "line" ? "typed line" : a.request.kind === "exec" ? `${a.request.shell} -c` : a.request.kind})`)}`);
    for (const f of leadingFindings(d)) {
      const risk = f.risk === "critical" ? k.red(`[${f.risk}]`) : f.risk === "high" ? k.magenta(`[${f.risk}]`) : k.yellow(`[${f.risk}]`);
      push(`${risk} ${k.bold(f.id)}: ${safeText(f.message)}`);
      for (const e of f.evidence ?? []) {
        if (e.pattern) push(`    ${k.cyan("production:")} ${safeText(`${e.kind.replace(/-/g, " ")} ${e.value} (${e.source}) matches ${e.pattern}`)}`);
      }
      if (f.hint) push(`    ${k.green("instead:")} ${safeText(f.hint)}`);
    }
    for (const r of d.reasons) push(`${k.bold("rule")}     ${safeText(`${r.rule} (${r.source}) → ${r.action}`)}`);
    push(k.gray(`Answer here, on your own terminal: the session is paused and its keystrokes cannot answer. No answer in ${this.o.timeoutSeconds} s denies.`));
    lines.push(k.magenta("╰" + "─".repeat(40)));
    return lines;
  }
}
