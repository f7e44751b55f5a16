/**
 * Time for a local service, as a value the runner controls. A virtual clock only moves
 * when told to, so a week-long wait costs nothing; a real clock sleeps for real.
 */
export interface ServiceClock {
  readonly kind: "virtual" | "real";
  now(): number;
  /** Virtual: jumps to `ms` at once (never backwards). Real: sleeps until `ms`. */
  advanceTo(ms: number): Promise<void>;
}

export class VirtualClock implements ServiceClock {
  readonly kind = "virtual" as const;
  private current: number;

  constructor(startMs: number = Date.now()) {
    this.current = startMs;
  }

  /** Bound, so it can be handed around as a plain `() => number`. */
  readonly now = (): number => this.current;

  async advanceTo(ms: number): Promise<void> {
    if (ms > this.current) this.current = ms;
  }

  /** Moves forward by `ms` (tests that want time to pass without a due timer). */
  advanceBy(ms: number): void {
    if (ms > 0) this.current += ms;
  }
}

export class RealClock implements ServiceClock {
  readonly kind = "real" as const;
  readonly now = (): number => Date.now();

  async advanceTo(ms: number): Promise<void> {
    const delay = ms - Date.now();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
