import { request } from "node:http";
import { connect } from "node:net";

/** Raw HTTP for the bad-input tests: any method, path, header and body the client library lets through. */

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Ask {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Abort once the status line arrived (event streams never end by themselves). */
  headersOnly?: boolean;
}

/** One request on its own connection; resolves with the answer, or with status 0 when the server hung up. */
export function ask(port: number, options: Ask): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let req: ReturnType<typeof request>;
    try {
      // A body always goes with its length: Node sends a GET's or DELETE's body unframed otherwise.
      const headers = options.body === undefined ? options.headers : { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) };
      req = request({ host: "127.0.0.1", port, method: options.method, path: options.path, headers, agent: false }, (res) => {
        if (options.headersOnly) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: "" });
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", () => resolve({ status: 0, headers: {}, body: "" }));
      });
    } catch (error) {
      // The client library refused the request itself (an invalid header or path): nothing was sent.
      return reject(error);
    }
    // A server that answers early (413) and closes may reset our unsent body: that is an answer too.
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNRESET" || error.code === "EPIPE" ? resolve({ status: 0, headers: {}, body: "" }) : reject(error),
    );
    req.end(options.body);
  });
}

/** Bytes written straight to a socket; resolves with the head the server answered (or "" when it just closed). */
export function askRaw(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), 2_000);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    const done = () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("latin1"));
    };
    socket.on("close", done);
    socket.on("error", () => undefined);
  });
}
