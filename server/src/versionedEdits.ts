// Workspace edits that name the version of each document they were made for. A client that
// supports them (`workspace.workspaceEdit.documentChanges`) refuses to apply such an edit to a
// document that has changed since: a quick fix chosen after more typing damages nothing.
import {
  type CodeAction,
  type Command,
  TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';

/**
 * An edit's `changes` as `documentChanges`, each with the version of its document the edit was made
 * for: `versionOf` answers it for an open document, null for a file the editor does not have open
 * (the server read it from disk, and the protocol has no version for it).
 */
export function versionedEdit(
  edit: WorkspaceEdit,
  versionOf: (uri: string) => number | null,
): WorkspaceEdit {
  if (!edit.changes || edit.documentChanges) return edit;
  const { changes, ...rest } = edit;
  return {
    ...rest,
    documentChanges: Object.entries(changes).map(([uri, edits]) =>
      TextDocumentEdit.create({ uri, version: versionOf(uri) }, edits),
    ),
  };
}

/** Code actions whose edits name their documents' versions (versionedEdit). */
export function versionedActions(
  actions: readonly (CodeAction | Command)[],
  versionOf: (uri: string) => number | null,
): (CodeAction | Command)[] {
  return actions.map((action) =>
    'edit' in action && action.edit
      ? { ...action, edit: versionedEdit(action.edit, versionOf) }
      : action,
  );
}
