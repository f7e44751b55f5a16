import { randomUUID } from "node:crypto";
import {
  AsyncSubject,
  concatMap,
  defer,
  EMPTY,
  from,
  NEVER,
  Observable,
  retry,
  throwError,
  timer,
  type ObservableInput,
  type SchedulerLike,
} from "rxjs";
import type { CheckpointError } from "../errors/index.js";
import type { ExecutionState } from "../replay/execution-state.js";
import type {
  CheckpointDurableExecutionInput,
  CheckpointDurableExecutionOutput,
  GetDurableExecutionStateInput,
  GetDurableExecutionStateOutput,
  OperationUpdate,
} from "../wire/types.js";
import { classifyCheckpointError, isTransient } from "./classify-error.js";
import { LIMITS, utf8Bytes } from "./limits.js";
import { takeBatch } from "./split-batch.js";

export type CheckpointMode = "eager" | "batched" | "optimistic";

export interface CheckpointerOptions {
  mode: CheckpointMode;
  /**
   * batched mode: how long the first update of an idle queue may wait for company, and
   * only while other running work could add to it (see `workChanged`).
   */
  windowMs: number;
  maxBatchOperations: number;
  maxBatchBytes: number;
  /** Sends of one request after a transient fault (same ClientToken each time). */
  transientRetries: number;
  /**
   * Drives the idle send, the batched window and the transient back-off: a TestScheduler
   * makes group commit marble-testable. Absent (production): setImmediate and setTimeout.
   */
  scheduler?: SchedulerLike;
}

/**
 * What the checkpointer calls: a {@link CheckpointPort} (Promises), or any port that
 * answers with an Observable, such as a marble test's `cold("--(r|)")`.
 */
export interface CheckpointSender {
  checkpoint(input: CheckpointDurableExecutionInput): ObservableInput<CheckpointDurableExecutionOutput>;
  getState(input: GetDurableExecutionStateInput): ObservableInput<GetDurableExecutionStateOutput>;
}

export interface CheckpointerHooks {
  /** Counts running work for the suspension check; returns its release. */
  beginWork(): () => void;
  /** A request failed for good; the scope poisons itself. */
  fail(error: CheckpointError): void;
  /** After each acknowledged request (state already merged). */
  flushed?(info: { updates: number; durationMs: number }): void;
  /** Runs `fn` outside any user code's async context (see `schedule`). */
  detached?(fn: () => void): void;
}

interface Queued {
  readonly update: OperationUpdate;
  readonly bytes: number;
  readonly ack?: AsyncSubject<void>;
  readonly release?: () => void;
}

/**
 * Group commit for one invocation (DESIGN.md "How data flows"). Updates queue in
 * order; an idle queue sends on the next macrotask (or after the batched window) so
 * that what one tick produces travels together; while a request is in flight
 * everything else gathers and goes in the next one, because each response carries
 * the token the next request needs. Nothing is armed while the queue is idle.
 */
export class Checkpointer {
  private readonly queue: Queued[] = [];
  private inFlight = false;
  private scheduled = false;
  private closed = false;
  private failed = false;
  /** Sealed at the deadline: what is queued still goes, nothing new is accepted. */
  private sealed = false;
  private readonly drainWaiters: Array<() => void> = [];
  private refreshWanted = false;
  /** The scope's running work as last reported (`workChanged`); unknown until then. */
  private runningWork: number | undefined;
  /** Queued gating updates: each is part of `runningWork` until acknowledged. */
  private gatingQueued = 0;
  /** batched mode: cancels the open window's timer; set while the queue waits for company. */
  private closeWindow: (() => void) | undefined;

  constructor(
    private readonly port: CheckpointSender,
    private readonly arn: string,
    private token: string,
    private readonly state: ExecutionState,
    private readonly hooks: CheckpointerHooks,
    readonly options: CheckpointerOptions,
  ) {}

