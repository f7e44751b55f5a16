import { setMaxListeners } from "node:events";
import { concat, defer, of, Subject, type Observable } from "rxjs";
import type { DurableError } from "../errors/index.js";
import type { Checkpointer } from "../checkpoint/checkpointer.js";
import { HistoryLimit } from "../checkpoint/history-limit.js";
import type { ExecutionState } from "../replay/execution-state.js";
import type { DurableEvent } from "../events/durable-event.js";
import type { LambdaContextLike } from "../lambda/lambda-context.js";
import type { DurableLogSink } from "../logging/log-sink.js";
import type { Serdes } from "../serdes/index.js";
import { runDetached } from "./active-context.js";
import { DevWarnings } from "./dev-warnings.js";

export type ScopeOutcome =
  | { readonly kind: "suspended" }
  | { readonly kind: "poisoned"; readonly error: DurableError }
  /** Lambda's timeout is near: stop starting work and end gracefully (src/lambda/graceful-termination.ts). */
  | { readonly kind: "deadline" };

export interface InvocationSettings {
  readonly executionArn: string;
  readonly lambdaContext: LambdaContextLike;
  readonly sink: DurableLogSink;
  readonly serdes: Serdes<unknown>;
  readonly dev: boolean;
  /** Schedules the suspension check; a macrotask so `await` continuations run first. */
  readonly scheduleCheck: (fn: () => void) => void;
}

/**
 * Everything one invocation owns: the state, the checkpointer, the count of running
 * work and the set of blocked operations that together decide suspension, the
 * terminal outcome, and the close that ends it all (DESIGN.md "Suspension, terminal
 * conditions, invocation end"). Created per invocation, never kept at module level.
 */
export class InvocationScope {
  readonly events$ = new Subject<DurableEvent>();
  readonly outcome: Promise<ScopeOutcome>;
  private readonly abort = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly blocked = new Set<object>();
  private running = 0;
  private epoch = 0;
  private checkScheduled = false;
  private status: "live" | "suspended" | "poisoned" | "expired" | "closed" = "live";
  /** Running step attempts, each able to record itself as interrupted (see `interruptible`). */
  private readonly interruptions = new Set<() => boolean>();
  private settle!: (outcome: ScopeOutcome) => void;
  private terminal: DurableError | undefined;
  #checkpointer!: Checkpointer;

  /** The invocation's checkpointer; told the running work from the start (see `changed`). */
  get checkpointer(): Checkpointer {
    return this.#checkpointer;
  }

  set checkpointer(checkpointer: Checkpointer) {
    this.#checkpointer = checkpointer;
    checkpointer.workChanged(this.running);
  }
  /** Present in development mode only. */
  readonly dev: DevWarnings | undefined;

  constructor(
    readonly state: ExecutionState,
    readonly settings: InvocationSettings,
  ) {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
    // Every running step listens for the invocation's end: hundreds may run at once.
    setMaxListeners(0, this.abort.signal);
    this.dev = settings.dev ? new DevWarnings(settings.sink) : undefined;
    this.history = new HistoryLimit(state.size, (operations, max) => this.historyWarning(operations, max));
  }

  /** The execution's history length: new operations are counted, and refused at the service's limit. */
  readonly history: HistoryLimit;

  /** Once per invocation, as the history nears its limit: a log line and a `limit.approaching` event. */
  private historyWarning(operations: number, max: number): void {
    const message =
      `durable-rx: this execution's history holds ${operations} of the ${max} operations a durable execution may have; ` +
      "at the limit new operations fail with LimitExceededError. Do more work per operation, or hand the rest to a new execution (ctx.invoke).";
    this.settings.sink.warn(JSON.stringify({ level: "WARN", executionArn: this.settings.executionArn, message }));
    this.emit({ type: "limit.approaching", executionArn: this.settings.executionArn, replay: false, at: Date.now(), detail: { limit: "operations", operations, max } });
  }

  /** False once the invocation suspended, failed terminally or closed: emissions stop. */
  get live(): boolean {
    return this.status === "live";
  }

  /** The terminal condition that poisoned the invocation, if one did. */
  get poisonedWith(): DurableError | undefined {
    return this.terminal;
  }

