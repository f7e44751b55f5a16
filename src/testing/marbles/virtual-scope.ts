import { InvocationScope, type InvocationSettings } from "../../context/invocation-scope.js";
import type { DurableError } from "../../errors/index.js";
import type { ExecutionState } from "../../replay/execution-state.js";

/** What the driver of a virtual invocation hears from its scope. */
export interface ScopeListener {
  /** Running work or blocked operations changed. */
  changed(): void;
  /** A terminal condition poisoned the invocation. */
  poisoned(error: DurableError): void;
}

/**
 * An InvocationScope whose decisions a TestScheduler can observe synchronously. The
 * real scope decides suspension on a macrotask and settles a Promise (DESIGN.md
 * "Suspension"): both land after `TestScheduler.run` has returned. This one counts the
 * same running work and blocked operations through the public hooks, so the driver can
 * take the same decision in virtual time, and its timers are virtual too.
 */
export class VirtualScope extends InvocationScope {
  /** Running work: bodies, gating updates, requests in flight. */
  working = 0;
  /** Subscribed operations that cannot finish on their own. */
  blockedCount = 0;

  constructor(
    state: ExecutionState,
    settings: Omit<InvocationSettings, "scheduleCheck">,
    private readonly listener: ScopeListener,
  ) {
    // The driver decides suspension itself (see `changed`): the base check never runs.
    super(state, { ...settings, scheduleCheck: () => {} });
  }

  override beginWork(): () => void {
    const release = super.beginWork();
    this.working++;
    this.listener.changed();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.working--;
      release();
      this.listener.changed();
    };
  }

  override block(): () => void {
    const unblock = super.block();
    this.blockedCount++;
    this.listener.changed();
    let unblocked = false;
    return () => {
      if (unblocked) return;
      unblocked = true;
      this.blockedCount--;
      unblock();
      this.listener.changed();
    };
  }

  override poison(error: DurableError): void {
    const wasLive = this.live;
    super.poison(error);
    if (wasLive) this.listener.poisoned(error);
  }

  /**
   * The SDK arms refresh timers from the wall clock (await-status.ts), which does not
   * move in virtual time; the driver refreshes instead when the service's next timer
   * comes due and when the test changes something, at the exact virtual moment.
   */
  override setTimer(): () => void {
    return () => {};
  }
}
