import * as assert from 'assert';
import { parseAxdebugLine } from '../../../server/src/service/capture/reading/dialects/axdebug';
import type { PacketCopy } from '../../../server/src/service/capture/reading/packet';
import { parseCapture } from '../../../server/src/service/capture/reading/parser';
import { fixture } from '../support';
import { readingsOf } from './support';

/** A copy in one line of text: `in 1 10109 @23047990 10.1.1.254 > *.*.*.* esp spi=0x7eb7fb45 seq=0x1a`. */
function summary(copy: PacketCopy | undefined): string {
  if (!copy) return 'not a packet';
  const ports = copy.srcPort === undefined ? '' : ` ${copy.srcPort}>${copy.dstPort}`;
  const tcp = copy.tcp
    ? ` ${copy.tcp.flags} ${copy.tcp.seq}:${copy.tcp.ack}(${copy.tcp.length})`
    : '';
  const icmp = copy.icmp
    ? ` type=${copy.icmp.type} code=${copy.icmp.code}${copy.icmp.seq === undefined ? '' : ` seq=${copy.icmp.seq}`}`
    : '';
  const esp = copy.esp ? ` spi=${copy.esp.spi} seq=${copy.esp.seq}` : '';
  return `${copy.direction} ${copy.port}/${copy.aux} ${copy.id} @${copy.time} ${copy.src} > ${copy.dst} ${copy.protocol}${ports}${tcp}${icmp}${esp}`;
}

function parseLines(name: string): string[] {
  return fixture(name)
    .split('\n')
    .filter((l) => l !== '')
    .map((l, i) => summary(parseAxdebugLine(l, i, 0)));
}