  /** Aborted when the invocation ends; step signals follow it. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Counts work that will produce a state change (a body, an awaited update, a request). */
  beginWork(): () => void {
    this.running++;
    this.changed();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.changed();
    };
  }

  /** Marks a subscribed operation as unable to finish on its own; returns the unblock. */
  block(): () => void {
    const token = {};
    this.blocked.add(token);
    this.changed();
    return () => {
      if (this.blocked.delete(token)) this.changed();
    };
  }

  /** A terminal condition: every operation goes silent and the boundary answers for it. */
  poison(error: DurableError): void {
    // After the deadline the boundary is still flushing: a failure of that flush must be known.
    if (this.status === "expired" && !this.terminal) this.terminal = error;
    if (this.status !== "live") return;
    this.status = "poisoned";
    this.terminal = error;
    this.settle({ kind: "poisoned", error });
  }

  /**
   * Lambda's deadline is near: every operation goes silent and nothing new starts, as
   * with suspension, and the boundary ends the invocation gracefully.
   */
  expire(): void {
    if (this.status !== "live") return;
    this.status = "expired";
    this.settle({ kind: "deadline" });
  }

  /**
   * Registers a running step attempt. At the deadline `interrupt` queues the update
   * that records the attempt as interrupted and answers whether the step will be
   * retried (its RETRY gives the service something to wake the execution for).
   * Returns the release, called once the attempt settled.
   */
  interruptible(interrupt: () => boolean): () => void {
    this.interruptions.add(interrupt);
    return () => void this.interruptions.delete(interrupt);
  }

  /** Interrupts every running step attempt; true when any of them will be retried. */
  interruptRunning(): boolean {
    let retrying = false;
    for (const interrupt of [...this.interruptions]) {
      this.interruptions.delete(interrupt);
      if (interrupt()) retrying = true;
    }
    return retrying;
  }

  /** Subscribed operations blocked on the service (a wait, a retry delay, a callback, an invoke). */
  get blockedOperations(): number {
    return this.blocked.size;
  }

  /** A timer that dies with the invocation, armed outside user code's async context. */
  setTimer(fn: () => void, ms: number): () => void {
    let timer: NodeJS.Timeout | undefined;
    runDetached(() => {
      timer = setTimeout(() => {
        this.timers.delete(timer!);
        if (this.live) fn();
      }, Math.max(0, ms));
      this.timers.add(timer);
    });
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer!);
    };
  }

  /** Invocation end: late updates dropped, late emissions discarded, step signals aborted. */
  close(): void {
    if (this.status === "live") this.status = "closed";
    this.dev?.report();
    this.checkpointer?.close();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort(new Error("The invocation ended"));
    this.events$.complete();
  }

  emit(event: DurableEvent): void {
    if (this.events$.observed) this.events$.next(event);
  }

  private startEvent: DurableEvent | undefined;

  /** Emits `invocation.started`, which `ctx.events$` then gives every subscriber first. */
  started(event: DurableEvent): void {
    this.startEvent = event;
    this.emit(event);
  }

  /**
   * What `ctx.events$` is: the invocation's start (the handler can only subscribe after
   * it), then every event as it happens, until the invocation ends.
   */
  readonly publicEvents$: Observable<DurableEvent> = defer(() =>
    this.startEvent ? concat(of(this.startEvent), this.events$) : this.events$.asObservable(),
  );

  get hasListeners(): boolean {
    return this.events$.observed;
  }

  private changed(): void {
    this.epoch++;
    // The batched window waits for company only while other work runs (checkpointer.ts).
    this.checkpointer?.workChanged(this.running);
    if (this.checkScheduled || this.running > 0 || this.blocked.size === 0 || !this.live) return;
    this.checkScheduled = true;
    const seen = this.epoch;
    runDetached(() => this.settings.scheduleCheck(() => this.check(seen)));
  }

  /**
   * Suspends only if nothing moved since the check was scheduled, and still nothing
   * moves after the queue is flushed and its response merged (an acknowledgement can
   * unblock a wait or a callback).
   */
  private check(seen: number): void {
    this.checkScheduled = false;
    if (!this.live) return;
    if (this.epoch !== seen) return this.changed();
    void this.checkpointer.flush().then(() => {
      if (!this.live) return;
      if (this.epoch !== seen) return this.changed();
      this.status = "suspended";
      this.settle({ kind: "suspended" });
    });
  }
}
