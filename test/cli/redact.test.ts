// `balancer-lens redact PATH... --out DIR` and `unredact`: copies safe to share, whose findings
// are the originals' findings, made with a key that makes later runs match and undoes them.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pcapngFile } from '../pcapFiles';
import { natSiteFrames } from '../pcapSamples';
import { balancerLens, briefly, checkJson, fixtures, Project } from './support';

/** Every file under a folder with its bytes, to see that nothing changed. */
function snapshot(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files.set(path.relative(folder, full), fs.readFileSync(full, 'utf8'));
    }
  }
  return files;
}

describe('balancer-lens redact', () => {
  let project: Project;
  beforeEach(() => {
    project = new Project();
  });
  afterEach(() => project.remove());

  it("writes redacted copies whose findings are the originals' findings, and never touches the originals", () => {
    const key = path.join(project.root, 'private', 'site.key');
    const out = path.join(project.root, 'share');
    const before = snapshot(path.join(fixtures, 'seed'));
    const ran = balancerLens([
      'redact',
      'seed',
      'join',
      'config/real-acos2-llb.a10.cfg',
      '--out',
      out,
      '--key',
      key,
      '--names',
    ]);
    assert.strictEqual(ran.status, 0, ran.stderr);
    assert.deepStrictEqual(
      snapshot(path.join(fixtures, 'seed')),
      before,
      'the originals are unchanged',
    );
    assert.match(ran.stderr, /made a new key in .*site\.key: keep it private/);
    assert.match(ran.stderr, /redacted 9 files into .*share: 1 secret removed\.\n$/);
    // What was removed where, line by line.
    assert.match(
      ran.stdout,
      /config\/real-acos2-llb\.a10\.cfg -> .*: \d+ addresses, \d+ names, 1 secret removed\n {2}line 215: SNMP community removed\n/,
    );
    assert.strictEqual(
      fs.statSync(key).mode & 0o777,
      0o600,
      'the key is readable by its owner only',
    );

    for (const folder of ['seed', 'join']) {
      const original = briefly(checkJson([folder])).map((f) => f.replace(/^\S+?:/, ':'));
      const redacted = briefly(checkJson([path.join(out, folder)])).map((f) =>
        f.replace(/^\S+?:/, ':'),
      );
      assert.deepStrictEqual(
        redacted.sort(),
        original.sort(),
        `${folder}: the same codes on the same lines`,
      );
      assert.ok(original.length > 0);
    }
    const shared = Object.values(Object.fromEntries(snapshot(out))).join('\n');
    for (const original of ['10.1.1.254', '192.168.0.108', '_wildcard_vserver', 'vpn_udp'])
      assert.ok(!shared.includes(original), original);
  });

  it('shares a binary capture as its redacted text form, with the same findings on the same lines', () => {
    const capture = pcapngFile([
      {
        interfaces: [{ linkType: natSiteFrames()[0].linkType, name: 'any' }],
        packets: natSiteFrames().map((f, i) => ({ data: f.data, seconds: 1_700_000_000 + i })),
      },
    ]);
    fs.mkdirSync(path.join(project.root, 'site'));
    fs.writeFileSync(path.join(project.root, 'site', 'ipsec.pcapng'), capture);
    const ran = project.run('redact', 'site', '--out', 'share', '--key', 'site.key');
    assert.strictEqual(ran.status, 0, ran.stderr);
    assert.match(
      ran.stdout,
      /^site\/ipsec\.pcapng -> share\/ipsec\.pcapng\.txt: \d+ addresses, 0 secrets removed\n$/,
    );
    assert.deepStrictEqual(fs.readdirSync(path.join(project.root, 'share')), ['ipsec.pcapng.txt']);
    const original = briefly(checkJson(['site/ipsec.pcapng'], project.root)).map((f) =>
      f.replace(/^\S+?:/, ':'),
    );
    const redacted = briefly(checkJson(['share/ipsec.pcapng.txt'], project.root)).map((f) =>
      f.replace(/^\S+?:/, ':'),
    );
    assert.ok(original.length > 0);
    assert.deepStrictEqual(redacted, original);
    const shared = fs.readFileSync(path.join(project.root, 'share', 'ipsec.pcapng.txt'), 'utf8');
    assert.match(shared, /^reading from file ipsec\.pcapng/);
    for (const address of ['10.1.1.254', '203.0.113.9', '198.51.100.1'])
      assert.ok(!shared.includes(address), address);
  });

  it('gives the same copies with the same key, so files redacted later match', () => {
    const key = path.join(project.root, 'site.key');
    for (const out of ['first', 'second'])
      assert.strictEqual(
        balancerLens(['redact', 'seed', '--out', path.join(project.root, out), '--key', key])
          .status,
        0,
      );
    assert.deepStrictEqual(
      snapshot(path.join(project.root, 'second')),
      snapshot(path.join(project.root, 'first')),
    );
    const other = path.join(project.root, 'other.key');
    balancerLens(['redact', 'seed', '--out', path.join(project.root, 'third'), '--key', other]);
    assert.notDeepStrictEqual(
      snapshot(path.join(project.root, 'third')),
      snapshot(path.join(project.root, 'first')),
    );
  });

  it('refuses an output folder that holds the originals, and writes nothing', () => {
    const config = project.write('site/lb.a10.cfg', 'slb server gw 203.0.113.1\n');
    for (const out of ['site', '.']) {
      const ran = project.run('redact', 'site', '--out', out, '--key', 'k.json');
      assert.strictEqual(ran.status, 2);
      assert.match(
        ran.stderr,
        /^balancer-lens: the output folder .* holds the files to redact: choose a folder outside/,
      );
    }
    assert.strictEqual(fs.readFileSync(config, 'utf8'), 'slb server gw 203.0.113.1\n');
    assert.ok(!fs.existsSync(path.join(project.root, 'k.json')), 'not even a key');
  });

  it('refuses to write through a link in the output folder that points at an original', () => {
    const config = project.write('site/lb.a10.cfg', 'slb server gw 203.0.113.1\n');
    fs.mkdirSync(path.join(project.root, 'share'));
    fs.symlinkSync(config, path.join(project.root, 'share', 'lb.a10.cfg'));
    const ran = project.run('redact', 'site', '--out', 'share', '--key', 'k.json');
    assert.strictEqual(ran.status, 2);
    assert.match(ran.stderr, /is a link or an original: nothing was written/);
    assert.strictEqual(fs.readFileSync(config, 'utf8'), 'slb server gw 203.0.113.1\n');
  });

  it('says what is wrong with a command line, in one line', () => {
    assert.match(project.run('redact', '--out', 'x').stderr, /No PATH given/);
    assert.match(project.run('redact', 'site').stderr, /--out DIR is needed/);
    assert.match(
      project.run('redact', 'x', '--out', 'y', '--frob').stderr,
      /^balancer-lens: Unknown option --frob\.\nRun 'balancer-lens redact --help'/,
    );
    assert.match(
      project.run('redact', '--help').stdout,
      /^Usage: balancer-lens redact PATH\.\.\. --out DIR/,
    );
    project.write('bad.key', 'not a key');
    project.write('lb.a10.cfg', 'slb server gw 203.0.113.1\n');
    const ran = project.run('redact', 'lb.a10.cfg', '--out', 'share', '--key', 'bad.key');
    assert.strictEqual(ran.status, 2);
    assert.match(ran.stderr, /bad\.key is not a Balancer Lens redaction key/);
  });
});

