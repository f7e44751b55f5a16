import type { LambdaClientLike } from "../../src/index.js";
import { AwsServiceError } from "../../src/local/aws-error.js";
import type { CrashPhase } from "./crash-space.js";

/** One invocation's process: alive until the crash plan kills it or the handler answers. */
export class InvocationLife {
  dead = false;
  ended = false;
  /** Rejects when the process is killed: what Lambda sees of a runtime that died. */
  readonly killed: Promise<never>;
  private reject!: (error: Error) => void;

  constructor(
    readonly number: number,
    private readonly onKill: (life: InvocationLife) => void,
  ) {
    this.killed = new Promise<never>((_, reject) => (this.reject = reject));
    this.killed.catch(() => undefined);
  }

  /** Kills the process now; a process that already answered cannot die mid-work (false). */
  kill(): boolean {
    if (this.dead || this.ended) return false;
    this.dead = true;
    this.onKill(this);
    const error = new Error(`Runtime exited: the crash plan killed invocation ${this.number}`);
    error.name = "Runtime.ExitError";
    this.reject(error);
    return true;
  }

  end(): void {
    this.ended = true;
  }
}

/** What the client asks of the run it belongs to. */
export interface RequestControl {
  /** Numbers the next checkpoint request and tells whether the crash plan kills the process at it. */
  nextRequest(): CrashPhase | undefined;
  /** The service applied a request (or answered it from its ClientToken cache). */
  answered(): void;
  /** The service rejected a request: a request the SDK should never have sent. */
  rejected(input: unknown, error: unknown): void;
  /** Holds a dead process's request until the next invocation has begun (or the run ends), then delivers it. */
  deliverLate(deliver: () => void): void;
  /** What the service did with a request that arrived after its process died and another took over. */
  lateAnswered(applied: boolean): void;
}

/** Macrotasks a request stays in flight at an `in-flight-*` crash point. */
export const IN_FLIGHT_TURNS = 3;

/**
 * What a killed process's SDK gets for every call from the moment it died. Nothing it
 * does can matter any more (the invocation is already recorded as crashed and the
 * service never hears from it), so the answer only has to end it quickly: a 4xx the
 * SDK classifies as final closes the zombie's scope, and with it its refresh timers,
 * instead of leaving them polling for the 15 minutes a Lambda invocation may last.
 */
const dead = (): Promise<never> =>
  Promise.reject(new AwsServiceError("ProcessKilled", "The process of this invocation was killed by the crash plan.", 400, "killed"));
const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const nameOf = (command: unknown): string => {
  const name = (command as { constructor?: { name?: string } }).constructor?.name ?? "";
  return name.endsWith("Command") ? name.slice(0, -"Command".length) : name;
};

/**
 * The client one invocation's SDK talks to. It forwards to the service's engine and
 * kills the invocation's process where the crash plan says. A dead process sends
 * nothing: nothing it does after its death reaches the service.
 */
export class CrashClient implements LambdaClientLike {
  constructor(
    private readonly inner: LambdaClientLike,
    private readonly life: InvocationLife,
    private readonly control: RequestControl,
  ) {}

  async send(command: unknown): Promise<unknown> {
    if (this.life.dead) return dead();
    if (nameOf(command) !== "CheckpointDurableExecution") return this.inner.send(command);
    const phase = this.control.nextRequest();
    // A process that already answered cannot die mid-work: then the request goes through.
    switch (phase) {
      case "before":
        return this.life.kill() ? dead() : this.forward(command);
      case "lost": {
        const answer = this.forward(command);
        if (!this.life.kill()) return answer;
        answer.catch(() => undefined);
        return dead();
      }
      case "in-flight-landed":
      case "in-flight-dropped": {
        for (let turn = 0; turn < IN_FLIGHT_TURNS; turn++) await macrotask();
        // A landing request reaches the service before Lambda learns the runtime died.
        const answer = phase === "in-flight-landed" ? this.forward(command) : undefined;
        if (!this.life.kill()) return answer ?? this.forward(command);
        answer?.catch(() => undefined);
        return dead();
      }
      case "late": {
        // Stuck in the network: it arrives once another invocation has taken over.
        if (!this.life.kill()) return this.forward(command);
        this.control.deliverLate(() => {
          this.inner.send(command).then(
            () => this.control.lateAnswered(true),
            () => this.control.lateAnswered(false),
          );
        });
        return dead();
      }
      case "after": {
        const output = await this.forward(command);
        setImmediate(() => this.life.kill());
        return output;
      }
      default:
        return this.forward(command);
    }
  }

  /** The in-process client applies a request synchronously, in this call; it settles later. */
  private forward(command: unknown): Promise<unknown> {
    return this.inner.send(command).then(
      (output) => {
        this.control.answered();
        return output;
      },
      (error: unknown) => {
        this.control.rejected((command as { input?: unknown }).input, error);
        throw error;
      },
    );
  }
}
