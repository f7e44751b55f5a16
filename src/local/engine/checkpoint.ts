import type { CheckpointDurableExecutionInput, CheckpointDurableExecutionOutput } from "../../wire/types.js";
import { applyUpdate } from "./apply-update.js";
import { invalidParameter, MESSAGES, validationError } from "./engine-error.js";
import { newCheckpointToken, type EngineIds } from "./ids.js";
import { noteClientTokenAdded, noteClientTokenPruned } from "./journal.js";
import type { ClientTokenEntry, ExecutionRecord } from "./records.js";
import { changePage } from "./state.js";
import { validateModelConstraints } from "./validate-model.js";
import { validateRequestRules } from "./validate-request.js";
import { convertTimestamps } from "./wire.js";

export interface CheckpointConfig {
  /** Operations per NewExecutionState page before NextMarker paging starts. */
  newStatePageSize: number;
  /** How long a ClientToken's response is remembered; 0 turns de-duplication off. */
  clientTokenTtlMs: number;
}

export const DEFAULT_CHECKPOINT_CONFIG: CheckpointConfig = {
  newStatePageSize: 1000,
  clientTokenTtlMs: 15 * 60 * 1000,
};

const CLIENT_TOKEN = /^[\x21-\x7E]{1,64}$/;

/**
 * CheckpointDurableExecution against one execution record, mutating it in place.
 *
 * Order of checks (ADR 0002): a ClientToken already applied answers its cached response
 * before any token check, so a retry after a lost response succeeds even though its
 * checkpoint token was rotated away; then a completed execution rejects everything
 * ("Invalid checkpoint token"); then only the latest token is accepted. Every update is
 * validated before any is applied, so a rejected request changes nothing.
 */
export function applyCheckpoint(
  record: ExecutionRecord,
  input: CheckpointDurableExecutionInput,
  now: number,
  ids: EngineIds,
  config: CheckpointConfig = DEFAULT_CHECKPOINT_CONFIG,
): CheckpointDurableExecutionOutput {
  pruneClientTokens(record, now, config.clientTokenTtlMs);
  const clientToken = input.ClientToken;
  if (clientToken !== undefined && !CLIENT_TOKEN.test(clientToken)) {
    throw validationError("clientToken", clientToken, "Member must satisfy regular expression pattern: [\\x21-\\x7E]+");
  }
  const cached = clientToken === undefined ? undefined : record.clientTokens.get(clientToken);
  if (cached) return copy(cached.response);

  if (record.status !== "RUNNING") throw invalidParameter(MESSAGES.completedExecution);
  const active = record.activeInvocation;
  if (!active || input.CheckpointToken !== active.latestToken) throw invalidParameter(MESSAGES.invalidToken);

  const updates = input.Updates ?? [];
  if (!Array.isArray(updates)) throw validationError("updates", undefined, "Member must be a list");
  validateModelConstraints(updates);
  validateRequestRules(record, updates);
  for (const update of updates) applyUpdate(record, update, now, ids);

  record.seq += 1;
  const token = newCheckpointToken(record.executionId, active.number, record.seq, ids);
  active.tokens.push(token);
  active.latestToken = token;

  // Everything the invocation has not seen yet: this request's changes and any change
  // the service made meanwhile (a wait that ended, a callback that arrived), ADR 0003.
  const changed = record.undelivered;
  record.undelivered = [];
  const response: CheckpointDurableExecutionOutput = {
    CheckpointToken: token,
    NewExecutionState: changePage(record, changed, config.newStatePageSize),
  };
  if (clientToken !== undefined && config.clientTokenTtlMs > 0) {
    const entry: ClientTokenEntry = { at: now, response };
    record.clientTokens.set(clientToken, entry);
    noteClientTokenAdded(record, clientToken, entry);
  }
  return copy(response);
}

/**
 * Forgets ClientTokens older than the window. The Map iterates in insertion (= time)
 * order and lazily, so this stops at the first fresh entry: amortised O(1) per call.
 */
function pruneClientTokens(record: ExecutionRecord, now: number, ttlMs: number): void {
  for (const [key, entry] of record.clientTokens) {
    if (now - entry.at < ttlMs) break;
    record.clientTokens.delete(key);
    noteClientTokenPruned(record, key, entry, now - ttlMs);
  }
}

const copy = (response: CheckpointDurableExecutionOutput): CheckpointDurableExecutionOutput =>
  convertTimestamps(response, (ms) => ms);
