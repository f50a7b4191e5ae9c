// The Balancer Lens language service: pure TypeScript that knows nothing of the protocol
// connection, the editor or the file system. The server (and any other host) hands it
// documents and positions and gets back plain LSP-shaped data.
import type { CodeAction, Diagnostic, Hover, Position, Range } from 'vscode-languageserver-types';
import { MarkupKind } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseCapture, type CaptureAnalysis } from './capture/analysis';
import { packetHover } from './capture/hover';
import { parseCapture } from './capture/parser';
import { validateCapture } from './capture/validation';
import type { ConfigDocument } from './config/ast';
import { configCodeActions } from './config/codeActions';
import { parseConfig } from './config/parser';
import { validateConfig } from './config/validation';
import { CAPTURE_LANGUAGE, CONFIG_LANGUAGE } from './languages';

export { CAPTURE_LANGUAGE, CONFIG_LANGUAGE } from './languages';
export { configRules } from './config/rules';
export { captureRules } from './capture/rules';

/** What the service offers for the documents of both languages. */
export interface LanguageService {
  /** Every finding in a document. */
  doValidation(document: TextDocument): Diagnostic[];
  /** The hover at a position, if there is something to explain there. */
  doHover(document: TextDocument, position: Position): Hover | null;
  /** Quick fixes for the diagnostics the editor passes back for a range. */
  doCodeActions(document: TextDocument, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[];
  /** Forgets what was cached for a closed document. */
  forget(uri: string): void;
}

type Parsed = { language: 'config'; config: ConfigDocument } | { language: 'capture'; capture: CaptureAnalysis } | undefined;

/** Creates a language service. Parses are cached per document version, so features share them. */
export function createLanguageService(): LanguageService {
  const cache = new Map<string, { version: number; parsed: Parsed }>();

  function parse(document: TextDocument): Parsed {
    const cached = cache.get(document.uri);
    if (cached && cached.version === document.version) return cached.parsed;
    const parsed: Parsed =
      document.languageId === CONFIG_LANGUAGE
        ? { language: 'config', config: parseConfig(document.getText()) }
        : document.languageId === CAPTURE_LANGUAGE
          ? { language: 'capture', capture: analyseCapture(parseCapture(document.getText())) }
          : undefined;
    cache.set(document.uri, { version: document.version, parsed });
    return parsed;
  }

  return {
    doValidation(document) {
      const parsed = parse(document);
      if (parsed?.language === 'config') return validateConfig(document, parsed.config);
      if (parsed?.language === 'capture') return validateCapture(document, parsed.capture);
      return [];
    },
    doHover(document, position) {
      const parsed = parse(document);
      if (parsed?.language !== 'capture') return null;
      const markdown = packetHover(parsed.capture, position.line);
      if (markdown === undefined) return null;
      const copy = parsed.capture.copyAtLine.get(position.line)!;
      return {
        contents: { kind: MarkupKind.Markdown, value: markdown },
        range: { start: document.positionAt(copy.start), end: document.positionAt(copy.end) },
      };
    },
    doCodeActions(document, _range, diagnostics) {
      if (document.languageId === CONFIG_LANGUAGE) return configCodeActions(document.uri, diagnostics);
      return [];
    },
    forget(uri) {
      cache.delete(uri);
    },
  };
}
