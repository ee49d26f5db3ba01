/**
 * A terminal for tests of the live views: it records every byte written to
 * stderr, and interprets the control sequences the views use (carriage
 * return, line feed, cursor moves, line and screen erases, cursor save and
 * restore, cursor visibility) into the screen a person would see. A
 * sequence it does not know fails the test, so a view cannot draw something
 * a test never looked at.
 */
import type { Streams } from "../../src/host.ts";
import { Output, type OutputMode } from "../../src/output/output.ts";

// deno-lint-ignore no-control-regex -- parsing control sequences is the point
const SEQUENCE = /^\x1b(?:\[(\??)(\d*(?:;\d*)*)([A-Za-z])|([78]))/;

export class FakeTerminal {
  /** Everything written to stderr, in order, as written. */
  readonly writes: string[] = [];
  /** Everything written to stdout. */
  stdout = "";
  cursorVisible = true;
  lineWrap = true;
  readonly columns: number;
  #lines: string[] = [""];
  #row = 0;
  #col = 0;
  #saved: { row: number; col: number } | undefined;

  constructor(columns = 100) {
    this.columns = columns;
  }

  /** The streams of a run whose stderr is this terminal (stdout is a pipe). */
  get streams(): Streams {
    return {
      stdout: (text) => void (this.stdout += text),
      stderr: (text) => this.#write(text),
      stderrIsTerminal: true,
    };
  }

  /** An Output that writes to this terminal. */
  output(mode: Partial<OutputMode> = {}): Output {
    return new Output(this.streams, {
      format: "text",
      quiet: false,
      debug: false,
      color: false,
      ...mode,
    });
  }

  /** The raw stderr text. */
  get raw(): string {
    return this.writes.join("");
  }

  /** The screen's lines, trailing spaces and trailing empty lines removed. */
  screen(): string[] {
    const lines = this.#lines.map((line) => line.trimEnd());
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines;
  }

  /** Where the cursor is: row (from the first line written) and column. */
  get cursor(): { row: number; col: number } {
    return { row: this.#row, col: this.#col };
  }

  #write(text: string): void {
    this.writes.push(text);
    let at = 0;
    while (at < text.length) {
      const char = text[at];
      if (char === "\x1b") {
        const match = SEQUENCE.exec(text.slice(at));
        if (!match) throw new Error(`unknown escape sequence at ${JSON.stringify(text.slice(at))}`);
        this.#control(match);
        at += match[0].length;
        continue;
      }
      if (char === "\r") this.#col = 0;
      // A terminal's output processing turns LF into CR LF.
      else if (char === "\n") this.#moveTo(this.#row + 1, 0);
      else this.#put(char);
      at++;
    }
  }

  #control(match: RegExpExecArray): void {
    const [, privateMark, params, final, escape] = match;
    if (escape === "7") return void (this.#saved = { row: this.#row, col: this.#col });
    if (escape === "8") {
      if (this.#saved) this.#moveTo(this.#saved.row, this.#saved.col);
      return;
    }
    const n = params === "" ? 1 : Number(params);
    if (privateMark) {
      if (params === "25") this.cursorVisible = final === "h";
      else if (params === "7") this.lineWrap = final === "h";
      else throw new Error(`unknown private mode ${params}${final}`);
      return;
    }
    switch (final) {
      case "A":
        return this.#moveTo(Math.max(0, this.#row - n), this.#col);
      case "B":
        return this.#moveTo(this.#row + n, this.#col);
      case "C":
        return void (this.#col += n);
      case "D":
        return void (this.#col = Math.max(0, this.#col - n));
      case "G":
        return void (this.#col = n - 1);
      case "K":
        return this.#eraseLine(params === "" ? 0 : Number(params));
      case "J":
        this.#eraseLine(0);
        return void (this.#lines.length = this.#row + 1);
      case "m":
        return; // Colour does not move anything.
      default:
        throw new Error(`unknown control sequence ${JSON.stringify(match[0])}`);
    }
  }

  #moveTo(row: number, col: number): void {
    while (this.#lines.length <= row) this.#lines.push("");
    this.#row = row;
    this.#col = col;
  }

  #put(char: string): void {
    if (this.#col >= this.columns) {
      if (!this.lineWrap) return;
      this.#moveTo(this.#row + 1, 0);
    }
    const line = this.#lines[this.#row].padEnd(this.#col);
    this.#lines[this.#row] = line.slice(0, this.#col) + char + line.slice(this.#col + 1);
    this.#col++;
  }

  /** 0: from the cursor to the end; 1: from the start to the cursor; 2: the whole line. */
  #eraseLine(mode: number): void {
    const line = this.#lines[this.#row];
    if (mode === 0) this.#lines[this.#row] = line.slice(0, this.#col);
    else if (mode === 1) {
      this.#lines[this.#row] = " ".repeat(this.#col + 1) + line.slice(this.#col + 1);
    } else this.#lines[this.#row] = "";
  }
}

/** Waits for real time to pass, so a view's redraw timer fires. */
export function frames(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The clock the views read for rates and elapsed times; tests move it by hand. */
function clock() {
  let time = 1_000_000;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

/** A fake terminal `columns` wide, the clock, and the live drawing settings the views take. */
export function live(columns = 100) {
  const terminal = new FakeTerminal(columns);
  const time = clock();
  return {
    terminal,
    time,
    env: { live: true, monotonic: time.now, columns: () => terminal.columns },
  };
}

/** Moves the cursor one line up. */
export const CURSOR_UP = "\x1b[1A";
