/** Where log lines go: `console`, a Powertools Logger, loglevel, or anything with these four methods. */
export interface DurableLogSink {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
