// Binary captures on the command line: inspect, check, explain and diagram read pcap and pcapng
// files directly (a site captured with `tcpdump -i any -w`: IKE translated, ESP not).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { inspectFile } from '../../server/src/cli/inspect';
import { pcapFile, pcapngFile } from '../pcapFiles';
import { natSiteFrames, SAMPLE_FRAMES } from '../pcapSamples';
import { Project } from './support';

/** The site's capture as pcapng, a packet a second. */
function siteCapture(): Uint8Array {
  return pcapngFile([
    {
      interfaces: [{ linkType: natSiteFrames()[0].linkType, name: 'any' }],
      packets: natSiteFrames().map((f, i) => ({ data: f.data, seconds: 1_700_000_000 + i })),
    },
  ]);
}

/**
 * What `inspect FILE --json` prints, and why it stopped early if it did: on this thread (`threads`
 * 0), or decoded on a worker in pieces of `pieceBytes` and finished `draftsPerBlock` at a time.
 */
async function inspected(
  file: string,
  threads: number,
  pieceBytes = 1 << 20,
): Promise<{ json: string; fault: string | undefined }> {
  let json = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      json += chunk.toString();
      callback();
    },
  });
  const fault = await inspectFile(
    { file, json: true },
    { stdout, stderr: stdout },
    { threads, pieceBytes, draftsPerBlock: 3 },
  );
  return { json, fault };
}

