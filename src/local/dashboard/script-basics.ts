/**
 * The dashboard script, part 1: building elements and formatting values. Browser
 * JavaScript kept as text (it is inlined into the page, nothing is built at run time).
 *
 * The rule that keeps operation names and payloads from running as code: every element
 * is made by `h()`, and text only ever goes in through text nodes (`textContent`),
 * attributes through `setAttribute` (never an event handler, `href` or `src` from data).
 * Nothing is parsed as HTML, so there is nothing to escape and nothing to forget.
 */
export const SCRIPT_BASICS = String.raw`
function h(tag, props, children) {
  var el = document.createElement(tag);
  if (props) {
    Object.keys(props).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = String(value);
      else if (typeof value === "function") el.addEventListener(key.replace(/^on/, ""), value);
      else el.setAttribute(key, String(value));
    });
  }
  append(el, children);
  return el;
}

function append(el, children) {
  if (children === undefined || children === null || children === false) return;
  if (!Array.isArray(children)) children = [children];
  children.forEach(function (child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  });
}

function replaceChildren(el, children) {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}

function byId(id) { return document.getElementById(id); }

function pill(status) {
  return h("span", { class: "pill s-" + String(status).replace(/[^A-Z_]/g, ""), text: status });
}

function formatDuration(ms) {
  if (!(ms >= 0)) return "";
  if (ms < 1000) return Math.round(ms) + " ms";
  var s = ms / 1000;
  if (s < 60) return (s < 10 ? s.toFixed(1) : Math.round(s)) + " s";
  var m = Math.floor(s / 60);
  if (m < 60) return m + "m " + Math.round(s % 60) + "s";
  var hours = Math.floor(m / 60);
  if (hours < 48) return hours + "h " + (m % 60) + "m";
  return Math.floor(hours / 24) + "d " + (hours % 24) + "h";
}

function formatTime(ms) {
  if (typeof ms !== "number") return "";
  var date = new Date(ms);
  var today = new Date();
  var time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return date.toDateString() === today.toDateString() ? time : date.toLocaleDateString() + " " + time;
}

/** A stored payload (JSON text) for reading: pretty when it parses, as it is when not. */
function prettyPayload(text) {
  if (text === undefined || text === null) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (_) {
    return String(text);
  }
}

function oneLine(text, max) {
  var flat = String(text).replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "\u2026" : flat;
}

/** A payload as a short preview, with the whole of it one click away when it is long. */
function payloadView(text, isError) {
  var pretty = prettyPayload(text);
  var preview = oneLine(pretty, 120);
  var view = h("span", { class: "preview" + (isError ? " error" : ""), text: preview });
  if (pretty.length <= 120 && pretty.indexOf("\n") < 0) return view;
  return h("details", null, [h("summary", null, view), h("pre", { class: isError ? "error" : "", text: pretty })]);
}

function errorText(error) {
  if (!error) return "";
  return (error.ErrorType || error.name || "Error") + ": " + (error.ErrorMessage || error.message || "");
}

var KIND = { STEP: "step", WAIT: "wait", CALLBACK: "callback", CHAINED_INVOKE: "invoke", CONTEXT: "context", EXECUTION: "execution" };
var PLAIN_SUBTYPES = { Step: 1, Wait: 1, Callback: 1, ChainedInvoke: 1 };

/** kind (with its subtype when it says more), then the name or, unnamed, the id. */
function operationLabel(type, subType, name, id) {
  var kind = KIND[type] || "operation";
  if (subType && !PLAIN_SUBTYPES[subType]) kind += " " + subType;
  return { kind: kind, name: name !== undefined && name !== null ? name : id || "" };
}

function shortArn(arn) {
  var parts = String(arn).split("/");
  return parts.length > 2 ? parts[parts.length - 2] : String(arn);
}
`;