describe('axdebug dialect', () => {
  it("reads every line of the seed's capture before the fix", () => {
    assert.deepStrictEqual(parseLines('seed/capture-before-fix.axdebug.txt'), [
      'in 1/100 10109 @23047990 10.1.1.254 > *.*.*.* esp spi=0x7eb7fb45 seq=0x1a',
      'out 6/0 10109 @23047990 10.1.1.254 > *.*.*.* esp spi=0x7eb7fb45 seq=0x1a',
      'in 1/100 1691d @23048142 10.1.1.254 > *.*.*.* esp spi=0x7eb7fb45 seq=0x1b',
      'out 6/0 1691d @23048142 10.1.1.254 > *.*.*.* esp spi=0x7eb7fb45 seq=0x1b',
      'in 1/100 168df @23048280 10.1.1.254 > 192.168.0.108 tcp 22518>1521 S 192198c5:0(0)',
      'out 6/0 168df @23048280 183.62.*.* > 192.168.0.108 tcp 2614>1521 S 192198c5:0(0)',
      'in 1/100 f17f @23048348 10.1.1.254 > 192.168.0.108 tcp 60641>1521 S 19799d8a:0(0)',
      'out 6/0 f17f @23048348 183.62.*.* > 192.168.0.108 tcp 6753>1521 S 19799d8a:0(0)',
      'in 1/100 168a3 @23048464 10.1.1.254 > *.*.*.* icmp type=8 code=0 seq=7948',
      'out 6/0 168a3 @23048464 183.62.*.* > *.*.*.* icmp type=8 code=0 seq=7948',
      'out 1/0 15e2d @23048467 *.*.*.* > 10.1.1.254 icmp type=11 code=0',
      'in 1/100 12861 @23048468 10.1.1.254 > *.*.*.* icmp type=8 code=0 seq=8048',
      'out 6/0 12861 @23048468 183.62.8.14 > *.*.*.* icmp type=8 code=0 seq=8048',
      'out 1/0 163e7 @23048472 *.*.*.* > 10.1.1.254 icmp type=11 code=0',
    ]);
  });

  it("reads every line of the seed's capture after the fix, `210.21.*.*>` without its space included", () => {
    assert.deepStrictEqual(parseLines('seed/capture-after-fix.axdebug.txt'), [
      'in 1/100 1f426 @1777313 10.1.1.254 > *.*.*.* esp spi=0x50a5abe3 seq=0xf3',
      'out 6/0 1f426 @1777313 210.21.*.* > *.*.*.* esp spi=0x50a5abe3 seq=0xf3',
      'out 1/0 c2f9 @1777314 *.*.*.* > 10.1.1.254 esp spi=0x8dcc49fe seq=0xfa',
      'in 1/100 1f447 @1777329 10.1.1.254 > *.*.*.* esp spi=0x50a5abe3 seq=0xf4',
      'out 6/0 1f447 @1777329 210.21.*.* > *.*.*.* esp spi=0x50a5abe3 seq=0xf4',
      'out 1/0 c2fe @1777331 *.*.*.* > 10.1.1.254 esp spi=0x8dcc49fe seq=0xfb',
      'out 1/0 c301 @1777390 210.21.*.* > 10.1.1.254 icmp type=8 code=0 seq=5496',
      'in 1/100 1f44d @1777390 10.1.1.254 > 210.21.*.* icmp type=0 code=0 seq=5496',
    ]);
  });

  it('falls back to `ip A > B <protocol> rest` for protocols it has no details for', () => {
    assert.strictEqual(
      summary(parseAxdebugLine('@5 o( 6, 0, ab)> ip 10.0.0.1 > 10.0.0.2 gre proto 0x800', 0, 0)),
      'out 6/0 ab @5 10.0.0.1 > 10.0.0.2 gre',
    );
    assert.strictEqual(
      summary(parseAxdebugLine('@5 i( 2, 0, ab)> ip 10.0.0.1>10.0.0.2 udp 500 > 500', 0, 0)),
      'in 2/0 ab @5 10.0.0.1 > 10.0.0.2 udp 500>500',
    );
  });

  it('does not take prompts, commands or broken lines for packets', () => {
    for (const line of [
      'AX3200#axdebug',
      '@23047990 i( 1, 100, 10109)> ip',
      'ip 10.1.1.254 /32',
      '',
      'x'.repeat(100_000),
    ]) {
      assert.strictEqual(parseAxdebugLine(line, 0, 0), undefined, line.slice(0, 40));
    }
  });

  it('groups lines it does not understand into runs and lets session lines pass', () => {
    const text = [
      'AX3200#axdebug',
      'AX3200(axdebug)#capture brief',
      'garbage one',
      'garbage two',
      fixture('seed/capture-after-fix.axdebug.txt').split('\n')[0],
      'garbage three',
      '',
    ].join('\n');
    const parsed = parseCapture(text);
    assert.strictEqual(parsed.copies.length, 1);
    assert.deepStrictEqual(
      parsed.unrecognised.map((r) => [r.firstLine, r.lastLine]),
      [
        [2, 3],
        [5, 5],
      ],
    );
  });

  it('reads every protocol axdebug can print: UDP (IKE on 500 and 4500), AH, GRE, and any other word', () => {
    const text = [
      '@1 i( 1, 100, a1)> ip 10.1.1.254 > 203.0.113.9 udp 500 > 500',
      '@2 o( 6, 0, a2)> ip 210.21.1.1 > 203.0.113.9 udp 4500 > 4500',
      '@3 o( 6, 0, a3)> ip 210.21.1.1 > 203.0.113.9 ah spi=0x2000 seq=0x1',
      '@4 o( 6, 0, a4)> ip 210.21.1.1 > 203.0.113.9 gre',
      '@5 o( 6, 0, a5)> ip 210.21.1.1 > 224.0.0.18 vrrp vrid 1',
      '@6 o( 6, 0, a6)> ip 2001:db8::1 > 2001:db8::2 udp 53 > 40000',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text).copies, [
      '1 · udp · 10.1.1.254.500 > 203.0.113.9.500 · in · ike v? phase ? - -',
      '2 · udp · 210.21.1.1.4500 > 203.0.113.9.4500 · out · ike v? phase ? - - nat-t',
      '3 · ah · 210.21.1.1 > 203.0.113.9 · out · ah 0x2000 0x1',
      '4 · gre · 210.21.1.1 > 203.0.113.9 · out',
      '5 · vrrp · 210.21.1.1 > 224.0.0.18 · out',
      '6 · udp · 2001:db8::1.53 > 2001:db8::2.40000 · out',
    ]);
  });

  it('passes over the prompt, the commands and the banner around a capture', () => {
    const text = [
      'AX3200-Active#axdebug',
      'AX3200-Active(axdebug)#filter 1',
      'AX3200-Active(axdebug-filter:1)#ip 10.1.1.254 /32',
      'AX3200-Active(axdebug-filter:1)#exit',
      'AX3200-Active(axdebug)#capture brief',
      'Wait for debug output, enter <ctrl c> to exit',
      '@1 i( 1, 100, a1)> ip 10.1.1.254 > 203.0.113.9 udp 500 > 500',
      '^C',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text), {
      dialect: 'axdebug',
      copies: ['7 · udp · 10.1.1.254.500 > 203.0.113.9.500 · in · ike v? phase ? - -'],
      unrecognised: [],
    });
  });
});
