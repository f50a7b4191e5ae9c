// The Balancer Lens language service: pure TypeScript that knows nothing of the protocol
// connection, the editor or the file system. The server (and any other host) hands it
// documents and positions and gets back plain LSP-shaped data.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Position,
  Range,
  SemanticTokens,
  SemanticTokensLegend,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { MarkupKind } from 'vscode-languageserver-types';
// capture/: one feature a file
import { analyseCaptureText, type CaptureAnalysis } from './capture/engine/analysis';
import { captureCodeLenses } from './capture/features/codeLens';
import { captureDefinition } from './capture/features/definition';
import { findingsHover, packetHover } from './capture/features/hover';
import { captureSymbols } from './capture/features/outline';
import { captureReferences } from './capture/features/references';
import { checkFactsOf, validateCaptureFacts } from './capture/features/validation';
import { type CheckFacts, CheckFolder } from './capture/features/checkFacts';
import { type LineSink, StreamingAnalysis } from './capture/engine/streaming';
// config/: one feature a file
import type { ConfigDocument } from './config/ast';
import { configCodeActions, numberAlike } from './config/codeActions';
import type { Device } from './config/devices';
import { configCompletion } from './config/completion';
import { configDefinition, configReferences } from './config/definition';
import { configFoldingRanges } from './config/folding';
import { configHover } from './config/hover';
import { configOutline } from './config/outline';
import { configPrepareRename, configRename } from './config/rename';
import { configSemanticTokens, configSemanticTokensLegend } from './config/semanticTokens';
import { deviceOf as deviceOfSite, type IndexedConfig, type SymbolIndex } from './config/symbols';
import { validateConfig } from './config/validation';
// what joins them, and what both share
import { configAddressNotes } from './diagram/configNotes';
import {
  buildFlowDiagram,
  type DiagramRow,
  drawFlowDiagram,
  type FlowDiagram,
} from './diagram/model';
import { type AnyDiagram, type OutlineAnswer, outlineOf, rowsOf } from './diagram/outline';
import { DiagramStream, type StreamedDiagramOptions } from './diagram/streamed';
import {
  applyRuleSettings,
  headlineAndExplanation,
  type LanguageSettings,
  messageText,
} from './diagnostics';
import { withShortMessages, withShortNames, withShortTitles } from './ellipsis';
import {
  type JoinFacts,
  joinCaptureFindings,
  joinFactsOf,
  JoinFolder,
} from './join/captureFindings';
import { joinCodeActions } from './join/codeActions';
import { handlingHover } from './join/handling';
import { absoluteHref, relativeHref } from './join/links';
import { captureReport, findingLines, reportOf } from './join/report';
import { LinePlaces, ReportFolder } from './capture/features/reportFacts';
import type { PacketEvent } from './capture/engine/packetEvents';
import { CAPTURE_LANGUAGE, CONFIG_LANGUAGE } from './languages';
import { ConfigWorkspace, type WorkspaceHost } from './workspace';

export { CAPTURE_LANGUAGE, CONFIG_LANGUAGE } from './languages';
export { configRules } from './config/rules';
export { captureRules } from './capture/features/rules';
export { localeOf, serviceLocale, type ServiceLocale, useLocale } from './locale';
export type { WorkspaceHost } from './workspace';
export type { Device } from './config/devices';
export type { LanguageSettings, RuleSetting } from './diagnostics';
export type { DiagramRow, FlowDiagram } from './diagram/model';
export type { DiagramOutline, OutlineAnswer } from './diagram/outline';
export { MAX_ROWS_PER_REQUEST } from './diagram/outline';

/** The token types and modifiers of the semantic tokens (a server declares them as its legend). */
export const semanticTokensLegend: SemanticTokensLegend = configSemanticTokensLegend;

/** What a rename at a position would change (its range and current text), or why it cannot be done. */
export type RenameTarget =
  { readonly range: Range; readonly placeholder: string } | { readonly error: string };

