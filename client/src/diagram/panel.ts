// "Show flow diagram": a webview beside a capture dump that draws it as a ladder diagram. The
// server builds the diagram; this panel fetches its outline (balancerLens/flowDiagram) on opening
// and after edits, and the words of the rows the page is about to draw when it asks
// (balancerLens/flowDiagramRows), passes the editor's cursor to the page and the page's clicks to
// the editor, and saves exports. Every message from the page is checked (messages.ts) before it
// is acted on.
import * as crypto from 'crypto';
import * as l10n from '@vscode/l10n';
import * as path from 'path';
import * as vscode from 'vscode';
import { LSPErrorCodes, type LanguageClient, ResponseError } from 'vscode-languageclient/node';
import { diagramHtml, makeNonce } from './html';
import {
  FLOW_DIAGRAM,
  FLOW_DIAGRAM_ROWS,
  type FlowDiagramRowsParams,
} from '../../../server/src/protocol';
import { type PanelMessage, parsePageMessage, type ReadyMessage } from './messages';

/** How long the diagram waits after the last edit before it is drawn again. */
const EDIT_DELAY_MS = 300;
/** How long the command waits for the page to draw before it gives up with a message. */
const READY_TIMEOUT_MS = 30_000;

/** The open diagrams, one per dump. */
export class FlowDiagrams implements vscode.Disposable {
  private readonly panels = new Map<string, FlowDiagramPanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => Promise<LanguageClient>,
  ) {}

  /** Opens (or shows) the diagram of a dump; resolves with the page's first `ready` message. */
  async show(uri: vscode.Uri | undefined): Promise<ReadyMessage | undefined> {
    const document = uri
      ? await vscode.workspace.openTextDocument(uri)
      : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'balancer-capture') {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'The flow diagram draws a capture dump (axdebug or tcpdump text): open one first.',
        ),
      );
      return undefined;
    }
    // The client first: two commands while the server starts must still find one panel, not make two.
    const client = await this.client();
    const key = document.uri.toString();
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal();
      return panel.ready;
    }
    const created = new FlowDiagramPanel(this.context, document, client, () => {
      if (this.panels.get(key) === created) this.panels.delete(key);
    });
    panel = created;
    this.panels.set(key, panel);
    return panel.ready;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

class FlowDiagramPanel {
  /** Resolves with the page's first drawing. */
  readonly ready: Promise<ReadyMessage>;
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(
    context: vscode.ExtensionContext,
    private readonly document: vscode.TextDocument,
    private readonly client: LanguageClient,
    onDispose: () => void,
  ) {
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(
      'balancerLens.flowDiagram',
      vscode.l10n.t('Flow: {0}', path.basename(document.uri.path)),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [media] },
    );
    const webview = this.panel.webview;
    // The page's words in the editor's display language: its HTML is written with them here, and
    // its script takes the same bundle in its first message (below, on 'loaded').
    l10n.config({ contents: vscode.l10n.bundle ?? {} });
    webview.html = diagramHtml({
      language: vscode.env.language,
      cspSource: webview.cspSource,
      nonce: makeNonce((size) => crypto.randomBytes(size)),
      script: webview.asWebviewUri(vscode.Uri.joinPath(media, 'out', 'diagram.js')).toString(),
      style: webview.asWebviewUri(vscode.Uri.joinPath(media, 'diagram.css')).toString(),
    });
    let settle: (message: ReadyMessage) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    this.ready = new Promise<ReadyMessage>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    // Nobody may be waiting when the panel closes early: that is no error of the extension's.
    this.ready.catch(() => undefined);
    const giveUp = setTimeout(
      () =>
        fail(
          new Error(
            vscode.l10n.t(
              'The flow diagram of {0} was not drawn within {1} s.',
              path.basename(document.uri.path),
              READY_TIMEOUT_MS / 1000,
            ),
          ),
        ),
      READY_TIMEOUT_MS,
    );
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = parsePageMessage(raw, this.document.lineCount);
        if (!message) {
          console.warn(
            'Balancer Lens: the flow diagram sent a message of an unknown shape; it is ignored.',
          );
          return;
        }
        switch (message.type) {
          case 'loaded':
            void this.post({ type: 'l10n', bundle: vscode.l10n.bundle ?? {} });
            void this.refresh();
            return;
          case 'ready':
            clearTimeout(giveUp);
            settle(message);
            return;
          case 'rows':
            void this.sendRows(message.version, message.rows);
            return;
          case 'reveal':
            void this.revealLine(message.line);
            return;
          case 'export':
            void this.save(message.format, message.data);
            return;
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== this.document) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh(), EDIT_DELAY_MS);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document !== this.document) return;
        void this.post({ type: 'cursor', line: event.selections[0].active.line });
      }),
      vscode.workspace.onDidCloseTextDocument((closed) => {
        if (closed === this.document) this.panel.dispose();
      }),
      this.panel.onDidDispose(() => {
        clearTimeout(giveUp);
        fail(new Error(vscode.l10n.t('The flow diagram was closed before it was drawn.')));
        this.dispose();
        onDispose();
      }),
    );
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** Asks the server for the diagram of the dump as it is now, and hands it to the page. */
  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    try {
      const diagram = await this.client.sendRequest(FLOW_DIAGRAM, {
        uri: this.document.uri.toString(),
      });
      if (generation === this.generation) await this.post({ type: 'diagram', diagram });
    } catch (error) {
      if (generation === this.generation)
        await this.post({
          type: 'error',
          message: error instanceof Error ? error.message : String(error),
        });
    }
  }

  /** Hands the page the rows it asked for; a changed dump's rows are not sent (its new outline is on its way). */
  private async sendRows(version: number, rows: number[]): Promise<void> {
    const params: FlowDiagramRowsParams = { uri: this.document.uri.toString(), version, rows };
    try {
      const answer = await this.client.sendRequest(FLOW_DIAGRAM_ROWS, params);
      await this.post({ type: 'rows', version, rows: answer });
    } catch (error) {
      if (error instanceof ResponseError && error.code === LSPErrorCodes.ContentModified) return;
      await this.post({
        type: 'error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Sends the page a message of the shape it reads (messages.ts). */
  private post(message: PanelMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  /** Shows a line of the dump in its editor, as a click on its arrow asks. */
  private async revealLine(line: number): Promise<void> {
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    const range = this.document.lineAt(Math.min(line, this.document.lineCount - 1)).range;
    const editor = await vscode.window.showTextDocument(this.document, {
      viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One,
      selection: range,
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Saves an export where the user says. */
  private async save(format: 'svg' | 'png', data: string): Promise<void> {
    const base = this.document.uri.path.replace(/\.[^./]*$/, '');
    const target = await vscode.window.showSaveDialog({
      defaultUri: this.document.uri.with({ path: `${base}.flow.${format}` }),
      filters:
        format === 'svg'
          ? { [vscode.l10n.t('SVG picture')]: ['svg'] }
          : { [vscode.l10n.t('PNG picture')]: ['png'] },
    });
    if (!target) return;
    const bytes =
      format === 'svg'
        ? Buffer.from(data, 'utf8')
        : Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Saved the flow diagram as {0}.', path.basename(target.path)),
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}
