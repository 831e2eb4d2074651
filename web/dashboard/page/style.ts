import { createHash } from 'node:crypto';

/**
 * The dashboard's one stylesheet, inline (no build step, nothing fetched). Colours meet WCAG AA contrast
 * on their backgrounds; focus is always visible; logical properties keep RTL text right.
 */
export const STYLE = String.raw`
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "DejaVu Sans",
    "Noto Sans Ethiopic", Arial, sans-serif;
  font-size: 1rem; line-height: 1.5; color: #1b1f24; background: #f5f6f8;
}
a { color: #0b57d0; }
a:hover { color: #083f98; }
:focus-visible { outline: 3px solid #c56a00; outline-offset: 2px; }
.skip { position: absolute; inset-inline-start: 8px; top: -60px; background: #fff; padding: 8px 12px; z-index: 10; }
.skip:focus { top: 8px; }
.top { background: #1d3557; color: #fff; }
.top a, .top button.link { color: #fff; }
.top-inner { max-width: 72rem; margin: 0 auto; padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; }
.brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; margin-inline-end: auto; }
.top nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0; padding: 0; }
.top nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.who { font-size: 0.9rem; color: #dbe4f0; margin: 0; }
.langs ul { list-style: none; display: flex; gap: 10px; margin: 0; padding: 0; font-size: 0.9rem; }
.langs a[aria-current="true"] { font-weight: 700; text-decoration: none; border-bottom: 2px solid #fff; }
button.link { background: none; border: 0; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; min-height: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 16px 16px 48px; }
h1 { font-size: 1.6rem; margin: 8px 0 16px; line-height: 1.25; }
h2 { font-size: 1.25rem; margin: 0 0 12px; }
h3 { font-size: 1.05rem; margin: 16px 0 8px; }
section.card { background: #fff; border: 1px solid #d0d5dd; border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; }
.lead { color: #3d4450; margin-top: 0; }
.muted { color: #4f5663; font-size: 0.9rem; }
.notice { border-inline-start: 6px solid #16794c; background: #e7f5ee; padding: 10px 14px; margin: 0 0 16px; border-radius: 4px; }
.alert { border: 2px solid #b42318; background: #fff1f0; padding: 10px 14px; margin: 0 0 16px; border-radius: 4px; }
.alert h2 { font-size: 1.05rem; color: #b42318; margin: 0 0 6px; }
.alert ul { margin: 0; padding-inline-start: 20px; }
.alert a { color: #8c1c13; }
.caution { border: 2px solid #b54708; background: #fffaeb; padding: 10px 14px; margin: 0 0 16px; border-radius: 4px; }
.caution h3 { margin: 0 0 6px; color: #93370d; }
table { border-collapse: collapse; width: 100%; margin: 0 0 12px; font-variant-numeric: tabular-nums; }
caption { text-align: start; font-weight: 600; padding: 4px 0; }
th, td { text-align: start; padding: 6px 10px; border-bottom: 1px solid #e1e4e8; vertical-align: top; }
thead th { background: #eef1f5; border-bottom: 2px solid #c5cbd3; }
td.num, th.num { text-align: end; }
.table-wrap { overflow-x: auto; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.chart-figure { margin: 1rem 0; max-width: 36rem; flex: 1 1 20rem; }
.chart { max-width: 36rem; height: auto; }
.chart-wide, .chart-wide .chart { max-width: 48rem; }
.chart-small { flex: 0 1 16rem; }
.chart-small .chart { max-width: 18rem; }
.plan-phases, .plan-repeat, .plan-common { display: grid; gap: 14px; margin-top: 12px; }
/* Only the controls of the chosen kind of plan (all of them where :has is not supported: the form still works). */
fieldset.plan:has(input[name="plan"][value="none"]:checked) :is(.plan-phases, .plan-repeat, .plan-common) { display: none; }
fieldset.plan:has(input[name="plan"][value="phases"]:checked) .plan-repeat { display: none; }
fieldset.plan:has(input[name="plan"][value="repeat"]:checked) .plan-phases { display: none; }
table.side-by-side { width: auto; min-width: min(100%, 30rem); }
table.side-by-side th[scope="row"] { min-width: 12rem; }
.suppressed { color: #5b6270; font-style: italic; }
.state { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 0.85rem; border: 1px solid; }
.state-open { color: #135e3b; background: #e7f5ee; }
.state-scheduled { color: #6b4400; background: #fff5dc; }
.state-closed { color: #3d4450; background: #eef1f5; }
form.stack { display: grid; gap: 14px; max-width: 40rem; }
.field { display: grid; gap: 4px; align-content: start; }
label, legend { font-weight: 600; }
.hint { color: #4f5663; font-size: 0.9rem; margin: 0; font-weight: 400; }
.field-error { color: #b42318; font-weight: 600; margin: 0; font-size: 0.95rem; }
.field-error::before { content: "⚠ "; }
input[type="text"], input[type="number"], input[type="datetime-local"], input[type="password"], select, textarea {
  font: inherit; padding: 7px 10px; border: 1px solid #6b7280; border-radius: 6px; background: #fff; color: #1b1f24; width: 100%; max-width: 32rem;
}
input[type="number"] { max-width: 10rem; }
textarea { max-width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9rem; }
[aria-invalid="true"] { border: 2px solid #b42318 !important; }
fieldset { border: 1px solid #d0d5dd; border-radius: 6px; padding: 10px 14px 12px; margin: 0; min-width: 0; }
fieldset[aria-invalid="true"] { border-width: 2px; }
.choices { display: flex; flex-wrap: wrap; gap: 6px 18px; }
.choices label, .radios label { font-weight: 400; display: inline-flex; gap: 6px; align-items: center; min-height: 32px; }
.radios { display: grid; gap: 2px; }
.sids { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 10px 16px; }
button, .button {
  font: inherit; font-weight: 600; border-radius: 6px; border: 1px solid #0b57d0; background: #0b57d0; color: #fff;
  padding: 8px 16px; min-height: 40px; cursor: pointer; width: fit-content; text-decoration: none; display: inline-block;
}
button:hover { background: #083f98; }
button.secondary { background: #fff; color: #0b57d0; }
button.danger { background: #fff; color: #b42318; border-color: #b42318; }
.inline-form { display: inline; }
.round { border-top: 1px solid #e1e4e8; padding-top: 12px; margin-top: 12px; }
.round:first-of-type { border-top: 0; margin-top: 0; padding-top: 0; }
.round-head { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: baseline; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.grid2 { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
ul.downloads { padding-inline-start: 20px; }
ul.downloads li { margin: 4px 0; }
.chat { list-style: none; margin: 0; padding: 16px 12px; background: #efeae2; border-radius: 12px; max-width: 30rem; display: grid; gap: 10px; }
.chat li { justify-self: start; max-width: 90%; }
.bubble { background: #fff; color: #111b21; padding: 8px 12px; border-radius: 10px; border-start-start-radius: 2px; white-space: pre-wrap;
  overflow-wrap: anywhere; box-shadow: 0 1px 0.5px rgb(11 20 26 / 13%); font-size: 1.05rem; }
.bubble-meta { font-size: 0.8rem; color: #4f5663; padding: 2px 4px; }
.chat-whatsapp li > * + * { margin-top: 4px; }
.wa-buttons { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
.wa-button { display: block; background: #fff; color: #0b57d0; text-align: center; padding: 6px 12px; border-radius: 10px; box-shadow: 0 1px 0.5px rgb(11 20 26 / 13%); }
.wa-list .wa-button { text-align: start; }
.wa-picture { display: block; max-width: 100%; height: auto; border-radius: 10px; background: #fff; }
.voice-chip { background: #d9fdd3; color: #111b21; padding: 8px 12px; border-radius: 10px; }
.voice-chip p { margin: 4px 0 0; white-space: pre-wrap; }
ol.prompts { margin: 0; padding: 8px 12px 8px 28px; background: #fff; border-radius: 10px; }
ol.prompts li { margin: 4px 0; max-width: none; }
.tabs { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; margin: 0 0 12px; }
.tabs a { display: inline-block; padding: 4px 12px; border: 1px solid #0b57d0; border-radius: 999px; text-decoration: none; }
.tabs a[aria-current="true"] { background: #0b57d0; color: #fff; }
textarea.prose { font-family: inherit; font-size: 1rem; max-width: 48rem; }
/* The survey editor (issue 22): a language per column, stacked on a phone; missing texts marked; the moving buttons in a row. */
.vh { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.lang-grid { display: grid; gap: 10px 14px; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); }
.lang-field { display: grid; gap: 4px; align-content: start; min-width: 0; }
.lang-field textarea { max-width: 100%; }
.lang-field.is-missing textarea { border: 2px dashed #b54708; background: #fffaeb; }
.missing-text { margin: 0; color: #7a2e0e; font-weight: 600; font-size: 0.9rem; }
.missing-text::before { content: "◌ "; }
form.editor fieldset { margin: 0 0 12px; }
ol.questions { list-style: none; margin: 0; padding: 0; display: grid; gap: 16px; }
li.question > fieldset { background: #fbfcfd; }
li.question > fieldset > legend { font-size: 1.05rem; }
.q-head, .pair, .rule-row { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; }
.q-actions, .button-row, .editor-toolbar, .add-language { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 8px 0; }
.field.check label { font-weight: 400; display: inline-flex; gap: 6px; align-items: center; }
details.rules > summary { cursor: pointer; font-weight: 600; color: #0b57d0; padding: 6px 0; width: fit-content; }
ul.reviews { margin: 0 0 8px; padding-inline-start: 20px; }
ul.reviews li.review-open { color: #7a2e0e; }
ul.lang-list { list-style: none; padding: 0; margin: 0 0 8px; display: grid; gap: 6px; }
.new-lang { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: end; margin: 0 0 8px; }
.new-lang label.check { font-weight: 400; display: inline-flex; gap: 6px; align-items: center; min-width: 9rem; }
ol.voice-list { list-style: none; margin: 0; padding: 0; }
li.voice-item { background: #fff; border: 1px solid #d0d5dd; border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; }
.voice-item audio { display: block; width: 100%; max-width: 32rem; margin: 4px 0 12px; }
.voice-item dl.facts { margin-bottom: 12px; }
.state-missing { color: #8c1c13; background: #fff1f0; }
ol.prompt-list { list-style: none; margin: 0; padding: 0; }
li.prompt { border-top: 1px solid #e1e4e8; padding: 12px 0; }
li.prompt:target { box-shadow: inset 4px 0 0 #16794c; padding-inline-start: 14px; }
li.prompt h3 { margin: 0 0 6px; font-size: 1rem; }
li.prompt h3 code.prompt-id { font-weight: 400; color: #4f5663; }
.prompt-read { font-size: 1.1rem; margin: 0 0 8px; padding: 6px 12px; background: #f5f6f8; border-inline-start: 4px solid #1d3557; white-space: pre-wrap; overflow-wrap: anywhere; max-width: 48rem; }
.prompt-status { margin: 0 0 8px; }
li.prompt audio { display: block; width: 100%; max-width: 28rem; margin: 0 0 8px; }
.prompt-actions { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; }
.upload-form { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; }
input[type="file"] { font: inherit; max-width: 100%; }
.field-note { color: #7a2e0e; background: #fffaeb; border-inline-start: 4px solid #b54708; padding: 4px 10px; margin: 0; font-weight: 600; font-size: 0.95rem; }
.field-noted textarea { border: 2px solid #b54708; background: #fffaeb; }
tr.missing-row th, tr.missing-row td { background: #fffaeb; color: #7a2e0e; }
.missing-line { font-weight: 600; color: #7a2e0e; }
.notice-muted { border-inline-start: 6px solid #6b7280; background: #eef1f5; padding: 10px 14px; margin: 0 0 12px; border-radius: 4px; }
.sent-text { display: block; white-space: pre-wrap; overflow-wrap: anywhere; max-width: 48rem; }
.round-feedback { margin: 0 0 12px; }
button:disabled, button:disabled:hover { background: #6b7280; border-color: #6b7280; color: #fff; cursor: not-allowed; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; background: #eef1f5; padding: 0 4px; border-radius: 3px; }
/* At a glance (issue 21): one card per question, its chart first and its table on demand; progress bars with words. */
.chart-figure { min-width: 0; }
.q-cards > h2 { margin: 8px 0 12px; }
article.q-card { background: #fff; border: 1px solid #d0d5dd; border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; min-width: 0; }
article.q-card h3 { margin: 0 0 4px; overflow-wrap: anywhere; }
.q-meta { margin: 0 0 4px; }
.q-chart .chart-figure { margin: 8px 0; }
details.on-demand { margin: 8px 0 0; }
details.on-demand > summary { cursor: pointer; font-weight: 600; color: #0b57d0; padding: 6px 0; width: fit-content; }
details.on-demand > summary:hover { color: #083f98; }
details.on-demand[open] > summary { margin-bottom: 6px; }
.glance { margin: 0 0 12px; }
.glance h4 { margin: 8px 0; font-size: 1rem; }
.glance-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; max-width: 40rem; }
.glance-row { display: grid; gap: 2px; }
.glance-label { font-weight: 600; }
.glance-value { font-variant-numeric: tabular-nums; }
.glance-n { font-weight: 700; }
progress.glance-bar { -webkit-appearance: none; appearance: none; display: block; width: 100%; height: 14px; border: 1px solid #6b7280; border-radius: 4px; background: #eef1f5; color: #1f4e79; }
progress.glance-bar::-webkit-progress-bar { background: #eef1f5; border-radius: 4px; }
progress.glance-bar::-webkit-progress-value { background: #1f4e79; border-radius: 3px 0 0 3px; }
progress.glance-bar::-moz-progress-bar { background: #1f4e79; }
.glance-actions { margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; }
@media (max-width: 40rem) {
  article.q-card { padding: 12px; }
  table.side-by-side { min-width: 0; }
  table.side-by-side th[scope="row"] { min-width: 0; }
  th, td { padding: 4px 6px; }
  td, th, caption { overflow-wrap: anywhere; }
  dl.facts { grid-template-columns: minmax(0, 1fr); }
  dl.facts dd { margin: 0 0 6px; overflow-wrap: anywhere; }
}
@media (max-width: 40rem) { main { padding: 12px 10px 32px; } section.card, li.voice-item { padding: 12px; } }
/* The network: the sharing levels explained beside each choice; projects compared side by side (stacked on a phone). */
.choices-stacked { flex-direction: column; }
.choices-stacked label { display: flex; align-items: flex-start; flex-wrap: wrap; }
.choices-stacked label .muted { flex-basis: 100%; padding-inline-start: 26px; }
.network-pick fieldset { margin: 0 0 12px; }
.network-sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 12px 20px; }
.network-side h4 { margin: 0 0 6px; overflow-wrap: anywhere; }
`;

export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;
