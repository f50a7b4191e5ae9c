// The capture language over the protocol, against the built server: what it declares, what it
// publishes for a tcpdump dump, and its outline, definitions, references and lenses.
import * as assert from 'assert';
import type {
  CodeLens,
  Diagnostic,
  DocumentSymbol,
  InitializeResult,
  Location,
  MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { fixture, LspClient } from './client';

const CAPTURE = 'balancer-capture';

let count = 0;
function uniqueUri(name: string): string {
  count += 1;
  return `file:///capture/${count}/${name}`;
}

describe('Capture language over the protocol', () => {
  let client: LspClient;
  let initialized: InitializeResult;

  before(async () => {
    client = LspClient.start();
    initialized = await client.initialize();
  });

  after(async () => {
    await client.shutdown();
    client.dispose();
  });

  it('declares the outline, definitions, references and lenses', () => {
    const capabilities = initialized.capabilities;
    assert.strictEqual(capabilities.documentSymbolProvider, true);
    assert.strictEqual(capabilities.definitionProvider, true);
    assert.strictEqual(capabilities.referencesProvider, true);
    assert.deepStrictEqual(capabilities.codeLensProvider, { resolveProvider: false });
  });

  it('publishes the findings of an F5 tcpdump, each linked to the page of its rule', async () => {
    const uri = uniqueUri('f5.txt');
    await client.didOpen(uri, CAPTURE, fixture('capture/f5-nat-vpn.tcpdump.txt'));
    const diagnostics: Diagnostic[] = await client.waitForDiagnostics(uri);
    assert.deepStrictEqual(
      diagnostics.map(
        (d) =>
          `${String(d.code)}@${d.range.start.line} ${d.codeDescription?.href.replace(/^.*\/docs\/rules\//, '')}`,
      ),
      [
        'lbcap/one-way-esp@4 lbcap-one-way-esp.md',
        'lbcap/tunnel-up-no-data@0 lbcap-tunnel-up-no-data.md',
        'lbcap/untranslated-private-source@5 lbcap-untranslated-private-source.md',
        'lbcap/ike-esp-split@5 lbcap-ike-esp-split.md',
        'lbcap/connection-reset@14 lbcap-connection-reset.md',
        'lbcap/retransmission@12 lbcap-retransmission.md',
      ],
    );
  });

  it('answers the outline, a definition, references and lenses for the seed dump', async () => {
    const uri = uniqueUri('capture-before-fix.axdebug.txt');
    await client.didOpen(uri, CAPTURE, fixture('seed/capture-before-fix.axdebug.txt'));
    await client.waitForDiagnostics(uri);

    const symbols = await client.send<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, (s.children ?? []).length]),
      [
        ['IPsec peers', 1],
        ['Flows', 4],
      ],
    );

    const definition = await client.send<Location>('textDocument/definition', {
      textDocument: { uri },
      position: { line: 8, character: 2 },
    });
    assert.deepStrictEqual([definition.uri, definition.range.start.line], [uri, 10]);

    const references = await client.send<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: { line: 4, character: 0 },
      context: { includeDeclaration: true },
    });
    assert.deepStrictEqual(
      references.map((r) => r.range.start.line),
      [4, 5],
    );

    const lenses = await client.send<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    assert.deepStrictEqual(
      lenses[0].command?.title,
      'IPsec 10.1.1.254 ↔ *.*.*.*: one-way ESP (nothing back from the peer)',
    );

    const hover = await client.hover(uri, { line: 0, character: 0 });
    assert.match(
      (hover?.contents as MarkupContent).value,
      /\*\*IPsec 10\.1\.1\.254 ↔ \\\*\.\\\*\.\\\*\.\\\*:\*\* no IKE in this dump/,
    );
  });

  describe('dumps as the field writes them (issue 16)', () => {
    /** Opens a fixture; answers its URI and the findings published for it, as `line code`. */
    async function open(
      name: string,
    ): Promise<{ uri: string; codes: string[]; diagnostics: Diagnostic[] }> {
      const uri = uniqueUri(name);
      await client.didOpen(uri, CAPTURE, fixture(`capture/${name}`));
      const diagnostics: Diagnostic[] = await client.waitForDiagnostics(uri);
      return {
        uri,
        diagnostics,
        codes: diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`),
      };
    }

    /** The hover's Markdown on a 1-based line. */
    async function hoverText(uri: string, line: number): Promise<string> {
      const hover = await client.hover(uri, { line: line - 1, character: 2 });
      return (hover?.contents as MarkupContent).value;
    }

    it('reads A10 debug monitor lines: two numbers, no packet id, paired by what NAT leaves alone', async () => {
      const { uri, codes } = await open('field-debug-monitor.axdebug.txt');
      assert.deepStrictEqual(codes, ['7 lbcap/one-way-esp', '5 lbcap/syn-without-syn-ack']);
      const hover = await hoverText(uri, 5);
      assert.match(
        hover,
        /^\*\*TCP SYN\*\*, received by the balancer on port 1\n\n`192\.168\.91\.153:47278 → 192\.168\.91\.28:80` · tick 4296982955\n/,
      );
      assert.match(
        hover,
        /\*\*Other copy:\*\* line 6, sent by the balancer on port 2: `203\.0\.113\.5:61001 → 192\.168\.91\.28:80`/,
      );
    });

    it('reads the older TCP form with named ports, and tells a refused SYN from a reset after data', async () => {
      const { uri, diagnostics } = await open('field-old-tcp.tcpdump.txt');
      assert.deepStrictEqual(
        diagnostics
          .filter((d) => d.code === 'lbcap/connection-reset')
          .map(
            (d) =>
              `${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`,
          ),
        [
          '5: 1 connection to 10.120.65.32:80 reset: 1 reset after 4 packets (cut off, not refused).',
          '7: 1 connection to 10.120.65.32:443 reset: 1 refused (RST instead of SYN-ACK: nothing listens there, or a filter answers for it).',
        ],
      );
      assert.match(
        await hoverText(uri, 2),
        /TCP flags `S\.` \(SYN-ACK\), seq `3920412877`, ack `2166173139`/,
      );
      const symbols = await client.send<DocumentSymbol[]>('textDocument/documentSymbol', {
        textDocument: { uri },
      });
      const flows = symbols.find((s) => s.name === 'Flows')!.children!.map((f) => f.detail);
      assert.ok(
        flows.includes('5 packets (3 forward, 2 back), reset after 4 packets'),
        flows.join('\n'),
      );
      assert.ok(flows.includes('2 packets (1 forward, 1 back), refused'), flows.join('\n'));
    });

    it('reads -i any marks: an interface it cannot name, B, M and P', async () => {
      const { uri } = await open('field-any-marks.tcpdump.txt');
      assert.match(
        await hoverText(uri, 2),
        /^\*\*ICMP echo request seq 1\*\*, received by the balancer at 10:00:00\.000000\n/,
      );
      assert.match(
        await hoverText(uri, 4),
        /^\*\*UDP\*\*, received by the balancer on eth0 as a broadcast at /,
      );
      assert.match(
        await hoverText(uri, 5),
        /, received by the balancer on eth1 as a multicast at /,
      );
      assert.match(
        await hoverText(uri, 6),
        /, received by the balancer on eth1 as a packet for another host at /,
      );
    });

    it('shows what carried a packet, and finds on the packet inside', async () => {
      const { uri, codes } = await open('field-carried.tcpdump.txt');
      assert.deepStrictEqual(codes, ['1 lbcap/syn-without-syn-ack', '5 lbcap/syn-without-syn-ack']);
      const gre = await hoverText(uri, 1);
      assert.match(
        gre,
        /^\*\*TCP SYN\*\*, seen at 10:00:05\.000000\n\n`10\.0\.10\.1:40001 → 10\.0\.20\.1:443`/,
      );
      assert.match(
        gre,
        /\*\*Carried in:\*\* GRE 198\.51\.100\.4 → 203\.0\.113\.8 key 0x64 \(IP id 49534\)\./,
      );
      assert.match(
        await hoverText(uri, 6),
        /\*\*Carried in:\*\* VXLAN VNI 4097 in UDP 172\.27\.16\.16:43908 → 172\.27\.0\.11:4789\./,
      );
      assert.match(
        await hoverText(uri, 7),
        /\*\*Answered by:\*\* line 8, the reply: ICMP echo reply seq 0\./,
      );
    });

    it('takes ESP coming back with the same SPI and sequence for a reply, and an RST after data for a reset after 3 packets', async () => {
      const { uri, codes } = await open('field-replies.tcpdump.txt');
      assert.deepStrictEqual(codes, ['8 lbcap/connection-reset']);
      const esp = await hoverText(uri, 1);
      assert.doesNotMatch(esp, /Other copy/);
      assert.match(esp, /\*\*Answered by:\*\* line 2, the reply: ESP spi 0x0000abcd seq 0x1\./);
      assert.match(
        await hoverText(uri, 8),
        /\*\*Reset:\*\* the connection is cut off after 3 packets: it was not refused\./,
      );
    });

    it('gives lines in no known form their addresses, and counts the rest in one finding per run', async () => {
      const { uri, codes } = await open('field-odd-lines.axdebug.txt');
      assert.deepStrictEqual(
        codes.filter((c) => c.endsWith('unrecognised-lines')),
        ['5 lbcap/unrecognised-lines'],
      );
      assert.match(
        await hoverText(uri, 2),
        /^\*\*ARP\*\*, received by the balancer on port 1\n\n`10\.1\.1\.254 → 10\.1\.1\.1`/,
      );
      assert.strictEqual(await client.hover(uri, { line: 5, character: 2 }), null);
    });
  });

  it('answers nothing, and does not fail, for documents it was never sent', async () => {
    const uri = uniqueUri('never-opened.txt');
    assert.deepStrictEqual(
      await client.send('textDocument/documentSymbol', { textDocument: { uri } }),
      [],
    );
    assert.strictEqual(
      await client.send('textDocument/definition', {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      }),
      null,
    );
    assert.deepStrictEqual(
      await client.send('textDocument/codeLens', { textDocument: { uri } }),
      [],
    );
    assert.ok(client.running, client.errorOutput);
  });
});
