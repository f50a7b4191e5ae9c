// Which files are configurations and captures, decided in one place (server/src/languageFiles.ts)
// for the server and the command line, exactly as package.json declares the two languages: their
// file names, and their first-line patterns.
import * as assert from 'assert';
import {
  CAPTURE_FIRST_LINE,
  CONFIG_FIRST_LINE,
  languageByContent,
  languageByFileName,
} from '../../server/src/languageFiles';
import { manifest } from './support';

/** A glob of the manifest (`*.a10.cfg`, `vip*.summary.txt`) as a regular expression on a file name. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
}

/** The language package.json gives a file name, if any. */
function byManifest(name: string): string | undefined {
  return manifest.contributes.languages.find(
    (l) =>
      (l.extensions ?? []).some((e) => name.toLowerCase().endsWith(e)) ||
      (l.filenamePatterns ?? []).some((g) => globToRegExp(g).test(name)),
  )?.id;
}

describe('Recognising the two languages', () => {
  it("uses the manifest's first-line patterns, to the character", () => {
    const firstLine = (id: string): string | undefined =>
      manifest.contributes.languages.find((l) => l.id === id)?.firstLine;
    assert.strictEqual(CONFIG_FIRST_LINE.source, firstLine('balancer-config'));
    assert.strictEqual(CAPTURE_FIRST_LINE.source, firstLine('balancer-capture'));
  });

  it("recognises exactly the manifest's file names of both languages", () => {
    const names = [
      'llb.acos',
      'llb.a10',
      'x.acos.txt',
      'x.a10.cfg',
      'x.a10.conf',
      'vip-before.summary.txt',
      'box-running-config-2020.acos',
      'dump.axdebug',
      'dump.tcpdump',
      'dump.axdebug.txt',
      'dump.axdebug.log',
      'dump.tcpdump.txt',
      'dump.tcpdump.log',
      'vpn.pcap.txt',
      'notes.txt',
      'x.cfg',
      'a10.txt',
      'summary.txt',
      'dump.txt',
      'pcap.txt',
      'x.log',
    ];
    for (const name of names) assert.strictEqual(languageByFileName(name), byManifest(name), name);
  });

  it('reads the first line with text for the rest', () => {
    assert.strictEqual(
      languageByContent('\n\n!Current configuration: 5120 bytes\n'),
      'balancer-config',
    );
    assert.strictEqual(languageByContent('vip_210.21.*.*(A) 210.21.*.*\n'), 'balancer-config');
    assert.strictEqual(
      languageByContent(
        '@23047990 i( 1, 100, 10109)> ip 10.1.1.254 > *.*.*.* esp spi=0x7eb7fb45 seq=0x1a\n',
      ),
      'balancer-capture',
    );
    assert.strictEqual(
      languageByContent(
        '12:00:01.000001 IP 10.1.1.254.500 > 203.0.113.9.500: isakmp: phase 1 I ident\n',
      ),
      'balancer-capture',
    );
    assert.strictEqual(languageByContent('2026-11-27 04:09:45 INFO started\n'), undefined);
    assert.strictEqual(languageByContent(''), undefined);
  });
});
