/** User error classes shared by the codec tests. */

export class PaymentDeclined extends Error {
  override name = "PaymentDeclined";
  constructor(
    message: string,
    readonly reason: string,
    readonly details: { card: string; limits: number[] },
  ) {
    super(message);
  }
  describe(): string {
    return `${this.reason}: ${this.message}`;
  }
}

/** Minification-proof registration: a static errorType. */
export class Throttled extends Error {
  static readonly errorType = "Throttled";
  override name = "Throttled";
  retryAfter = 3;
}
