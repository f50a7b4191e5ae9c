// Quick fixes for configuration diagnostics. The diagnostics the editor passes back may be older
// than the text (it keeps showing them for a moment after an edit): their data's edits would
// land on whatever moved under them. So each is matched to the same finding in the document as it
// is now, by its identity (code and message: messages name the object and never a line number),
// and the fixes are that finding's, made for the current text. A finding gone by now gets none.
import * as l10n from '@vscode/l10n';
import { type CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver-types';
import { pushTo } from '../collections';
import { messageText } from '../diagnostics';
import { isConfigFixData } from './fixes';
import type { MissingOthersData } from './validation';
import { configRules } from './rules';

/**
 * The quick fixes offered for the given diagnostics of a configuration document. `current` are
 * the document's findings as it reads now: the fixes are theirs, never the passed data's.
 */
export function configCodeActions(
  uri: string,
  diagnostics: readonly Diagnostic[],
  current: readonly Diagnostic[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const matched = new Set<Diagnostic>();
  for (const diagnostic of diagnostics) {
    const now = sameFinding(diagnostic, current);
    // Gone, or already answered for another diagnostic the editor passed: no second copy.
    if (!now || matched.has(now)) continue;
    matched.add(now);
    if (now.code === configRules.missingOthersVport.code) {
      if (!isMissingOthersData(now.data)) continue;
      const { vip, edit, enables } = now.data;
      actions.push({
        title:
          enables === true
            ? l10n.t`Enable 'port 0 others' of ${vip}`
            : l10n.t`Add 'port 0 others' to ${vip}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: [edit] } },
      });
      continue;
    }
    if (
      typeof now.code !== 'string' ||
      !now.code.startsWith('lbconf/') ||
      !isConfigFixData(now.data)
    )
      continue;
    for (const fix of now.data.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(fix.preferred ? { isPreferred: true } : {}),
        edit: {
          changes: Object.fromEntries(
            Object.entries(fix.changes).map(([target, edits]) => [target, [...edits]]),
          ),
        },
      });
    }
    if (now.data.suppress) {
      // Silencing comes after the real fixes: it is the last resort, not the suggestion.
      suppressions.push({
        title: l10n.t`Ignore ${now.code} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [now.data.suppress] } },
      });
    }
  }
  return [...actions, ...suppressions];
}

/**
 * Numbers the findings that are alike (the same code and message: three copies of a line make two),
 * in their data's `alike`, so that each is told from the others when it comes back older.
 */
export function numberAlike(diagnostics: readonly Diagnostic[]): void {
  for (const alike of byIdentity(diagnostics).values()) {
    if (alike.length === 1) continue;
    for (const [i, d] of alike.entries()) {
      if (typeof d.data === 'object' && d.data !== null) (d.data as { alike?: number }).alike = i;
    }
  }
}

/** A document's findings by identity (code and message), made once per list: the cursor asks again and again. */
const identities = new WeakMap<readonly Diagnostic[], Map<string, Diagnostic[]>>();

function byIdentity(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  let map = identities.get(diagnostics);
  if (!map) {
    map = new Map();
    for (const d of diagnostics) pushTo(map, identity(d.code, messageText(d.message)), d);
    identities.set(diagnostics, map);
  }
  return map;
}

function identity(code: Diagnostic['code'], message: string): string {
  return `${String(code)}\u0000${message}`;
}

/**
 * The finding of the current text that a diagnostic the editor passed back stands for: the same
 * code and message; of findings alike, the one of the same number (numberAlike), else the one at
 * its range, else the nearest by line (any of them is fixed the same way). Undefined when none is left.
 */
export function sameFinding(
  diagnostic: Diagnostic,
  current: readonly Diagnostic[],
): Diagnostic | undefined {
  if (typeof diagnostic !== 'object' || diagnostic === null || !isRange(diagnostic.range))
    return undefined;
  const message =
    typeof diagnostic.message === 'string' || typeof diagnostic.message?.value === 'string'
      ? messageText(diagnostic.message)
      : undefined;
  if (
    message === undefined ||
    (typeof diagnostic.code !== 'string' && typeof diagnostic.code !== 'number')
  )
    return undefined;
  const alike = (diagnostic.data as { alike?: unknown } | undefined)?.alike;
  let best: Diagnostic | undefined;
  let bestDistance = Infinity;
  for (const candidate of byIdentity(current).get(identity(diagnostic.code, message)) ?? []) {
    if (alike !== undefined && (candidate.data as { alike?: unknown } | undefined)?.alike === alike)
      return candidate;
    const distance = sameRange(candidate.range, diagnostic.range)
      ? -1
      : Math.abs(candidate.range.start.line - diagnostic.range.start.line);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** Diagnostics come back from the editor: check a range's shape before reading it. */
function isRange(range: unknown): range is Diagnostic['range'] {
  const candidate = range as { start?: { line?: unknown }; end?: unknown } | undefined;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Number.isInteger(candidate.start?.line) &&
    typeof candidate.end === 'object'
  );
}

/** The shape of a missing-others diagnostic's data. */
function isMissingOthersData(data: unknown): data is MissingOthersData {
  const candidate = data as Partial<MissingOthersData> | undefined;
  return (
    typeof candidate?.vip === 'string' &&
    typeof candidate.edit?.newText === 'string' &&
    typeof candidate.edit.range?.start?.line === 'number' &&
    typeof candidate.edit.range.start.character === 'number' &&
    typeof candidate.edit.range.end?.line === 'number' &&
    typeof candidate.edit.range.end.character === 'number'
  );
}
