import { DurableError, type DurableErrorOptions, type FailureKind } from "./durable-error.js";
import { safeJsonStringify } from "./safe-json.js";

/*
 * Terminal conditions: they poison the scope instead of reaching a user's
 * `catchError` (DESIGN.md "Suspension, terminal conditions"), and `failure` says
 * whether the boundary answers FAILED or throws so that Lambda retries.
 */

/** What the history holds for an operation id versus what the code asked for. */
export interface NonDeterminismDetails {
  /** The wire id (16 hex characters). */
  operationId: string;
  /** The hierarchical id such as `3-1`, when known. */
  rawId?: string;
  field: "type" | "name" | "subType";
  /** What the history holds. */
  expected: unknown;
  /** What the code asked for. */
  actual: unknown;
}

const FIELD_LABEL: Record<NonDeterminismDetails["field"], string> = {
  type: "type",
  name: "name",
  subType: "subtype",
};

/**
 * Replay found a different operation at this id than the code now creates: the code
 * changed between deployments, or the order in which operations are created depends
 * on timing (DESIGN.md, the creation-order rule). The message names the operation,
 * what the history holds and what the code asked for; `errorData` carries the same as
 * JSON so that the details survive the wire.
 */
export class NonDeterministicError extends DurableError implements NonDeterminismDetails {
  readonly operationId: string;
  declare readonly rawId?: string;
  readonly field: NonDeterminismDetails["field"];
  readonly expected: unknown;
  readonly actual: unknown;

  constructor(details: NonDeterminismDetails) {
    super(nonDeterminismMessage(details), { failure: "execution", errorData: safeJsonStringify(details) });
    this.operationId = details.operationId;
    if (details.rawId !== undefined) this.rawId = details.rawId;
    this.field = details.field;
    this.expected = details.expected;
    this.actual = details.actual;
  }
  override get name(): string {
    return "NonDeterministicError";
  }
  override get code(): string {
    return "NON_DETERMINISTIC";
  }
}

function nonDeterminismMessage(d: NonDeterminismDetails): string {
  const label = FIELD_LABEL[d.field] ?? String(d.field);
  const op = d.rawId === undefined ? `operation ${d.operationId}` : `operation ${d.rawId} (id ${d.operationId})`;
  const held = d.expected === undefined ? `has no ${label}` : `has ${label} ${quote(d.expected)}`;
  const asked = d.actual === undefined ? `no ${label}` : quote(d.actual);
  return `Non-deterministic execution: ${op} ${held} in the history but the code asked for ${asked}`;
}

function quote(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : (safeJsonStringify(value) ?? String(value));
}

/** Options of {@link CheckpointError}: `failure` defaults to `"invocation"` (Lambda retries). */
export interface CheckpointErrorOptions extends DurableErrorOptions {
  failure?: FailureKind;
}

/**
 * A checkpoint request failed (PROTOCOL.md §8). `cause` is the original AWS error;
 * `failure` says whether the execution fails (`"execution"`: a 4xx other than 429 and
 * a stale token) or the invocation throws so Lambda retries it (`"invocation"`).
 */
export class CheckpointError extends DurableError {
  declare readonly failure: FailureKind;

  constructor(message?: string, options?: CheckpointErrorOptions) {
    // Unclassified means retry: a transient fault must never fail an execution for good.
    super(message ?? "Checkpoint failed", { ...options, failure: options?.failure ?? "invocation" });
  }
  override get name(): string {
    return "CheckpointError";
  }
  override get code(): string {
    return "CHECKPOINT_FAILED";
  }
}
