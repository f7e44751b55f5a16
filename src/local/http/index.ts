/**
 * The local service's HTTP transport: the Lambda REST API (PROTOCOL.md §15) over any
 * LocalLambdaApi, plus `GET /events`, `GET /executions` and the reserved `GET /dashboard`.
 */
export { createHttpServer } from "./create-http-server.js";
export type { HttpServerOptions, LocalHttpServer } from "./create-http-server.js";
export { DEFAULT_BODY_LIMITS } from "./body-limits.js";
export type { BodyLimits } from "./body-limits.js";
export type { EventFeed, StreamedEvent } from "./event-stream.js";
export { eventFeedFrom } from "./service-event-feed.js";
export type { NumberedEventSource } from "./service-event-feed.js";
export type { ExecutionSummary, ExecutionViews } from "./service-routes.js";
