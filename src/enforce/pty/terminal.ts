// The real terminal around the child's pseudo-terminal: raw passthrough both ways, resize, and exclusive use for an approval.
import { writeSync } from "node:fs";
import type { IPty } from "node-pty";

export interface TerminalStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown; fd?: number };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number; fd?: number };
}

/** Screen modes a child may leave behind when it dies: restored on every exit path. */
const RESET_MODES = "\x1b[0m\x1b[?25h\x1b[?1l\x1b>\x1b[?2004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1004l";
const ALT_ON = /\x1b\[\?(?:1049|1047|47)h/g;
const ALT_OFF = /\x1b\[\?(?:1049|1047|47)l/g;

export interface Exclusive {
  /** Keystrokes from the real terminal only, as they arrive. */
  onInput(listener: (data: string) => void): void;
  write(text: string): void;
  /** The child uses the alternate screen (a full-screen program): draw on a cleared screen and have it redraw after. */
  altScreen: boolean;
}

export class Terminal {
  readonly interactive: boolean;
  private raw = false;
  private altScreen = false;
  private exclusiveInput: ((data: string) => void) | undefined;
  private held: Buffer[] = [];
  private paused = false;
  private waitingDrain = false;
  private restored = false;
  private listeners: (() => void)[] = [];

  constructor(
    private readonly s: TerminalStreams,
    private readonly pty: IPty,
  ) {
    this.interactive = !!s.stdin.isTTY && !!s.stdout.isTTY && typeof s.stdin.setRawMode === "function";
  }

  static size(stdout: TerminalStreams["stdout"]): { cols: number; rows: number } {
    const cols = stdout.isTTY && stdout.columns && stdout.columns > 0 ? stdout.columns : 80;
    const rows = stdout.isTTY && stdout.rows && stdout.rows > 0 ? stdout.rows : 24;
    return { cols, rows };
  }

  start(): void {
    const { stdin, stdout } = this.s;
    if (this.interactive) {
      stdin.setRawMode!(true);
      this.raw = true;
    }
    const onInput = (d: Buffer | string) => {
      const data = typeof d === "string" ? d : d.toString("utf8");
      if (this.exclusiveInput) this.exclusiveInput(data);
      else this.pty.write(data);
    };
    // Without a terminal, stdin ending means "no more input": the child sees end-of-file as a typed Ctrl-D,
    // repeated while it lives, because a Ctrl-D that arrives while a program switches terminal modes is lost.
    const onEnd = () => {
      if (this.interactive) return;
      this.pty.write("\x04");
      const again = setInterval(() => {
        try {
          this.pty.write("\x04");
        } catch {
          clearInterval(again);
        }
      }, 500);
      again.unref();
      this.listeners.push(() => clearInterval(again));
    };
    stdin.on("data", onInput);
    stdin.on("end", onEnd);
    this.listeners.push(() => stdin.off("data", onInput), () => stdin.off("end", onEnd));

    this.pty.onData((d: string | Buffer) => this.fromChild(typeof d === "string" ? Buffer.from(d, "utf8") : d));

    if (stdout.isTTY) {
      const onResize = () => {
        const { cols, rows } = Terminal.size(stdout);
        try {
          this.pty.resize(cols, rows);
        } catch {
          /* the child is exiting */
        }
      };
      stdout.on("resize", onResize);
      this.listeners.push(() => stdout.off("resize", onResize));
    }
    const onDrain = () => {
      this.waitingDrain = false;
      if (!this.paused) this.pty.resume();
    };
    stdout.on("drain", onDrain);
    // A terminal stdout is synchronous in node: every write would stall reading the child until the
    // terminal took it. Non-blocking writes let both sides move at once; 'drain' paces the child.
    const handle = (stdout as { _handle?: { setBlocking?: (b: boolean) => unknown } })._handle;
    if (stdout.isTTY && typeof handle?.setBlocking === "function") {
      handle.setBlocking(false);
      this.listeners.push(() => handle.setBlocking!(true));
    }
    this.listeners.push(() => stdout.off("drain", onDrain));
    stdin.resume();
  }

  private fromChild(chunk: Buffer): void {
    this.lastOutput = Date.now();
    this.trackModes(chunk);
    if (this.paused) {
      this.held.push(chunk);
      return;
    }
    this.emit(chunk);
  }

  private pending: Buffer[] = [];
  private flushScheduled = false;

  /** Chunks read in one turn of the event loop go out in one write: fewer system calls on large output. */
  private emit(chunk: Buffer): void {
    this.pending.push(chunk);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.pending.length) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    // Back-pressure: stop reading the child while the real terminal catches up.
    if (!this.s.stdout.write(data) && !this.waitingDrain) {
      this.waitingDrain = true;
      this.pty.pause();
    }
  }

  private trackModes(chunk: Buffer): void {
    if (chunk.indexOf(0x1b) < 0) return;
    const text = chunk.toString("latin1");
    let lastOn = -1;
    let lastOff = -1;
    for (const m of text.matchAll(ALT_ON)) lastOn = m.index;
    for (const m of text.matchAll(ALT_OFF)) lastOff = m.index;
    if (lastOn > lastOff) this.altScreen = true;
    else if (lastOff > lastOn) this.altScreen = false;
  }

  /**
   * Runs `fn` with the child's output held back and the real terminal's keystrokes routed to it,
   * never to the child; afterwards the held output flows again and a full-screen child redraws.
   */
  async exclusive<T>(fn: (x: Exclusive) => Promise<T>): Promise<T> {
    // Let output already on its way (the echo of the line just typed) reach the screen before the request.
    await this.settle();
    this.paused = true;
    this.pty.pause();
    let listener: ((d: string) => void) | undefined;
    this.exclusiveInput = (d) => listener?.(d);
    const wasAlt = this.altScreen;
    try {
      return await fn({
        onInput: (l) => {
          listener = l;
        },
        write: (t) => {
          this.s.stdout.write(t);
        },
        altScreen: wasAlt,
      });
    } finally {
      this.exclusiveInput = undefined;
      this.paused = false;
      const held = this.held;
      this.held = [];
      for (const c of held) this.emit(c);
      if (!this.waitingDrain) this.pty.resume();
      if (wasAlt) this.nudgeRedraw();
    }
  }

  private lastOutput = 0;

  /** Waits until the child has been quiet for a moment (at most a fraction of a second). */
  private async settle(): Promise<void> {
    const start = Date.now();
    while (Date.now() - start < 200 && Date.now() - this.lastOutput < 40) await new Promise((r) => setTimeout(r, 10));
  }

  /** Full-screen programs redraw on SIGWINCH; the kernel sends one only when the size really changes. */
  private nudgeRedraw(): void {
    if (!this.s.stdout.isTTY) return;
    const { cols, rows } = Terminal.size(this.s.stdout);
    try {
      this.pty.resize(cols, Math.max(1, rows - 1));
      setTimeout(() => {
        try {
          this.pty.resize(cols, rows);
        } catch {
          /* the child is gone */
        }
      }, 30);
    } catch {
      /* the child is gone */
    }
  }

  /** Synchronous, idempotent: safe from an exit handler after a crash. */
  restore(): void {
    if (this.restored) return;
    this.restored = true;
    if (this.pending.length) {
      const data = Buffer.concat(this.pending);
      this.pending = [];
      try {
        if (typeof this.s.stdout.fd === "number") writeSync(this.s.stdout.fd, data);
        else this.s.stdout.write(data);
      } catch {
        /* the terminal is gone */
      }
    }
    for (const off of this.listeners) off();
    if (this.raw) {
      try {
        this.s.stdin.setRawMode!(false);
      } catch {
        /* stdin already closed */
      }
    }
    if (this.s.stdout.isTTY) {
      const seq = (this.altScreen ? "\x1b[?1049l" : "") + RESET_MODES;
      try {
        if (typeof this.s.stdout.fd === "number") writeSync(this.s.stdout.fd, seq);
        else this.s.stdout.write(seq);
      } catch {
        /* the terminal is gone */
      }
    }
    this.s.stdin.pause();
  }
}
