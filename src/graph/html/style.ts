/** The page's stylesheet, inlined (and allowed by its hash in the page's Content-Security-Policy). */
export const STYLE: string = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:grid;grid-template-columns:minmax(0,1fr) 400px;font:13px/1.4 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#263238;background:#fafbfc}
#zf-main{overflow:auto;padding:16px 24px}
header h1{font-size:18px;margin:0 0 4px}
.summary,.legend,.note{margin:2px 0;color:#546e7a}
.legend{font-size:12px}
.note{color:#c62828}
.status{font-weight:700}.status.succeeded{color:#2e7d32}.status.failed{color:#c62828}
section.flow{margin-top:16px}
section.flow h2{font-size:15px;margin:0 0 8px}
svg.graph{display:block;background:#fff;border:1px solid #e0e6ea;border-radius:6px;font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
svg text{text-anchor:middle;dominant-baseline:central}
.group rect{fill:#f3f6f8;stroke:#90a4ae;stroke-dasharray:5 4}
.group text{font-size:11px;font-weight:600;fill:#607d8b}
.edge{fill:none;stroke:#90a4ae;stroke-width:1.5}
.edge.default{stroke-dasharray:7 4}
.edge.catch{stroke:#e57373;stroke-width:2;stroke-dasharray:0.1 4;stroke-linecap:round}
.edge.iterator{stroke:#78909c;stroke-width:3}
.edge.taken{stroke:#1565c0;stroke-width:3}
.edge.taken.iterator{stroke-width:4}
.arrow.plain path{fill:#90a4ae}.arrow.catch path{fill:#e57373}.arrow.taken path{fill:#1565c0}
.edge-label rect{fill:#fff;fill-opacity:.92}
.edge-label text{font-size:11px;fill:#546e7a}
.edge-label.catch text{fill:#c62828}
.edge-label.taken text{fill:#0d47a1;font-weight:600}
.node{cursor:pointer;outline:none}
.node .shape{fill:#fff;stroke:#607d8b;stroke-width:1.5}
.node .shape.inner{fill:none}
.node.type-choice .shape{fill:#fffbea}
.node.type-succeed .shape{stroke:#2e7d32}
.node.type-fail .shape{stroke:#c62828}
.node.start .shape{stroke-width:3}
.node.unreachable .shape{fill:#f1f1f1;stroke:#9e9e9e;stroke-dasharray:5 3}
.node.unreachable text{fill:#757575}
.node.missing .shape{fill:#ffebee;stroke:#c62828}
.node .name{font-size:12px;font-weight:600;fill:#263238}
.node .sub{font-size:11px;fill:#607d8b}
.node.missing text{fill:#c62828}
svg.has-run .node:not(.visited),svg.has-run .edge:not(.taken),svg.has-run .edge-label:not(.taken){opacity:.45}
.node.visited .shape{fill:#e3f2fd;stroke:#1565c0}
.node.failed .shape{fill:#ffebee;stroke:#c62828}
.node.selected .shape,.node:focus-visible .shape{stroke:#ef6c00;stroke-width:3}
.badge circle{fill:#1565c0;stroke:#fff;stroke-width:1.5}
.badge text{font-size:10px;font-weight:700;fill:#fff}
#zf-panel{overflow:auto;padding:16px;border-left:1px solid #e0e6ea;background:#fff}
#zf-panel h2{font-size:16px;margin:0 0 4px;word-break:break-word}
#zf-panel h3{font-size:13px;margin:16px 0 4px;padding-top:8px;border-top:1px solid #eceff1}
#zf-panel p{margin:4px 0}
#zf-panel .hint,#zf-panel .meta{color:#607d8b}
#zf-panel .error{color:#c62828}
#zf-panel summary{cursor:pointer;font-weight:600;margin-top:6px}
#zf-panel pre{margin:4px 0;padding:8px;background:#f6f8fa;border-radius:4px;font:12px/1.35 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word;overflow:auto}
#zf-panel .input pre{max-height:360px}
`;
