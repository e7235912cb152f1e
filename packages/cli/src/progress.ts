/**
 * What a person sees while a command works: on a terminal a spinner per step that turns into a
 * check mark (or a cross); in a log (not a TTY) one plain line per finished step; with --json
 * nothing at all, because the command prints one JSON object at the end.
 */
export type ProgressMode = 'tty' | 'plain' | 'json';

export interface Progress {
  readonly mode: ProgressMode;
  /** Runs one step, shown as running, then done (with `detail` of its result) or failed (it
   * threw, or `ok` says its result is a failure). */
  step<T>(
    label: string,
    fn: () => T | Promise<T>,
    detail?: (result: T) => string,
    ok?: (result: T) => boolean,
  ): Promise<T>;
  /** Output for the person (stdout); silent in --json mode. */
  print(text: string): void;
  /** A note on stderr that is not a step; silent in --json mode. */
  note(text: string): void;
}

interface Streams {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function progressMode(json: boolean, err: { isTTY?: boolean } = process.stderr): ProgressMode {
  return json ? 'json' : err.isTTY ? 'tty' : 'plain';
}

function paint(mode: ProgressMode) {
  const on = mode === 'tty' && !process.env.NO_COLOR;
  const code = (n: number) => (s: string) => (on ? `\x1b[${n}m${s}\x1b[0m` : s);
  return { green: code(32), red: code(31), dim: code(2) };
}

export function createProgress(
  mode: ProgressMode,
  streams: Streams = { out: process.stdout, err: process.stderr },
): Progress {
  const { green, red, dim } = paint(mode);
  const line = (mark: string, label: string, extra?: string) =>
    `${mark} ${label}${extra ? ` ${dim(`(${extra})`)}` : ''}\n`;
  return {
    mode,
    async step(label, fn, detail, ok) {
      if (mode === 'json') return fn();
      let frame = 0;
      const clear = () => mode === 'tty' && streams.err.write('\r\x1b[2K');
      const draw = () => streams.err.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label}`);
      const timer = mode === 'tty' ? setInterval(draw, 80) : undefined;
      if (timer) draw();
      const started = Date.now();
      try {
        const result = await fn();
        clear();
        const seconds = (Date.now() - started) / 1000;
        const extra = [detail?.(result), seconds >= 1 ? `${seconds.toFixed(1)}s` : ''].filter(Boolean).join(', ');
        streams.err.write(ok && !ok(result) ? line(red('✖'), label, extra) : line(green('✔'), label, extra));
        return result;
      } catch (e) {
        clear();
        streams.err.write(line(red('✖'), label));
        throw e;
      } finally {
        if (timer) clearInterval(timer);
      }
    },
    print(text) {
      if (mode !== 'json') streams.out.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    note(text) {
      if (mode !== 'json') streams.err.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}
