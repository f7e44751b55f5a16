import type { ExecutionState } from "./execution-state.js";

/**
 * The execution's input as the handler sees it (ADR 0008): an absent payload reads as
 * `{}`, as in the official SDK; a payload that is not JSON is passed as the raw string.
 */
export function executionInput(state: ExecutionState): unknown {
  const raw = state.execution()?.ExecutionDetails?.InputPayload;
  if (raw === undefined || raw === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
