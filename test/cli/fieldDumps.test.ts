// The command line on the forms engineers post (issue 16), as a script or CI job runs it: `check`
// finds what the editor finds, and `inspect --json` gives each copy the addresses, protocol and
// ports of the packet the editor's hover shows (for a carried packet, the packet inside), and
// pairs only copies, never a reply.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { inspectFile } from '../../server/src/cli/inspect';
import { inspectText, type InspectRecord } from '../../server/src/service/capture/engine/inspect';
import { balancerLens, briefly, checkJson, fixtures } from './support';

/** `inspect FILE --json` of a fixture: one object per copy or line not understood. */
function inspect(file: string): InspectRecord[] {
  const ran = balancerLens(['inspect', `capture/${file}`, '--json']);
  assert.deepStrictEqual([ran.status, ran.stderr], [0, '']);
  return ran.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as InspectRecord);
}

/** `line: src:port > dst:port protocol [spi] [paired with N]` of each record, to compare briefly. */
function brief(records: readonly InspectRecord[]): string[] {
  return records.map((r) => {
    if ('unrecognised' in r) return `${r.line}: not understood`;
    const end = (address: string | undefined, port: number | undefined): string =>
      port === undefined ? (address ?? '') : `${address}:${port}`;
    const ends =
      r.dst === undefined ? (r.src ?? '') : `${end(r.src, r.srcPort)} > ${end(r.dst, r.dstPort)}`;
    const spi = r.spi === undefined ? '' : ` ${r.spi}`;
    const paired = r.pairedWith === undefined ? '' : ` paired with ${r.pairedWith}`;
    return `${r.line}: ${ends} ${r.protocol}${spi}${paired}`.replace(/: +/, ': ');
  });
}

