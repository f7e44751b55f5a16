import { invalidContent } from "./http-error.js";

/**
 * A path template with at most one `{Label}`, as every route of the Lambda REST API has
 * (`/2025-12-01/durable-executions/{DurableExecutionArn}/checkpoint`).
 */
export interface PathTemplate {
  prefix: readonly string[];
  /** Undefined for a template without a label (`/events`). */
  suffix?: readonly string[];
}

export function parseTemplate(template: string): PathTemplate {
  const segments = template.split("/").slice(1);
  const at = segments.findIndex((segment) => segment.startsWith("{"));
  if (at < 0) return { prefix: segments };
  return { prefix: segments.slice(0, at), suffix: segments.slice(at + 1) };
}

/**
 * The raw path split on `/`, each segment percent-decoded afterwards: the AWS SDK
 * encodes a label fully (`/` as `%2F`, PROTOCOL.md §15.1), so an execution ARN arrives
 * as one segment and decoding the whole path first would split it apart. Malformed
 * escapes are the client's error, never a crash.
 */
export function splitPath(rawPath: string): string[] {
  return rawPath
    .split("/")
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw invalidContent(`Malformed percent-encoding in path segment '${segment}'.`);
      }
    });
}

/**
 * The label when `segments` fit `template` (`""` for a template without one), else
 * undefined. A label may span several segments, so an ARN typed with bare slashes
 * (curl) matches as well as the SDK's encoded one; they are joined back with `/`.
 */
export function matchPath(template: PathTemplate, segments: readonly string[]): string | undefined {
  const { prefix, suffix } = template;
  const startsRight = prefix.every((literal, i) => segments[i] === literal);
  if (!startsRight) return undefined;
  if (suffix === undefined) return segments.length === prefix.length ? "" : undefined;
  const labelLength = segments.length - prefix.length - suffix.length;
  if (labelLength < 1) return undefined;
  const tail = segments.slice(segments.length - suffix.length);
  if (!suffix.every((literal, i) => tail[i] === literal)) return undefined;
  const label = segments.slice(prefix.length, prefix.length + labelLength).join("/");
  return label === "" ? undefined : label;
}
