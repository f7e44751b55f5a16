/** A notification at a frame, shaped as rxjs's TestScheduler records them, so one assertDeepEqual compares both. */
export interface FrameMessage {
  readonly frame: number;
  readonly notification: { readonly kind: "N" | "E" | "C"; readonly value: unknown; readonly error: unknown };
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SPAN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)(?= |$)/;

/**
 * Service-time marbles: the time axis of a durable execution, where steps take no
 * service time and waits take hours. A value, a group `(ab)`, `|` and `#` take no
 * time; `-` is 1 ms; a span (`100ms`, `5s`, `2m`, `3h`, `1d`, after a space or at the
 * start, followed by a space or the end) moves time by that much; other spaces only
 * separate. So a workflow with two steps and a five-second wait reads `(ab) 5s (c|)`:
 * a and b at 0, c and completion at 5000. (In rxjs's own marbles every character is a
 * frame, so the same diagram would put c at 5004.)
 */
export function parseServiceTime(marbles: string, values?: Readonly<Record<string, unknown>>, error: unknown = "error"): FrameMessage[] {
  const messages: FrameMessage[] = [];
  let frame = 0;
  let group = false;
  for (let i = 0; i < marbles.length; i++) {
    const c = marbles[i]!;
    if (/\d/.test(c) && (i === 0 || marbles[i - 1] === " ")) {
      const span = SPAN.exec(marbles.slice(i));
      if (span) {
        frame += Number(span[1]) * UNITS[span[2]!]!;
        i += span[0].length - 1;
        continue;
      }
    }
    switch (c) {
      case " ":
        break;
      case "-":
        if (group) throw new SyntaxError(`service-time marbles: "-" inside a group in ${JSON.stringify(marbles)}`);
        frame += 1;
        break;
      case "(":
        if (group) throw new SyntaxError(`service-time marbles: nested group in ${JSON.stringify(marbles)}`);
        group = true;
        break;
      case ")":
        if (!group) throw new SyntaxError(`service-time marbles: ")" without "(" in ${JSON.stringify(marbles)}`);
        group = false;
        break;
      case "|":
        messages.push({ frame, notification: { kind: "C", value: undefined, error: undefined } });
        break;
      case "#":
        messages.push({ frame, notification: { kind: "E", value: undefined, error } });
        break;
      case "^":
      case "!":
        throw new SyntaxError(`service-time marbles: "${c}" (subscription marks) is not supported; subscribe where the diagram starts`);
      default:
        messages.push({ frame, notification: { kind: "N", value: values && Object.hasOwn(values, c) ? values[c] : c, error: undefined } });
    }
  }
  if (group) throw new SyntaxError(`service-time marbles: unclosed group in ${JSON.stringify(marbles)}`);
  return messages;
}
