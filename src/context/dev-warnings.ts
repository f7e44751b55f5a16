import type { DurableLogSink } from "../logging/log-sink.js";

interface Created {
  readonly label: string;
  subscribed: boolean;
}

/**
 * Development-mode warnings for the two mistakes the creation-order rule makes easy
 * (DESIGN.md): an unnamed operation created while another of its context is still
 * running (on replay everything completes at once, so a timing-dependent order goes
 * unnoticed unless names are checked), and an operation created but never subscribed
 * (lazy operations do nothing until subscribed or awaited: usually a missing await).
 */
export class DevWarnings {
  private readonly created: Created[] = [];

  constructor(private readonly sink: DurableLogSink) {}

  /** Records a new operation; returns the function that marks it subscribed. */
  track(label: string, unnamed: boolean, outstanding: number): () => void {
    if (unnamed && outstanding > 0) {
      this.warn(
        `${label} is unnamed and was created while ${outstanding} other operation(s) of its context were running. ` +
          "If the order of creation depends on timing, replay will mix up results: name it, or give each branch its own child context.",
      );
    }
    const entry: Created = { label, subscribed: false };
    this.created.push(entry);
    return () => {
      entry.subscribed = true;
    };
  }

  /** At invocation end: operations nobody subscribed or awaited. */
  report(): void {
    for (const entry of this.created) {
      if (!entry.subscribed) this.warn(`${entry.label} was created but never subscribed or awaited: it did nothing. Missing await?`);
    }
    this.created.length = 0;
  }

  private warn(message: string): void {
    this.sink.warn(JSON.stringify({ level: "WARN", message: `durable-rx (dev): ${message}` }));
  }
}
