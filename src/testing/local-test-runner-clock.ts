import type { ServiceClock } from "../local/virtual-clock.js";
import { VirtualClock } from "../local/virtual-clock.js";

/** Told when the scheduler asks for a jump past the run's virtual-time bound. */
export type OverLimit = (dueMs: number, limitMs: number) => void;

/**
 * The LocalTestRunner's virtual clock: the service's VirtualClock, gated by the test.
 *
 * The service's scheduler calls `advanceTo(nextDeadline)` once nothing runs and the event
 * loop has settled (ADR 0013). This clock lets that jump happen only while the test
 * waits on the runner (it awaits the run's result, a `waitFor...`, or `advance`):
 * while test code runs between those awaits (fetching, asserting, answering a callback
 * it took with `waitFor`), time stands still, so a timeout can never fire ahead of the
 * answer the test is about to send.
 *
 * A held jump is dropped, not delayed, when anything changed meanwhile (`changed()` is
 * called after every commit of the store): the scheduler then looks again at the
 * new state instead of moving to a deadline it computed before the change.
 */
export class RunnerClock implements ServiceClock {
  readonly kind = "virtual" as const;
  private readonly inner: VirtualClock;
  private readonly limitMs: number;
  private version = 0;
  private waiters = 0;
  /** `advance(duration)` in progress: jumps up to here are allowed. */
  private ceiling: { at: number; reached(): void } | undefined;
  private wakeUp: (() => void) | undefined;
  private closed = false;

  constructor(
    startMs: number,
    maxVirtualMs: number,
    private readonly overLimit: OverLimit,
  ) {
    this.inner = new VirtualClock(startMs);
    this.limitMs = startMs + maxVirtualMs;
  }

  readonly now = (): number => this.inner.now();

  /** The scheduler's jump to the next deadline: waits for the gate, and is dropped after a change. */
  async advanceTo(ms: number): Promise<void> {
    const seen = this.version;
    for (;;) {
      if (this.closed || this.version !== seen) return;
      if (this.ceiling && ms > this.ceiling.at && this.waiters === 0) {
        // advance(d) ends here: nothing else falls due before its target.
        this.inner.advanceBy(this.ceiling.at - this.inner.now());
        const { reached } = this.ceiling;
        this.ceiling = undefined;
        reached();
        continue;
      }
      if (this.waiters > 0 || (this.ceiling && ms <= this.ceiling.at)) break;
      await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
    if (ms > this.limitMs) {
      this.overLimit(ms, this.limitMs);
      this.closed = true;
      return;
    }
    await this.inner.advanceTo(ms);
  }

  /** The store committed a change. */
  changed(): void {
    this.version += 1;
    this.poke();
  }

  /** The test starts waiting on the runner; call the returned function when it stops. */
  hold(): () => void {
    this.waiters += 1;
    this.poke();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.waiters -= 1;
    };
  }

  /**
   * Lets time run forward by `ms`: every deadline up to then fires at its own time, then
   * the clock stands at the target. `idle()` must say whether the service has nothing
   * left to do at all (no invocation, nothing due), in which case no jump is coming and
   * the clock is set at once.
   */
  async advanceBy(ms: number, idle: () => Promise<boolean>): Promise<void> {
    if (this.ceiling) throw new Error("runner.clock.advance: another advance is still in progress; await it first");
    let reachedIt!: () => void;
    const reached = new Promise<void>((resolve) => (reachedIt = resolve));
    const ceiling = { at: this.inner.now() + ms, reached: reachedIt };
    this.ceiling = ceiling;
    this.poke();
    try {
      for (;;) {
        const state = await Promise.race([reached.then(() => "reached" as const), idle().then((yes) => (yes ? "idle" : "busy"))]);
        if (state === "reached" || this.closed) return;
        if (state === "idle" && this.ceiling === ceiling) {
          this.inner.advanceBy(ceiling.at - this.inner.now());
          return;
        }
      }
    } finally {
      if (this.ceiling === ceiling) this.ceiling = undefined;
    }
  }

  /** The run is over: a held jump returns without moving. */
  close(): void {
    this.closed = true;
    this.poke();
  }

  private poke(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }
}
