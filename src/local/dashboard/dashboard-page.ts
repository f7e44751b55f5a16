/** Text safe inside an HTML element or a double-quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

export interface DashboardPageParts {
  /** Offered in the start form; they reach the page as an attribute, escaped. */
  functions: readonly string[];
  script: string;
  style: string;
}

/**
 * The dashboard's document. The skeleton is static; everything with data in it is
 * built by the script. The script and style are inlined verbatim (their hashes are in
 * the Content-Security-Policy), so they must not contain `</script>` or `</style>`.
 */
export function dashboardPage({ functions, script, style }: DashboardPageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="durable-rx-functions" content="${escapeHtml(JSON.stringify(functions))}">
<title>durable-rx dashboard</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<header class="top">
  <h1>durable-rx <span class="muted">dashboard</span></h1>
  <form id="start" class="start" autocomplete="off">
    <label>function <input id="start-function" list="function-names" required size="18" spellcheck="false"></label>
    <datalist id="function-names"></datalist>
    <label>input <input id="start-input" value="{}" size="28" spellcheck="false"></label>
    <button type="submit" id="start-button">Start execution</button>
  </form>
  <span id="connection" class="connection" role="status">connecting…</span>
</header>
<div id="notice" class="notice" role="alert" hidden></div>
<main class="layout">
  <section class="executions" aria-labelledby="executions-title">
    <h2 id="executions-title">Executions</h2>
    <div id="executions"></div>
  </section>
  <section class="execution" aria-live="polite" id="execution">
    <p class="muted empty">Select an execution to see its operations and timeline.</p>
  </section>
</main>
<script>${script}</script>
</body>
</html>
`;
}
