// The flow diagram's page: a strict Content-Security-Policy (scripts only with this page's nonce,
// styles only from the extension's media and the nonce'd sheet of the picture's classes, images
// only the page's own drawings, no connections anywhere), no remote resources. No vscode import,
// so the page tests build the very same page in a plain browser. Its words go through `l10n.t` of
// @vscode/l10n, which the panel points at the editor's bundle (vscode.l10n.bundle) before writing
// the page; the page script takes the same bundle in its first message (messages.ts L10nMessage).
import * as l10n from '@vscode/l10n';
import { diagramCss, THEME_PALETTE } from '../../../server/src/service/diagram/theme';

/** Where the page's resources are, as the webview may load them. */
export interface PageResources {
  /** The webview's `cspSource` (the origin of the extension's local resources). */
  readonly cspSource: string;
  /** A fresh random nonce, for this page only. */
  readonly nonce: string;
  /** media/out/diagram.js, as a webview URI. */
  readonly script: string;
  /** media/diagram.css, as a webview URI. */
  readonly style: string;
  /** The page's language as HTML writes it (`en`, `zh-cn`): the editor's display language. */
  readonly language?: string;
}

/** Text for an HTML attribute or element, its markup characters escaped. */
function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A nonce of 32 base64 characters from a random source the caller gives (crypto in the extension). */
export function makeNonce(randomBytes: (size: number) => Uint8Array): string {
  return Buffer.from(randomBytes(24)).toString('base64');
}

/** The page's HTML. */
export function diagramHtml({
  cspSource,
  nonce,
  script,
  style,
  language = 'en',
}: PageResources): string {
  const all = html(l10n.t('all'));
  const packetsEach = (count: number): string =>
    `<option value="${count}">${html(l10n.t('{0} packets each', count))}</option>`;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${html(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<style nonce="${nonce}">${diagramCss(THEME_PALETTE)}</style>
<title>${html(l10n.t('Flow diagram'))}</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="${html(l10n.t('Flow diagram'))}">
  <label>${html(l10n.t('Peer'))} <input id="peer" type="search" list="peer-matches" placeholder="${all}" size="14" spellcheck="false" autocomplete="off" aria-label="${html(l10n.t('IPsec peer: its number or part of its address'))}" title="${html(l10n.t("An IPsec peer's number, or part of its address: the peers whose name holds it"))}"></label>
  <datalist id="peer-matches"></datalist>
  <label>${html(l10n.t('Flow'))} <input id="flow" type="search" list="flow-matches" placeholder="${all}" size="14" spellcheck="false" autocomplete="off" aria-label="${html(l10n.t('Flow: its number or part of its name or address'))}" title="${html(l10n.t("A flow's number, or part of its name or address (TCP, 10.1.1.254, :443): the flows whose name holds it"))}"></label>
  <datalist id="flow-matches"></datalist>
  <label>${html(l10n.t('Protocol'))} <select id="protocol" aria-label="${html(l10n.t('Protocol'))}"><option value="">${all}</option></select></label>
  <label>${html(l10n.t('Rows'))} <select id="density" aria-label="${html(l10n.t('Packets per row'))}"><option value="1">${html(l10n.t('1 packet each'))}</option>${[10, 100, 1000].map(packetsEach).join('')}</select></label>
  <button id="collapse" title="${html(l10n.t('Draw each flow as one row'))}">${html(l10n.t('Collapse flows'))}</button>
  <button id="export-svg" title="${html(l10n.t('Save the picture as SVG'))}">${html(l10n.t('Export SVG'))}</button>
  <button id="export-png" title="${html(l10n.t('Save the picture as PNG'))}">${html(l10n.t('Export PNG'))}</button>
  <span id="summary" aria-live="polite"></span>
</div>
<div id="message" hidden></div>
<div id="head"><div id="head-sheet"><div id="peers"><svg id="peers-svg" class="bl-diagram" aria-hidden="true"></svg></div><div class="sheet"><svg id="head-time" class="bl-diagram times" aria-hidden="true"></svg><svg id="head-svg" class="bl-diagram" aria-hidden="true"></svg></div></div></div>
<div id="scroller" tabindex="0" aria-label="${html(l10n.t('Packets'))}"><div id="spacer"><div id="rows" class="sheet"><svg id="time-svg" class="bl-diagram times" aria-hidden="true"></svg><svg id="body-svg" class="bl-diagram" role="list"></svg></div></div></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>
`;
}