/** What a host hands the service: the workspace's configuration files and the user's settings. */
export interface LanguageServiceOptions {
  /** Lists the workspace's configuration documents, for the symbol table that spans them. */
  readonly workspace?: WorkspaceHost;
  /** The user's settings (rule severities). */
  readonly settings?: LanguageSettings;
}

/**
 * What the service offers for the documents of both languages. Its members are functions, not
 * methods: each may be taken out of the service and called on its own.
 */
export interface LanguageService {
  /**
   * Every finding in a document. `forEditor`: as an editor that shows the hover gets them, which
   * puts a diagnostic's text above the hover's: a capture's finding is its headline alone, its
   * explanation and the dump's own related lines left to the hover of its packet line.
   */
  doValidation: (
    document: TextDocument,
    options?: { readonly forEditor?: boolean },
  ) => Diagnostic[];
  /** The hover at a position, if there is something to explain there. */
  doHover: (document: TextDocument, position: Position) => Hover | null;
  /**
   * Quick fixes for the diagnostics the editor passes back for a range, made for the documents as
   * they read now (a diagnostic of an older text gets its finding's fix in the current one, or none).
   */
  doCodeActions: (
    document: TextDocument,
    range: Range,
    diagnostics: readonly Diagnostic[],
  ) => CodeAction[];
  /**
   * True when requests about the document at its version are answered without a whole analysis:
   * a capture's analysis is kept for the version last read; a configuration is re-read around an
   * edit only, so it is always true for one.
   */
  hasAnalysis: (document: TextDocument) => boolean;
  /**
   * Reads up to `count` configuration documents of the workspace that were not read at their
   * current version, for a host that reads the workspace a slice at a time and answers requests
   * between slices; answers how many are left to read.
   */
  readWorkspace: (count: number) => number;
  /** Forgets what was cached for a closed document. */
  forget: (uri: string) => void;
  /** Replaces the user's settings (validate again to see their effect). */
  configure: (settings: LanguageSettings) => void;
  /** The outline of a document: a capture's IPsec peers and flows; a configuration's blocks. */
  findDocumentSymbols: (document: TextDocument) => DocumentSymbol[];
  /** Where the thing at a position is answered: in a capture, the packet that answers a packet; in a configuration, every block that defines the object named there. */
  findDefinition: (document: TextDocument, position: Position) => Location | Location[] | null;
  /** What belongs with the thing at a position: in a capture, every packet of a packet's flow; in a configuration, every use of the object named there. */
  findReferences: (
    document: TextDocument,
    position: Position,
    includeDeclaration: boolean,
  ) => Location[];
  /**
   * "Explain this capture": a Markdown report of a capture (null for any other document). Its
   * links name files by uri, or relative to the folder `linksRelativeTo` (a uri) for the files
   * under it: a Markdown preview resolves those, where it refuses `file:` links.
   */
  explainCapture: (
    document: TextDocument,
    options?: { readonly linksRelativeTo?: string; readonly linksFromRoot?: boolean },
  ) => string | null;
  /**
   * A capture dump's findings (doValidation's) without holding the dump: the host streams its
   * lines past each sink `passes()` yields (ending each before the next), then asks for `findings()`. What is
   * kept grows with the dump's flows, peers and hosts, not with its lines.
   */
  checkCaptureStream: (uri: string) => CaptureStreamCheck;
  /**
   * explainCapture's report of a dump without holding the dump: the host streams its lines past
   * each sink `passes()` yields (two or three, each ended before the next), then asks for
   * `report()`. What is kept grows with the dump's flows, peers and hosts, not with its lines.
   */
  explainCaptureStream: (
    uri: string,
    options?: { readonly linksRelativeTo?: string; readonly linksFromRoot?: boolean },
  ) => CaptureStreamExplain;
  /**
   * The flow diagram of a capture dump streamed past three times (DiagramStream.passes), drawn as
   * getFlowDiagram's whole picture is, the balancer's addresses named by the workspace's configuration.
   */
  diagramCaptureStream: (options?: Omit<StreamedDiagramOptions, 'notes'>) => DiagramStream;
  /** Summaries shown above lines: a capture's flows and IPsec peers. */
  findCodeLenses: (document: TextDocument) => CodeLens[];
  /** Completions at a position: the commands valid there, and the names a command takes. */
  doComplete: (document: TextDocument, position: Position) => CompletionList;
  /** What a rename at a position would change, or why it cannot; null where there is nothing to rename. */
  prepareRename: (document: TextDocument, position: Position) => RenameTarget | null;
  /** The edits that rename the object at a position in every file, or why they cannot be made. */
  doRename: (
    document: TextDocument,
    position: Position,
    newName: unknown,
  ) => WorkspaceEdit | { readonly error: string } | null;
  /**
   * The device a configuration document belongs to (config/devices.ts): its id, its name, and
   * whether the settings grouped it; undefined for a capture and for a loose fragment (it sees
   * every device).
   */
  deviceOf: (document: TextDocument) => Device | undefined;
  /** The folding ranges of a document. */
  getFoldingRanges: (document: TextDocument) => FoldingRange[];
  /** The semantic tokens of a document, or of a range of its lines. */
  getSemanticTokens: (document: TextDocument, range?: Range) => SemanticTokens;
  /** A capture's flow diagram (lanes, a row per packet, flows, IPsec peers), the balancer's addresses named as the workspace's configuration names them; an error for any other document. */
  getFlowDiagram: (document: TextDocument) => FlowDiagram | { readonly error: string };
  /** The flow diagram as the editor's page first receives it: everything but its rows' words, in columns (diagram/outline.ts). */
  getFlowDiagramOutline: (document: TextDocument) => OutlineAnswer | { readonly error: string };
  /** Rows of a capture's flow diagram, whole, by index (the words the outline leaves out); an error for a row it does not have. */
  getFlowDiagramRows: (
    document: TextDocument,
    rows: readonly number[],
  ) => DiagramRow[] | { readonly error: string };
}

