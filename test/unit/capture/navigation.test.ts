// Finding one's way in a dump: the outline lists the IPsec peers (how far each got, IKE and each
// SA) and the flows; go to definition goes from a packet to the packet that answers it; find
// references lists every packet of its flow; a CodeLens sums up each flow worth a word.
import * as assert from 'assert';
import type { DocumentSymbol, Location } from 'vscode-languageserver-types';
import { createLanguageService } from '../../../server/src/service';
import { captureDocument, configDocument, fixture } from '../support';

/** An outline as indented lines: `name — detail (first–last line)`. */
function outline(symbols: readonly DocumentSymbol[], indent = ''): string[] {
  return symbols.flatMap((s) => [
    `${indent}${s.name} — ${s.detail} (${s.range.start.line + 1}–${s.range.end.line + 1})`,
    ...outline(s.children ?? [], `${indent}  `),
  ]);
}

/** The 1-based first lines of locations. */
function lines(locations: readonly Location[]): number[] {
  return locations.map((l) => l.range.start.line + 1);
}

let documents = 0;
/** A capture document with a uri of its own: the service caches what it read by uri and version. */
function capture(text: string): ReturnType<typeof captureDocument> {
  documents += 1;
  return captureDocument(text, `file:///test/navigation-${documents}.txt`);
}

const before = fixture('seed/capture-before-fix.axdebug.txt');
const after = fixture('seed/capture-after-fix.axdebug.txt');
const f5 = fixture('capture/f5-nat-vpn.tcpdump.txt');

