// The hover of a packet line explains it the way an engineer reads a dump: which copy it is,
// the other copy and the translation between them, its flow and what answers it.
import * as assert from 'assert';
import { createLanguageService } from '../../../server/src/service';
import { captureDocument, fixture } from '../support';

/** The hover's Markdown on a 1-based line of a document. */
function hoverOn(text: string, line: number): string | undefined {
  const hover = createLanguageService().doHover(captureDocument(text), { line: line - 1, character: 5 });
  const contents = hover?.contents;
  return contents && typeof contents === 'object' && 'value' in contents ? contents.value : undefined;
}

const before = fixture('seed/capture-before-fix.axdebug.txt');
const after = fixture('seed/capture-after-fix.axdebug.txt');

describe('Packet hover', () => {
  it('explains a translated TCP SYN: both copies, the source NAT, and that nothing answers it', () => {
    assert.strictEqual(
      hoverOn(before, 5),
      [
        '**TCP SYN**, received by the balancer on port 1',
        '`10.1.1.254:22518 → 192.168.0.108:1521` · tick 23048280 · packet id `168df`',
        'TCP flags `S` (SYN), seq `192198c5`, ack `0`, 0 bytes of data',
        '**Other copy:** line 6, sent by the balancer on port 6: `183.62.*.*:2614 → 192.168.0.108:1521`',
        '**Translation:** source `10.1.1.254:22518` became `183.62.*.*:2614`.',
        '**Flow 2:** TCP 10.1.1.254:22518 ↔ 192.168.0.108:1521: 1 packet (1 forward, 0 back), lines 5–6.',
        '**Answered by:** nothing in this dump: no packet comes back in this flow after it.',
      ].join('\n\n'),
    );
  });

  it('says when ESP leaves with its source untouched', () => {
    const text = hoverOn(before, 2)!;
    assert.match(text, /^\*\*ESP spi 0x7eb7fb45 seq 0x1a\*\*, sent by the balancer on port 6/);
    assert.match(text, /\*\*Translation:\*\* none: both copies carry the same addresses and ports\./);
    assert.match(text, /SPI `0x7eb7fb45` names the IPsec SA of this direction/);
  });

  it('ties an ICMP error to the packet it most likely reports on, and the request to its error', () => {
    assert.match(hoverOn(before, 11)!, /\*\*Reports on:\*\* most likely the ICMP echo request seq 7948 at line 9 \(flow 4, ICMP echo 10\.1\.1\.254 ↔ \\\*\.\\\*\.\\\*\.\\\*\)/);
    assert.match(hoverOn(before, 11)!, /ICMP type 11 code 0: time exceeded in transit/);
    assert.match(hoverOn(before, 9)!, /\*\*Answered by:\*\* line 11, an ICMP error: ICMP time exceeded in transit\./);
  });

  it('says when one copy of a packet is missing from the dump', () => {
    assert.match(hoverOn(after, 3)!, /\*\*Other copy:\*\* none: the dump has no copy of it received by the balancer \(same id `c2f9`\)\./);
  });

  it('pairs ESP both ways after the fix: the peer answers with its own SPI', () => {
    const text = hoverOn(after, 1)!;
    assert.match(text, /\*\*Translation:\*\* source `10\.1\.1\.254` became `210\.21\.\*\.\*`\./);
    assert.match(text, /\*\*Flow 1:\*\* ESP 10\.1\.1\.254 ↔ \\\*\.\\\*\.\\\*\.\\\*: 4 packets \(2 forward, 2 back\), lines 1–6\./);
    assert.match(text, /\*\*Answered by:\*\* line 3, the reply: ESP spi 0x8dcc49fe seq 0xfa\./);
  });

  it('matches an echo reply to its request by sequence number', () => {
    assert.match(hoverOn(after, 7)!, /\*\*Answered by:\*\* line 8, the reply: ICMP echo reply seq 5496\./);
    assert.match(hoverOn(after, 8)!, /\*\*Answers:\*\* line 7 \(ICMP echo request seq 5496\)\./);
  });

  it('escapes masked addresses, so that Markdown does not read `*.*` as emphasis', () => {
    assert.match(hoverOn(before, 11)!, /last packet 10\.1\.1\.254 sent before it/);
    assert.ok(!/[^\\`]\*\.\*/.test(hoverOn(before, 9)!.replace(/`[^`]*`/g, '')), 'every * outside code is escaped');
  });

  it('parses CRLF dumps the same way', () => {
    assert.strictEqual(hoverOn(before.replace(/\n/g, '\r\n'), 5), hoverOn(before, 5));
  });

  it('has nothing to say on a line that is not a packet, or past the end', () => {
    assert.strictEqual(hoverOn('AX3200#axdebug\n' + after, 1), undefined);
    assert.strictEqual(hoverOn(after, 500), undefined);
  });

  it('covers the whole packet line', () => {
    const hover = createLanguageService().doHover(captureDocument(before), { line: 0, character: 0 });
    assert.deepStrictEqual(hover?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: before.split('\n')[0].length } });
  });
});
