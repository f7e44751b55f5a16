import type { LambdaClientLike } from "../../src/checkpoint/ambient-client.js";
import type { OperationUpdate } from "../../src/wire/types.js";

export interface RecordedRequest {
  readonly command: string;
  readonly input: any;
}

/** Wraps a client and keeps a copy of every request, for "history in, updates out" assertions. */
export class RecordingClient implements LambdaClientLike {
  readonly requests: RecordedRequest[] = [];
  constructor(private readonly inner: LambdaClientLike) {}

  async send(command: unknown): Promise<unknown> {
    const { constructor, input } = command as { constructor: { name: string }; input: unknown };
    this.requests.push({ command: constructor.name, input: structuredClone(input) });
    return this.inner.send(command);
  }

  /** The Updates of each checkpoint request, in order. */
  get checkpoints(): OperationUpdate[][] {
    return this.requests.filter((r) => r.command === "CheckpointDurableExecutionCommand").map((r) => r.input.Updates ?? []);
  }

  /** `Action Type Name` of every update sent, flattened. */
  get actions(): string[] {
    return this.checkpoints.flat().map((u) => [u.Action, u.Type, u.Name].filter(Boolean).join(" "));
  }
}

/** A client for pure replays: any request is a test failure. */
export const noRequestsClient: LambdaClientLike = {
  async send(command: unknown) {
    throw new Error(`no request expected, got ${(command as { constructor: { name: string } }).constructor.name}`);
  },
};
