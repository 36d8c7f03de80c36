"""The site's one stylesheet, kept as code so the package needs no data files.

Readable first: system fonts (nothing fetched), text and links well above WCAG AA
contrast on white, a visible focus ring, and a single column that fits a 375 px
phone, where wide tables and source text scroll inside their own box.
"""

CSS = """\
:root {
  --text: #1a1a1a;
  --muted: #4a4a4a;
  --link: #0b4f99;
  --visited: #5a2d82;
  --rule: #c8c8c8;
  --band: #f2f4f7;
  --ok: #0b6b2f;
  --bad: #a4161a;
  --focus: #ffbf47;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  color: var(--text);
  background: #fff;
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial,
    sans-serif;
  overflow-wrap: break-word;
}
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { border-bottom: 1px solid var(--rule); }
nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none;
  margin: 0; padding: 0.75rem 0; }
nav .brand { font-weight: 700; }
footer { border-top: 1px solid var(--rule); margin-top: 3rem; color: var(--muted);
  font-size: 0.9rem; }
a { color: var(--link); }
a:visited { color: var(--visited); }
a:focus-visible, [tabindex]:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 0.5rem; background: #fff; padding: 0.25rem 0.5rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1.5rem 0 0.5rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
.lead { font-size: 1.1rem; color: var(--muted); }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 0.92em; }
.status { border-left: 6px solid var(--ok); background: var(--band);
  padding: 0.25rem 1rem; margin: 1rem 0; }
.status h2 { margin-top: 0.5rem; font-size: 1.2rem; }
.status-bad { border-left-color: var(--bad); }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; padding: 0; }
.figures div { background: var(--band); padding: 0.5rem 1rem; min-width: 8rem; }
.figures dt { color: var(--muted); font-size: 0.9rem; }
.figures dd { margin: 0; font-size: 1.6rem; font-weight: 700; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.92rem; min-width: 50%;
  overflow-wrap: normal; }  /* a wide table scrolls in its box; words stay whole */
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; color: var(--muted); }
th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.6rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--band); border-bottom: 2px solid #8a8a8a; }
a.src { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure.chart-figure { margin: 1rem 0; max-width: 100%; }
img.chart { display: block; width: 100%; max-width: 36rem; height: auto;
  border: 1px solid var(--rule); background: #fff; }
figcaption { font-size: 0.92rem; color: var(--muted); margin-top: 0.4rem; max-width: 48rem; }
figcaption strong { color: var(--text); }
details { margin: 0.5rem 0 1rem; }
summary { cursor: pointer; color: var(--link); }
pre.source { max-width: 100%; overflow-x: auto; background: var(--band);
  border: 1px solid var(--rule); padding: 0.5rem 0; font-size: 0.85rem; line-height: 1.45; }
pre.source code > span { display: block; padding: 0 0.75rem; white-space: pre; }
pre.source code > span:target { background: #fff3c4; outline: 2px solid var(--focus); }
pre.source code > span > :first-child { display: inline-block; min-width: 3.5em;
  color: var(--muted);
  text-decoration: none; user-select: none; }
ul.issues { color: var(--muted); }
.chart-scroll { max-width: 100%; overflow-x: auto; }
figure.compare svg { display: block; width: 100%; max-width: 36rem; height: auto;
  border: 1px solid var(--rule); }
figure.compare rect.chosen { fill: #0072B2; }
tr:target { background: #fff3c4; }
table.sortable th button { font: inherit; font-weight: 700; background: none; border: 0;
  padding: 0; color: var(--link); cursor: pointer; text-decoration: underline; }
a.pick { text-decoration: none; }
nav { display: flex; flex-wrap: wrap; align-items: center; gap: 0 1.5rem; }
.site-search { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem;
  padding-bottom: 0.5rem; }
.site-search input, .search-page input[type=search] { font: inherit; padding: 0.2rem 0.4rem;
  max-width: 100%; }
.search-page fieldset { border: 0; padding: 0.5rem 0; margin: 0; }
.search-page fieldset label { margin-right: 1rem; white-space: nowrap; }
ol.search-results li { margin: 0.3rem 0; }
@media (max-width: 600px) {
  h1 { font-size: 1.5rem; }
  th, td { padding: 0.25rem 0.4rem; min-width: 7rem; }
  td.num, thead th:only-child { min-width: 0; }
  td.prose { min-width: 15rem; }
  .figures div { flex: 1 1 40%; min-width: 0; }
}
"""
