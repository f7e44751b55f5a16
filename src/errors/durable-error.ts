/**
 * Brand shared by every copy of this package loaded in one process: `instanceof` fails
 * when the ESM and the CJS build are both loaded (the dual-package hazard), a
 * registered symbol does not.
 */
const BRAND = Symbol.for("durable-rx.DurableError");

/** How a terminal error ends the invocation (PROTOCOL.md §1.2, §8). */
export type FailureKind = "execution" | "invocation";

/** Options every durable-rx error accepts. */
export interface DurableErrorOptions {
  /** The underlying error (ES2022 `cause`). */
  cause?: unknown;
  /** The original error's own properties, as the JSON the wire carries (`ErrorObject.ErrorData`). */
  errorData?: string;
}

/**
 * The root of durable-rx's errors: a literal `name`, a stable `code` to branch on,
 * a native `cause`, and `errorData` carrying the original error's own properties.
 *
 * `name` and `code` are prototype getters that return literals, never
 * `this.constructor.name`: a minifier renames classes, and an own enumerable field
 * would clutter every `util.inspect`, spread and deep-equality of an error.
 *
 * @example
 * ```ts
 * try { await ctx.step("charge", charge); }
 * catch (e) { if (DurableError.is(e) && e.code === "STEP_FAILED") ... }
 * ```
 */
export class DurableError extends Error {
  declare readonly errorData?: string;
  /** Set on terminal errors: whether the execution fails or the invocation is retried. */
  declare readonly failure?: FailureKind;

  constructor(message?: string, options?: DurableErrorOptions & { failure?: FailureKind }) {
    super(message ?? "Durable operation failed", options && "cause" in options ? { cause: options.cause } : undefined);
    // Only present keys become own properties, so a rebuilt error and a live one compare equal.
    if (options?.errorData !== undefined) this.errorData = options.errorData;
    if (options?.failure !== undefined) this.failure = options.failure;
  }

  override get name(): string {
    return "DurableError";
  }

  /** A stable identifier for the kind of failure, e.g. `"STEP_FAILED"`. */
  get code(): string {
    if (this.failure === "execution") return "EXECUTION_FAILED";
    if (this.failure === "invocation") return "INVOCATION_FAILED";
    return "DURABLE_ERROR";
  }

  /** Whether `x` is a durable-rx error from any copy of this package (ESM or CJS). */
  static is(x: unknown): x is DurableError {
    return typeof x === "object" && x !== null && (x as { [BRAND]?: unknown })[BRAND] === true;
  }

  /** An error that fails the execution (status FAILED) without a Lambda retry. */
  static execution(message: string): DurableError {
    return new DurableError(message, { failure: "execution" });
  }

  /** An error that makes the Lambda invocation throw, so Lambda retries it. */
  static invocation(message: string): DurableError {
    return new DurableError(message, { failure: "invocation" });
  }
}

// On the prototype, not the instance: it must not show up as an own property.
Object.defineProperty(DurableError.prototype, BRAND, { value: true });
