export { shortCondition, shortPath } from "./conditions.js";
export { renderDot } from "./dot.js";
export { renderHtml, type HtmlOptions, type TraceEntryLike } from "./html.js";
export { renderMermaid } from "./mermaid.js";
export {
  flowGraphs,
  type EdgeKind,
  type FlowGraph,
  type GraphEdge,
  type GraphGroup,
  type GraphNode,
} from "./model.js";
export {
  GraphError,
  overlayFor,
  runPath,
  type RunOverlayInput,
  type RunPath,
  type TraceStep,
} from "./overlay.js";
