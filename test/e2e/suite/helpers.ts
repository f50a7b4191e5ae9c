// Small helpers for tests that run inside the real editor. They wait on VS Code's events,
// never on the clock: a deadline only turns a wait that never ends into a clear failure.
import * as vscode from 'vscode';
import { fixture } from '../../paths';

/** examples/llb-acos2.a10.cfg is test/fixtures/config/acos2-wildcard.a10.cfg; this is it after the others-vport fix. */
export function acos2AfterOthersFix(): string {
  return fixture('config/acos2-wildcard.fixed.a10.cfg');
}

/** The extension's identifier: `publisher.name` from package.json. */
export const EXTENSION_ID = 'balancer-lens.balancer-lens';

/** Which build the harness is testing: `dev` (extensionDevelopmentPath) or `vsix` (installed package). */
export const runKind: 'dev' | 'vsix' =
  process.env.BALANCER_LENS_E2E_RUN === 'vsix' ? 'vsix' : 'dev';

/** The URI of a file in the test workspace (a temporary copy of examples/). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('The tests need a workspace folder (a copy of examples/) and none is open.');
  }
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a workspace file in an editor, as a user clicking it in the explorer would. */
export async function openExample(
  name: string,
): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  const editor = await vscode.window.showTextDocument(document);
  return { document, editor };
}

/** The extension, which must be installed (from the development path or the .vsix). */
export function balancerLens(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not installed in this editor.`);
  }
  return extension;
}

/**
 * Resolves with the diagnostics of `uri` as soon as they satisfy `predicate` (now or after a
 * change VS Code announces); rejects after `timeoutMs` showing the last diagnostics seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean = (diagnostics) =>
    diagnostics.length > 0,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!predicate(diagnostics)) {
        return false;
      }
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === key)) {
        check();
      }
    });
    const timer = setTimeout(() => {
      finish();
      const seen = vscode.languages
        .getDiagnostics(uri)
        .map((d) =>
          [
            `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${diagnosticCode(d)} ${d.message}`,
            ...(d.relatedInformation ?? []).map(
              (r) =>
                `    related ${r.location.uri.path.split('/').pop()}:${r.location.range.start.line + 1}: ${r.message}`,
            ),
          ].join('\n'),
        );
      reject(
        new Error(
          `Diagnostics of ${uri.path} did not reach the expected state within ${timeoutMs} ms; last seen:\n${seen.join('\n') || '  (none)'}`,
        ),
      );
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** A diagnostic's code as text (`lbconf/...`), whichever form the provider gave it in. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code ?? '');
}

/** How long and on what waitUntil waits. */
export interface WaitOptions {
  /** Fail after this many ms (10 s by default). */
  timeoutMs?: number;
  /** Check this often, for states no event announces (25 ms by default). */
  pollMs?: number;
  /** Check after each of these events too. */
  events?: vscode.Event<unknown>[];
}

/**
 * Resolves once `condition` holds, checking after each event in `events` and, for states VS
 * Code announces no event for (such as an extension becoming active), every `pollMs`.
 */
export function waitUntil(
  description: string,
  condition: () => boolean,
  { timeoutMs = 10_000, pollMs = 25, events = [] }: WaitOptions = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const subscriptions = events.map((event) => event(() => check()));
    const poll = setInterval(() => check(), pollMs);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting until ${description}.`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      clearInterval(poll);
      for (const subscription of subscriptions) {
        subscription.dispose();
      }
    };
    const check = (): void => {
      if (condition()) {
        finish();
        resolve();
      }
    };
    check();
  });
}

/** The text of the hovers at a position, every part joined: what the extension's provider gives. */
export async function hoverTextAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    uri,
    position,
  );
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}
