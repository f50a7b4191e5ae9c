// What the configuration tests share: documents with a cursor marker, workspaces of several
// files, and findings written as one line each.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, WorkspaceEdit } from 'vscode-languageserver-types';
import {
  CONFIG_LANGUAGE,
  createLanguageService,
  type LanguageService,
  type LanguageSettings,
} from '../../../server/src/service';

/** A document whose text marks the cursor with `|`: the document without it, and the cursor's position. */
export function withCursor(
  marked: string,
  uri = 'file:///ws/edge.a10.cfg',
): { document: TextDocument; position: Position } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0)
    throw new Error('Mark the cursor with exactly one |');
  const document = TextDocument.create(
    uri,
    CONFIG_LANGUAGE,
    1,
    marked.slice(0, offset) + marked.slice(offset + 1),
  );
  return { document, position: document.positionAt(offset) };
}

/** Lines joined with `\n` (configurations in the tests read best one line per string). */
export function lines(...text: string[]): string {
  return text.join('\n');
}

/** A workspace of configuration files by name, and a service that sees all of them. */
export function workspace(
  files: Record<string, string>,
  settings?: LanguageSettings,
  devices: Record<string, readonly string[]> = {},
): { service: LanguageService; documents: Record<string, TextDocument> } {
  const documents = Object.fromEntries(
    Object.entries(files).map(([name, text]) => [
      name,
      TextDocument.create(`file:///ws/${name}`, CONFIG_LANGUAGE, 1, text),
    ]),
  );
  // `devices` groups files into one device by name, as the `devices` setting does (the host's matching of globs aside).
  const groupOf = new Map<string, string>(
    Object.entries(devices).flatMap(([device, names]) =>
      names.map((name) => [`file:///ws/${name}`, device] as const),
    ),
  );
  const service = createLanguageService({
    workspace: {
      configDocuments: () => Object.values(documents),
      deviceGroup: (uri) => groupOf.get(uri),
    },
    settings,
  });
  return { service, documents };
}

/** A finding as one line: `4:12 warning lbconf/undefined-reference Service group ...` (1-based line and column). */
export function finding(d: Diagnostic): string {
  const severity = ['', 'error', 'warning', 'information', 'hint'][d.severity ?? 0];
  const message = typeof d.message === 'string' ? d.message : d.message.value;
  return `${d.range.start.line + 1}:${d.range.start.character + 1} ${severity} ${String(d.code)} ${message}`;
}

/** `code@line` (1-based) of each finding. */
export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`);
}

/** The text of each document after a workspace edit, by file name (only the documents it edits). */
export function applyWorkspaceEdit(
  edit: WorkspaceEdit,
  documents: Record<string, TextDocument>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const entry = Object.entries(documents).find(([, d]) => d.uri === uri);
    if (!entry) throw new Error(`The edit changes ${uri}, which is not in the workspace`);
    result[entry[0]] = TextDocument.applyEdits(entry[1], edits);
  }
  return result;
}
