import { createHttpServer, eventFeedFrom, type LocalHttpServer } from "../http/index.js";
import { ChildProcessRunner } from "./child-process-runner.js";
import type { LocalDurableService } from "./local-durable-service.js";

/**
 * What the service shows outside its process: the HTTP server (started by `listen()`,
 * or on demand by the first child-process invocation, whose handler reaches the service
 * over HTTP) and the pool of child processes.
 */
export class ServiceTransport {
  private http: LocalHttpServer | undefined;
  private listening: Promise<{ endpoint: string }> | undefined;
  private runner: ChildProcessRunner | undefined;

  constructor(private readonly service: LocalDurableService) {}

  /** Listens once; later calls answer the same endpoint. */
  listen(port?: number): Promise<{ endpoint: string }> {
    this.listening ??= (async () => {
      this.http = createHttpServer(this.service, { events: eventFeedFrom(this.service), views: this.service });
      const { endpoint } = await this.http.listen(port);
      return { endpoint };
    })().catch((error: unknown) => {
      // A port in use must not make every later listen() fail.
      this.listening = undefined;
      throw error;
    });
    return this.listening;
  }

  get endpoint(): string | undefined {
    return this.http?.endpoint;
  }

  async childRunner(): Promise<ChildProcessRunner> {
    const { endpoint } = await this.listen();
    this.runner ??= new ChildProcessRunner(endpoint, this.service.engine.arnConfig.region);
    return this.runner;
  }

  async close(): Promise<void> {
    this.runner?.close();
    if (this.listening) await this.listening.catch(() => undefined);
    await this.http?.close();
  }
}