/** A capture dump checked as its lines stream past, twice (LanguageService.checkCaptureStream). */
export interface CaptureStreamCheck {
  /** The readings of the dump: each sink takes every line, and is ended before the next is asked for. */
  passes(): Iterable<LineSink>;
  /** The findings, once the second pass has ended. */
  findings(): Diagnostic[];
}

/** A capture dump explained as its lines stream past, two or three times (LanguageService.explainCaptureStream). */
export interface CaptureStreamExplain {
  /**
   * The readings of the dump: each sink takes every line, and is ended before the next is asked
   * for. A third comes only when the report needs it to file its findings under the IPsec peers.
   */
  passes(): Iterable<LineSink>;
  /** The report, once the last pass has ended. */
  report(): string;
}

export type { LineSink } from './capture/engine/streaming';

/**
 * A capture finding as the editor shows it. VS Code puts a diagnostic's text (with its related
 * lines) above every hover, where a long text would push the packet's own explanation out of
 * view: the diagnostic keeps its headline and its lines in other files (the configuration's
 * VIPs); the explanation and the dump's own lines follow the packet in its hover.
 */
function inEditor(finding: Diagnostic, uri: string): Diagnostic {
  const { relatedInformation, ...shown } = finding;
  const elsewhere = relatedInformation?.filter((info) => info.location.uri !== uri) ?? [];
  return {
    ...shown,
    message: headlineAndExplanation(messageText(finding.message)).headline,
    ...(elsewhere.length > 0 ? { relatedInformation: elsewhere } : {}),
  };
}

type Parsed =
  | { language: 'config'; config: ConfigDocument }
  | { language: 'capture'; capture: CaptureAnalysis }
  | undefined;

