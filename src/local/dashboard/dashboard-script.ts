import { SCRIPT_API } from "./script-api.js";
import { SCRIPT_APP } from "./script-app.js";
import { SCRIPT_BASICS } from "./script-basics.js";
import { SCRIPT_VIEWS } from "./script-views.js";

/**
 * The dashboard's whole script, inlined in the page and allowed by its hash. Plain
 * browser JavaScript in four parts (elements and formatting, the service's API, the
 * views, the app), wrapped so that nothing leaks into the page's globals.
 */
export const DASHBOARD_SCRIPT = `(function () {\n"use strict";\n${SCRIPT_BASICS}\n${SCRIPT_API}\n${SCRIPT_VIEWS}\n${SCRIPT_APP}\n})();\n`;
