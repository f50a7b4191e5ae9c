// A binary capture over the protocol: balancerLens/captureFileText { uri } reads a pcap or pcapng
// file from disk into its text form, which the editor opens as a capture document, with the
// findings of any capture; a damaged file gives the packets before the damage and one line on it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CaptureFileText } from '../../server/src/protocol';
import { pcapngFile } from '../pcapFiles';
import { natSiteFrames } from '../pcapSamples';
import { LspClient } from './client';

describe('Binary captures over the protocol', () => {
  let client: LspClient;
  let folder: string;
  const capture = pcapngFile([
    {
      interfaces: [{ linkType: natSiteFrames()[0].linkType }],
      packets: natSiteFrames().map((f, i) => ({ data: f.data, seconds: 1_700_000_000 + i })),
    },
  ]);
  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-lsp-pcap-'));
    client = LspClient.start();
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    client.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('reads a pcapng into its text form, which has the findings of the capture', async () => {
    const file = path.join(folder, 'site.pcapng');
    fs.writeFileSync(file, capture);
    const answer = await client.send<CaptureFileText>('balancerLens/captureFileText', {
      uri: pathToFileURL(file).href,
    });
    assert.deepStrictEqual(
      [answer.format, answer.packets, answer.problem],
      ['pcapng', 14, undefined],
    );
    assert.strictEqual(
      answer.text.split('\n')[0],
      'reading from file site.pcapng, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144',
    );
    const uri = 'balancer-lens-capture:/site.pcapng.tcpdump.txt';
    await client.didOpen(uri, 'balancer-capture', answer.text);
    const diagnostics = await client.waitForDiagnostics(
      uri,
      (p) => p.diagnostics.length >= 4,
      20_000,
    );
    assert.deepStrictEqual(
      diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`).sort(),
      [
        'lbcap/ike-esp-split@12',
        'lbcap/one-way-esp@10',
        'lbcap/tunnel-up-no-data@2',
        'lbcap/untranslated-private-source@12',
      ],
    );
  });

  it('says what stopped a damaged file, and refuses a file that is no capture', async () => {
    const file = path.join(folder, 'cut.pcapng');
    fs.writeFileSync(file, capture.subarray(0, capture.length - 20));
    const answer = await client.send<CaptureFileText>('balancerLens/captureFileText', {
      uri: pathToFileURL(file).href,
    });
    assert.strictEqual(answer.packets, 13);
    assert.strictEqual(
      answer.problem,
      `cut.pcapng: the file is cut short inside the block after packet 13, at byte ${capture.length - 20}: the 13 packets before it are read.`,
    );
    const notes = path.join(folder, 'notes.cap');
    fs.writeFileSync(notes, 'hello\n');
    await assert.rejects(
      client.send('balancerLens/captureFileText', { uri: pathToFileURL(notes).href }),
      /notes\.cap is neither a pcap nor a pcapng capture \(or cannot be read\)\./,
    );
  });
});
