// `check` on a fleet: a folder of device configurations as backup tools and engineers keep them
// (named after the device, without an extension, under comment headers), each checked on its own.
import * as assert from 'assert';
import { box } from '../fleet';
import { Project } from './support';

/** A device's configuration as a backup tool saves it; `fault` leaves a server without an address. */
const device = (name: string, header: string, fault = false): string =>
  box(name, header, { fault });

describe('check on a fleet of devices', () => {
  let project: Project;
  beforeEach(() => {
    project = new Project();
  });
  afterEach(() => project.remove());

  it('checks each device on its own: names reused across devices never clash, a fault is reported in its device alone', () => {
    project.write('rancid/configs/lb-dc1-01', device('lb-dc1-01', '!RANCID-CONTENT-TYPE: a10\n!'));
    project.write(
      'rancid/configs/lb-dc1-02',
      device('lb-dc1-02', '!RANCID-CONTENT-TYPE: a10\n!', true).replace('10.1.1.20', '10.1.1.40'),
    );
    project.write(
      'oxidized/lb-dc2-01',
      device('lb-dc2-01', '! COMMAND: show running-config\n!Current configuration: <removed>'),
    );
    project.write('saved/lb-dc3-01.cfg', device('lb-dc3-01', '! saved by hand, 2026-12-01'));
    // Not a configuration: another vendor's file in the same repository, and a script.
    project.write('rancid/configs/core1', '!RANCID-CONTENT-TYPE: cisco\n!\nhostname core1\n');
    project.write('tools/backup', '#!/bin/sh\nrancid-run\n');
    const findings = project.check('.');
    assert.deepStrictEqual(
      findings.map((f) => `${f.file}:${f.line} ${f.device} ${f.code}`),
      ['rancid/configs/lb-dc1-02:7 lb-dc1-02 lbconf/missing-address'],
    );
    assert.strictEqual(
      findings.ran.stderr,
      'balancer-lens: checked 4 files (4 devices): 1 error.\n',
    );
  });

  it('names the device in SARIF results', () => {
    project.write('lb1', device('lb1', '!', true));
    project.write('lb2', device('lb2', '!'));
    const sarif = JSON.parse(project.run('check', '--format', 'sarif', '.').stdout) as {
      runs: { results: { ruleId: string; properties?: { device?: string } }[] }[];
    };
    assert.deepStrictEqual(
      sarif.runs[0].results.map((r) => `${r.ruleId} ${r.properties?.device}`),
      ['lbconf/missing-address lb1'],
    );
  });

  it('groups a device split over several files by the settings, and resolves and clashes inside it', () => {
    project.write(
      '.balancer-lens.json',
      JSON.stringify({ devices: { 'lb-dc1': ['dc1/lb1/*.cfg'] } }),
    );
    project.write(
      'dc1/lb1/base.cfg',
      'hostname lb-dc1\nip nat pool SNAT 10.1.1.10 10.1.1.20 netmask /24\nslb server web1 10.0.0.5\n  port 80 tcp\n!\n',
    );
    project.write(
      'dc1/lb1/slb.cfg',
      'ip nat pool SNAT 10.1.1.10 10.1.1.30 netmask /24\nslb service-group web tcp\n  member web1 80\n!\nslb virtual-server v 192.0.2.1\n  port 80 tcp\n    service-group web\n    source-nat pool SNAT\n!\n',
    );
    project.write('dc1/lb2.cfg', device('lb2', '!'));
    const findings = project.check('.');
    assert.deepStrictEqual(
      findings.map((f) => `${f.file}:${f.line} ${f.device} ${f.code}`),
      [
        'dc1/lb1/base.cfg:2 lb-dc1 lbconf/nat-pool-redefined',
        'dc1/lb1/slb.cfg:1 lb-dc1 lbconf/nat-pool-redefined',
      ],
    );
    assert.strictEqual(
      findings.ran.stderr,
      'balancer-lens: checked 3 files (2 devices): 2 errors.\n',
    );
  });

  it('keeps the partitions of a device apart: names reused in partitions neither clash nor lend an address', () => {
    project.write(
      'lb-dc1-01',
      [
        'lb-dc1-01-Active#show running-config all-partitions',
        'hostname lb-dc1-01',
        'partition tenant-a id 1',
        '!',
        'partition tenant-b id 2',
        '!',
        'active-partition tenant-a',
        '!',
        'slb server web1 10.1.0.5',
        '  port 80 tcp',
        '!',
        'slb service-group web tcp',
        '  member web1 80',
        '!',
        'slb virtual-server vip1 192.0.2.1',
        '  port 80 tcp',
        '    service-group web',
        '!',
        'active-partition tenant-b',
        '!',
        'slb server web1',
        '  port 53 udp',
        '!',
        'slb service-group web udp',
        '  member web1 53',
        '!',
        'slb virtual-server vip1 192.0.2.2',
        '  port 53 udp',
        '    service-group web',
        '!',
        'end',
        'lb-dc1-01-Active#',
        '',
      ].join('\n'),
    );
    const findings = project.check('.');
    assert.deepStrictEqual(
      findings.map((f) => `${f.file}:${f.line} ${f.device} ${f.code}`),
      ['lb-dc1-01:21 lb-dc1-01 lbconf/missing-address'],
    );
  });

  it('says what is wrong with a devices setting it cannot use', () => {
    project.write('.balancer-lens.json', JSON.stringify({ devices: { 'lb-dc1': 'dc1/*.cfg' } }));
    project.write('lb1', device('lb1', '!'));
    const ran = project.run('check', '.');
    assert.strictEqual(ran.status, 2);
    assert.match(
      ran.stderr,
      /\.balancer-lens\.json: "devices" "lb-dc1" must be a list of file globs, such as \{ "lb-dc1": \["dc1\/lb1\/\*\.cfg"\] \}\.\n$/,
    );
  });
});
