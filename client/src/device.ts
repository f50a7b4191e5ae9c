// Which device the configuration in the active editor belongs to, beside its language in the
// status bar: its names resolve against that device's files alone (server/src/service/config/devices.ts).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DEVICE, type DocumentParams } from '../../server/src/protocol';

const CONFIG_LANGUAGE = 'balancer-config';

/** Shows the active configuration's device as a language status item, kept in step with edits and settings. */
export function registerDeviceStatus(
  context: vscode.ExtensionContext,
  client: () => Promise<LanguageClient>,
): void {
  const item = vscode.languages.createLanguageStatusItem('balancerLens.device', {
    language: CONFIG_LANGUAGE,
  });
  item.name = vscode.l10n.t('Balancer Lens device');
  context.subscriptions.push(item);
  let asked = 0;
  const update = async (): Promise<void> => {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.languageId !== CONFIG_LANGUAGE) return;
    const mine = ++asked;
    const params: DocumentParams = { uri: document.uri.toString() };
    const device = await (await client()).sendRequest(DEVICE, params).catch(() => null);
    if (mine !== asked) return;
    // A hostname is the configuration's text: `$(` in it is written, never drawn as an icon.
    item.text = device
      ? `$(server) ${device.name.replace(/\$\(/g, '\\$(')}`
      : `$(server) ${vscode.l10n.t('no device')}`;
    item.detail = device
      ? device.grouped
        ? vscode.l10n.t('device named in balancerLens.devices')
        : vscode.l10n.t('names resolve in this device alone')
      : vscode.l10n.t('a fragment: names resolve against any device');
  };
  const later = (): void => void update();
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(later),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) later();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('balancerLens.devices')) setTimeout(later, 200);
    }),
  );
  later();
}
