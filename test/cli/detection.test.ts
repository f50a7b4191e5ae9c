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

  it('skips comment and header lines, a banner and the prompt, then decides on the first command', () => {
    const config = 'balancer-config';
    // A saved running-config under a hand-written comment header, starting with its hostname.
    assert.strictEqual(
      languageByContent('! lb-dc1-01, saved 2026-12-01 by noc\n!\nhostname lb-dc1-01\n'),
      config,
    );
    // Any top-level ACOS command first (an ACOS 4 running-config stripped of its headers).
    assert.strictEqual(languageByContent('!\nvlan 10\n  untagged ethernet 1\n'), config);
    assert.strictEqual(languageByContent('multi-config enable\nhostname lb2\n'), config);
    // Backup tools' headers: RANCID, Batfish, Oxidized's commented-out `show version`.
    assert.strictEqual(
      languageByContent('!RANCID-CONTENT-TYPE: a10\n!\n!Chassis type: TH3030S\nhostname lb3\n'),
      config,
    );
    assert.strictEqual(languageByContent('!BATFISH_FORMAT: a10_acos\nhostname lb4\n'), config);
    assert.strictEqual(
      languageByContent(
        '! COMMAND: show version\n! Thunder Series Unified Application Service Gateway TH3030S\n! COMMAND: show running-config\n!Current configuration: <removed>\n',
      ),
      config,
    );
    // A terminal session: banner, prompts, the pager's mark.
    assert.strictEqual(
      languageByContent(
        'Last login: Mon Dec  7 05:12:01 2026 from 10.9.9.9\nACOS system is ready now.\n\nlb5-Active-vMaster[1/1]>enable\nlb5-Active-vMaster[1/1]#show running-config\n',
      ),
      config,
    );
    assert.strictEqual(
      languageByContent('lb6#terminal length 0\nlb6#\n--More--\nslb server s1 10.0.0.1\n'),
      config,
    );
    assert.strictEqual(
      languageByContent('lb7#axdebug\nlb7(axdebug)#capture brief\n'),
      'balancer-capture',
    );
  });

  it("leaves out what only looks alike: another vendor's configuration, prose, a binary file", () => {
    assert.strictEqual(
      languageByContent('!RANCID-CONTENT-TYPE: cisco\n!\nhostname core1\n'),
      undefined,
    );
    assert.strictEqual(
      languageByContent(
        '!\nversion 15.2\nservice timestamps debug datetime msec\nhostname core1\n',
      ),
      undefined,
    );
    assert.strictEqual(
      languageByContent('## Last commit: 2026-12-01 by ops\nsystem {\n    host-name fw1;\n}\n'),
      undefined,
    );
    assert.strictEqual(languageByContent('system {\n'), undefined);
    assert.strictEqual(languageByContent('Welcome to the lab.\nhostname lb1\n'), undefined);
    assert.strictEqual(languageByContent('hostname lb1\u0000\u0001\u0002'), undefined);
  });
});