describe('balancer-lens on dumps as the field writes them', () => {
  it('reads A10 debug monitor lines as axdebug, pairs them by content, and finds what axdebug would', () => {
    assert.deepStrictEqual(brief(inspect('field-debug-monitor.axdebug.txt')), [
      '5: 192.168.91.153:47278 > 192.168.91.28:80 tcp paired with 6',
      '6: 203.0.113.5:61001 > 192.168.91.28:80 tcp paired with 5',
      '7: 192.168.91.153 > 198.51.100.9 esp 0x1a2b3c4d paired with 8',
      '8: 203.0.113.5 > 198.51.100.9 esp 0x1a2b3c4d paired with 7',
    ]);
    assert.deepStrictEqual(briefly(checkJson(['capture/field-debug-monitor.axdebug.txt'])), [
      'capture/field-debug-monitor.axdebug.txt:5 lbcap/syn-without-syn-ack',
      'capture/field-debug-monitor.axdebug.txt:7 lbcap/one-way-esp',
    ]);
  });

  it('reads the older tcpdump TCP form as TCP with named ports as numbers, and tells a refused SYN from a reset after data', () => {
    assert.deepStrictEqual(brief(inspect('field-old-tcp.tcpdump.txt')), [
      '1: 10.50.34.204:61050 > 10.120.65.32:80 tcp',
      '2: 10.120.65.32:80 > 10.50.34.204:61050 tcp',
      '3: 10.50.34.204:61050 > 10.120.65.32:80 tcp',
      '4: 10.50.34.204:61050 > 10.120.65.32:80 tcp',
      '5: 10.120.65.32:80 > 10.50.34.204:61050 tcp',
      '6: 10.50.34.204:61051 > 10.120.65.32:443 tcp',
      '7: 10.120.65.32:443 > 10.50.34.204:61051 tcp',
      '8: 10.50.34.204:500 > 198.51.100.9:500 udp',
      '9: 10.50.34.204:4500 > 198.51.100.9:4500 udp 0x0badcafe',
      '10: 10.50.34.204:1025 > 10.120.65.53:53 udp',
    ]);
    const resets = checkJson(['capture/field-old-tcp.tcpdump.txt']).filter(
      (f) => f.code === 'lbcap/connection-reset',
    );
    assert.deepStrictEqual(
      resets.map((f) => `${f.line}: ${f.message}`),
      [
        '5: 1 connection to 10.120.65.32:80 reset: 1 reset after 4 packets (cut off, not refused). Reset by 10.120.65.32:80.',
        '7: 1 connection to 10.120.65.32:443 reset: 1 refused (RST instead of SYN-ACK: nothing listens there, or a filter answers for it). Reset by 10.120.65.32:443.',
      ],
    );
  });

  it('reads -i any lines with ?, B, M and P as packets', () => {
    assert.deepStrictEqual(brief(inspect('field-any-marks.tcpdump.txt')), [
      '2: 198.51.100.9 > 10.0.0.5 icmp',
      '3: 10.0.0.5 > 198.51.100.9 icmp',
      '4: 10.0.0.7:68 > 255.255.255.255:67 udp',
      '5: 10.0.0.1 > 224.0.0.18 vrrpv2',
      '6: 10.0.0.8 > 10.0.0.9 icmp',
      '7: 10.0.0.8 > 10.0.0.9 icmp',
    ]);
  });

  it('gives a carried packet the addresses, protocol and ports of the packet inside, and finds on it', () => {
    assert.deepStrictEqual(brief(inspect('field-carried.tcpdump.txt')), [
      '1: 10.0.10.1:40001 > 10.0.20.1:443 tcp',
      '5: 10.1.1.7:34786 > 11.1.1.12:8000 tcp',
      '7: 192.168.31.1 > 192.168.91.1 icmp',
      '8: 192.168.91.1 > 192.168.31.1 icmp',
      '9: 172.21.79.97:40000 > 172.21.79.100:53 udp',
      '10: 100.64.0.2 > 8.8.8.8 icmp',
      '11: 192.168.20.30 > 192.168.10.20 icmp',
    ]);
    assert.deepStrictEqual(briefly(checkJson(['capture/field-carried.tcpdump.txt'])), [
      'capture/field-carried.tcpdump.txt:1 lbcap/syn-without-syn-ack',
      'capture/field-carried.tcpdump.txt:5 lbcap/syn-without-syn-ack',
    ]);
  });

  it('reads a VXLAN packet whole when a piece read on another thread would start at the frame it carries', async () => {
    const file = path.join(fixtures, 'capture', 'field-carried.tcpdump.txt');
    const text = fs.readFileSync(file, 'utf8');
    let printed = '';
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        printed += chunk.toString();
        callback();
      },
    });
    // The first piece ends inside the VXLAN header: the next line starts no piece.
    await inspectFile(
      { file, json: true },
      { stdout, stderr: stdout },
      { threads: 2, pieceBytes: text.indexOf('VXLAN'), draftsPerBlock: 2 },
    );
    assert.strictEqual(
      printed,
      inspectText(text)
        .map((r) => JSON.stringify(r) + '\n')
        .join(''),
    );
  });

  it('never pairs a reply with its request, and says "reset after N packets" for an RST after data', () => {
    assert.deepStrictEqual(brief(inspect('field-replies.tcpdump.txt')).slice(0, 4), [
      '1: 192.0.2.10 > 198.51.100.20 esp 0x0000abcd',
      '2: 198.51.100.20 > 192.0.2.10 esp 0x0000abcd',
      '3: 192.0.2.10 > 198.51.100.20 esp 0x0000abcd',
      '4: 198.51.100.20 > 192.0.2.10 esp 0x0000abcd',
    ]);
    assert.deepStrictEqual(
      checkJson(['capture/field-replies.tcpdump.txt']).map(
        (f) => `${f.line} ${f.code}: ${f.message}`,
      ),
      [
        '8 lbcap/connection-reset: 1 connection to 203.0.113.10:443 reset: 1 reset after 3 packets (cut off, not refused). Reset by 203.0.113.10:443.',
      ],
    );
  });

  it('still gives the addresses and protocol of lines in no known form, and counts the rest in one finding per run', () => {
    assert.deepStrictEqual(brief(inspect('field-odd-lines.axdebug.txt')), [
      '1: 10.1.1.254 > 203.0.113.9 esp 0x7eb7fb45',
      '2: 10.1.1.254 > 10.1.1.1 arp',
      '3: 2001:db8::1 > 2001:db8::2 ipv6-icmp',
      '4: ipx',
      '5: not understood',
      '6: not understood',
      '7: not understood',
    ]);
    assert.deepStrictEqual(
      checkJson(['capture/field-odd-lines.axdebug.txt'])
        .filter((f) => f.code === 'lbcap/unrecognised-lines')
        .map((f) => `${f.line}-${f.endLine}`),
      ['5-7'],
    );
  });
});
