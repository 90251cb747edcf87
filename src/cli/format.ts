import { findingMessage, type Finding } from "../model/diagnostics.js";

export function formatFinding(file: string, finding: Finding): string {
  return `${file}:${finding.path || "/"}: ${finding.severity} ${finding.code}: ${findingMessage(finding)}`;
}

export function summarize(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}
