import { GetDurableExecutionHistoryCommand, LambdaClient, type Event } from "@aws-sdk/client-lambda";
import { durable, type DurableConfig, type DurableContext } from "../../../src/index.js";
import { sequentialIds } from "../../../src/local/engine/index.js";
import { LocalDurableService } from "../../../src/local/service/local-durable-service.js";
import type { LocalDurableServiceOptions } from "../../../src/local/service/service-options.js";
import { VirtualClock } from "../../../src/local/virtual-clock.js";
import type { DurableExecutionInvocationInput } from "../../../src/wire/types.js";

export const T0 = Date.UTC(2025, 0, 1);
export const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A durable handler with its logger and dev warnings silenced. */
export function handler<E = any>(fn: (event: E, ctx: DurableContext) => unknown, config: DurableConfig = {}) {
  return durable(fn as never, { logger: quiet, dev: false, ...config });
}

/** The real LambdaClient at a local endpoint: placeholder credentials, no retries (each request is the test's). */
export function clientFor(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
}

export interface Served {
  service: LocalDurableService;
  client: LambdaClient;
  endpoint: string;
  close(): Promise<void>;
}

/**
 * The real LocalDurableService listening on a free port (virtual clock at T0, sequential
 * ids), and the real LambdaClient pointed at it: every request of a test crosses HTTP.
 */
export async function serve(
  t: { teardown(fn: () => Promise<void>): void },
  register: (service: LocalDurableService) => void,
  options: LocalDurableServiceOptions = {},
): Promise<Served> {
  const service = new LocalDurableService({
    clock: new VirtualClock(T0),
    engine: { ids: sequentialIds() },
    closeGraceMs: 100,
    ...options,
  });
  register(service);
  const { endpoint } = await service.listen();
  const client = clientFor(endpoint);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    client.destroy();
    await service.close();
  };
  // Closed even when an assertion throws, so a failing test cannot keep the process alive.
  t.teardown(close);
  return { service, client, endpoint, close };
}

/** Every event of an execution's history, all pages, through the client. */
export async function historyOf(client: LambdaClient, arn: string): Promise<Event[]> {
  const events: Event[] = [];
  let Marker: string | undefined;
  do {
    const page = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, Marker, MaxItems: 1000 }));
    events.push(...(page.Events ?? []));
    Marker = page.NextMarker;
  } while (Marker);
  return events;
}

/** Polls the history (through the client) until `predicate` finds an event; bounded, never a timing assertion. */
export async function eventually(client: LambdaClient, arn: string, predicate: (event: Event) => boolean): Promise<Event> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const found = (await historyOf(client, arn)).find(predicate);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no matching history event in ${arn}`);
}

/**
 * A raw handler (the invocation contract without the SDK) that holds each invocation
 * open until the test releases it: the test gets the execution's live checkpoint token
 * and can drive CheckpointDurableExecution and GetDurableExecutionState by hand.
 */
export function heldHandler() {
  const invocations: Array<{ event: DurableExecutionInvocationInput; release(output: unknown): void }> = [];
  let notify: (() => void) | undefined;
  const fn = (event: DurableExecutionInvocationInput) =>
    new Promise((release) => {
      invocations.push({ event, release });
      notify?.();
    });
  return {
    fn,
    /** The n-th invocation (0-based), once it has begun. */
    async invocation(n = 0) {
      while (invocations.length <= n) await new Promise<void>((resolve) => (notify = resolve));
      return invocations[n];
    },
    releaseAll(output: unknown = { Status: "SUCCEEDED" }) {
      invocations.forEach((invocation) => invocation.release(output));
    },
  };
}
