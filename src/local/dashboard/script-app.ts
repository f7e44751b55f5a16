/**
 * The dashboard script, part 4: state and wiring. Events from `GET /events` say that
 * something changed; the views are then read again from `/executions` (at most every
 * 150 ms), so the page shows the service's state, never a guess built from events.
 */
export const SCRIPT_APP = String.raw`
var state = {
  executions: [],
  selected: decodeURIComponent(location.hash.slice(1)) || undefined,
  detail: undefined,
  extras: {},
  events: {},
  seen: {},
  drafts: {},
  functions: [],
  busy: false,
};

try { state.functions = JSON.parse(document.querySelector('meta[name="durable-rx-functions"]').getAttribute("content")) || []; } catch (_) {}

/** The service's time: its clock may be virtual (ahead of ours), so never before its latest event. */
function serviceNow(arn) {
  var events = state.events[arn] || [];
  var last = events.length ? events[events.length - 1].at : 0;
  return Math.max(Date.now(), last);
}

var noticeTimer;
function notice(text, ok) {
  var el = byId("notice");
  el.textContent = text;
  el.className = "notice" + (ok ? " ok" : "");
  el.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(function () { el.hidden = true; }, ok ? 4000 : 10000);
}

function act(promise, done) {
  // Either way the view is read again, which also brings back the button that was pressed.
  return promise.then(function (value) { if (done) notice(done(value), true); refreshSoon(true); }, function (error) { notice(error.message); refreshSoon(true); });
}

function select(arn) {
  if (state.selected !== arn) {
    state.selected = arn;
    state.detail = undefined;
    state.extras = {};
    history.replaceState(null, "", "#" + encodeURIComponent(arn));
  }
  renderList();
  renderDetail();
  refreshSoon(true);
}

// ── reading the service ──

var refreshTimer;
var detailWanted = false;
function refreshSoon(detail) {
  if (detail) detailWanted = true;
  if (refreshTimer) return;
  refreshTimer = setTimeout(refresh, 150);
}

function refresh() {
  var withDetail = detailWanted;
  detailWanted = false;
  return api.executions().then(function (list) {
    state.executions = list.executions;
    // Nothing chosen yet: follow the newest execution.
    if (!state.selected && state.executions.length) return select(state.executions[0].arn);
    renderList();
    if (withDetail && state.selected) return loadDetail(state.selected);
  }).catch(function (error) { notice(error.message); }).then(function () { refreshTimer = undefined; if (detailWanted) refreshSoon(); });
}

function loadDetail(arn) {
  return api.execution(arn).then(function (execution) {
    var invokes = execution.operations.some(function (op) { return op.Type === "CHAINED_INVOKE"; });
    return (invokes ? api.history(arn) : Promise.resolve({ Events: [] })).then(function (history) {
      if (state.selected !== arn) return;
      state.detail = execution;
      state.extras = extrasFrom(history.Events || []);
      renderDetail();
    });
  }, function (error) {
    if (state.selected !== arn) return;
    state.detail = null;
    renderDetail(error.status === 404 ? "This execution is not known to the service." : error.message);
  });
}

/** What only the history holds: a chained invoke's input and function. */
function extrasFrom(events) {
  var extras = {};
  events.forEach(function (e) {
    var started = e.ChainedInvokeStartedDetails;
    if (e.EventType !== "ChainedInvokeStarted" || !started) return;
    extras[e.Id] = { functionName: started.FunctionName, input: started.Input && started.Input.Payload };
  });
  return extras;
}

function onEvent(event) {
  var d = event.detail || {};
  var key = event.executionArn + " " + (d.eventId !== undefined ? "e" + d.eventId : d.invocation !== undefined ? "i" + d.invocation : "s" + event.seq);
  if (state.seen[key]) return;
  state.seen[key] = true;
  (state.events[event.executionArn] = state.events[event.executionArn] || []).push(event);
  refreshSoon(event.executionArn === state.selected);
}

function onStatus(status) {
  var el = byId("connection");
  el.textContent = status === "live" ? "live" : status === "closed" ? "disconnected" : "reconnecting\u2026";
  el.className = "connection" + (status === "live" ? " live" : "");
  if (status === "live") refreshSoon(true);
}

// ── drawing ──

function renderList() {
  replaceChildren(byId("executions"), executionList(state.executions, state.selected, function (x) { return serviceNow(x.arn); }, select));
}

/** Redraws the selected execution, keeping what the user is typing (and where) in a callback answer. */
function renderDetail(problem) {
  var root = byId("execution");
  var active = document.activeElement;
  var focusKey = active && active.getAttribute && active.getAttribute("data-key");
  var selection = focusKey ? [active.selectionStart, active.selectionEnd] : undefined;
  // The event list follows new events unless the reader scrolled up to look at older ones.
  var list = root.querySelector(".events");
  var follow = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  var scrolled = list ? list.scrollTop : 0;
  replaceChildren(root, detailView(problem));
  list = root.querySelector(".events");
  if (list) list.scrollTop = follow ? list.scrollHeight : scrolled;
  if (focusKey) {
    var again = root.querySelector('[data-key="' + CSS.escape(focusKey) + '"]');
    if (again) { again.focus(); try { again.setSelectionRange(selection[0], selection[1]); } catch (_) {} }
  }
}

function detailView(problem) {
  var x = state.detail;
  if (!state.selected) return h("p", { class: "muted empty", text: "Select an execution to see its operations and timeline." });
  if (problem) return h("p", { class: "muted empty", text: problem });
  if (!x) return h("p", { class: "muted empty", text: "Loading\u2026" });
  var now = function () { return serviceNow(x.arn); };
  var rows = operationTree(x.operations);
  var events = state.events[x.arn] || [];
  var facts = [
    ["function", x.functionName],
    ["execution ARN", h("span", { class: "mono", text: x.arn })],
    ["started", formatTime(x.startedAt)],
    ["ended", x.endedAt ? formatTime(x.endedAt) : "\u2014"],
    ["took", formatDuration((x.endedAt || now()) - x.startedAt) + (x.endedAt ? "" : " so far")],
    ["invocations", String(x.invocations.length)],
  ];
  return [
    h("div", { class: "title" }, [
      h("h2", { text: x.name }),
      pill(x.status),
      h("span", { class: "actions" }, x.status === "RUNNING"
        ? h("button", { class: "danger", id: "stop-execution", onclick: function (e) {
            e.target.disabled = true;
            act(api.stop(x.arn), function () { return "Stopped " + x.name; });
          } }, "Stop execution")
        : null),
    ]),
    h("dl", { class: "facts" }, facts.map(function (f) { return [h("dt", { text: f[0] }), h("dd", null, f[1])]; })),
    x.waitingFor && x.waitingFor.length ? h("ul", { class: "waiting" }, x.waitingFor.map(function (w) { return h("li", { text: "waiting for " + oneLine(w, 160) }); })) : null,
    h("h3", { text: "Input" }),
    h("pre", { text: prettyPayload(x.inputPayload) }),
    x.result !== undefined ? [h("h3", { text: "Result" }), h("pre", { class: "result", text: prettyPayload(x.result) })] : null,
    x.error ? [h("h3", { text: "Error" }), h("pre", { class: "error", text: errorText(x.error) + (x.error.ErrorData ? "\n" + prettyPayload(x.error.ErrorData) : "") })] : null,
    h("h3", { text: "Operations" }),
    operationsTable(rows, state.extras, now, { callback: callbackActions }),
    h("h3", { text: "Timeline" }),
    h("div", { id: "timeline" }, timeline(x, rows, events, now)),
    h("h3", { text: "Events" }),
    eventList(events, x.startedAt),
  ];
}

/** Succeed or fail a callback that waits: one field, sent as the answer or as the reason. */
function callbackActions(callbackId, op) {
  var key = "callback " + callbackId;
  var field = h("input", {
    "data-key": key,
    "aria-label": "answer for " + (op.Name || op.Id),
    placeholder: "answer (JSON) or reason",
    value: state.drafts[key] !== undefined ? state.drafts[key] : "true",
    spellcheck: "false",
    oninput: function (e) { state.drafts[key] = e.target.value; },
  });
  var send = function (fail) {
    return function (e) {
      e.target.disabled = true;
      var text = field.value;
      act(fail ? api.failCallback(callbackId, text) : api.succeedCallback(callbackId, text), function () {
        delete state.drafts[key];
        return (fail ? "Failed " : "Succeeded ") + "callback " + (op.Name || op.Id);
      });
    };
  };
  return h("div", { class: "callback-actions" }, [
    field,
    h("button", { class: "primary", "data-action": "succeed-callback", onclick: send(false) }, "Succeed"),
    h("button", { class: "danger", "data-action": "fail-callback", onclick: send(true) }, "Fail"),
  ]);
}

// ── start form ──

function setUpStartForm() {
  var names = byId("function-names");
  var input = byId("start-function");
  var known = {};
  var offer = function (name) {
    if (!name || known[name]) return;
    known[name] = true;
    names.appendChild(h("option", { value: name }));
  };
  state.functions.forEach(offer);
  if (state.functions.length) input.value = state.functions[0];
  byId("start").addEventListener("submit", function (e) {
    e.preventDefault();
    var payload = byId("start-input").value.trim() || "{}";
    try { JSON.parse(payload); } catch (error) { return notice("The input is not JSON: " + error.message); }
    var name = input.value.trim();
    var button = byId("start-button");
    button.disabled = true;
    api.start(name, payload).then(function (arn) {
      button.disabled = false;
      offer(name);
      notice("Started " + shortArn(arn), true);
      select(arn);
    }, function (error) {
      button.disabled = false;
      notice(error.message);
    });
  });
  return offer;
}

// ── start ──

var offerFunction = setUpStartForm();
window.addEventListener("hashchange", function () {
  var arn = decodeURIComponent(location.hash.slice(1));
  if (arn && arn !== state.selected) select(arn);
});
connectEvents(onEvent, onStatus);
refreshSoon(true);
// Running executions' clocks and bars move on between events.
setInterval(function () {
  var running = state.executions.some(function (x) { return x.status === "RUNNING"; });
  state.executions.forEach(function (x) { offerFunction(x.functionName); });
  if (!running) return;
  renderList();
  var x = state.detail;
  var box = byId("timeline");
  if (x && x.status === "RUNNING" && box) {
    replaceChildren(box, timeline(x, operationTree(x.operations), state.events[x.arn] || [], function () { return serviceNow(x.arn); }));
  }
}, 1000);
`;
