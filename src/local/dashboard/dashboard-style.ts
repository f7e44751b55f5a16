/**
 * The dashboard's style sheet: system fonts, one accent colour per status, no external
 * resources. Inlined in the page and allowed by its hash (serve-dashboard.ts).
 */
export const DASHBOARD_STYLE = String.raw`
:root {
  --bg: #f6f7f9; --panel: #fff; --text: #1d2330; --muted: #667085; --line: #e3e6eb;
  --blue: #2563eb; --green: #15803d; --red: #c62828; --amber: #b45309; --grey: #6b7280; --violet: #7c3aed;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); }
h1 { font-size: 17px; margin: 0; white-space: nowrap; }
h2 { font-size: 14px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h3 { font-size: 13px; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.muted { color: var(--muted); font-weight: normal; }
.mono { font-family: var(--mono); font-size: 12px; }
button { font: inherit; border: 1px solid var(--line); background: var(--panel); border-radius: 6px; padding: 3px 10px; cursor: pointer; }
button:hover { border-color: var(--blue); }
button.primary { background: var(--blue); border-color: var(--blue); color: #fff; }
button.danger { color: var(--red); border-color: #f0c4c4; }
button.danger:hover { border-color: var(--red); }
button:disabled { opacity: .5; cursor: default; }
input, textarea { font: 12px var(--mono); border: 1px solid var(--line); border-radius: 6px; padding: 4px 6px; background: #fff; color: var(--text); }
.top { display: flex; align-items: center; gap: 16px; padding: 10px 16px; background: var(--panel); border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.start { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-left: auto; }
.start label { color: var(--muted); font-size: 12px; display: flex; gap: 4px; align-items: center; }
.connection { font-size: 12px; color: var(--muted); }
.connection::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: var(--amber); margin-right: 6px; }
.connection.live::before { background: var(--green); }
.notice { margin: 8px 16px 0; padding: 6px 10px; border-radius: 6px; background: #fdecea; color: var(--red); border: 1px solid #f5c2c0; }
.notice.ok { background: #e8f5ec; color: var(--green); border-color: #b7dfc3; }
.layout { display: grid; grid-template-columns: minmax(300px, 30%) 1fr; gap: 16px; padding: 16px; align-items: start; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
.executions, .execution { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px; min-width: 0; }
.empty { margin: 24px 0; text-align: center; }
.exec-list { list-style: none; margin: 0; padding: 0; }
.exec { display: grid; grid-template-columns: auto 1fr auto; gap: 2px 8px; padding: 8px; border-radius: 6px; cursor: pointer; border: 1px solid transparent; }
.exec:hover { background: #f1f4f9; }
.exec.selected { border-color: var(--blue); background: #eef3fe; }
.exec .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.exec .meta { grid-column: 2 / 4; font-size: 12px; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pill { display: inline-block; font-size: 11px; font-weight: 600; padding: 1px 7px; border-radius: 999px; color: #fff; background: var(--grey); white-space: nowrap; letter-spacing: .02em; }
.s-RUNNING, .s-STARTED, .s-READY { background: var(--blue); }
.s-SUCCEEDED { background: var(--green); }
.s-FAILED { background: var(--red); }
.s-TIMED_OUT { background: var(--amber); }
.s-PENDING { background: var(--violet); }
.s-STOPPED, .s-CANCELLED { background: var(--grey); }
.title { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.title h2 { margin: 0; font-size: 17px; text-transform: none; letter-spacing: 0; color: var(--text); }
.title .actions { margin-left: auto; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 10px 0 0; font-size: 13px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
pre { margin: 0; font: 12px/1.4 var(--mono); white-space: pre-wrap; overflow-wrap: anywhere; max-height: 240px; overflow: auto; background: #f7f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
pre.error { background: #fdf1f1; border-color: #f3cfcf; color: #8a1c1c; }
.waiting { margin: 8px 0 0; padding-left: 18px; color: var(--amber); font-size: 13px; overflow-wrap: anywhere; }
.ops { width: 100%; border-collapse: collapse; font-size: 13px; }
.ops th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; border-bottom: 1px solid var(--line); padding: 4px 6px; }
.ops td { border-bottom: 1px solid var(--line); padding: 5px 6px; vertical-align: top; }
.ops td.op, .ops td.took { white-space: nowrap; }
.ops .outcome { max-width: 420px; }
.kind { font: 11px var(--mono); color: var(--muted); margin-right: 4px; }
.indent { display: inline-block; }
.preview { font: 12px var(--mono); color: var(--text); overflow-wrap: anywhere; }
.preview.error { color: var(--red); }
details summary { cursor: pointer; color: var(--muted); font-size: 12px; }
.callback-actions { display: flex; gap: 6px; align-items: center; margin-top: 6px; flex-wrap: wrap; }
.callback-actions input { width: 220px; }
.timeline { position: relative; font-size: 12px; }
.lane { display: grid; grid-template-columns: 180px 1fr; align-items: center; min-height: 22px; }
.lane .label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding-right: 8px; color: var(--muted); }
.track { position: relative; height: 16px; background: repeating-linear-gradient(90deg, transparent 0 calc(10% - 1px), #eef0f3 calc(10% - 1px) 10%); border-radius: 3px; }
.bar { position: absolute; top: 2px; height: 12px; min-width: 3px; border-radius: 3px; background: var(--grey); opacity: .9; }
.bar.running { background-image: repeating-linear-gradient(45deg, rgba(255,255,255,.35) 0 4px, transparent 4px 8px); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; background-color: var(--grey); }
.b-STARTED, .b-READY, .b-RUNNING { background-color: var(--blue); }
.b-SUCCEEDED { background-color: var(--green); }
.b-FAILED, .b-THREW { background-color: var(--red); }
.b-PENDING { background-color: var(--violet); }
.b-TIMED_OUT { background-color: var(--amber); }
.mark { position: absolute; top: 0; width: 2px; height: 16px; background: var(--amber); }
.mark.retry, .swatch.mark-swatch { background-color: var(--red); }
.swatch.mark-swatch { width: 3px; }
.axis { display: flex; justify-content: space-between; margin-left: 180px; color: var(--muted); font-size: 11px; padding-top: 2px; }
.legend { display: flex; gap: 12px; flex-wrap: wrap; color: var(--muted); font-size: 11px; margin-top: 6px; }
.events { list-style: none; margin: 0; padding: 0; max-height: 320px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
.events li { display: grid; grid-template-columns: 70px 150px 1fr; gap: 8px; padding: 3px 8px; border-bottom: 1px solid #f0f2f5; font-size: 12px; }
.events li:last-child { border-bottom: none; }
.events .when { color: var(--muted); font-family: var(--mono); text-align: right; }
.events .type { font-family: var(--mono); }
.events .t-failed { color: var(--red); }
.events .t-retrying { color: var(--amber); }
.events .t-suspended { color: var(--violet); }
.events .t-succeeded { color: var(--green); }
`;
