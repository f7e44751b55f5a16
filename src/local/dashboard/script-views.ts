/**
 * The dashboard script, part 3: what the page shows. Pure functions from data to
 * elements (through `h()`, so every string is text); the app decides when to call them.
 */
export const SCRIPT_VIEWS = String.raw`
function executionList(executions, selected, now, onSelect) {
  if (executions.length === 0) {
    return h("p", { class: "muted empty", text: "No executions yet. Start one above, or with any LambdaClient pointed at this service." });
  }
  return h("ul", { class: "exec-list" }, executions.map(function (x) {
    var took = (x.endedAt || now(x)) - x.startedAt;
    var waiting = x.waitingFor && x.waitingFor.length ? " \u00b7 waiting for " + x.waitingFor[0] : "";
    return h("li", {
      class: "exec" + (x.arn === selected ? " selected" : ""),
      "data-arn": x.arn,
      tabindex: "0",
      onclick: function () { onSelect(x.arn); },
      onkeydown: function (e) { if (e.key === "Enter") onSelect(x.arn); },
    }, [
      pill(x.status),
      h("span", { class: "name", title: x.arn, text: x.name }),
      h("span", { class: "muted", text: formatDuration(took) }),
      h("span", { class: "meta", title: waiting, text: x.functionName + " \u00b7 " + formatTime(x.startedAt) + " \u00b7 " +
        x.operationCount + " operations \u00b7 " + x.invocationCount + " invocations" + waiting }),
    ]);
  }));
}

/** Operations children under their parent (ParentId), in start order: [{ op, depth }]. */
function operationTree(operations) {
  var shown = operations.filter(function (op) { return op.Type !== "EXECUTION"; });
  var ids = {};
  shown.forEach(function (op) { ids[op.Id] = true; });
  var children = {};
  var roots = [];
  shown.forEach(function (op) {
    if (op.ParentId && ids[op.ParentId]) (children[op.ParentId] = children[op.ParentId] || []).push(op);
    else roots.push(op);
  });
  var rows = [];
  var visit = function (op, depth) {
    rows.push({ op: op, depth: depth });
    (children[op.Id] || []).forEach(function (child) { visit(child, depth + 1); });
  };
  roots.forEach(function (op) { visit(op, 0); });
  return rows;
}

function detailsOf(op) {
  return op.StepDetails || op.ContextDetails || op.CallbackDetails || op.ChainedInvokeDetails || {};
}

/** Input, result or error of one operation, and what it waits for while it runs. */
function outcomeCell(op, extra, actions) {
  var details = detailsOf(op);
  var parts = [];
  if (extra.input !== undefined) parts.push(h("div", null, [h("span", { class: "kind", text: "input" }), payloadView(extra.input)]));
  if (extra.functionName) parts.push(h("div", null, [h("span", { class: "kind", text: "function" }), extra.functionName]));
  if (op.Type === "WAIT" && op.WaitDetails && op.WaitDetails.ScheduledEndTimestamp) {
    parts.push(h("div", { class: "muted", text: (op.Status === "STARTED" ? "until " : "was until ") + formatTime(op.WaitDetails.ScheduledEndTimestamp) }));
  }
  if (op.Status === "PENDING" && op.StepDetails && op.StepDetails.NextAttemptTimestamp) {
    parts.push(h("div", { class: "muted", text: "next attempt at " + formatTime(op.StepDetails.NextAttemptTimestamp) }));
  }
  if (op.Type === "CALLBACK" && details.CallbackId) {
    parts.push(h("div", { class: "mono muted", title: details.CallbackId, text: "id " + oneLine(details.CallbackId, 40) }));
  }
  if (details.Error) parts.push(payloadView(errorText(details.Error), true));
  else if (details.Result !== undefined) parts.push(h("div", null, [h("span", { class: "kind", text: "result" }), payloadView(details.Result)]));
  if (op.Type === "CALLBACK" && op.Status === "STARTED" && details.CallbackId) parts.push(actions.callback(details.CallbackId, op));
  return parts;
}

function operationsTable(rows, extras, now, actions) {
  if (rows.length === 0) return h("p", { class: "muted", text: "No operations yet." });
  return h("table", { class: "ops" }, [
    h("thead", null, h("tr", null, ["operation", "status", "attempt", "took", "input / result / error"].map(function (title) {
      return h("th", { text: title });
    }))),
    h("tbody", null, rows.map(function (row) {
      var op = row.op;
      var label = operationLabel(op.Type, op.SubType, op.Name, op.Id);
      var indent = h("span", { class: "indent" });
      indent.style.width = row.depth * 18 + "px";
      var took = op.StartTimestamp ? (op.EndTimestamp || now()) - op.StartTimestamp : undefined;
      return h("tr", { "data-operation": op.Id }, [
        h("td", { class: "op", title: op.Id }, [indent, h("span", { class: "kind", text: label.kind }), label.name]),
        h("td", null, pill(op.Status)),
        h("td", { text: op.StepDetails && op.StepDetails.Attempt !== undefined ? op.StepDetails.Attempt : "" }),
        h("td", { class: "took", text: took === undefined ? "" : formatDuration(took) + (op.EndTimestamp ? "" : "\u2026") }),
        h("td", { class: "outcome" }, outcomeCell(op, extras[op.Id] || {}, actions)),
      ]);
    })),
  ]);
}

function bar(track, from, to, start, span, classes, title) {
  var el = h("div", { class: "bar " + classes, title: title });
  el.style.left = Math.max(0, ((from - start) / span) * 100) + "%";
  el.style.width = Math.max(0.4, ((to - from) / span) * 100) + "%";
  track.appendChild(el);
}

/** One lane per invocation row and per operation: where time went, at a glance. */
function timeline(execution, rows, events, now) {
  var start = execution.startedAt;
  var end = execution.endedAt || now();
  var span = Math.max(end - start, 1000);
  var lanes = [];
  var invocations = h("div", { class: "track" });
  execution.invocations.forEach(function (inv) {
    var outcome = inv.outcome || "RUNNING";
    var to = inv.endMs || now();
    bar(invocations, inv.startMs, to, start, span, "b-" + outcome + (inv.endMs ? "" : " running"),
      "invocation " + inv.number + ": " + (outcome === "PENDING" ? "suspended" : outcome.toLowerCase()) + " after " + formatDuration(to - inv.startMs));
  });
  lanes.push(h("div", { class: "lane" }, [h("span", { class: "label", text: "invocations" }), invocations]));
  rows.forEach(function (row) {
    var op = row.op;
    if (!op.StartTimestamp) return;
    var label = operationLabel(op.Type, op.SubType, op.Name, op.Id);
    var track = h("div", { class: "track" });
    var to = op.EndTimestamp || now();
    bar(track, op.StartTimestamp, to, start, span, "b-" + op.Status + (op.EndTimestamp ? "" : " running"),
      label.kind + " " + label.name + ": " + op.Status.toLowerCase() + ", " + formatDuration(to - op.StartTimestamp));
    events.forEach(function (e) {
      if (e.operationId !== op.Id || e.type !== "operation.retrying") return;
      var mark = h("div", { class: "mark retry", title: "attempt " + (e.attempt || "?") + " failed" + (e.error ? ": " + e.error.message : "") });
      mark.style.left = ((e.at - start) / span) * 100 + "%";
      track.appendChild(mark);
    });
    var name = h("span", { class: "label", title: label.kind + " " + label.name, text: "\u00a0".repeat(row.depth * 2) + label.name });
    lanes.push(h("div", { class: "lane" }, [name, track]));
  });
  var ticks = [0, 0.25, 0.5, 0.75, 1].map(function (f) { return h("span", { text: f === 0 ? "+0" : "+" + formatDuration(f * span) }); });
  var legend = [["b-SUCCEEDED", "succeeded"], ["b-STARTED", "running"], ["b-PENDING", "suspended / retry delay"], ["b-FAILED", "failed"], ["retry", "retry"]];
  return h("div", { class: "timeline" }, [
    lanes,
    h("div", { class: "axis" }, ticks),
    h("div", { class: "legend" }, legend.map(function (item) {
      return h("span", null, [h("i", { class: item[0] === "retry" ? "swatch mark-swatch" : "swatch " + item[0] }), item[1]]);
    })),
  ]);
}

function describeEvent(e) {
  var d = e.detail || {};
  if (e.type === "invocation.started") return "invocation " + (d.invocation || "") + " started";
  if (e.type === "invocation.suspended") return "invocation " + (d.invocation || "") + " suspended (PENDING) after " + formatDuration(e.durationMs);
  if (e.type === "invocation.completed") {
    return "invocation " + (d.invocation || "") + " " + (d.outcome === "THREW" ? "threw" : "ended " + (d.outcome || "")) + " after " +
      formatDuration(e.durationMs) + (e.error ? ": " + e.error.name + ": " + e.error.message : "");
  }
  if (e.operationType === "EXECUTION") return "execution " + String(d.eventType || "").replace(/^Execution/, "").toLowerCase() + (e.error ? ": " + e.error.message : "");
  var label = operationLabel(e.operationType, e.subType, e.name, e.operationId);
  var what = label.kind + " " + JSON.stringify(label.name);
  var attempt = e.attempt > 1 ? " (attempt " + e.attempt + ")" : "";
  if (e.type === "operation.started") return what + " started" + attempt + (d.functionName ? " \u2192 " + d.functionName : "");
  if (e.type === "operation.succeeded") return what + " succeeded" + (e.durationMs !== undefined ? " in " + formatDuration(e.durationMs) : "");
  if (e.type === "operation.retrying") return what + " attempt " + (e.attempt || "?") + " failed" + (e.error ? ": " + e.error.message : "") + "; will retry";
  if (e.type === "operation.failed") return what + " " + String(d.eventType || "failed").replace(/^[A-Z][a-z]+(Invoke)?/, "").replace("TimedOut", "timed out").toLowerCase() + (e.error ? ": " + e.error.name + ": " + e.error.message : "");
  return what + " " + e.type;
}

function eventList(events, start) {
  if (events.length === 0) return h("p", { class: "muted", text: "No events received yet." });
  var shown = events.slice(-500);
  return h("ul", { class: "events" }, shown.map(function (e) {
    var tone = e.type.split(".")[1] || "";
    return h("li", { "data-seq": e.seq }, [
      h("span", { class: "when", text: "+" + formatDuration(e.at - start) }),
      h("span", { class: "type t-" + tone, text: e.type }),
      h("span", { text: describeEvent(e) }),
    ]);
  }));
}
`;
