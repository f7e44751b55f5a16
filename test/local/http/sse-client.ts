import { request } from "node:http";

/** One server-sent event block, or a comment line. */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/**
 * A minimal SSE reader over node:http: frames arrive in `frames` as they are parsed, and
 * `next(predicate)` waits for the first unread one matching. `close()` hangs up, as a
 * browser tab that goes away does.
 */
export function openEventStream(url: string, headers: Record<string, string> = {}) {
  const frames: SseFrame[] = [];
  const waiters: Array<() => void> = [];
  let status = 0;
  let buffer = "";
  let ended = false;
  let read = 0;
  const notify = () => waiters.splice(0).forEach((wake) => wake());
  const target = new URL(url);
  const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers, agent: false }, (res) => {
    status = res.statusCode ?? 0;
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const frame of parseBlock(block)) frames.push(frame);
      }
      notify();
    });
    res.on("end", () => {
      ended = true;
      notify();
    });
  });
  req.on("error", () => {
    ended = true;
    notify();
  });
  req.end();
  return {
    frames,
    get status() {
      return status;
    },
    get ended() {
      return ended;
    },
    /** The next unread frame matching `predicate` (bounded: rejects when the stream ends first). */
    async next(predicate: (frame: SseFrame) => boolean = (frame) => frame.data !== undefined): Promise<SseFrame> {
      for (;;) {
        while (read < frames.length) {
          const frame = frames[read++];
          if (predicate(frame)) return frame;
        }
        if (ended) throw new Error("the event stream ended");
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    /** Resolves once the server has ended the stream. */
    async untilEnded(): Promise<void> {
      while (!ended) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close() {
      req.destroy();
    },
  };
}

function parseBlock(block: string): SseFrame[] {
  const out: SseFrame[] = [];
  const frame: SseFrame = {};
  let hasField = false;
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) {
      out.push({ comment: line.slice(1).trim() });
      continue;
    }
    const at = line.indexOf(":");
    const field = at < 0 ? line : line.slice(0, at);
    const value = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
    if (field === "id" || field === "event" || field === "data") {
      frame[field] = frame[field] === undefined || field !== "data" ? value : `${frame[field]}\n${value}`;
      hasField = true;
    }
  }
  if (hasField) out.push(frame);
  return out;
}
