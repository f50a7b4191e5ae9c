// The configuration and the capture together, over the protocol: a workspace folder holds the
// balancer's configuration (on disk, not open) and the dump taken on it. The dump's one-way ESP
// points into the configuration, its quick fix is an edit of the configuration file, and once the
// configuration carries `port 0 others` the dump's finding says it was taken before.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { fixture, LspClient } from './client';

const CAPTURE = 'balancer-capture';
const CONFIG = 'balancer-config';

/** A diagnostic's message as plain text (LSP 3.18 also allows Markdown content). */
function messageOf(diagnostic: Diagnostic | undefined): string {
  const message = diagnostic?.message ?? '';
  return typeof message === 'string' ? message : message.value;
}

function oneWayEsp(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  return diagnostics.find((d) => d.code === 'lbcap/one-way-esp');
}

describe('Configuration and capture together over the protocol', function () {
  this.timeout(30_000);
  let folder: string;
  let client: LspClient;
  let configUri: string;
  let captureUri: string;
  const configText = fixture('config/acos2-wildcard.a10.cfg');
  /** The one-way ESP finding as first published with the configuration's explanation. */
  let explained: Diagnostic | undefined;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-join-'));
    fs.writeFileSync(path.join(folder, 'llb-acos2.a10.cfg'), configText);
    configUri = pathToFileURL(path.join(folder, 'llb-acos2.a10.cfg')).toString();
    captureUri = pathToFileURL(path.join(folder, 'capture-before-fix.axdebug.txt')).toString();
    client = LspClient.start();
    await client.initializeWorkspace([{ uri: pathToFileURL(folder).toString(), name: 'ws' }]);
  });

  after(() => {
    client.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("points the dump's one-way ESP at the VIP's line in the configuration on disk", async () => {
    await client.didOpen(captureUri, CAPTURE, fixture('seed/capture-before-fix.axdebug.txt'));
    // The folder is read after `initialized`: the first check may come before it, the next after.
    const diagnostics = await client.waitForDiagnostics(
      captureUri,
      (p) => oneWayEsp(p.diagnostics)?.relatedInformation?.[0].location.uri === configUri,
    );
    const finding = oneWayEsp(diagnostics)!;
    explained = finding;
    // The editor shows the headline above the hover; the VIP is its one related line.
    assert.strictEqual(
      messageOf(finding),
      'One-way IPsec SA: ESP with SPI 0x7eb7fb45 goes from 10.1.1.254 to *.*.*.* (2 packets), and no ESP comes back from *.*.*.* anywhere in this dump.',
    );
    assert.deepStrictEqual(
      finding.relatedInformation?.map((r) => [r.location.uri, r.location.range, r.message]),
      [
        [
          configUri,
          { start: { line: 20, character: 0 }, end: { line: 20, character: 44 } },
          'Virtual server _wildcard_vserver on device LLB-1 has no `port 0 others`: matched as the wildcard VIP: 0.0.0.0 takes all traffic through the balancer',
        ],
      ],
    );
    // The packet's hover says what the configuration explains, after the packet's own reading.
    const hover = await client.hover(captureUri, { line: 0, character: 2 });
    const text = (hover?.contents as { value: string }).value;
    const packet = text.indexOf('**ESP spi 0x7eb7fb45 seq 0x1a**');
    const finding1 = text.indexOf('**Finding** `lbcap/one-way-esp`');
    assert.ok(packet === 0 && finding1 > packet, text);
    assert.match(
      text.slice(finding1),
      /The configuration explains it: virtual server \\_wildcard\\_vserver in llb-acos2\.a10\.cfg \(line 21\) on device LLB-1 has no `port 0 others` \(matched as the wildcard VIP/,
    );
  });

  it('hovers a packet with the VIP, vport and service group of the configuration that handled it', async () => {
    const text = (position: { line: number; character: number }): Promise<string> =>
      client
        .hover(captureUri, position)
        .then((h) => (h?.contents as { value: string } | undefined)?.value ?? '');
    // Line 5: a TCP SYN through the wildcard VIP's `port 0 tcp`.
    assert.match(
      await text({ line: 4, character: 2 }),
      /\*\*Configuration:\*\* through virtual server \[\\_wildcard\\_vserver\]\(file:.*llb-acos2\.a10\.cfg#L21\).*vport \[port 0 tcp\]\(.*#L22\), service group \[vpn\\_tcp\]\(.*#L15\)/,
    );
    // Line 1: ESP, which no vport of it takes.
    assert.match(
      await text({ line: 0, character: 2 }),
      /It has \*\*no vport for ESP\*\* \(it needs `port 0 others`\)/,
    );
  });

  it('answers balancerLens/explainCapture with the Markdown report: peer, NAT, VIP, findings and the fix', async () => {
    const report = await client.send<string | null>('balancerLens/explainCapture', {
      uri: captureUri,
    });
    assert.ok(report);
    assert.match(report, /^# Capture report: capture-before-fix\.axdebug\.txt$/m);
    assert.match(report, /^## IPsec peer 1: 10\.1\.1\.254 ↔ \\\*\.\\\*\.\\\*\.\\\*$/m);
    assert.match(report, /^\| Phase 2 back \| \*\*none\*\*: nothing comes back from the peer \|$/m);
    assert.match(
      report,
      /^- ESP: \*\*not translated\*\*: leaves as 10\.1\.1\.254, \[line 2\]\(file:.*#L2\)$/m,
    );
    assert.match(
      report,
      /^- Add `port 0 others` to virtual server \\_wildcard\\_vserver in \[llb-acos2\.a10\.cfg line 33\]\(file:.*llb-acos2\.a10\.cfg#L33\)/m,
    );
    assert.strictEqual(
      await client.send('balancerLens/explainCapture', { uri: 'file:///not/open.axdebug.txt' }),
      null,
      'a document the server does not have open gets null, not an error',
    );
  });

  it("fixes the configuration from the dump, and the dump's finding then says the configuration carries `others`", async () => {
    // The editor hands back the finding as it was published, data included.
    assert.ok(explained, 'the finding was published with the configuration in it');
    const actions = (await client.codeAction(captureUri, explained.range, [
      explained,
    ])) as CodeAction[];
    const fix = actions.find(
      (a) => a.title === "Add 'port 0 others' to _wildcard_vserver in llb-acos2.a10.cfg",
    );
    assert.ok(
      fix?.edit?.changes,
      `the fix is offered (got: ${actions.map((a) => a.title).join(', ')})`,
    );
    assert.deepStrictEqual(Object.keys(fix.edit.changes), [configUri]);
    const fixedText = TextDocument.applyEdits(
      TextDocument.create(configUri, CONFIG, 1, configText),
      fix.edit.changes[configUri],
    );
    assert.strictEqual(fixedText, fixture('config/acos2-wildcard.fixed.a10.cfg'));

    // The editor applies the edit: it opens the configuration and changes it.
    await client.didOpen(configUri, CONFIG, configText);
    await client.didChange(configUri, fixedText);
    const after = await client.waitForDiagnostics(captureUri, (p) =>
      /has `port 0 others`/.test(oneWayEsp(p.diagnostics)?.relatedInformation?.[0].message ?? ''),
    );
    const finding = oneWayEsp(after)!;
    const hover = await client.hover(captureUri, { line: 0, character: 2 });
    assert.match(
      (hover?.contents as { value: string }).value,
      /now carries `others`: .* has `port 0 others` \(matched as the wildcard VIP: .*\); this dump was taken before that change\.$/m,
    );
    assert.strictEqual(finding.data, undefined);
    assert.deepStrictEqual(await client.codeAction(captureUri, finding.range, [finding]), []);
  });
});

describe("The server's reading of the workspace honours files.exclude", function () {
  this.timeout(30_000);
  let folder: string;
  let client: LspClient | undefined;

  before(() => {
    // The box's current configuration (fixed), and last year's copy kept in an archive folder.
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-exclude-'));
    fs.mkdirSync(path.join(folder, 'archive'));
    fs.writeFileSync(
      path.join(folder, 'llb.a10.cfg'),
      fixture('config/acos2-wildcard.fixed.a10.cfg'),
    );
    fs.writeFileSync(
      path.join(folder, 'archive', 'llb-2025.a10.cfg'),
      fixture('config/acos2-wildcard.a10.cfg'),
    );
  });

  after(() => {
    client?.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const uri = (relative: string): string => pathToFileURL(path.join(folder, relative)).toString();
  const captureUri = (): string => uri('capture.axdebug.txt');
  /** The configuration files the dump's one-way ESP finding points at. */
  const relatedUris = (diagnostics: readonly Diagnostic[]): string[] =>
    (oneWayEsp(diagnostics)?.relatedInformation ?? [])
      .map((r) => r.location.uri)
      .filter((u) => u.endsWith('.cfg'));

  it('leaves an excluded folder out, and reads it once the setting no longer excludes it', async () => {
    client = LspClient.start();
    await client.initializeWorkspace([{ uri: pathToFileURL(folder).toString(), name: 'ws' }], {
      filesExclude: { '**/archive': true, '**/*.tmp': false },
    });
    await client.didOpen(captureUri(), CAPTURE, fixture('seed/capture-before-fix.axdebug.txt'));
    // Once the current configuration explains the finding, the folder has been read: without the archive.
    const before = await client.waitForDiagnostics(
      captureUri(),
      (p) => relatedUris(p.diagnostics).length > 0,
    );
    assert.deepStrictEqual(relatedUris(before), [uri('llb.a10.cfg')]);

    await client.notify('workspace/didChangeConfiguration', {
      settings: { balancerLens: { rules: {} }, files: { exclude: {} } },
    });
    const after = await client.waitForDiagnostics(
      captureUri(),
      (p) => relatedUris(p.diagnostics).length === 2,
    );
    // The archived copy has no `others`: it explains the finding first.
    assert.deepStrictEqual(relatedUris(after), [
      uri('archive/llb-2025.a10.cfg'),
      uri('llb.a10.cfg'),
    ]);
  });

  it('follows a `when` clause: a configuration rendered from a template beside it is left out', async () => {
    // Only the archived configuration has its template (`llb-2025.a10.j2`) beside it.
    fs.writeFileSync(path.join(folder, 'archive', 'llb-2025.a10.j2'), '{# template #}\n');
    client?.dispose();
    client = LspClient.start();
    await client.initializeWorkspace([{ uri: pathToFileURL(folder).toString(), name: 'ws' }], {
      filesExclude: { '**/*.a10.cfg': { when: '$(basename).j2' } },
    });
    await client.didOpen(captureUri(), CAPTURE, fixture('seed/capture-before-fix.axdebug.txt'));
    const after = await client.waitForDiagnostics(
      captureUri(),
      (p) => relatedUris(p.diagnostics).length > 0,
    );
    assert.deepStrictEqual(relatedUris(after), [uri('llb.a10.cfg')]);
  });
});

describe('The other joins over the protocol: an IKE/ESP split, traffic to a missing vport', function () {
  this.timeout(30_000);
  let folder: string;
  let client: LspClient;
  const uri = (name: string): string => pathToFileURL(path.join(folder, name)).toString();

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-joins-'));
    for (const name of ['split-pools.a10.cfg', 'vip-ports.a10.cfg'])
      fs.writeFileSync(path.join(folder, name), fixture(`join/${name}`));
    client = LspClient.start();
    await client.initializeWorkspace([{ uri: pathToFileURL(folder).toString(), name: 'ws' }]);
  });

  after(() => {
    client.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("explains the split by the two vports' pools, and its fix edits the configuration on disk", async () => {
    const dump = uri('ike-esp-split.axdebug.txt');
    await client.didOpen(dump, CAPTURE, fixture('join/ike-esp-split.axdebug.txt'));
    const diagnostics = await client.waitForDiagnostics(dump, (p) =>
      p.diagnostics.some(
        (d) =>
          d.code === 'lbcap/ike-esp-split' &&
          d.relatedInformation?.some((r) => r.location.uri.endsWith('.cfg')) === true,
      ),
    );
    const split = diagnostics.find((d) => d.code === 'lbcap/ike-esp-split')!;
    const hover = await client.hover(dump, split.range.start);
    assert.match(
      (hover?.contents as { value: string }).value,
      /The configuration explains it: IKE leaves through `port 0 udp` .* pool SNAT\\_ISP1 .*; ESP through `port 0 others` .* pool SNAT\\_ISP2/,
    );
    const actions = (await client.codeAction(dump, split.range, [split])) as CodeAction[];
    assert.deepStrictEqual(
      actions.map((a) => [a.title, Object.keys(a.edit?.changes ?? {})]),
      [
        [
          'Translate ESP with pool SNAT_ISP1, as IKE (port 0 others of _wildcard_vserver in split-pools.a10.cfg)',
          [uri('split-pools.a10.cfg')],
        ],
      ],
    );
    assert.deepStrictEqual(
      actions[0].edit?.changes?.[uri('split-pools.a10.cfg')]?.map((e) => e.newText),
      ['SNAT_ISP1'],
    );
  });

  it('reports HTTP and ESP to VIP ports the configuration lacks, pointing at the VIPs', async () => {
    const dump = uri('vip-ports.axdebug.txt');
    await client.didOpen(dump, CAPTURE, fixture('join/vip-ports.axdebug.txt'));
    const diagnostics = await client.waitForDiagnostics(dump, (p) =>
      p.diagnostics.some((d) => d.code === 'lbcap/no-vport-for-traffic'),
    );
    const found = diagnostics.filter((d) => d.code === 'lbcap/no-vport-for-traffic');
    assert.deepStrictEqual(
      found.map((d) => [
        d.range.start.line + 1,
        d.relatedInformation?.[0].location.uri,
        (d.relatedInformation?.[0].location.range.start.line ?? -1) + 1,
      ]),
      [
        [3, uri('vip-ports.a10.cfg'), 4],
        [7, uri('vip-ports.a10.cfg'), 8],
      ],
    );
    assert.strictEqual(
      found[0].codeDescription?.href,
      'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/lbcap-no-vport-for-traffic.md',
    );
  });
});
