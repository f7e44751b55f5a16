import { formatDuration, oneLine, truncate } from "./format.js";

/** A history event as the AWS SDK returns it (Date timestamps). */
export interface HistoryEventLike {
  EventType?: string;
  EventId?: number;
  Id?: string;
  Name?: string;
  SubType?: string;
  EventTimestamp?: Date | number;
}

const ms = (value: Date | number | undefined): number | undefined => (value instanceof Date ? value.getTime() : value);

/** The detail worth a glance for each event type (PROTOCOL.md §13): results, errors, attempts, durations. */
export function describeEvent(event: HistoryEventLike): string {
  const details = ((event as Record<string, unknown>)[`${event.EventType}Details`] ?? {}) as Record<string, any>;
  const parts: string[] = [];
  const payload = details.Result?.Payload ?? details.Input?.Payload;
  if (typeof payload === "string") parts.push(oneLine(payload));
  const error = details.Error?.Payload;
  if (error && typeof error === "object") parts.push(`${error.ErrorType ?? "Error"}: ${oneLine(String(error.ErrorMessage ?? ""))}`);
  const retry = details.RetryDetails;
  if (retry?.CurrentAttempt !== undefined) parts.push(`attempt ${retry.CurrentAttempt}`);
  if (retry?.NextAttemptDelaySeconds !== undefined) parts.push(`retry in ${formatDuration(retry.NextAttemptDelaySeconds * 1000)}`);
  if (details.Duration !== undefined) parts.push(`${formatDuration(Number(details.Duration) * 1000)}`);
  if (details.CallbackId !== undefined) parts.push(`callback ${details.CallbackId}`);
  if (details.FunctionName !== undefined) parts.push(`→ ${details.FunctionName}`);
  if (event.EventType === "InvocationCompleted") {
    const start = ms(details.StartTimestamp);
    const end = ms(details.EndTimestamp);
    if (start !== undefined && end !== undefined) parts.push(`ran ${formatDuration(end - start)}`);
  }
  return parts.join(", ");
}

/** `+1.5s`-style offsets from the first event, so a history reads as a timeline. */
export function historyRows(events: readonly HistoryEventLike[], width: number): string[][] {
  const start = ms(events[0]?.EventTimestamp) ?? 0;
  return events.map((event) => {
    const at = ms(event.EventTimestamp);
    const offset = at === undefined ? "" : `+${formatDuration(at - start)}`;
    const who = event.Name ?? (event.Id && !event.EventType?.startsWith("Execution") ? event.Id : "");
    return [String(event.EventId ?? ""), offset, event.EventType ?? "", truncate(who, 32), truncate(describeEvent(event), width)];
  });
}
