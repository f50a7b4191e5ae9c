// Turns catalogue rules and offsets into LSP-shaped diagnostics (plain data types only).
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Rule, Severity } from './rules';

/** The source name every diagnostic of this extension carries. */
export const DIAGNOSTIC_SOURCE = 'balancer-lens';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The range between two offsets of a document. */
export function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

/** A diagnostic of a catalogue rule at the given offsets. */
export function diagnosticOf(
  document: TextDocument,
  rule: Rule,
  start: number,
  end: number,
  message: string,
  extra: { data?: unknown; relatedInformation?: DiagnosticRelatedInformation[] } = {},
): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf(document, start, end),
    severity: severities[rule.severity],
    code: rule.code,
    source: DIAGNOSTIC_SOURCE,
    message,
  };
  if (extra.relatedInformation && extra.relatedInformation.length > 0) diagnostic.relatedInformation = extra.relatedInformation;
  if (extra.data !== undefined) diagnostic.data = extra.data;
  return diagnostic;
}