/** Creates a language service. Parses are cached per document version, so features share them. */
export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const cache = new Map<string, { version: number; parsed: Parsed }>();
  const configWorkspace = new ConfigWorkspace(options.workspace);
  /** The last diagram drawn of each capture, its rows made when the page asks for a screenful (never all kept). */
  const diagrams = new Map<string, { version: number; diagram: AnyDiagram }>();
  let settings: LanguageSettings = options.settings ?? {};
  /**
   * Each configuration's last findings, with the text and the workspace they were found in: a
   * quick fix is made from them (the same text asked again), never from what the editor passes back.
   */
  const configFindings = new Map<
    string,
    { text: string; workspace: string; diagnostics: Diagnostic[] }
  >();

  /** The documents (and versions) of a configuration's workspace, which its findings depend on. */
  function workspaceState(index: SymbolIndex): string {
    // The device too: grouping files by the settings makes them clash without changing the list.
    const device = deviceOfSite(index.current);
    const own = device ? `${device.id}${device.grouped ? ' grouped' : ''}` : 'loose';
    return [own, ...index.sites.map((s) => `${s.uri}@${s.document.version}`)].join('\n');
  }

  /** A configuration document's findings as it reads now (those of its last check while nothing changed). */
  function currentConfigFindings(document: TextDocument): Diagnostic[] {
    const known = configFindings.get(document.uri);
    const { site, index } = configWorkspace.index(document);
    if (known && known.text === document.getText() && known.workspace === workspaceState(index))
      return known.diagnostics;
    // Messages cut as they are shown (a name of megabytes), so a finding passed back matches its own.
    const diagnostics = withShortMessages(
      applyRuleSettings(validateConfig(document, site, index), settings),
    );
    numberAlike(diagnostics);
    configFindings.set(document.uri, {
      text: document.getText(),
      workspace: workspaceState(index),
      diagnostics,
    });
    return diagnostics;
  }

  /**
   * Each capture's last findings as the checks write them (a headline sentence, then the
   * explanation), with the text, workspace and settings they were found with: the diagnostics
   * show the headlines; the hover and the Explain report, the whole text.
   */
  const captureFindings = new Map<
    string,
    { version: number; workspace: string; settings: LanguageSettings; findings: Diagnostic[] }
  >();

  /** A capture document's findings, whole, as it reads now. */
  function currentCaptureFindings(document: TextDocument, capture: CaptureAnalysis): Diagnostic[] {
    const known = captureFindings.get(document.uri);
    const sites = configSites();
    const workspace = sites.map((s) => `${s.uri}@${s.document.version}`).join('\n');
    if (
      known &&
      known.version === document.version &&
      known.workspace === workspace &&
      known.settings === settings
    )
      return known.findings;
    const facts = checkFactsOf(capture);
    const own = validateCaptureFacts(document.uri, facts);
    // The join's facts are folded only when there is a configuration to join with.
    const joined =
      sites.length === 0 ? own : joinCaptureFindings(own, facts, joinFactsOf(capture), sites);
    const findings = withShortMessages(applyRuleSettings(joined, settings));
    captureFindings.set(document.uri, { version: document.version, workspace, settings, findings });
    return findings;
  }

  /**
   * A dump's findings as its lines stream past twice (checkCaptureStream), each packet of the
   * second reading also handed to `onPacket`; with `join`, the join's facts are folded even
   * without configurations (the report lists the translated sources).
   */
  function streamedFindings(
    uri: string,
    join: boolean,
    onPacket?: (event: PacketEvent) => void,
  ): {
    readonly analysis: StreamingAnalysis;
    readonly sites: readonly IndexedConfig[];
    secondPass(): LineSink;
    joinFacts(): JoinFacts | undefined;
    findings(): Diagnostic[];
  } {
    const analysis = new StreamingAnalysis();
    let folder: CheckFolder | undefined = new CheckFolder();
    // The configurations the findings are joined with, as they are when the check starts.
    const sites = configSites();
    const joinFolder =
      join || sites.length > 0 ? new JoinFolder({ unserved: sites.length > 0 }) : undefined;
    let facts: CheckFacts | undefined;
    let joinFacts: JoinFacts | undefined;
    let findings: Diagnostic[] | undefined;
    return {
      analysis,
      sites,
      secondPass: () => {
        const reading = analysis.secondPass(
          (event) => {
            folder!.packet(event);
            joinFolder?.packet(event.packet);
            onPacket?.(event);
          },
          (run) => folder!.run(run),
        );
        return {
          line: (text) => reading.line(text),
          end: () => {
            reading.end();
            facts = folder!.finish(reading.dialect);
            joinFacts = joinFolder?.finish();
          },
        };
      },
      joinFacts: () => joinFacts,
      findings: () => {
        if (findings) return findings;
        if (!facts) throw new Error('findings() before the second pass ended');
        const diagnostics = validateCaptureFacts(uri, facts);
        findings = withShortMessages(
          applyRuleSettings(
            sites.length > 0 && joinFacts
              ? joinCaptureFindings(diagnostics, facts, joinFacts, sites)
              : diagnostics,
            settings,
          ),
        );
        // The findings are all the facts were for: a third reading (explain's) goes without them.
        facts = undefined;
        folder = undefined;
        return findings;
      },
    };
  }

  /** Every configuration document of the workspace, read (once per version) for the captures' findings to be joined with. */
  function configSites(): readonly IndexedConfig[] {
    return configWorkspace.sites();
  }

  function parse(document: TextDocument): Parsed {
    const cached = cache.get(document.uri);
    if (cached && cached.version === document.version) return cached.parsed;
    // Nothing is answered from another version's analysis (nor its diagram) once this one is
    // made: let them go first, so a large dump's two analyses are never held at once.
    cache.delete(document.uri);
    if (diagrams.get(document.uri)?.version !== document.version) diagrams.delete(document.uri);
    const parsed: Parsed =
      document.languageId === CONFIG_LANGUAGE
        ? { language: 'config', config: configWorkspace.site(document).model.config }
        : document.languageId === CAPTURE_LANGUAGE
          ? {
              language: 'capture',
              capture: analyseCaptureText(document.getText()),
            }
          : undefined;
    cache.set(document.uri, { version: document.version, parsed });
    return parsed;
  }

  /**
   * The editor's diagram of a capture, or why there is none: drawn anew for an outline (the
   * configuration may name the balancer's addresses otherwise now), kept for its rows.
   */
  function drawnDiagram(
    document: TextDocument,
    anew: boolean,
  ): AnyDiagram | { readonly error: string } {
    const drawn = diagrams.get(document.uri);
    if (!anew && drawn?.version === document.version) return drawn.diagram;
    const parsed = parse(document);
    if (parsed?.language !== 'capture') return notACapture(document);
    const diagram = drawFlowDiagram(parsed.capture, configAddressNotes(configSites()));
    diagrams.set(document.uri, { version: document.version, diagram });
    return diagram;
  }

  // Methods call each other through `service`, never `this`: any of them may be called on its own
  // (passed as a callback, taken out of the object).
  const service: LanguageService = {
    doValidation(document, { forEditor = false } = {}) {
      const parsed = parse(document);
      // Checked once per text and workspace: a quick fix asked for first has checked it already.
      if (parsed?.language === 'config') return currentConfigFindings(document);
      if (parsed?.language === 'capture') {
        const findings = currentCaptureFindings(document, parsed.capture);
        return forEditor ? findings.map((finding) => inEditor(finding, document.uri)) : findings;
      }
      return [];
    },
    doHover(document, position) {
      const parsed = parse(document);
      if (parsed?.language === 'config') {
        if (!isInside(document, position)) return null;
        const { site, index } = configWorkspace.index(document);
        return configHover(site, index, document.offsetAt(position));
      }
      if (parsed?.language !== 'capture') return null;
      const markdown = packetHover(parsed.capture, position.line);
      if (markdown === undefined) return null;
      const copy = parsed.capture.copyAtLine.get(position.line)!;
      const configuration = handlingHover(parsed.capture.packetOf.get(copy)!, configSites());
      // The packet's own explanation first, then the findings reported on its lines, in full.
      const findings = findingsHover(
        currentCaptureFindings(document, parsed.capture),
        document.uri,
        copy.line,
        copy.endLine,
      );
      return {
        contents: {
          kind: MarkupKind.Markdown,
          value: [markdown, configuration, findings].filter((part) => part).join('\n\n'),
        },
        range: { start: document.positionAt(copy.start), end: document.positionAt(copy.end) },
      };
    },
    doCodeActions(document, _range, diagnostics) {
      if (document.languageId === CONFIG_LANGUAGE) {
        // Asked on every move of the cursor: the document is checked only when a finding of ours is passed.
        if (!diagnostics.some((d) => typeof d?.code === 'string' && d.code.startsWith('lbconf/')))
          return [];
        return withShortTitles(
          configCodeActions(document.uri, diagnostics, currentConfigFindings(document)),
        );
      }
      if (document.languageId === CAPTURE_LANGUAGE)
        return withShortTitles(joinCodeActions(diagnostics, configSites()));
      return [];
    },
    readWorkspace(count) {
      return configWorkspace.readSome(count);
    },
    hasAnalysis(document) {
      return (
        document.languageId !== CAPTURE_LANGUAGE ||
        cache.get(document.uri)?.version === document.version
      );
    },
    forget(uri) {
      cache.delete(uri);
      configFindings.delete(uri);
      captureFindings.delete(uri);
      diagrams.delete(uri);
      configWorkspace.forget(uri);
    },
    configure(newSettings) {
      settings = newSettings;
      configFindings.clear();
    },
    findDocumentSymbols(document) {
      const parsed = parse(document);
      if (parsed?.language === 'config')
        return withShortNames(configOutline(configWorkspace.site(document)));
      return parsed?.language === 'capture'
        ? withShortNames(captureSymbols(document, parsed.capture))
        : [];
    },
    findDefinition(document, position) {
      const parsed = parse(document);
      if (parsed?.language === 'config') {
        if (!isInside(document, position)) return null;
        const { site, index } = configWorkspace.index(document);
        return configDefinition(site, index, document.offsetAt(position));
      }
      return parsed?.language === 'capture'
        ? captureDefinition(document, parsed.capture, position)
        : null;
    },
    findReferences(document, position, includeDeclaration) {
      const parsed = parse(document);
      if (parsed?.language === 'config') {
        if (!isInside(document, position)) return [];
        const { site, index } = configWorkspace.index(document);
        return configReferences(site, index, document.offsetAt(position), includeDeclaration);
      }
      return parsed?.language === 'capture'
        ? captureReferences(document, parsed.capture, position, includeDeclaration)
        : [];
    },
    explainCapture(document, options = {}) {
      const parsed = parse(document);
      if (parsed?.language !== 'capture') return null;
      const href =
        options.linksRelativeTo === undefined
          ? absoluteHref
          : relativeHref(options.linksRelativeTo, options.linksFromRoot);
      return captureReport(
        document,
        parsed.capture,
        currentCaptureFindings(document, parsed.capture),
        configSites(),
        href,
      );
    },
    checkCaptureStream(uri) {
      const stream = streamedFindings(uri, false);
      return {
        *passes() {
          yield stream.analysis.firstPass();
          yield stream.secondPass();
        },
        findings: () => stream.findings(),
      };
    },
    explainCaptureStream(uri, options = {}) {
      const href =
        options.linksRelativeTo === undefined
          ? absoluteHref
          : relativeHref(options.linksRelativeTo, options.linksFromRoot);
      const folder = new ReportFolder();
      const stream = streamedFindings(uri, true, (event) => folder.packet(event));
      let lines = 0;
      let lastEmpty = false;
      let places: LinePlaces | undefined;
      return {
        *passes() {
          yield stream.analysis.firstPass();
          const sink = stream.secondPass();
          yield {
            line: (text: string) => {
              lines++;
              lastEmpty = text === '';
              sink.line(text);
            },
            end: () => sink.end(),
          };
          const findings = stream.findings();
          const reading = new LinePlaces(findingLines(findings));
          places = reading;
          // Without an IPsec peer or a finding, no finding is filed under a peer: no third reading.
          if (folder.finish().peers.length === 0 || findings.length === 0) return;
          yield stream.analysis.secondPass(
            (event) => reading.packet(event),
            () => undefined,
          );
        },
        report: () => {
          const findings = stream.findings();
          places ??= new LinePlaces(new Set());
          return reportOf(
            {
              uri,
              // As `wc -l` counts them: the empty line after a last line end is none.
              lines: lastEmpty ? lines - 1 : lines,
              facts: folder.finish(),
              places: places.places,
              sources: stream.joinFacts()!.sources,
            },
            findings,
            stream.sites,
            href,
          );
        },
      };
    },
    diagramCaptureStream(options = {}) {
      return new DiagramStream({ ...options, notes: configAddressNotes(configSites()) });
    },
    findCodeLenses(document) {
      const parsed = parse(document);
      return parsed?.language === 'capture' ? captureCodeLenses(document, parsed.capture) : [];
    },
    doComplete(document, position) {
      if (parse(document)?.language !== 'config' || !isInside(document, position))
        return { isIncomplete: false, items: [] };
      const { site, index } = configWorkspace.index(document);
      return configCompletion(site, index, document.offsetAt(position));
    },
    prepareRename(document, position) {
      if (parse(document)?.language !== 'config' || !isInside(document, position)) return null;
      const { site, index } = configWorkspace.index(document);
      return configPrepareRename(site, index, document.offsetAt(position)) ?? null;
    },
    doRename(document, position, newName) {
      if (parse(document)?.language !== 'config' || !isInside(document, position)) return null;
      const { site, index } = configWorkspace.index(document);
      return configRename(site, index, document.offsetAt(position), newName) ?? null;
    },
    deviceOf(document) {
      return parse(document)?.language === 'config'
        ? configWorkspace.deviceOf(document)
        : undefined;
    },
    getFoldingRanges(document) {
      return parse(document)?.language === 'config'
        ? configFoldingRanges(configWorkspace.site(document).model)
        : [];
    },
    getSemanticTokens(document, range) {
      if (parse(document)?.language !== 'config') return { data: [] };
      const { site, index } = configWorkspace.index(document);
      return configSemanticTokens(site, index, range?.start.line, range?.end.line);
    },
    getFlowDiagram(document) {
      const parsed = parse(document);
      if (parsed?.language !== 'capture') return notACapture(document);
      return buildFlowDiagram(parsed.capture, configAddressNotes(configSites()));
    },
    getFlowDiagramOutline(document) {
      const diagram = drawnDiagram(document, true);
      return 'error' in diagram ? diagram : outlineOf(diagram, document.version);
    },
    getFlowDiagramRows(document, rows) {
      const diagram = drawnDiagram(document, false);
      return 'error' in diagram ? diagram : rowsOf(diagram, rows);
    },
  };
  return service;
}

/** Why a document that is not a capture dump has no flow diagram. */
function notACapture(document: TextDocument): { readonly error: string } {
  return {
    error: `${document.uri} is not a capture dump (axdebug or tcpdump text): only a capture has a flow diagram.`,
  };
}

/** True when a position is on a line of the document (positions outside it get no answer, not the nearest one). */
function isInside(document: TextDocument, position: Position): boolean {
  return position.line >= 0 && position.line < document.lineCount && position.character >= 0;
}
