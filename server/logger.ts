import { type DestinationStream, pino } from 'pino';

/** Structured logs: one JSON line per event on stderr (pino), level from LOG_LEVEL. Call sites
 * use this small interface, so the library stays behind one file. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** The last call before a deliberate process.exit, which not every runtime lets pino's
   * non-blocking stream finish (Bun dropped the shutdown line). Resolves once what is pending (an
   * in-flight write included) is out, or after 3 s (a reader under load can leave the pipe full
   * for over a second); lines logged after it are dropped. */
  close(): Promise<void>;
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, close: async () => {} };

/** `destination` is for tests that read the lines. The default writes stderr from this thread
 * (no worker, so it bundles and runs on Bun) without blocking: lines written while a write is in
 * flight go out together, and whatever is pending is flushed when the process exits. */
export function createLogger(level: LogLevel, destination?: DestinationStream, base?: Record<string, unknown>): Logger {
  if (level === 'silent' && !destination) return quiet;
  const stderr = destination ? null : pino.destination({ fd: 2, sync: false });
  const log = pino(
    {
      level,
      base: base ?? undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? stderr!,
  );
  // After close() the stream is ended: a late line would throw from sonic-boom.
  let closed = false;
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields?: Record<string, unknown>) => {
      if (!closed) log[level](fields ?? {}, msg);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // sonic-boom's flush(cb) answers at once when every write goes straight out (minLength 0), an
    // in-flight one included; end() writes what is pending and emits 'close' when it is out.
    close: () =>
      new Promise<void>((resolve) => {
        if (!stderr || closed) return resolve();
        closed = true;
        const timer = setTimeout(resolve, 3000);
        stderr.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        try {
          stderr.end();
        } catch {
          // the fd is gone: nothing to save
          clearTimeout(timer);
          resolve();
        }
      }),
  };
}
