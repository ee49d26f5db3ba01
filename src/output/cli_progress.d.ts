// The part of cli-progress 3.12 the CLI uses (the package ships no types).
export interface BarStream {
  isTTY: boolean;
  columns?: number;
  write(text: string): boolean;
}

export interface Options {
  stream?: BarStream;
  format?:
    | string
    | ((options: Options, params: Params, payload: Record<string, unknown>) => string);
  fps?: number;
  hideCursor?: boolean;
  clearOnComplete?: boolean;
  stopOnComplete?: boolean;
  linewrap?: boolean | null;
  barsize?: number;
  barCompleteChar?: string;
  barIncompleteChar?: string;
  gracefulExit?: boolean;
  noTTYOutput?: boolean;
  autopadding?: boolean;
  /** Redraw every frame, even when a bar's text has not changed. */
  forceRedraw?: boolean;
  etaBuffer?: number;
}

export interface Params {
  progress: number;
  eta: number;
  startTime: number;
  stopTime: number | null;
  total: number;
  value: number;
  maxWidth: number;
}

export class SingleBar {
  constructor(options: Options, preset?: unknown);
  start(total: number, startValue: number, payload?: Record<string, unknown>): void;
  update(value: number, payload?: Record<string, unknown>): void;
  setTotal(total: number): void;
  stop(): void;
}

export class GenericBar {
  update(value: number, payload?: Record<string, unknown>): void;
}

export class MultiBar {
  constructor(options: Options, preset?: unknown);
  /** The options given, read again by stop() (clearOnComplete). */
  options: Options;
  create(total: number, startValue: number, payload?: Record<string, unknown>): GenericBar;
  /** Writes a line above the bars. */
  log(text: string): void;
  /** Draws a frame now: the logged lines, then the bars. */
  update(): void;
  stop(): void;
}

declare const _default: { SingleBar: typeof SingleBar; MultiBar: typeof MultiBar };
export default _default;