describe('binary captures on the command line', () => {
  let project: Project;
  beforeEach(() => {
    project = new Project();
    fs.writeFileSync(path.join(project.root, 'site.pcapng'), siteCapture());
  });
  afterEach(() => project.remove());

  it('inspect --json: one record per packet, its line the packet number, its dialect the format, copies paired across the NAT', () => {
    const ran = project.run('inspect', 'site.pcapng', '--json');
    assert.strictEqual(ran.stderr, '');
    assert.strictEqual(ran.status, 0);
    assert.strictEqual(
      ran.stdout,
      [
        '{"line":1,"endLine":1,"dialect":"pcapng","src":"10.1.1.254","dst":"203.0.113.9","protocol":"udp","srcPort":500,"dstPort":500,"flow":1,"pairedWith":2}',
        '{"line":2,"endLine":2,"dialect":"pcapng","src":"198.51.100.1","dst":"203.0.113.9","protocol":"udp","srcPort":500,"dstPort":500,"flow":1,"pairedWith":1}',
        '{"line":3,"endLine":3,"dialect":"pcapng","src":"203.0.113.9","dst":"198.51.100.1","protocol":"udp","srcPort":500,"dstPort":500,"flow":1,"pairedWith":4}',
        '{"line":4,"endLine":4,"dialect":"pcapng","src":"203.0.113.9","dst":"10.1.1.254","protocol":"udp","srcPort":500,"dstPort":500,"flow":1,"pairedWith":3}',
        '{"line":5,"endLine":5,"dialect":"pcapng","src":"10.1.1.254","dst":"203.0.113.9","protocol":"esp","spi":"0xc0ffee01","flow":2,"pairedWith":6}',
        '{"line":6,"endLine":6,"dialect":"pcapng","src":"10.1.1.254","dst":"203.0.113.9","protocol":"esp","spi":"0xc0ffee01","flow":2,"pairedWith":5}',
        '{"line":7,"endLine":7,"dialect":"pcapng","src":"10.1.1.20","dst":"203.0.113.80","protocol":"tcp","srcPort":40000,"dstPort":443,"flow":3,"pairedWith":8}',
        '{"line":8,"endLine":8,"dialect":"pcapng","src":"198.51.100.1","dst":"203.0.113.80","protocol":"tcp","srcPort":40000,"dstPort":443,"flow":3,"pairedWith":7}',
        '{"line":9,"endLine":9,"dialect":"pcapng","src":"203.0.113.80","dst":"198.51.100.1","protocol":"tcp","srcPort":443,"dstPort":40000,"flow":3,"pairedWith":10}',
        '{"line":10,"endLine":10,"dialect":"pcapng","src":"203.0.113.80","dst":"10.1.1.20","protocol":"tcp","srcPort":443,"dstPort":40000,"flow":3,"pairedWith":9}',
        '{"line":11,"endLine":11,"dialect":"pcapng","src":"10.1.1.20","dst":"192.0.2.53","protocol":"icmp","flow":4,"pairedWith":12}',
        '{"line":12,"endLine":12,"dialect":"pcapng","src":"198.51.100.1","dst":"192.0.2.53","protocol":"icmp","flow":4,"pairedWith":11}',
        '{"line":13,"endLine":13,"dialect":"pcapng","src":"192.0.2.53","dst":"198.51.100.1","protocol":"icmp","flow":4,"pairedWith":14}',
        '{"line":14,"endLine":14,"dialect":"pcapng","src":"192.0.2.53","dst":"10.1.1.20","protocol":"icmp","flow":4,"pairedWith":13}',
        '',
      ].join('\n'),
    );
    // A pcap file says so, in either byte order.
    fs.writeFileSync(
      path.join(project.root, 'one.pcap'),
      pcapFile([{ data: SAMPLE_FRAMES[4].data, seconds: 0 }], { linkType: 1, littleEndian: false }),
    );
    assert.strictEqual(
      project.run('inspect', 'one.pcap', '--json').stdout,
      '{"line":1,"endLine":1,"dialect":"pcap","src":"198.51.100.1","dst":"203.0.113.9","protocol":"esp","spi":"0x0c0ffee1","flow":1}\n',
    );
  });

  it('inspect --json decodes a large capture on a worker, piece by piece, as on one thread: IKE roles across pieces, F5 trailers, a fault', async () => {
    // Every sample frame (F5 trailers and pseudo-packet, IPv6, ICMP errors, IKE of both versions)
    // and the site's conversation again and again: an IKEv1 responder's role depends on its
    // initiator's message, which a piece before it holds.
    const frames = [...SAMPLE_FRAMES.filter((f) => f.linkType === 1), ...natSiteFrames()];
    const packets = Array.from({ length: 12 }, () => frames)
      .flat()
      .map((f, i) => ({ data: f.data, seconds: 1_700_000_000 + i }));
    for (const [name, bytes] of [
      ['many.pcap', pcapFile(packets, { linkType: 1 })],
      ['many.pcapng', pcapngFile([{ interfaces: [{ linkType: 1 }], packets }])],
    ] as const) {
      const file = path.join(project.root, name);
      fs.writeFileSync(file, bytes);
      const alone = await inspected(file, 0);
      assert.strictEqual(alone.fault, undefined);
      assert.ok(alone.json.split('\n').length > packets.length / 2);
      // Pieces cut packets (and pcapng blocks) anywhere.
      for (const pieceBytes of [97, 1000, bytes.length - 1, bytes.length + 5])
        assert.deepStrictEqual(
          await inspected(file, 2, pieceBytes),
          alone,
          `${name} in pieces of ${pieceBytes}`,
        );
      // Damaged: the packets before the damage, and the same message.
      fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2) + 3));
      const cut = await inspected(file, 0);
      assert.match(cut.fault ?? '', /./);
      assert.deepStrictEqual(await inspected(file, 2, 211), cut);
    }
  });

  it('check reads a pcapng named or found in a folder by its first bytes, at the lines of its text form', () => {
    project.write('notes.cap', 'not a capture\n');
    const findings = project.check('.');
    assert.deepStrictEqual(
      findings.map((f) => `${f.file}:${f.line}: ${f.code}`),
      [
        'site.pcapng:2: lbcap/tunnel-up-no-data',
        'site.pcapng:10: lbcap/one-way-esp',
        'site.pcapng:12: lbcap/ike-esp-split',
        'site.pcapng:12: lbcap/untranslated-private-source',
      ],
    );
    assert.strictEqual(findings.ran.stderr, 'balancer-lens: checked 1 file: 4 warnings.\n');
  });

  it('explain and diagram read a pcapng', () => {
    const report = project.run('explain', 'site.pcapng');
    assert.strictEqual(report.status, 0, report.stderr);
    assert.match(report.stdout, /^# Capture report: site\.pcapng\n/);
    assert.match(report.stdout, /\*\*Status:\*\* tunnel up, no data/);
    const drawn = project.run('diagram', 'site.pcapng', '--svg', 'site.svg');
    assert.deepStrictEqual([drawn.status, drawn.stderr], [0, '']);
    assert.match(fs.readFileSync(path.join(project.root, 'site.svg'), 'utf8'), /^<svg[^>]*>/);
  });

  it('a damaged file: what comes before the damage is checked, and check says what it could not read', () => {
    const whole = siteCapture();
    fs.writeFileSync(path.join(project.root, 'site.pcapng'), whole.subarray(0, whole.length - 20));
    const findings = project.check('site.pcapng');
    assert.strictEqual(findings.ran.status, 2);
    assert.ok(findings.length > 0);
    assert.strictEqual(
      findings.ran.stderr,
      `balancer-lens: cannot read site.pcapng: the file is cut short inside the block after packet 13, at byte ${whole.length - 20}: the 13 packets before it are read.\nbalancer-lens: checked 1 file: 4 warnings.\n`,
    );
  });
});
