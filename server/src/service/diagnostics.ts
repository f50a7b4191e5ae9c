// Turns catalogue rules and offsets into LSP-shaped diagnostics (plain data types only).
import * as l10n from '@vscode/l10n';
import {
  Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  Range,
} from 'vscode-languageserver-types';
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
  if (extra.relatedInformation && extra.relatedInformation.length > 0)
    diagnostic.relatedInformation = extra.relatedInformation;
  if (extra.data !== undefined) diagnostic.data = extra.data;
  return diagnostic;
}

/**
 * A diagnostic of a catalogue rule at a range its caller already knows in lines and columns (a
 * parser that read the text line by line), so that the document need not index its lines.
 */
export function diagnosticIn(
  range: Range,
  rule: Rule,
  message: string,
  extra: { relatedInformation?: DiagnosticRelatedInformation[]; href?: string } = {},
): Diagnostic {
  const diagnostic: Diagnostic = {
    range,
    severity: severities[rule.severity],
    code: rule.code,
    source: DIAGNOSTIC_SOURCE,
    message,
  };
  if (extra.href !== undefined) diagnostic.codeDescription = { href: extra.href };
  if (extra.relatedInformation && extra.relatedInformation.length > 0)
    diagnostic.relatedInformation = extra.relatedInformation;
  return diagnostic;
}

/** What the user may set a rule to (`balancerLens.rules`): a severity, or off. */
export type RuleSetting = Severity | 'off';

/** The user's settings the service applies, as a plain object (the host reads them from wherever it keeps them). */
export interface LanguageSettings {
  /** Severity or `off` by rule code: `{ "lbconf/unused-definition": "off" }`. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

/** Applies the user's rule settings: changes severities and drops the rules turned off. */
export function applyRuleSettings(
  diagnostics: Diagnostic[],
  settings: LanguageSettings,
): Diagnostic[] {
  const rules = settings.rules;
  if (!rules || Object.keys(rules).length === 0) return diagnostics;
  const result: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const setting = typeof diagnostic.code === 'string' ? rules[diagnostic.code] : undefined;
    if (setting === 'off') continue;
    result.push(
      setting && Object.hasOwn(severities, setting)
        ? { ...diagnostic, severity: severities[setting] }
        : diagnostic,
    );
  }
  return result;
}

/** A diagnostic's message as text (LSP 3.18 also allows Markdown content). */
export function messageText(message: Diagnostic['message']): string {
  return typeof message === 'string' ? message : message.value;
}

/** A diagnostic's message with a sentence added after it, in the form the message has. */
export function withSentence(
  message: Diagnostic['message'],
  sentence: string,
): Diagnostic['message'] {
  // Joined as the language joins sentences: with a space in English, without one in Chinese.
  return typeof message === 'string'
    ? l10n.t('{0} {1}', message, sentence)
    : { ...message, value: l10n.t('{0} {1}', message.value, sentence) };
}

/**
 * Where a finding's first sentence ends: at a full stop (or `!`, `?`), after a closing quote or
 * bracket if any, followed by white space; a stop inside a `code span` or an address does not count.
 * In Chinese a full-width stop (`。`, `！`, `？`, after a closing `”` or `）` if any) ends it with no
 * space after it; the last one, at the end of the text, does not cut.
 */
const SENTENCE_END = /[.!?]["')\]]?\s+|[。！？][”）]?(?=\S)/g;

/**
 * A finding's text cut in two: its headline, the first sentence (what the editor shows as the
 * diagnostic, one line above the packet's own explanation), and the explanation that follows it
 * (shown in the hover after the packet's own text, and in the Explain report).
 */
export function headlineAndExplanation(text: string): { headline: string; explanation: string } {
  // Code spans are blanked (same length) so that a stop inside one is not taken for a sentence's end.
  const prose = text.replace(/`[^`\n]*`/g, (span) => ' '.repeat(span.length));
  for (const end of prose.matchAll(SENTENCE_END)) {
    const cut = end.index + end[0].trimEnd().length;
    return { headline: text.slice(0, cut), explanation: text.slice(end.index + end[0].length) };
  }
  return { headline: text, explanation: '' };
}
