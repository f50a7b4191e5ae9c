// `check` on a fleet: a folder of device configurations as backup tools and engineers keep them
// (named after the device, without an extension, under comment headers), each checked on its own.
import * as assert from 'assert';
import { box } from '../fleet';
import { Project } from './support';

/** A device's configuration as a backup tool saves it; `fault` leaves a server without an address. */
const device = (name: string, header: string, fault = false): string => box(name, header, { fault });

describe('check on a fleet of devices', () => {
  let project: Project;
  beforeEach(() => {
    project = new Project();
  });
  afterEach(() => project.remove());

  it('checks each device on its own: names reused across devices never clash, a fault is reported in its device alone', () => {
    project.write('rancid/configs/lb-dc1-01', device('lb-dc1-01', '!RANCID-CONTENT-TYPE: a10\n!'));
    project.write('rancid/configs/lb-dc1-02', device('lb-dc1-02', '!RANCID-CONTENT-TYPE: a10\n!', true).replace('10.1.1.20', '10.1.1.40'));
    project.write('oxidized/lb-dc2-01', device('lb-dc2-01', '! COMMAND: show running-config\n!Current configuration: <removed>'));
    project.write('saved/lb-dc3-01.cfg', device('lb-dc3-01', '! saved by hand, 2026-12-01'));
    // Not a configuration: another vendor's file in the same repository, and a script.
    project.write('rancid/configs/core1', '!RANCID-CONTENT-TYPE: cisco\n!\nhostname core1\n');
    project.write('tools/backup', '#!/bin/sh\nrancid-run\n');
    const findings = project.check('.');
    assert.deepStrictEqual(
      findings.map((f) => `${f.file}:${f.line} ${f.device} ${f.code}`),
      ['rancid/configs/lb-dc1-02:7 lb-dc1-02 lbconf/missing-address'],
    );
    assert.strictEqual(findings.ran.stderr, 'balancer-lens: checked 4 files (4 devices): 1 error.\n');
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
    project.write('.balancer-lens.json', JSON.stringify({ devices: { 'lb-dc1': ['dc1/lb1/*.cfg'] } }));
    project.write('dc1/lb1/base.cfg', 'hostname lb-dc1\nip nat pool SNAT 10.1.1.10 10.1.1.20 netmask /24\nslb server web1 10.0.0.5\n  port 80 tcp\n!\n');
    project.write(
      'dc1/lb1/slb.cfg',
      'ip nat pool SNAT 10.1.1.10 10.1.1.30 netmask /24\nslb service-group web tcp\n  member web1 80\n!\nslb virtual-server v 192.0.2.1\n  port 80 tcp\n    service-group web\n    source-nat pool SNAT\n!\n',
    );
    project.write('dc1/lb2.cfg', device('lb2', '!'));
    const findings = project.check('.');
    assert.deepStrictEqual(
      findings.map((f) => `${f.file}:${f.line} ${f.device} ${f.code}`),
      ['dc1/lb1/base.cfg:2 lb-dc1 lbconf/nat-pool-redefined', 'dc1/lb1/slb.cfg:1 lb-dc1 lbconf/nat-pool-redefined'],
    );
    assert.strictEqual(findings.ran.stderr, 'balancer-lens: checked 3 files (2 devices): 2 errors.\n');
  });

  it('says what is wrong with a devices setting it cannot use', () => {
    project.write('.balancer-lens.json', JSON.stringify({ devices: { 'lb-dc1': 'dc1/*.cfg' } }));
    project.write('lb1', device('lb1', '!'));
    const ran = project.run('check', '.');
    assert.strictEqual(ran.status, 2);
    assert.match(ran.stderr, /\.balancer-lens\.json: "devices" "lb-dc1" must be a list of file globs, such as \{ "lb-dc1": \["dc1\/lb1\/\*\.cfg"\] \}\.\n$/);
  });
});