  /**
   * Queues `update`. The returned Observable completes once the service has
   * acknowledged it (and everything queued before it), and never if the request
   * fails for good or the invocation ends first: such failures poison the scope,
   * they never reach a user's `catchError`. A `gating` update counts as running
   * work until acknowledged, because something will emit after it.
   */
  save(update: OperationUpdate, gating: boolean): Observable<void> {
    if (this.closed || this.failed || this.sealed) return NEVER;
    const ack = gating ? new AsyncSubject<void>() : undefined;
    const bytes = utf8Bytes(JSON.stringify(update)) + 16;
    this.queue.push({ update, bytes, ack, release: gating ? this.hooks.beginWork() : undefined });
    if (gating) this.gatingQueued++;
    this.schedule();
    this.sendIfAlone();
    return ack ?? EMPTY;
  }

  /**
   * The scope reports its count of running work (step bodies, gating updates, requests)
   * on every change. An open batched window closes as soon as nothing else runs: the
   * company it waits for can only come from running work.
   */
  workChanged(running: number): void {
    this.runningWork = running;
    this.sendIfAlone();
  }

  /** Sends everything queued now and resolves once nothing is queued or in flight. */
  flush(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      if (!this.inFlight) this.sendNext();
    });
  }

  /**
   * Asks the service for news with an empty request (`Updates: []`), the way a
   * wait or retry that came due learns that the service moved it on. Any request
   * already queued or in flight does the same job, so none is added then.
   */
  refresh(): void {
    if (this.closed || this.failed || this.sealed || this.inFlight || this.queue.length > 0) return;
    this.refreshWanted = true;
    this.sendNext();
  }

  /** Whether any update waits to be sent. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * The invocation is ending at its deadline (graceful termination): every update
   * queued so far is still sent by `flush()`, every later one is dropped, so no step
   * that finishes meanwhile can follow its own interruption with a second outcome.
   */
  seal(): void {
    this.sealed = true;
  }

  /** Late updates are dropped from now on; their acknowledgements never come. */
  close(): void {
    this.closed = true;
    this.closeWindow?.();
    this.closeWindow = undefined;
    this.gatingQueued = 0;
    for (const item of this.queue.splice(0)) item.release?.();
    this.resolveDrained();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && !this.inFlight;
  }

  /**
   * Sends on the next macrotask, once what this tick produces has queued. In batched
   * mode new work (`windowed`, not a backlog) may then wait up to `windowMs` for company,
   * but only while other work runs that could add to the request; with nothing else
   * running it goes at once, as in eager mode, and the window closes early once the
   * other work settles (`sendIfAlone`).
   */
  private schedule(windowed = true): void {
    if (this.inFlight || this.scheduled) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      this.closeWindow = undefined;
      if (!this.inFlight) this.sendNext();
    };
    const waitForCompany = () => {
      if (this.queue.length > 0 && this.othersRunning()) this.closeWindow = this.later(go, this.options.windowMs);
      else go();
    };
    const windowing = windowed && this.options.mode === "batched" && this.options.windowMs > 0;
    // Scheduled outside any step body's async context, so nothing that runs after a
    // response is mistaken for code inside that step (context misuse detection).
    const arm = () => void this.later(windowing ? waitForCompany : go);
    if (this.hooks.detached) this.hooks.detached(arm);
    else arm();
  }

  /** Whether running work other than this queue's own gating updates could still add to it. */
  private othersRunning(): boolean {
    // Unknown (no scope reports to this checkpointer): assume there is, as a plain window would.
    return this.runningWork === undefined || this.runningWork > this.gatingQueued;
  }

  /** Ends an open batched window early once nothing else runs: no company can come. */
  private sendIfAlone(): void {
    if (!this.closeWindow || this.othersRunning()) return;
    const close = this.closeWindow;
    this.closeWindow = undefined;
    close();
    this.scheduled = false;
    // Often called from a step body's completion: send outside its async context (see `schedule`).
    const send = () => {
      if (!this.inFlight) this.sendNext();
    };
    if (this.hooks.detached) this.hooks.detached(send);
    else send();
  }

  private sendNext(): void {
    if (this.closed || this.failed || (this.queue.length === 0 && !this.refreshWanted)) return this.resolveDrained();
    this.refreshWanted = false;
    const batch = takeBatch(this.queue, this.options.maxBatchOperations, this.options.maxBatchBytes, this.token.length + 100);
    for (const item of batch) if (item.release) this.gatingQueued--;
    this.inFlight = true;
    const release = this.hooks.beginWork();
    const started = this.now();
    this.send(batch.map((item) => item.update)).subscribe({
      complete: () => {
        this.inFlight = false;
        this.hooks.flushed?.({ updates: batch.length, durationMs: this.now() - started });
        for (const item of batch) {
          item.ack?.next();
          item.ack?.complete();
          item.release?.();
        }
        release();
        // Group commit: what gathered while this request was in flight goes on the next
        // macrotask, once the continuations this acknowledgement released have queued
        // their own updates (a wave of map items then shares one request, not two).
        if (this.queue.length === 0 && !this.refreshWanted) this.resolveDrained();
        else this.schedule(false);
      },
      error: (error: unknown) => {
        this.inFlight = false;
        this.failed = true;
        this.gatingQueued = 0;
        for (const item of [...batch, ...this.queue.splice(0)]) item.release?.();
        release();
        this.hooks.fail(classifyCheckpointError(error));
        this.resolveDrained();
      },
    });
  }

  /**
   * One request, sent again after a transient fault (same ClientToken: the service
   * de-duplicates) with back-off of 100, 200, 400 ms; each response's token is the next
   * request's, and its NewExecutionState is merged (paged in when it has a marker).
   * An Observable, so a port answering synchronously (a marble test) stays synchronous.
   */
  private send(updates: OperationUpdate[]): Observable<never> {
    const clientToken = randomUUID();
    return defer(() =>
      from(
        this.port.checkpoint({
          DurableExecutionArn: this.arn,
          CheckpointToken: this.token,
          Updates: updates,
          ClientToken: clientToken,
        }),
      ),
    ).pipe(
      concatMap((response) => {
        if (this.closed) return EMPTY;
        if (response.CheckpointToken) this.token = response.CheckpointToken;
        this.state.merge(response.NewExecutionState?.Operations);
        return this.pageIn(response.NewExecutionState?.NextMarker);
      }),
      retry({
        count: this.options.transientRetries,
        delay: (error: unknown, retryCount: number) =>
          !isTransient(error) || this.closed ? throwError(() => error) : this.after(100 * 2 ** (retryCount - 1)),
      }),
    );
  }

  /** The official SDK ignores NextMarker here (a bug): we page until it is empty. */
  private pageIn(marker: string | undefined): Observable<never> {
    if (!marker) return EMPTY;
    return defer(() =>
      from(
        this.port.getState({
          DurableExecutionArn: this.arn,
          CheckpointToken: this.token,
          Marker: marker,
          MaxItems: LIMITS.statePageSize,
        }),
      ),
    ).pipe(
      concatMap((page) => {
        this.state.merge(page.Operations);
        return this.pageIn(page.NextMarker);
      }),
    );
  }

  /** Runs `fn` on the next macrotask, or after `ms`, on the injected scheduler if there is one; returns the cancel. */
  private later(fn: () => void, ms?: number): () => void {
    const { scheduler } = this.options;
    if (scheduler) {
      const action = scheduler.schedule(fn, ms ?? 0);
      return () => action.unsubscribe();
    }
    if (ms === undefined) {
      const immediate = setImmediate(fn);
      return () => clearImmediate(immediate);
    }
    const timeout = setTimeout(fn, ms);
    return () => clearTimeout(timeout);
  }

  /** Emits once after `ms` (the transient back-off). */
  private after(ms: number): Observable<unknown> {
    const { scheduler } = this.options;
    if (scheduler) return timer(ms, scheduler);
    return new Observable<void>((subscriber) => {
      const handle = setTimeout(() => {
        subscriber.next();
        subscriber.complete();
      }, ms);
      return () => clearTimeout(handle);
    });
  }

  private now(): number {
    return this.options.scheduler?.now() ?? Date.now();
  }

  private resolveDrained(): void {
    if (!this.isIdle() && !this.closed && !this.failed) return;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}