describe('balancer-lens unredact', () => {
  it('maps the addresses and names of a redacted finding back, with the key that made them', () => {
    const project = new Project();
    try {
      const key = path.join(project.root, 'site.key');
      const out = path.join(project.root, 'share');
      balancerLens(['redact', 'seed', '--out', out, '--key', key, '--names']);
      const finding = balancerLens([
        'check',
        path.join(out, 'capture-before-fix.axdebug.txt'),
      ]).stdout.split('\n')[0];
      const original = balancerLens(['check', 'seed/capture-before-fix.axdebug.txt']).stdout.split(
        '\n',
      )[0];
      project.write('finding.txt', finding.slice(finding.indexOf(': ') + 2));
      const back = project.run('unredact', '--key', key, 'finding.txt');
      assert.strictEqual(back.status, 0, back.stderr);
      assert.strictEqual(back.stdout, original.slice(original.indexOf(': ') + 2));
      const missing = project.run('unredact', '--key', 'nowhere.key', 'finding.txt');
      assert.strictEqual(missing.status, 2);
      assert.match(missing.stderr, /no key at .*nowhere\.key/);
    } finally {
      project.remove();
    }
  });

  it('refuses a named pipe (FIFO) as the key or the text, instead of waiting for a writer forever', () => {
    const project = new Project();
    try {
      execFileSync('mkfifo', [path.join(project.root, 'pipe')]);
      project.write('lb.a10.cfg', 'slb server gw 203.0.113.1\n');
      assert.strictEqual(
        project.run('redact', 'lb.a10.cfg', '--out', 'share', '--key', 'site.key').status,
        0,
      );
      const asKey = project.run('unredact', '--key', 'pipe', 'lb.a10.cfg');
      assert.strictEqual(asKey.status, 2);
      assert.match(
        asKey.stderr,
        /^balancer-lens: cannot read the key .*pipe: it is a named pipe \(FIFO\), not a file/,
      );
      const asText = project.run('unredact', '--key', 'site.key', 'pipe');
      assert.strictEqual(asText.status, 2);
      assert.match(
        asText.stderr,
        /^balancer-lens: cannot read pipe: it is a named pipe \(FIFO\), not a file/,
      );
      const asInput = project.run('redact', 'pipe', '--out', 'share2');
      assert.strictEqual(asInput.status, 2);
      assert.strictEqual(asInput.stderr.split('\n').length, 2, asInput.stderr);
    } finally {
      project.remove();
    }
  });
});
