import log from "loglevel";
import type { DurableLogSink, LogLevel } from "./log-sink.js";

const LEVELS: Record<string, LogLevel> = { TRACE: "debug", DEBUG: "debug", INFO: "info", WARN: "warn", ERROR: "error", FATAL: "error" };

/**
 * The default sink: JSON lines through a named loglevel logger (never the root
 * logger, which belongs to the application). The level comes from the Lambda's
 * `AWS_LAMBDA_LOG_LEVEL` unless the handler config sets one. The logger holds no
 * per-execution data: every field travels in the line itself.
 */
export function defaultSink(level?: LogLevel): DurableLogSink {
  const logger = log.getLogger("durable-rx");
  const wanted = level ?? LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL ?? "").toUpperCase()] ?? "info";
  logger.setLevel(wanted, false);
  return logger;
}
