import type { LocalServiceEvent } from "../local/service/history-to-event.js";
import type { CommandIo } from "./command-io.js";
import { describeServiceEvent, operationLabel } from "./event-lines.js";
import { formatDuration, truncate } from "./format.js";

/**
 * Live progress of executions in a terminal: one line per event, indented by operation
 * depth, stamped with the service's time since the execution started (so skipped time
 * shows as `+1h 0m`). On a TTY a footer line below them names the operations still
 * running and is redrawn as they change; piped output gets the plain lines only.
 */
export class ProgressView {
  private readonly depth = new Map<string, number>();
  private readonly running = new Map<string, string>();
  private readonly startedAt = new Map<string, number>();
  private footerShown = false;

  constructor(
    private readonly io: CommandIo,
    /** Prefix each line with the execution's name (for `dev`, where executions interleave). */
    private readonly labelExecutions = false,
  ) {}

  onEvent(event: LocalServiceEvent): void {
    const start = this.startedAt.get(event.executionArn) ?? event.at;
    this.startedAt.set(event.executionArn, start);
    this.track(event);
    const text = describeServiceEvent(event);
    if (text === undefined) return;
    const indent = "  ".repeat(event.operationId ? (this.depth.get(event.operationId) ?? 0) : 0);
    const who = this.labelExecutions ? `${executionName(event.executionArn)}  ` : "";
    this.print(`${`+${formatDuration(event.at - start)}`.padStart(9)}  ${who}${indent}${text}`);
  }

  /** A line of advice under the event that prompted it (no timestamp). */
  hint(text: string): void {
    this.print(`${" ".repeat(11)}${text}`);
  }

  /** Removes the footer, leaving only the event lines. */
  close(): void {
    this.clearFooter();
  }

  private track(event: LocalServiceEvent): void {
    const id = event.operationId;
    if (!id || event.operationType === "EXECUTION") return;
    if (event.type === "operation.started") {
      if (!this.depth.has(id)) this.depth.set(id, event.parentId ? (this.depth.get(event.parentId) ?? 0) + 1 : 0);
      this.running.set(`${event.executionArn} ${id}`, operationLabel(event));
    } else if (event.type !== "operation.retrying") {
      this.running.delete(`${event.executionArn} ${id}`);
    }
  }

  private print(line: string): void {
    if (!this.io.isTty) {
      this.io.out(line);
      return;
    }
    this.clearFooter();
    this.io.out(truncate(line, this.io.columns));
    if (this.running.size > 0) {
      this.io.write(truncate(`          … open: ${[...this.running.values()].join(", ")}`, this.io.columns));
      this.footerShown = true;
    }
  }

  private clearFooter(): void {
    if (!this.footerShown) return;
    // Back to the start of the footer line and erase it.
    this.io.write("\r\x1b[2K");
    this.footerShown = false;
  }
}

/** `…/durable-execution/<name>/<id>` → `<name>`. */
const executionName = (arn: string): string => arn.split("/").at(-2) ?? arn;
