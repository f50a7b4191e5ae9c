// Quick fixes a capture offers in a configuration file. The finding's data, written when the
// capture was checked against the configurations, says which fix for which VIP of which file; it
// comes back from the editor, so its shape is checked, and the edit is always made again from the
// configuration's current text (the capture is checked again only a moment after a configuration
// changes, and a version number alone may be reused by a file closed and opened again).
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver-types';
import { isTextEdit } from '../config/fixes';
import type { IndexedConfig } from '../config/symbols';
import { type AddOthersFixData, addOthersTitle } from './captureFindings';
import { samePoolEdit, type SamePoolFixData, samePoolTitle, vipNamed } from './ikeEspSplit';

/** The configuration edits a joined capture finding may carry in its data. */
export type JoinFixData = AddOthersFixData | SamePoolFixData;

/**
 * The configuration fixes for the given diagnostics of a capture. `sites` are the workspace's
 * configuration documents as they are now: each fix is made from its document's current text,
 * and dropped when the VIP has `port 0 others` by now or the document is not in the workspace.
 */
export function joinCodeActions(
  diagnostics: readonly Diagnostic[],
  sites: readonly IndexedConfig[] = [],
): CodeAction[] {
  // Several findings explained by one VIP carry one fix: it is offered once, for all of them.
  const actions = new Map<string, CodeAction & { diagnostics: Diagnostic[] }>();
  for (const diagnostic of diagnostics) {
    if (!isJoinFixData(diagnostic.data)) continue;
    const { uri } = diagnostic.data;
    const edit = currentEdit(diagnostic.data, sites);
    if (!edit) continue;
    const key = JSON.stringify([uri, edit]);
    const same = actions.get(key);
    if (same) {
      same.diagnostics.push(diagnostic);
      continue;
    }
    actions.set(key, {
      title:
        diagnostic.data.fix === 'add-others-vport'
          ? addOthersTitle(diagnostic.data)
          : samePoolTitle(diagnostic.data),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [edit] } },
    });
  }
  return [...actions.values()];
}

/** The data's fix made in its document's current text; none for a document the host does not list (it cannot be checked). */
function currentEdit(data: JoinFixData, sites: readonly IndexedConfig[]): TextEdit | undefined {
  const site = sites.find((s) => s.uri === data.uri);
  if (!site) return undefined;
  const vip = vipNamed(site, data.vip);
  if (!vip) return undefined;
  return data.fix === 'add-others-vport' ? vip.addOthers : samePoolEdit(vip, data.vport, data.pool);
}

/** Data comes back from the editor: check its shape before trusting it. */
export function isJoinFixData(data: unknown): data is JoinFixData {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as Partial<Record<keyof SamePoolFixData, unknown>>;
  const common =
    typeof candidate.vip === 'string' &&
    typeof candidate.uri === 'string' &&
    Number.isInteger(candidate.version) &&
    isTextEdit(candidate.edit);
  if (candidate.fix === 'add-others-vport') return common;
  return (
    candidate.fix === 'same-nat-pool' &&
    common &&
    typeof candidate.vport === 'string' &&
    typeof candidate.pool === 'string'
  );
}

/** True for the data of the fix that adds `port 0 others`. */
export function isAddOthersFixData(data: unknown): data is AddOthersFixData {
  return isJoinFixData(data) && data.fix === 'add-others-vport';
}
