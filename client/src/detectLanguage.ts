// VS Code applies a language's `firstLine` pattern only to files whose extension no language
// claims, so a capture saved as `.txt` or a running-config saved as `.cfg` would open as plain
// text. This applies the same patterns, taken from this extension's own manifest, to such files.
import * as vscode from 'vscode';

/** Languages whose documents may really be a balancer file when their content says so. */
const GENERIC_LANGUAGES = new Set(['plaintext', 'log', 'ini', 'properties', 'conf']);

interface ContributedLanguage {
  id: string;
  firstLine?: string;
}

/** Re-opens plain documents as a balancer language when their first non-blank line matches one. */
export function registerContentDetection(context: vscode.ExtensionContext): void {
  const contributed = (context.extension.packageJSON as { contributes?: { languages?: ContributedLanguage[] } }).contributes?.languages ?? [];
  const patterns = contributed.filter((l) => l.firstLine).map((l) => ({ id: l.id, pattern: new RegExp(l.firstLine!) }));

  const detect = (document: vscode.TextDocument): void => {
    if (!GENERIC_LANGUAGES.has(document.languageId)) return;
    if (!vscode.workspace.getConfiguration('balancerLens', document).get<boolean>('detectByContent', true)) return;
    const firstLine = firstNonBlankLine(document);
    const match = firstLine === undefined ? undefined : patterns.find((p) => p.pattern.test(firstLine));
    if (match) void vscode.languages.setTextDocumentLanguage(document, match.id);
  };

  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(detect));
  vscode.workspace.textDocuments.forEach(detect);
}

/** The first line with text, looking no further than the first twenty lines. */
function firstNonBlankLine(document: vscode.TextDocument): string | undefined {
  for (let line = 0; line < Math.min(document.lineCount, 20); line++) {
    const text = document.lineAt(line).text;
    if (text.trim() !== '') return text.length > 1000 ? text.slice(0, 1000) : text;
  }
  return undefined;
}
