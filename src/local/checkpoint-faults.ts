import { AwsServiceError } from "./aws-error.js";

/**
 * What can go wrong with a CheckpointDurableExecution request between the SDK and the
 * service, and how PROTOCOL.md §8 classifies each for the SDK (a GetDurableExecutionState
 * read, when `reads` is on, meets the first four with nothing applied either way):
 *
 * | kind | what happens | applied? | SDK |
 * | --- | --- | --- | --- |
 * | `throttled` | 429 TooManyRequestsException | no | transient: resend, same ClientToken |
 * | `server-error` | 500 ServiceException | no | transient: resend, same ClientToken |
 * | `timeout` | no answer; the client gives up (`TimeoutError`, no status) | no | transient |
 * | `lost-response` | applied, then the connection drops (no status) | yes | transient: the resend is answered from the ClientToken cache |
 * | `stale-token` | 400 InvalidParameterValueException "Invalid Checkpoint Token" | no | invocation-level: the invocation throws, Lambda retries it |
 * | `duplicate` | the network delivers the request twice, same ClientToken | once | none: one answer comes back |
 */
export type CheckpointFaultKind = "throttled" | "server-error" | "timeout" | "lost-response" | "stale-token" | "duplicate";

/** The faults a read (GetDurableExecutionState) can meet: it writes nothing to lose or repeat. */
const READ_FAULT_KINDS: ReadonlySet<CheckpointFaultKind> = new Set(["throttled", "server-error", "timeout", "stale-token"]);

export const CHECKPOINT_FAULT_KINDS: readonly CheckpointFaultKind[] = [
  "throttled",
  "server-error",
  "timeout",
  "lost-response",
  "stale-token",
  "duplicate",
];

export interface CheckpointFaultOptions {
  /** The share of checkpoint deliveries (resends included) that suffer a fault, 0 to 1. */
  rate: number;
  /** Seeds the choice of which deliveries fail and how: the same seed, the same faults (default 1). */
  seed?: number;
  /** The faults to draw from, equally likely (default: all of them). */
  kinds?: readonly CheckpointFaultKind[];
  /** Real milliseconds a `timeout` hangs before the client gives up (default 0). */
  timeoutMs?: number;
  /**
   * Also fault GetDurableExecutionState, the read the SDK pages state in with, with the
   * kinds a read can meet (throttled, server-error, timeout, stale-token). Default false.
   */
  reads?: boolean;
  /** Told about every fault as it is injected. */
  onFault?(fault: InjectedFault): void;
}

/** One injected fault. */
export interface InjectedFault {
  readonly kind: CheckpointFaultKind;
  readonly command: "CheckpointDurableExecution" | "GetDurableExecutionState";
  readonly executionArn: string;
  readonly clientToken: string | undefined;
  /** How many times a request with this ClientToken had been delivered, this one included. */
  readonly delivery: number;
}

/** What the client does with one delivery. */
export type FaultPlan =
  | { readonly apply: "never"; readonly error: Error; readonly delayMs: number }
  | { readonly apply: "once"; readonly error: Error }
  | { readonly apply: "twice" };

/**
 * Draws the faults of one client from a seeded generator (mulberry32), one draw per
 * checkpoint delivery, and shapes each error as `@aws-sdk/client-lambda` would throw it.
 */
export class CheckpointFaults {
  private readonly next: () => number;
  private readonly kinds: readonly CheckpointFaultKind[];
  private readonly readKinds: readonly CheckpointFaultKind[];
  private readonly deliveries = new Map<string, number>();

  constructor(private readonly options: CheckpointFaultOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`faults.rate must be between 0 and 1; got ${options.rate}`);
    this.kinds = options.kinds ?? CHECKPOINT_FAULT_KINDS;
    if (this.kinds.length === 0) throw new RangeError("faults.kinds must name at least one fault");
    this.readKinds = options.reads ? this.kinds.filter((kind) => READ_FAULT_KINDS.has(kind)) : [];
    this.next = seededRandom(options.seed ?? 1);
  }

  /** The fault for this delivery of a request, or undefined when it goes through (or cannot fault). */
  draw(command: string, input: { DurableExecutionArn?: unknown; ClientToken?: unknown }, requestId: string): FaultPlan | undefined {
    const read = command === "GetDurableExecutionState";
    if (command !== "CheckpointDurableExecution" && !read) return undefined;
    const kinds = read ? this.readKinds : this.kinds;
    if (kinds.length === 0) return undefined;
    const clientToken = !read && typeof input.ClientToken === "string" ? input.ClientToken : undefined;
    const delivery = (clientToken === undefined ? 0 : (this.deliveries.get(clientToken) ?? 0)) + 1;
    if (clientToken !== undefined) this.deliveries.set(clientToken, delivery);
    if (this.next() >= this.options.rate) return undefined;
    const kind = kinds[Math.floor(this.next() * kinds.length)]!;
    this.options.onFault?.({
      kind,
      command: read ? "GetDurableExecutionState" : "CheckpointDurableExecution",
      executionArn: String(input.DurableExecutionArn),
      clientToken,
      delivery,
    });
    switch (kind) {
      case "throttled":
        return { apply: "never", delayMs: 0, error: new AwsServiceError("TooManyRequestsException", "Rate exceeded", 429, requestId) };
      case "server-error":
        return { apply: "never", delayMs: 0, error: new AwsServiceError("ServiceException", "Injected fault: internal service error", 500, requestId) };
      case "stale-token":
        return { apply: "never", delayMs: 0, error: new AwsServiceError("InvalidParameterValueException", "Invalid Checkpoint Token", 400, requestId) };
      case "timeout":
        return { apply: "never", delayMs: this.options.timeoutMs ?? 0, error: networkError("TimeoutError", "Injected fault: the request timed out") };
      case "lost-response":
        return { apply: "once", error: networkError("ECONNRESET", "Injected fault: socket hang up after the request was sent") };
      case "duplicate":
        return { apply: "twice" };
    }
  }
}

/** A failure below HTTP: the AWS SDK throws it with no status code, which the SDK treats as transient. */
function networkError(name: string, message: string): Error {
  const error = new Error(message) as Error & { code: string; $metadata: object };
  error.name = name;
  error.code = name;
  error.$metadata = {};
  return error;
}

/** mulberry32: a small seeded PRNG, so a fault sequence (or a test's sample) is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
