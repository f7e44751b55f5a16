import type { IncomingMessage } from "node:http";

/**
 * Reads a request body of at most `limit` bytes. The limit is enforced before the body
 * is read: a declared `content-length` over it fails at once, and a chunked body fails
 * as soon as the bytes received pass it, so an oversized upload is never buffered.
 * On failure the request stops being read and `tooLarge()` is thrown; the caller
 * answers and closes the connection (the unread rest must not be parsed as a request).
 */
export function readBody(req: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    req.pause();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= limit) {
        chunks.push(chunk);
        return;
      }
      // Not destroy(): that would take the socket, and the 413 with it.
      cleanup();
      req.pause();
      reject(tooLarge());
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
