/**
 * The dashboard script, part 2: talking to the service. Reads go to the service's own
 * routes (`/executions`, `/events`); actions go through the Lambda API, the same
 * requests the AWS SDK would send. The page is served from the service's origin, so the
 * browser's `Origin` header names the service and the Host/Origin guard lets it through
 * (ADR 0023); no CORS is involved.
 */
export const SCRIPT_API = String.raw`
function apiError(response, body) {
  var parsed = {};
  try { parsed = JSON.parse(body); } catch (_) {}
  var name = response.headers.get("x-amzn-errortype") || parsed.__type || "HTTP " + response.status;
  var message = parsed.message || parsed.Message || body || response.statusText;
  var error = new Error(String(name).split(":")[0] + ": " + message);
  error.status = response.status;
  return error;
}

function request(method, path, body, headers) {
  return fetch(path, { method: method, headers: headers || {}, body: body, cache: "no-store" }).then(function (response) {
    return response.text().then(function (text) {
      if (!response.ok) throw apiError(response, text);
      return { response: response, text: text };
    });
  });
}

function getJson(path) {
  return request("GET", path, undefined, { accept: "application/json" }).then(function (r) { return JSON.parse(r.text); });
}

var api = {
  executions: function () { return getJson("/executions"); },
  execution: function (arn) { return getJson("/executions/" + encodeURIComponent(arn)); },
  history: function (arn) {
    return getJson("/2025-12-01/durable-executions/" + encodeURIComponent(arn) + "/history?IncludeExecutionData=true&MaxItems=1000");
  },
  /** Invoke with InvocationType Event: starts an execution and answers its ARN at once. */
  start: function (functionName, payload) {
    return request("POST", "/2015-03-31/functions/" + encodeURIComponent(functionName) + "/invocations", payload, {
      "content-type": "application/json",
      "x-amz-invocation-type": "Event",
    }).then(function (r) { return r.response.headers.get("x-amz-durable-execution-arn"); });
  },
  stop: function (arn) {
    var error = { ErrorType: "StoppedFromDashboard", ErrorMessage: "Stopped from the durable-rx dashboard" };
    return request("POST", "/2025-12-01/durable-executions/" + encodeURIComponent(arn) + "/stop", JSON.stringify(error), { "content-type": "application/json" });
  },
  /** The answer travels as raw bytes, exactly as typed (the handler reads JSON by default). */
  succeedCallback: function (callbackId, answer) {
    return request("POST", "/2025-12-01/durable-execution-callbacks/" + encodeURIComponent(callbackId) + "/succeed", answer, {
      "content-type": "application/octet-stream",
    });
  },
  failCallback: function (callbackId, reason) {
    var error = { ErrorType: "CallbackFailed", ErrorMessage: reason || "Failed from the durable-rx dashboard" };
    return request("POST", "/2025-12-01/durable-execution-callbacks/" + encodeURIComponent(callbackId) + "/fail", JSON.stringify(error), {
      "content-type": "application/json",
    });
  },
};

var EVENT_TYPES = [
  "invocation.started", "invocation.suspended", "invocation.completed",
  "operation.started", "operation.replayed", "operation.succeeded", "operation.failed",
  "operation.retrying", "operation.pending", "checkpoint.flushed", "progress",
];

/**
 * The service's event stream. EventSource reconnects by itself and sends the last id it
 * saw as Last-Event-ID, so the service resumes right after it; events are also
 * remembered by execution and history event id, so none is counted twice even when a
 * restarted service numbers them anew.
 */
function connectEvents(onEvent, onStatus) {
  var source = new EventSource("/events");
  var handle = function (message) {
    var event;
    try { event = JSON.parse(message.data); } catch (_) { return; }
    if (event && typeof event.executionArn === "string") onEvent(event);
  };
  EVENT_TYPES.forEach(function (type) { source.addEventListener(type, handle); });
  source.onmessage = handle;
  source.onopen = function () { onStatus("live"); };
  source.onerror = function () { onStatus(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting"); };
  return source;
}
`;
