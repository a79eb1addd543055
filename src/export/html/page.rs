//! The page around a report: the document head, the inline style sheet (screen and
//! print), and the footer saying what made the page.
//!
//! The style uses the reader's system fonts (no web font to fetch), colours with at
//! least 4.5:1 contrast for text and 3:1 for chart marks on white, and a print style
//! that drops margins, lets wide tables use the page width and keeps figures and table
//! rows from breaking across pages.

use super::escape;

/// The inline style sheet.
const STYLE: &str = r#"
:root { --ink: #1b1f24; --muted: #4a5360; --rule: #d0d7de; --head: #eef1f4; --accent: #0b5cad; --warn: #8a3b00; }
* { box-sizing: border-box; }
html { background: #fff; color: var(--ink); }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; max-width: 1200px; margin: 1.5rem auto 3rem; padding: 0 1.25rem; }
header.report { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; padding-bottom: .5rem; }
h1 { font-size: 1.55rem; line-height: 1.25; margin: .2rem 0 .4rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.02rem; margin: 1.2rem 0 .4rem; }
p, ul, dl { margin: .4rem 0 .8rem; }
.subtitle { margin: 0 0 .3rem; color: var(--muted); }
.kicker { color: var(--muted); font-size: .9rem; margin: 0; text-transform: uppercase; letter-spacing: .04em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .92em; }
.table-wrap { overflow-x: auto; margin: .4rem 0 1.2rem; }
table { border-collapse: collapse; font-size: .88rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .2rem 0 .4rem; }
th, td { text-align: left; vertical-align: top; padding: .28rem .55rem; border-bottom: 1px solid var(--rule); }
thead th { background: var(--head); border-bottom: 2px solid #8c959f; }
tbody th { font-weight: 600; white-space: nowrap; }
table.wide { font-size: .8rem; }
table.wide td, table.wide th { padding: .25rem .4rem; }
table.wide thead th { overflow-wrap: anywhere; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
table.trace tr:has(+ tr.detail) td { border-bottom: none; }
tr.detail td { font-size: .78rem; color: var(--muted); padding-top: 0; }
table.trace td, table.trace th { font-size: .84rem; }
.small { font-size: .82rem; color: var(--muted); }
.status { display: inline-block; padding: 0 .32em; border: 1px solid; border-radius: 3px; font-size: .78rem; line-height: 1.35; white-space: nowrap; }
.status-law { color: #0f5323; background: #e7f4ea; }
.status-official { color: #0b4f8a; background: #e6f0fa; }
.status-reported { color: #5b3a8c; background: #f1ebfa; }
.status-comparative { color: #6b4e00; background: #fbf3dc; }
.status-inferred { color: #2f4f4f; background: #e8f0f0; }
.status-assumed { color: #8a3b00; background: #fff0e0; font-weight: 700; }
.missed, .alert { color: #a11a1a; font-weight: 700; }
.assumed { color: var(--warn); font-weight: 600; }
.conditional { color: var(--warn); font-weight: 700; }
.finding-departure { border-left: 4px solid #a11a1a; padding-left: .6rem; }
.finding-observation { border-left: 4px solid #6b6b6b; padding-left: .6rem; }
ul.findings { list-style: none; padding-left: 0; }
ul.findings li { margin: .5rem 0; }
ul.plain { list-style: none; padding-left: 0; }
figure { margin: .8rem 0 1.4rem; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .3rem; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart text { font-family: inherit; fill: var(--ink); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: .4rem 1.6rem; }
.charts figure { margin: .4rem 0; }
.legend { display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; font-size: .85rem; margin: .2rem 0 .6rem; padding: 0; list-style: none; }
.legend svg { vertical-align: -3px; margin-right: .3rem; }
.status-key, .note { font-size: .86rem; color: var(--muted); }
footer { margin-top: 2.5rem; padding-top: .5rem; border-top: 1px solid var(--rule); font-size: .8rem; color: var(--muted); }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  .table-wrap { overflow: visible; }
  table.wide { font-size: 7.5pt; }
  table.trace { font-size: 8pt; }
  h2, h3 { break-after: avoid; }
  figure, tr, li, .charts > * { break-inside: avoid; }
  thead th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .status, svg.chart { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// A whole page: `title` (text) in the head and as the heading, `kicker` (text) above
/// it, `subtitle` (HTML) below it, then `body` (HTML).
pub fn page(kicker: &str, title: &str, subtitle: &str, body: &str) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"regsim\">\n");
    out.push_str(&format!(
        "<title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(title),
        escape(kicker)
    ));
    out.push_str(&format!(
        "<header class=\"report\">\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n{}</header>\n<main>\n",
        escape(kicker),
        escape(title),
        if subtitle.is_empty() {
            String::new()
        } else {
            format!("<p class=\"subtitle\">{subtitle}</p>\n")
        }
    ));
    out.push_str(body);
    out.push_str("</main>\n<footer>Made by regsim, an event-sourced simulator of legal registration procedures. Every value carries its source and status; the same inputs give the same page.</footer>\n</body>\n</html>\n");
    out
}
