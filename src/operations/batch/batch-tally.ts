import type { BatchItem } from "./batch-result.js";
import { completionReason, type CompletionConfig, type CompletionReason } from "./completion-config.js";

export type ItemOutcome<T> = { readonly index: number } & ({ readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: Error });

/** The items of one batch as they start and finish, and whether the batch is complete. */
export class BatchTally<T> {
  private readonly items = new Map<number, BatchItem<T>>();
  private succeeded = 0;
  private failed = 0;

  constructor(
    private readonly names: readonly string[],
    private readonly completion: CompletionConfig,
  ) {}

  get reason(): CompletionReason | undefined {
    return completionReason(this.completion, { succeeded: this.succeeded, failed: this.failed, total: this.names.length });
  }

  start(index: number): void {
    this.items.set(index, { index, name: this.names[index], status: "STARTED" });
  }

  /** Records an item's outcome; returns the completion reason once the batch is complete. */
  record(outcome: ItemOutcome<T>): CompletionReason | undefined {
    const { index } = outcome;
    const name = this.names[index];
    if (outcome.ok) {
      this.succeeded++;
      this.items.set(index, { index, name, status: "SUCCEEDED", result: outcome.result });
    } else {
      this.failed++;
      this.items.set(index, { index, name, status: "FAILED", error: outcome.error });
    }
    return this.reason;
  }

  /** Every started item, in index order. */
  all(): BatchItem<T>[] {
    return [...this.items.values()].sort((a, b) => a.index - b.index);
  }
}
