/**
 * The HTML graph page's public entry. Its parts live in html/: layout.ts (dagre layout, text metrics),
 * svg.ts (each flow's drawing), page.ts (the page around the drawings, with the data its script reads),
 * style.ts, and browser/ (the script, type-checked against the DOM and bundled by browser-script.ts).
 */
export { renderHtml, type HtmlOptions, type TraceEntryLike } from "./html/page.js";
