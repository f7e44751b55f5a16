import type { HistoryEvent, InvocationRecord } from "../local/engine/records.js";
import type { LocalExecution } from "../local/service/execution-view.js";
import type { LocalServiceEvent } from "../local/service/history-to-event.js";
import type { ErrorObject } from "../wire/types.js";
import { readHistory, type HistoryEventRecord, type RecordedHistory } from "./recorded-history.js";
import { describeWanted, listNames, parsePayload, TestOperation } from "./test-result-operation.js";

/** How an execution ended (a run only returns once it is no longer RUNNING). */
export type TestResultStatus = "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED";

/**
 * What a LocalTestRunner run left behind: the execution's outcome, its operations as a
 * tree, its invocations, its events and its history, read once when it ended.
 *
 * @example
 * ```ts
 * const result = await runner.run({ input: { orderId: "o-1" } });
 * expect(result.status).toBe("SUCCEEDED");
 * expect(result.getOperation("charge").attempt).toBe(2);
 * expect(result.getOperation("ship").children.map((op) => op.name)).toEqual(["label", "hand-over"]);
 * ```
 */
export class TestResult<T = unknown> {
  readonly executionArn: string;
  readonly status: TestResultStatus;
  /** The handler's value, parsed from the stored JSON (the text itself when it is not JSON). */
  readonly result: T | undefined;
  /** The result payload exactly as stored. */
  readonly rawResult: string | undefined;
  /** Why it did not succeed, as the service recorded it (ErrorObject fields). */
  readonly error: ErrorObject | undefined;
  /** Every operation but the EXECUTION itself, in start order; each knows its children. */
  readonly operations: readonly TestOperation[];
  /** Each invocation: number, request id, start, end and outcome (SUCCEEDED, FAILED, PENDING or THREW). */
  readonly invocations: readonly InvocationRecord[];
  /** The service's events for this execution, in order (timestamps on the run's clock). */
  readonly events: readonly LocalServiceEvent[];
  /** The history events (PROTOCOL.md §13), timestamps in epoch ms: what `replayCheck` and `saveHistory` take. */
  readonly history: readonly HistoryEvent[];
  readonly startedAt: number;
  readonly endedAt: number;

  readonly #byId = new Map<string, TestOperation>();
  readonly #children = new Map<string, TestOperation[]>();

  constructor(execution: LocalExecution, events: readonly LocalServiceEvent[], history: readonly HistoryEvent[]) {
    this.executionArn = execution.arn;
    this.status = execution.status as TestResultStatus;
    this.rawResult = execution.result;
    this.result = parsePayload(execution.result) as T | undefined;
    this.error = execution.error;
    this.invocations = execution.invocations;
    this.events = events;
    this.history = history;
    this.startedAt = execution.startedAt;
    this.endedAt = execution.endedAt ?? execution.startedAt;
    const lookup = { childrenOf: (id: string) => this.#children.get(id) ?? [], byId: (id: string) => this.#byId.get(id) };
    this.operations = execution.operations.filter((op) => op.Type !== "EXECUTION").map((op) => new TestOperation(op, lookup));
    for (const op of this.operations) {
      this.#byId.set(op.id, op);
      if (op.parentId === undefined) continue;
      const siblings = this.#children.get(op.parentId) ?? [];
      siblings.push(op);
      this.#children.set(op.parentId, siblings);
    }
  }

  /** The top-level operations (no parent), in start order. */
  get roots(): readonly TestOperation[] {
    return this.operations.filter((op) => op.parentId === undefined || !this.#byId.has(op.parentId));
  }

  /** Virtual (or real) milliseconds from start to end. */
  get durationMs(): number {
    return this.endedAt - this.startedAt;
  }

  /**
   * The `index`-th operation named `name` (in start order, at any depth); throws, listing
   * the names there are, when there is none. {@link findOperation} returns undefined instead.
   */
  getOperation(name: string, index = 0): TestOperation {
    const found = this.findOperation(name, index);
    if (found) return found;
    const named = this.operationsNamed(name).length;
    const why = named > 0 ? `only ${named} operation(s) are named "${name}"` : `operations: ${listNames(this.operations)}`;
    throw new Error(`TestResult.getOperation: no operation ${describeWanted(name, index)}; ${why}`);
  }

  findOperation(name: string, index = 0): TestOperation | undefined {
    return this.operationsNamed(name)[index];
  }

  operationsNamed(name: string): TestOperation[] {
    return this.operations.filter((op) => op.name === name);
  }

  getOperationById(id: string): TestOperation | undefined {
    return this.#byId.get(id);
  }

  /**
   * The history with the execution's ARN, as `replayCheck(handler, ...)` and `saveHistory(path, ...)` take it:
   * a fixture recorded from this run.
   */
  recordedHistory(): RecordedHistory {
    return readHistory({ DurableExecutionArn: this.executionArn, Events: this.history as HistoryEventRecord[] });
  }

  /** The operation tree, one per line, indented by depth: for failure messages and for reading. */
  toString(): string {
    const lines = [`execution ${this.status}${this.error ? `: ${this.error.ErrorType ?? "Error"}: ${this.error.ErrorMessage ?? ""}` : ""}`];
    const walk = (ops: readonly TestOperation[], depth: number): void => {
      for (const op of ops) {
        lines.push(`${"  ".repeat(depth + 1)}${op.label}`);
        walk(op.children, depth + 1);
      }
    };
    walk(this.roots, 0);
    return lines.join("\n");
  }
}
