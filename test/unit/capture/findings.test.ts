// What a capture dump shows, as diagnostics: the seed's dump before the fix has a one-way SA,
// ESP leaving untranslated and ICMP errors; the dump after the fix has none of them.
import * as assert from 'assert';
import { captureDocument, codesOf, diagnosticsOf, fixture, messageOf } from '../support';

const before = (): ReturnType<typeof captureDocument> => captureDocument(fixture('seed/capture-before-fix.axdebug.txt'));

describe('Capture findings', () => {
  it("finds the seed's three problems before the fix, each once, and nothing else", () => {
    assert.deepStrictEqual(codesOf(before()), ['lbcap/one-way-esp@1', 'lbcap/untranslated-private-source@2', 'lbcap/icmp-error@11']);
  });

  it('finds nothing after the fix, where ESP flows both ways', () => {
    assert.deepStrictEqual(codesOf(captureDocument(fixture('seed/capture-after-fix.axdebug.txt'))), []);
  });

  it('reports findings as warnings, never errors', () => {
    assert.ok(diagnosticsOf(before()).every((d) => d.severity === 2));
  });

  describe('lbcap/one-way-esp', () => {
    it('names the SPI, the peer and the missing answer, with the other packets of that SPI related', () => {
      const [oneWay] = diagnosticsOf(before());
      assert.match(messageOf(oneWay), /^One-way IPsec SA: ESP with SPI 0x7eb7fb45 goes from 10\.1\.1\.254 to \*\.\*\.\*\.\* \(2 packets\), and no ESP comes back from \*\.\*\.\*\.\* anywhere in this dump\./);
      assert.match(messageOf(oneWay), /phase 2 carries no data/);
      assert.deepStrictEqual(
        oneWay.relatedInformation?.map((r) => r.location.range.start.line + 1),
        [2, 3, 4],
      );
    });

    it('reports each SPI once, on its first packet', () => {
      const text = [
        '@1 i( 1, 100, a1)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@2 i( 1, 100, a2)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x2 seq=0x1',
        '@3 i( 1, 100, a3)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x1 seq=0x2',
      ].join('\n');
      assert.deepStrictEqual(codesOf(captureDocument(text)), ['lbcap/one-way-esp@1', 'lbcap/one-way-esp@2']);
    });

    it('is quiet when the peer sends ESP back, even to the translated address', () => {
      const text = [
        '@1 i( 1, 100, a1)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@1 o( 6, 0, a1)> ip 198.51.100.7 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@2 i( 6, 0, b1)> ip 203.0.113.9 > 198.51.100.7 esp spi=0x9 seq=0x1',
      ].join('\n');
      assert.deepStrictEqual(codesOf(captureDocument(text)), []);
    });
  });

  describe('lbcap/untranslated-private-source', () => {
    it('says ESP leaves untranslated while TCP and ICMP of the same host are translated', () => {
      const untranslated = diagnosticsOf(before())[1];
      assert.match(messageOf(untranslated), /^ESP from private address 10\.1\.1\.254 is sent out on port 6 untranslated \(2 packets\)/);
      assert.match(messageOf(untranslated), /does translate 10\.1\.1\.254's TCP and ICMP \(to 183\.62\.\*\.\*, 183\.62\.8\.14, line 6\) but not its ESP/);
      assert.match(messageOf(untranslated), /`port 0 others`/);
      assert.deepStrictEqual(untranslated.relatedInformation?.map((r) => r.location.range.start.line + 1), [4]);
    });

    it('is quiet when the source is public or the packet goes back out of the port it came in on', () => {
      const text = [
        '@1 i( 1, 100, a1)> ip 198.51.100.1 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@1 o( 6, 0, a1)> ip 198.51.100.1 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@2 i( 1, 100, a2)> ip 10.0.0.1 > 10.0.0.2 tcp 1 > 2 S 1:0(0)',
        '@2 o( 1, 0, a2)> ip 10.0.0.1 > 10.0.0.2 tcp 1 > 2 S 1:0(0)',
        '@3 i( 2, 0, b2)> ip 10.0.0.2 > 10.0.0.1 tcp 2 > 1 S. 7:2(0)',
      ].join('\n');
      assert.ok(!codesOf(captureDocument(text)).some((c) => c.startsWith('lbcap/untranslated-private-source')));
    });
  });

  describe('lbcap/icmp-error', () => {
    it('ties the time-exceeded errors to the echo requests they most likely report on', () => {
      const icmp = diagnosticsOf(before())[2];
      assert.match(messageOf(icmp), /^ICMP time exceeded in transit \(type 11 code 0\) from \*\.\*\.\*\.\* to 10\.1\.1\.254 \(2 times\)/);
      assert.match(messageOf(icmp), /most likely reports on the ICMP echo request seq 7948 at line 9/);
      assert.deepStrictEqual(
        icmp.relatedInformation?.map((r) => `${r.location.range.start.line + 1}: ${r.message}`),
        ['9: the packet it most likely reports on: 10.1.1.254 → *.*.*.* ICMP echo request seq 7948', '14: the same error again, after line 12'],
      );
    });

    it('names an unreachable code in the words an engineer uses', () => {
      const text = ['@1 i( 1, 100, a1)> ip 10.0.0.1 > 203.0.113.9 esp spi=0x1 seq=0x1', '@2 o( 1, 0, b1)> ip 198.51.100.1 > 10.0.0.1 icmp type=3 code=2'].join('\n');
      const icmp = diagnosticsOf(captureDocument(text)).find((d) => d.code === 'lbcap/icmp-error')!;
      assert.match(messageOf(icmp), /^ICMP destination unreachable: protocol unreachable \(type 3 code 2\) from 198\.51\.100\.1 to 10\.0\.0\.1: the box refuses this IP protocol, e\.g\. ESP\./);
    });
  });

  describe('lbcap/unrecognised-lines', () => {
    it('gives one information per run of lines it does not understand, never one per line', () => {
      const text = ['junk a', 'junk b', 'junk c', fixture('seed/capture-after-fix.axdebug.txt')].join('\n');
      const diagnostics = diagnosticsOf(captureDocument(text));
      assert.deepStrictEqual(
        diagnostics.map((d) => [d.code, d.severity, messageOf(d)]),
        [['lbcap/unrecognised-lines', 3, '3 lines (1–3) are not understood as axdebug packets or capture commands; they are left out of the analysis.']],
      );
    });

    it('sums up past twenty runs instead of flooding', () => {
      const text = Array.from({ length: 500 }, (_, i) => `junk ${i}\n@${i} i( 1, 100, ${i.toString(16)})> ip 10.0.0.1 > 10.0.0.2 tcp 1 > 2 S 1:0(0)`).join('\n');
      const diagnostics = diagnosticsOf(captureDocument(text)).filter((d) => d.code === 'lbcap/unrecognised-lines');
      assert.strictEqual(diagnostics.length, 21);
      assert.match(messageOf(diagnostics[20]), /^480 more runs of lines not understood \(480 lines from line 41 on\)/);
    });
  });
});