describe('Capture navigation', () => {
  const service = createLanguageService();

  describe('outline', () => {
    it("lists the seed's peer with its one-way SA, and its flows with what became of them", () => {
      assert.deepStrictEqual(outline(service.findDocumentSymbols(capture(before))), [
        'IPsec peers — 1 peer (1–4)',
        '  10.1.1.254 ↔ *.*.*.* — one-way ESP (nothing back from the peer) (1–4)',
        '    SPI 0x7eb7fb45 out — 2 packets (1–4)',
        'Flows — 4 flows (1–14)',
        '  Flow 1: ESP spi 0x7eb7fb45 10.1.1.254 → *.*.*.* — 2 packets (2 forward, 0 back) (1–4)',
        '  Flow 2: TCP 10.1.1.254:22518 ↔ 192.168.0.108:1521 — 1 packet (1 forward, 0 back), no SYN-ACK (5–6)',
        '  Flow 3: TCP 10.1.1.254:60641 ↔ 192.168.0.108:1521 — 1 packet (1 forward, 0 back), no SYN-ACK (7–8)',
        '  Flow 4: ICMP echo 10.1.1.254 ↔ *.*.*.* — 2 packets (2 forward, 0 back), 2 ICMP errors (9–14)',
      ]);
    });

    it('lists a tcpdump peer with its IKE and SAs, and its translated address', () => {
      assert.deepStrictEqual(outline(service.findDocumentSymbols(capture(f5))).slice(0, 4), [
        'IPsec peers — 1 peer (1–6)',
        '  10.1.1.254 (as 198.51.100.7) ↔ 203.0.113.9 — tunnel up, no data (IKE answered, no ESP back) (1–6)',
        '    IKEv1 — 1 out, 1 back (1–4)',
        '    SPI 0x50a5abe3 out — 1 packet (5–6)',
      ]);
    });

    it('keeps every child inside its parent, and has nothing for a configuration', () => {
      const check = (symbol: DocumentSymbol): void => {
        for (const child of symbol.children ?? []) {
          assert.ok(
            child.range.start.line >= symbol.range.start.line &&
              child.range.end.line <= symbol.range.end.line,
            `${child.name} outside ${symbol.name}`,
          );
          check(child);
        }
      };
      service.findDocumentSymbols(capture(f5)).forEach(check);
      assert.deepStrictEqual(service.findDocumentSymbols(capture('nothing to see')), []);
    });
  });

  describe('go to definition', () => {
    it('goes from a packet to the packet that answers it, on the same side of the balancer', () => {
      const at = (text: string, line: number): number[] => {
        const location = service.findDefinition(capture(text), { line: line - 1, character: 3 });
        return location === null ? [] : lines(Array.isArray(location) ? location : [location]);
      };
      assert.deepStrictEqual(at(after, 7), [8], 'the echo request to its reply');
      assert.deepStrictEqual(at(before, 9), [11], 'the ping to the ICMP error it caused');
      assert.deepStrictEqual(
        at(f5, 7),
        [10],
        'the SYN received from the inside host to the SYN-ACK sent back to it',
      );
      assert.deepStrictEqual(
        at(f5, 8),
        [9],
        'the SYN sent out to the SYN-ACK received from outside',
      );
      assert.deepStrictEqual(at(before, 5), [], 'nothing answers the SYN');
      assert.deepStrictEqual(at('AX3200#axdebug', 1), []);
    });
  });

  describe('find references', () => {
    it('lists every copy of every packet of the flow, both sides of the NAT and its ICMP errors', () => {
      const references = (line: number, includeDeclaration = true): number[] =>
        lines(
          service.findReferences(
            capture(before),
            { line: line - 1, character: 0 },
            includeDeclaration,
          ),
        );
      assert.deepStrictEqual(references(9), [9, 10, 11, 12, 13, 14]);
      assert.deepStrictEqual(
        references(11),
        [9, 10, 11, 12, 13, 14],
        'from an ICMP error: the flow it reports on',
      );
      assert.deepStrictEqual(
        references(9, false),
        [11, 12, 13, 14],
        'without the packet asked about',
      );
      assert.deepStrictEqual(references(5), [5, 6]);
    });
  });

  describe('CodeLens', () => {
    it('sums up the peer and each flow that has more than one packet or came to grief, above its first line', () => {
      const lenses = service
        .findCodeLenses(capture(f5))
        .map((l) => `${l.range.start.line + 1}: ${l.command?.title} [${l.command?.command}]`);
      assert.deepStrictEqual(lenses, [
        '1: IPsec 10.1.1.254 (as 198.51.100.7) ↔ 203.0.113.9: tunnel up, no data (IKE answered, no ESP back) []',
        '1: Flow 1: 2 packets (1 forward, 1 back) []',
        '7: Flow 3: 5 packets (3 forward, 2 back), reset after 4 packets, 1 retransmission []',
      ]);
    });

    it('sums up a flow of one packet when nothing answers it, whatever its protocol', () => {
      const lenses = service
        .findCodeLenses(
          capture(
            [
              '10:00:00.000001 IP 10.1.1.254.53000 > 192.0.2.53.53: 4242+ A? example.com. (29)',
              '10:00:00.000002 IP 10.1.1.254.40001 > 192.0.2.80.443: Flags [S], seq 3000000001, win 64240, length 0',
              '10:00:00.000003 IP 10.1.1.254.53001 > 192.0.2.53.53: 4243+ A? example.org. (29)',
              '10:00:00.000004 IP 192.0.2.53.53 > 10.1.1.254.53001: 4243 1/0/0 A 93.184.216.34 (45)',
            ].join('\n'),
          ),
        )
        .map((l) => `${l.range.start.line + 1}: ${l.command?.title}`);
      assert.deepStrictEqual(lenses, [
        '1: Flow 1: 1 packet (1 forward, 0 back), no answer',
        '2: Flow 2: 1 packet (1 forward, 0 back), no SYN-ACK',
        '3: Flow 3: 2 packets (1 forward, 1 back)',
      ]);
    });

    it('has none for a configuration', () => {
      assert.deepStrictEqual(
        service.findCodeLenses(configDocument('slb server GW 10.2.2.254\n')),
        [],
      );
    });
  });
});
