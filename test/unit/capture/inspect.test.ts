// For scripts and checks: `node server/out/cli.js inspect FILE --json` prints one JSON object per
// packet copy (fields that do not apply left out, addresses as written, 1-based lines, the other
// copy's first line, the flow) and one per line not understood; it reads the dump once, as a
// stream, and says clearly what is wrong with a command line or a file.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { runCli, usage } from '../../../server/src/cli';
import { analyseCapture } from '../../../server/src/service/capture/engine/analysis';
import {
  CaptureInspector,
  inspectText,
  type PacketRecord,
} from '../../../server/src/service/capture/engine/inspect';
import { FlowKeys } from '../../../server/src/service/capture/engine/flows';
import { PAIRING_WINDOW } from '../../../server/src/service/capture/engine/pairing';
import { parseCapture } from '../../../server/src/service/capture/reading/parser';
import { fixture, repoRoot } from '../support';

/** A writable that keeps what it is given. */
class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Runs the command line in this process; answers its status and what it wrote. */
async function cli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = new Collect();
  const stderr = new Collect();
  const status = await runCli(argv, { stdout, stderr });
  return { status, stdout: stdout.text, stderr: stderr.text };
}

let folder: string;
/** A file with the given text in a temporary folder. */
function file(name: string, text: string): string {
  const full = path.join(folder, name);
  fs.writeFileSync(full, text);
  return full;
}

