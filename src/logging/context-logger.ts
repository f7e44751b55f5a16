import type { DurableLogSink } from "./log-sink.js";

/** The logger a durable context hands to user code. */
export interface DurableLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LogFields {
  readonly executionArn: string;
  readonly requestId?: string;
  readonly operationId?: string;
  readonly parentId?: string;
  readonly attempt?: number;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;

/**
 * A replay-aware logger: while `isReplay()` is true the line is dropped (that code
 * already logged when it first ran). Every line is one JSON object carrying the
 * execution arn, operation id, parent id and the replay flag.
 */
export function contextLogger(sink: DurableLogSink, fields: LogFields, isReplay: () => boolean, replayAware = true): DurableLogger {
  const write = (level: (typeof LEVELS)[number]) => (message: string, extra?: Record<string, unknown>) => {
    const replaying = isReplay();
    if (replaying && replayAware) return;
    const line = { timestamp: new Date().toISOString(), level: level.toUpperCase(), message, ...fields, isReplay: replaying, ...renderErrors(extra) };
    sink[level](JSON.stringify(line));
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** Errors lose their message under JSON.stringify: spell them out. */
function renderErrors(extra: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!extra) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value instanceof Error ? { errorType: value.name, errorMessage: value.message, stackTrace: value.stack?.split("\n") } : value;
  }
  return out;
}
