// What the unit tests share: documents made from inline text or fixtures, and applying edits.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { CAPTURE_LANGUAGE, CONFIG_LANGUAGE, createLanguageService } from '../../server/src/service';

export { fixture, repoRoot } from '../paths';

/** A configuration document with the given text. */
export function configDocument(text: string, uri = 'file:///test/config.a10.cfg'): TextDocument {
  return TextDocument.create(uri, CONFIG_LANGUAGE, 1, text);
}

/** A capture document with the given text. */
export function captureDocument(
  text: string,
  uri = 'file:///test/capture.axdebug.txt',
): TextDocument {
  return TextDocument.create(uri, CAPTURE_LANGUAGE, 1, text);
}

/** The diagnostics of a document, from a fresh service. */
export function diagnosticsOf(document: TextDocument): Diagnostic[] {
  return createLanguageService().doValidation(document);
}

/** The codes of a document's diagnostics with their 1-based lines: `['lbconf/missing-others-vport@1']`. */
export function codesOf(document: TextDocument): string[] {
  return diagnosticsOf(document).map((d) => `${String(d.code)}@${d.range.start.line + 1}`);
}

/** The quick fixes the service offers for all of a document's diagnostics. */
export function quickFixesOf(document: TextDocument): CodeAction[] {
  const service = createLanguageService();
  const diagnostics = service.doValidation(document);
  return service.doCodeActions(
    document,
    { start: { line: 0, character: 0 }, end: { line: document.lineCount, character: 0 } },
    diagnostics,
  );
}

/** The document's text after a code action's edits to it. */
export function applyAction(document: TextDocument, action: CodeAction): string {
  const edits = action.edit?.changes?.[document.uri] ?? [];
  return TextDocument.applyEdits(document, edits);
}

/** A diagnostic's message as plain text (LSP 3.18 also allows Markdown content). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
