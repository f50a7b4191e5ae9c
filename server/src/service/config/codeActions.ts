// Quick fixes for configuration diagnostics. Each reads its edit from the diagnostic's data,
// written when the document was validated, instead of parsing the document again.
import { CodeAction, CodeActionKind, Diagnostic } from 'vscode-languageserver-types';
import { isConfigFixData } from './fixes';
import type { MissingOthersData } from './validation';
import { configRules } from './rules';

/** The quick fixes offered for the given diagnostics of a configuration document. */
export function configCodeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.code === configRules.missingOthersVport.code) {
      if (!isMissingOthersData(diagnostic.data)) continue;
      const { vip, edit, enables } = diagnostic.data;
      actions.push({
        title: enables === true ? `Enable 'port 0 others' of ${vip}` : `Add 'port 0 others' to ${vip}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: [edit] } },
      });
      continue;
    }
    if (typeof diagnostic.code !== 'string' || !diagnostic.code.startsWith('lbconf/') || !isConfigFixData(diagnostic.data)) continue;
    for (const fix of diagnostic.data.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(fix.preferred ? { isPreferred: true } : {}),
        edit: { changes: Object.fromEntries(Object.entries(fix.changes).map(([target, edits]) => [target, [...edits]])) },
      });
    }
    if (diagnostic.data.suppress) {
      // Silencing comes after the real fixes: it is the last resort, not the suggestion.
      suppressions.push({
        title: `Ignore ${diagnostic.code} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [diagnostic.data.suppress] } },
      });
    }
  }
  return [...actions, ...suppressions];
}

/** Data comes back from the editor: check its shape before trusting it. */
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
