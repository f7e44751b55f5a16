import { hashOperationId } from "../ids/index.js";
import { ValidationError } from "../errors/index.js";
import { contextLogger, type DurableLogger } from "../logging/context-logger.js";
import { TERMINAL_STATUSES } from "../wire/types.js";
import { currentActiveContext } from "./active-context.js";
import type { InvocationScope } from "./invocation-scope.js";

/** The identity an operation gets when its method is called (PROTOCOL.md §4). */
export interface OperationIdentity {
  /** Hierarchical id: `3`, `3-1`, `3-1-2`. */
  readonly rawId: string;
  /** The wire id: the first 16 hex characters of md5(rawId). */
  readonly id: string;
}

/** An identity with the call number it belongs to (one object per operation, not two). */
interface NumberedIdentity extends OperationIdentity {
  readonly n: number;
}

/**
 * One durable context's share of the invocation: its id counter (so ids depend only
 * on the order of calls in this context), its place in the tree, and whether its
 * code is still replaying (for the replay-aware logger).
 */
export class ContextScope {
  private counter = 0;
  /** Operations of this context executing right now (not replayed), for dev warnings. */
  outstanding = 0;
  /** True while every operation so far was answered from the history. */
  replaying: boolean;
  readonly logger: DurableLogger;
  /** The wire id of this context's CONTEXT operation; undefined at the root. */
  readonly id: string | undefined;

  constructor(
    readonly invocation: InvocationScope,
    /** Undefined at the root. */
    readonly rawId: string | undefined,
    options: { replaying: boolean; replayOnly?: boolean; parent?: ContextScope; id?: string },
  ) {
    // `id` differs from the hash of `rawId` only for a flat batch item, whose operations
    // hang under the batch's CONTEXT on the wire (ADR 0022).
    this.id = options.id ?? (rawId === undefined ? undefined : hashOperationId(rawId));
    this.parent = options.parent;
    this.replaying = options.replaying;
    this.replayOnly = options.replayOnly ?? false;
    const { settings } = invocation;
    this.logger = contextLogger(
      settings.sink,
      { executionArn: settings.executionArn, requestId: settings.lambdaContext.awsRequestId, operationId: this.id },
      () => this.replaying,
    );
  }

  /**
   * A context whose CONTEXT finished with ReplayChildren re-runs its function only to
   * rebuild the result: an operation that had not finished then never will.
   */
  readonly replayOnly: boolean;

  /** The enclosing context; undefined at the root. */
  readonly parent: ContextScope | undefined;
  private done = false;

  /**
   * Marks this context's outcome as decided while some of its operations still run (a
   * batch that completed early): from now on their updates are dropped, never sent
   * under a finished parent (PROTOCOL.md §8).
   */
  finish(): void {
    this.done = true;
  }

  /** Whether this context or an enclosing one was finished early. */
  get finished(): boolean {
    for (let scope: ContextScope | undefined = this; scope; scope = scope.parent) if (scope.done) return true;
    return false;
  }

  /** Allocates the next id in this context, at call time, replayed or not. */
  nextIdentity(): OperationIdentity {
    const n = ++this.counter;
    const known = this.lookahead;
    return known?.n === n ? known : this.identityAt(n);
  }

  /** The identity `noteRecord` computed for the next call, so a replay hashes each id once. */
  private lookahead: NumberedIdentity | undefined;

  private identityAt(n: number): NumberedIdentity {
    const rawId = this.rawIdAt(n);
    return { n, rawId, id: hashOperationId(rawId) };
  }

  /** The identity of the `n`th call, remembered as the lookahead. */
  private lookaheadAt(n: number): NumberedIdentity {
    if (this.lookahead?.n !== n) this.lookahead = this.identityAt(n);
    return this.lookahead;
  }

  /** A context for the CONTEXT operation `identity`, with its own id scope. */
  child(identity: OperationIdentity, options: { replayOnly?: boolean } = {}): ContextScope {
    const record = this.invocation.state.get(identity.id);
    const finished = record !== undefined && TERMINAL_STATUSES.has(record.Status);
    return new ContextScope(this.invocation, identity.rawId, { replaying: finished, replayOnly: options.replayOnly, parent: this });
  }

  /**
   * Called as each operation of this context starts. A live one ends replay; so does a
   * replayed one that the history holds nothing after, because the code that follows it
   * runs for the first time (its log lines must be written).
   */
  noteRecord(live: boolean): void {
    if (!this.replaying) return;
    if (live) this.replaying = false;
    else if (!this.invocation.state.get(this.lookaheadAt(this.counter + 1).id)) this.replaying = false;
  }

  /**
   * Whether the history holds the operation this context will create next: the code
   * before it already ran in an earlier invocation (what `ctx.progress` tags as replay).
   */
  nextIsRecorded(): boolean {
    return this.invocation.state.get(this.lookaheadAt(this.counter + 1).id) !== undefined;
  }

  private rawIdAt(n: number): string {
    return this.rawId === undefined ? String(n) : `${this.rawId}-${n}`;
  }

  /**
   * Context misuse (an operation of another context created inside a child's
   * function, or any operation inside a step body) poisons the invocation: it is a
   * bug in the workflow that no retry or catch can make deterministic.
   */
  checkUsage(method: string, owner: object): boolean {
    const active = currentActiveContext();
    if (!active || (active.kind === "context" && active.owner === owner)) return true;
    const where = active.kind === "step" ? `inside the body of step ${active.rawId}` : `inside child context ${active.rawId}`;
    this.invocation.poison(
      new ValidationError(
        `Context usage error in "${method}": an operation of context ${this.rawId ?? "root"} was created ${where}. ` +
          "Use the context passed to that function (a step body cannot create durable operations: use runInChildContext).",
      ),
    );
    return false;
  }
}