describe('inspect (command line)', () => {
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-inspect-test-'));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("prints one JSON line per packet copy of the seed's dump, exactly as documented", async () => {
    const { status, stdout, stderr } = await cli(
      'inspect',
      path.join(repoRoot, 'test/fixtures/seed/capture-before-fix.axdebug.txt'),
      '--json',
    );
    assert.deepStrictEqual([status, stderr], [0, '']);
    assert.deepStrictEqual(stdout.split('\n'), [
      '{"line":1,"endLine":1,"dialect":"axdebug","src":"10.1.1.254","dst":"*.*.*.*","protocol":"esp","spi":"0x7eb7fb45","flow":1,"pairedWith":2}',
      '{"line":2,"endLine":2,"dialect":"axdebug","src":"10.1.1.254","dst":"*.*.*.*","protocol":"esp","spi":"0x7eb7fb45","flow":1,"pairedWith":1}',
      '{"line":3,"endLine":3,"dialect":"axdebug","src":"10.1.1.254","dst":"*.*.*.*","protocol":"esp","spi":"0x7eb7fb45","flow":1,"pairedWith":4}',
      '{"line":4,"endLine":4,"dialect":"axdebug","src":"10.1.1.254","dst":"*.*.*.*","protocol":"esp","spi":"0x7eb7fb45","flow":1,"pairedWith":3}',
      '{"line":5,"endLine":5,"dialect":"axdebug","src":"10.1.1.254","dst":"192.168.0.108","protocol":"tcp","srcPort":22518,"dstPort":1521,"flow":2,"pairedWith":6}',
      '{"line":6,"endLine":6,"dialect":"axdebug","src":"183.62.*.*","dst":"192.168.0.108","protocol":"tcp","srcPort":2614,"dstPort":1521,"flow":2,"pairedWith":5}',
      '{"line":7,"endLine":7,"dialect":"axdebug","src":"10.1.1.254","dst":"192.168.0.108","protocol":"tcp","srcPort":60641,"dstPort":1521,"flow":3,"pairedWith":8}',
      '{"line":8,"endLine":8,"dialect":"axdebug","src":"183.62.*.*","dst":"192.168.0.108","protocol":"tcp","srcPort":6753,"dstPort":1521,"flow":3,"pairedWith":7}',
      '{"line":9,"endLine":9,"dialect":"axdebug","src":"10.1.1.254","dst":"*.*.*.*","protocol":"icmp","flow":4,"pairedWith":10}',
      '{"line":10,"endLine":10,"dialect":"axdebug","src":"183.62.*.*","dst":"*.*.*.*","protocol":"icmp","flow":4,"pairedWith":9}',
      '{"line":11,"endLine":11,"dialect":"axdebug","src":"*.*.*.*","dst":"10.1.1.254","protocol":"icmp","flow":4}',
      '{"line":12,"endLine":12,"dialect":"axdebug","src":"10.1.1.254","dst":"*.*.*.*","protocol":"icmp","flow":4,"pairedWith":13}',
      '{"line":13,"endLine":13,"dialect":"axdebug","src":"183.62.8.14","dst":"*.*.*.*","protocol":"icmp","flow":4,"pairedWith":12}',
      '{"line":14,"endLine":14,"dialect":"axdebug","src":"*.*.*.*","dst":"10.1.1.254","protocol":"icmp","flow":4}',
      '',
    ]);
  });

  it('gives a tcpdump -v packet its first and last line, leaves out what does not apply, and marks lines not understood', async () => {
    const dump = file(
      'verbose.txt',
      [
        'pasted from the ticket:',
        '10:00:00.000001 eth1  In  IP (tos 0x0, ttl 64, id 4242, offset 0, flags [none], proto UDP (17), length 60)',
        '    10.1.1.254.4500 > 203.0.113.9.4500: UDP-encap: ESP(spi=0x11111111,seq=0x5), length 32',
        '10:00:00.000010 eth0  Out IP (tos 0x0, ttl 63, id 4242, offset 0, flags [none], proto UDP (17), length 60)',
        '    198.51.100.7.61000 > 203.0.113.9.4500: UDP-encap: ESP(spi=0x11111111,seq=0x5), length 32',
        '10:00:01.000000 ARP, Reply 10.1.1.1 is-at 00:50:56:aa:bb:cc, length 28',
        '10:00:02.000000 LLDP, length 46: router1',
      ].join('\r\n'),
    );
    const { stdout } = await cli('inspect', dump, '--json');
    assert.deepStrictEqual(stdout.trimEnd().split('\n'), [
      '{"line":1,"unrecognised":true}',
      '{"line":2,"endLine":3,"dialect":"tcpdump","src":"10.1.1.254","dst":"203.0.113.9","protocol":"udp","srcPort":4500,"dstPort":4500,"spi":"0x11111111","flow":1,"pairedWith":4}',
      '{"line":4,"endLine":5,"dialect":"tcpdump","src":"198.51.100.7","dst":"203.0.113.9","protocol":"udp","srcPort":61000,"dstPort":4500,"spi":"0x11111111","flow":1,"pairedWith":2}',
      '{"line":6,"endLine":6,"dialect":"tcpdump","src":"10.1.1.1","protocol":"arp"}',
      '{"line":7,"endLine":7,"dialect":"tcpdump","protocol":"lldp"}',
    ]);
  });

  it('prints a readable line per record without --json', async () => {
    const { stdout } = await cli(
      'inspect',
      path.join(repoRoot, 'test/fixtures/capture/f5-nat-vpn.tcpdump.txt'),
    );
    assert.deepStrictEqual(stdout.split('\n').slice(0, 3), [
      'line 1: udp 10.1.1.254:500 > 203.0.113.9:500, flow 1, paired with line 2',
      'line 2: udp 198.51.100.7:500 > 203.0.113.9:500, flow 1, paired with line 1',
      'line 3: udp 203.0.113.9:500 > 198.51.100.7:500, flow 1, paired with line 4',
    ]);
  });

  it('numbers flows and pairs copies as the editor does, on every fixture', () => {
    for (const name of [
      'seed/capture-before-fix.axdebug.txt',
      'seed/capture-after-fix.axdebug.txt',
      'capture/f5-nat-vpn.tcpdump.txt',
      'capture/any-verbose.tcpdump.txt',
      'capture/tcpdump-isakmp4.out',
      'capture/tcpdump-resp_1.out',
    ]) {
      const text = fixture(name);
      const analysis = analyseCapture(parseCapture(text));
      const expected = analysis.parsed.copies.map((copy) => {
        const packet = analysis.packetOf.get(copy)!;
        const other = packet.copies.find((c) => c !== copy);
        return {
          line: copy.line + 1,
          flow: analysis.flowOf.get(packet)?.id,
          pairedWith: other
            ? copy === packet.copies[0]
              ? other.line + 1
              : packet.copies[0].line + 1
            : undefined,
        };
      });
      const records = inspectText(text).filter((r): r is PacketRecord => !('unrecognised' in r));
      assert.deepStrictEqual(
        records.map((r) => ({ line: r.line, flow: r.flow, pairedWith: r.pairedWith })),
        expected,
        name,
      );
    }
  });

  it('numbers each flow key by its flow, in order of first line, however the keys were joined', () => {
    const keys = new FlowKeys();
    keys.add(0, 'tcp', 7); // joined below to key 3, seen first: both are flow 2
    keys.add(1, 'udp', 9);
    keys.add(3, 'tcp', 4);
    keys.add(4, 'esp', 2);
    keys.join(0, 3);
    // Key 2 was never added: it has no flow (0), and neither has key 5, past the keys added.
    assert.deepStrictEqual([...keys.flowNumbers(6)], [2, 3, 0, 2, 1, 0]);
    assert.deepStrictEqual(
      [...keys.numbering()],
      [
        [4, 1],
        [3, 2],
        [1, 3],
      ],
    );
  });

  it('hands out records while it reads, keeping only the last lines it may still pair', () => {
    let written = 0;
    const inspector = new CaptureInspector(() => written++);
    const line = (i: number): string =>
      `@${i} i( 1, 100, ${i.toString(16)})> ip 10.0.0.1 > 10.0.0.2 gre`;
    for (let i = 0; i < PAIRING_WINDOW * 3; i++) inspector.line(line(i));
    assert.strictEqual(
      written,
      PAIRING_WINDOW * 2,
      'all but the last window of lines are written before the end',
    );
    inspector.end();
    assert.strictEqual(written, PAIRING_WINDOW * 3);
  });

  it('keeps every record when a line not understood follows a tcpdump packet, past the window', () => {
    // The packet on the line before is still being read when the line not understood arrives:
    // its record and the one a window back must both be handed out, neither written over.
    const packet = (i: number): string =>
      `10:00:00.${String(i).padStart(6, '0')} IP 10.0.0.1 > 10.0.0.2: GREv0, length 40`;
    const lines = Array.from({ length: PAIRING_WINDOW + 40 }, (_, i) =>
      i % 7 === 6 ? 'not a packet' : packet(i),
    );
    const records = inspectText(lines.join('\n'));
    assert.deepStrictEqual(
      records.map((r) => r.line),
      lines.map((_, i) => i + 1),
    );
  });

  it('pairs a -vv packet longer than the window with the copy just before it', () => {
    const text = [
      '10:00:00.000001 IP (tos 0x0, ttl 64, id 4242, offset 0, flags [none], proto UDP (17), length 404)',
      '    10.1.1.254.500 > 203.0.113.9.500: isakmp 2.0 msgid 00000000: parent_sa ikev2_init[I]:',
      '10:00:00.000009 IP (tos 0x0, ttl 63, id 4242, offset 0, flags [none], proto UDP (17), length 404)',
      '    198.51.100.7.500 > 203.0.113.9.500: isakmp 2.0 msgid 00000000: parent_sa ikev2_init[I]:',
      ...Array.from({ length: PAIRING_WINDOW + 10 }, (_, i) => `    (t: #${i} type=encr id=aes)`),
    ].join('\n');
    const records = inspectText(text) as PacketRecord[];
    assert.deepStrictEqual(
      records.map((r) => [r.line, r.endLine, r.flow, r.pairedWith]),
      [
        [1, 2, 1, 3],
        [3, 4 + PAIRING_WINDOW + 10, 1, 1],
      ],
    );
  });

  it('reads \\n, \\r\\n and lone \\r line ends alike, with or without a last line end', async () => {
    const lines = fixture('seed/capture-after-fix.axdebug.txt').trimEnd().split('\n');
    const outputs = await Promise.all(
      [lines.join('\n') + '\n', lines.join('\r\n'), lines.join('\r') + '\r'].map(
        async (text, i) => (await cli('inspect', file(`ends-${i}.txt`, text), '--json')).stdout,
      ),
    );
    assert.strictEqual(outputs[1], outputs[0]);
    assert.strictEqual(outputs[2], outputs[0]);
  });

  it('explains a wrong command line, an unreadable file and --help, with the exit status scripts rely on', async () => {
    assert.deepStrictEqual(await cli('--help'), { status: 0, stdout: usage(), stderr: '' });
    const wrong = async (...argv: string[]): Promise<[number, string]> => {
      const { status, stderr } = await cli(...argv);
      return [status, stderr.split('\n')[0]];
    };
    assert.deepStrictEqual(await wrong(), [2, 'balancer-lens: No command given.']);
    assert.deepStrictEqual(await wrong('frob', 'x'), [
      2,
      "balancer-lens: Unknown command 'frob'. The commands are 'check', 'inspect', 'explain', 'diagram', 'redact' and 'unredact'.",
    ]);
    assert.deepStrictEqual(await wrong('inspect', 'x', '--yaml'), [
      2,
      'balancer-lens: Unknown option --yaml.',
    ]);
    assert.deepStrictEqual(await wrong('inspect', '--json'), [
      2,
      'balancer-lens: No FILE given: inspect reads a capture dump from a file.',
    ]);
    assert.deepStrictEqual(await wrong('inspect', 'a', 'b'), [
      2,
      'balancer-lens: One FILE at a time (got 2: a, b).',
    ]);
    assert.deepStrictEqual(await wrong('inspect', '-'), [
      2,
      'balancer-lens: inspect reads its FILE twice, so it cannot read standard input: save the dump to a file first.',
    ]);
    const missing = path.join(folder, 'missing.txt');
    assert.deepStrictEqual(await wrong('inspect', missing, '--json'), [
      1,
      `balancer-lens: cannot read ${missing}: no such file.`,
    ]);
    assert.deepStrictEqual(await wrong('inspect', folder), [
      1,
      `balancer-lens: cannot read ${folder}: it is a directory.`,
    ]);
  });

  it('runs as the bundled program users call: server/out/cli.js', () => {
    const bundle = path.join(repoRoot, 'server', 'out', 'cli.js');
    const dump = path.join(repoRoot, 'test/fixtures/capture/any-verbose.tcpdump.txt');
    const printed = execFileSync(process.execPath, [bundle, 'inspect', dump, '--json'], {
      encoding: 'utf8',
    });
    assert.deepStrictEqual(
      printed
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
      inspectText(fs.readFileSync(dump, 'utf8')),
    );
    assert.throws(
      () => execFileSync(process.execPath, [bundle, 'inspect'], { stdio: 'pipe' }),
      (error: { status?: number }) => error.status === 2,
    );
  });
});
