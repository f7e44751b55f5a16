import { concatMap, defer, finalize, of, timer, type Observable, type SchedulerLike } from "rxjs";
import type { CheckpointSender } from "../../checkpoint/checkpointer.js";
import type { DurableEngine } from "../../local/engine/engine.js";
import { convertTimestamps, toDate } from "../../local/engine/wire.js";
import { toAwsError } from "../../local/aws-error.js";
import type {
  CheckpointDurableExecutionInput,
  CheckpointDurableExecutionOutput,
  GetDurableExecutionStateInput,
  GetDurableExecutionStateOutput,
  OperationUpdate,
} from "../../wire/types.js";

/** A checkpoint request as the service received it, for assertions. */
export interface CheckpointRequest {
  /** 1-based number of the invocation that sent it. */
  readonly invocation: number;
  readonly updates: readonly OperationUpdate[];
}

export interface VirtualPortOptions {
  readonly engine: DurableEngine;
  readonly scheduler: SchedulerLike;
  /** The service's clock, epoch ms. */
  readonly now: () => number;
  /** Frames between a request and its answer (0: answered at once, synchronously). */
  readonly latency: number;
  readonly invocation: number;
  /** When a request is sent. */
  readonly onRequest: (request: CheckpointRequest) => void;
  /** After the engine applied a checkpoint (its timers may have changed). */
  readonly onApplied: () => void;
  /** After a request's answer was delivered and `inFlight` counts it no more. */
  readonly onSettled: () => void;
}

/**
 * The service as a TestScheduler sees it: the engine's own rules, answering in virtual
 * time, with `Date` timestamps and AWS-shaped errors as `@aws-sdk/client-lambda` would
 * deliver them. `inFlight` counts requests not answered yet: with the queue's length it
 * tells the driver whether the checkpointer is idle.
 */
export class VirtualPort implements CheckpointSender {
  inFlight = 0;

  constructor(private readonly options: VirtualPortOptions) {}

  checkpoint(input: CheckpointDurableExecutionInput): Observable<CheckpointDurableExecutionOutput> {
    const { engine, now } = this.options;
    return this.served(
      () => this.options.onRequest({ invocation: this.options.invocation, updates: structuredClone(input.Updates ?? []) }),
      () => {
        const output = engine.checkpoint({ ...structuredClone(input), ClientToken: input.ClientToken ?? `virtual-${now()}` }, now());
        this.options.onApplied();
        return output;
      },
    );
  }

  getState(input: GetDurableExecutionStateInput): Observable<GetDurableExecutionStateOutput> {
    return this.served(
      () => {},
      () => this.options.engine.getExecutionState(structuredClone(input)),
    );
  }

  private served<T>(sent: () => void, serve: () => T): Observable<T> {
    const { scheduler, latency } = this.options;
    const answer = defer(() => {
      try {
        return of(convertTimestamps(serve(), toDate));
      } catch (error) {
        throw toAwsError(error, `virtual-invocation-${this.options.invocation}`);
      }
    });
    return defer(() => {
      sent();
      this.inFlight++;
      const delivered = latency > 0 ? timer(latency, scheduler).pipe(concatMap(() => answer)) : answer;
      return delivered.pipe(
        finalize(() => {
          this.inFlight--;
          this.options.onSettled();
        }),
      );
    });
  }
}
