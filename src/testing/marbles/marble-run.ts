import type { Subscription } from "rxjs";
import type { TestScheduler } from "rxjs/testing";
import { pendingWorkError } from "./marble-errors.js";
import type { VirtualInvocation } from "./virtual-invocation.js";

/**
 * What one `durableMarbles(...)` call shares between its helpers: the scheduler, the
 * service clock (epoch ms at frame 0, plus frames), every invocation started (so the
 * end of the run can tell work that only a Promise could finish), and the problems
 * to report when virtual time runs out.
 */
export class MarbleRun {
  private readonly invocations: Array<{ invocation: VirtualInvocation; where: string }> = [];
  private readonly problems: Error[] = [];
  /** Set when virtual time has run out: nothing new may start. */
  over = false;
  /** The helpers' own bookkeeping actions (timers, checks): none of them can finish running work. */
  private readonly own = new WeakSet<object>();

  constructor(
    readonly scheduler: TestScheduler,
    readonly epochMs: number,
  ) {}

  /** Service time now: epoch ms. */
  readonly now = (): number => this.epochMs + this.scheduler.now();

  /** Schedules bookkeeping: a deadline, a suspension check, a timer of the service. */
  schedule(work: () => void, delay = 0): Subscription {
    const action = this.scheduler.schedule(work, delay);
    this.own.add(action);
    return action;
  }

  /**
   * Whether anything besides the helpers' bookkeeping is scheduled: a cold() body's
   * next message, a checkpoint send. With none, running work can only be waiting for
   * a Promise, which will not settle before the run returns.
   */
  hasForeignWork(): boolean {
    return this.scheduler.actions.some((action) => !action.closed && !this.own.has(action));
  }

  track(invocation: VirtualInvocation, where: string): void {
    this.invocations.push({ invocation, where });
  }

  problem(error: Error): void {
    this.problems.push(error);
  }

  /**
   * Runs as the last action of the run, before the diagrams are compared: an invocation
   * still live with running work is waiting for a Promise (nothing virtual is left to
   * finish it), which is worth a clear failure rather than a confusing diagram.
   */
  finish(): void {
    this.over = true;
    const stuck = this.invocations.find(({ invocation }) => !invocation.ended && invocation.scope.working > 0);
    for (const { invocation } of this.invocations) invocation.abandon();
    if (stuck) throw pendingWorkError(stuck.where, stuck.invocation.scope.working);
    if (this.problems.length > 0) throw this.problems[0];
  }
}
