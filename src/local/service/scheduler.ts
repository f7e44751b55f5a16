import type { ServiceClock } from "../virtual-clock.js";

/** Real setTimeout accepts at most 2^31-1 ms; a later deadline is re-armed when reached. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Macrotask turns the virtual clock lets pass before it decides nothing is running. */
export const VIRTUAL_SETTLE_TURNS = 5;

export interface SchedulerDeps {
  clock: ServiceClock;
  /**
   * One pass: fire what is due at `now`, settle chained invokes, start every invocation
   * that can run.
   */
  pass(now: number): void;
  /** The next moment something becomes due, or undefined. */
  nextDue(): number | undefined;
  /** Invocations running now. */
  inFlight(): number;
  /** True while someone waits for an execution to end (a real timer then keeps the process alive). */
  hasWaiters(): boolean;
  /**
   * Real milliseconds with nothing running, nothing due and no wake after which the
   * waiters are told (`onQuiescent`); undefined: never (someone outside may still act).
   */
  quiescentAfterMs?: number;
  /** Nothing ran, nothing was due and nothing woke the scheduler for `quiescentAfterMs`. */
  onQuiescent(): void;
  /** A pass threw: the service's own bug, reported rather than lost. */
  onError(error: unknown): void;
}

/**
 * When the service looks at its executions. `wake()` (any change, from any caller) asks
 * for a pass; passes never overlap and wakes during one coalesce into one more pass.
 *
 * Time: with a real clock, one timer is armed for the next deadline (unref'd unless
 * someone waits for an execution to end, so an idle service with a wait due next month
 * does not keep a process alive). With a virtual clock, time jumps to the next deadline
 * only when nothing is running: no invocation in flight, no pass pending, and a few
 * macrotask turns gone by with no wake, so work the handler or a test left behind
 * (a callback sent from a `then`, an `setImmediate`) lands first (ADR 0013).
 */
export class Scheduler {
  private requested = false;
  private looping = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt: number | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  wake(): void {
    if (this.closed) return;
    this.requested = true;
    this.stopIdleTimer();
    if (this.looping) return;
    this.looping = true;
    queueMicrotask(() => void this.loop());
  }

  close(): void {
    this.closed = true;
    this.disarm();
    this.stopIdleTimer();
  }

  private async loop(): Promise<void> {
    try {
      while (this.requested && !this.closed) {
        this.requested = false;
        this.deps.pass(this.deps.clock.now());
        if (this.requested) continue;
        if (this.deps.clock.kind === "real") this.arm();
        else await this.advanceWhenIdle();
      }
    } catch (error) {
      this.deps.onError(error);
    } finally {
      this.looping = false;
    }
  }

  private arm(): void {
    const due = this.deps.nextDue();
    if (due === undefined) {
      this.disarm();
      if (this.deps.inFlight() === 0) this.startIdleTimer();
      return;
    }
    const keepAlive = this.deps.hasWaiters();
    if (this.timer !== undefined && this.timerAt === due && this.timer.hasRef() === keepAlive) return;
    this.disarm();
    this.timerAt = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      this.wake();
    }, Math.min(MAX_TIMER_MS, Math.max(0, due - Date.now())));
    if (!keepAlive) this.timer.unref();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = undefined;
  }

  /** Virtual time: let the event loop settle, then jump to the next deadline (or report quiescence). */
  private async advanceWhenIdle(): Promise<void> {
    for (let turn = 0; turn < VIRTUAL_SETTLE_TURNS; turn++) {
      if (this.requested || this.closed || this.deps.inFlight() > 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.requested || this.closed || this.deps.inFlight() > 0) return;
    const due = this.deps.nextDue();
    if (due === undefined) return this.startIdleTimer();
    await this.deps.clock.advanceTo(due);
    this.requested = true;
  }

  /** Counts down to `onQuiescent`; any wake stops it. Only while someone waits. */
  private startIdleTimer(): void {
    const after = this.deps.quiescentAfterMs;
    if (after === undefined || this.idleTimer !== undefined || !this.deps.hasWaiters()) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!this.requested && !this.closed && this.deps.inFlight() === 0) this.deps.onQuiescent();
    }, after);
  }

  private stopIdleTimer(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
