// A fleet: a folder of balancer configurations, one a device. Each device's names are its own;
// a fragment resolves against the device of its folder; the settings group a split device.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { parseConfig } from '../../../server/src/service/config/parser';
import { deviceNameOf } from '../../../server/src/service/config/devices';
import { codes, finding, lines, workspace } from './support';

/** Two boxes that reuse every name, each with a fault of its own. */
const LB1 = lines(
  'hostname lb1',
  '!',
  'ip nat pool SNAT 10.1.1.10 10.1.1.20 netmask /24',
  '!',
  'slb server web1',
  '  port 80 tcp',
  '!',
  'slb service-group web tcp',
  '  member web1 80',
  '!',
  'slb virtual-server vip1 192.0.2.1',
  '  port 80 tcp',
  '    service-group web',
  '    source-nat pool SNAT',
  '!',
  'end',
);
const LB2 = lines(
  'hostname lb2',
  '!',
  'ip nat pool SNAT 10.1.1.15 10.1.1.30 netmask /24',
  '!',
  'slb server web1 10.2.0.5',
  '  port 80 tcp',
  '!',
  'slb service-group web udp',
  '  member web1 80',
  '!',
  'slb virtual-server vip1 192.0.2.2',
  '  port 80 udp',
  '    service-group web',
  '    source-nat pool SNAT',
  '!',
);

describe('Devices: one configuration a device', () => {
  it('keeps two boxes that reuse names apart: no clash, no resolution across them, each fault in its own box', () => {
    const { service, documents } = workspace({ 'lb1.cfg': LB1, 'lb2.cfg': LB2 });
    assert.deepStrictEqual(service.doValidation(documents['lb1.cfg']).map(finding), [
      '5:12 error lbconf/missing-address Server `web1` has no address: ACOS creates a server only with one (`slb server web1 10.0.0.1`, or a host name).',
    ]);
    assert.deepStrictEqual(service.doValidation(documents['lb2.cfg']).map(finding), []);
  });

  it('reports the same for a device alone as beside other devices', () => {
    const alone = workspace({ 'lb1.cfg': LB1 });
    const beside = workspace({ 'lb1.cfg': LB1, 'lb2.cfg': LB2, 'dc2/lb1.cfg': LB1 });
    assert.deepStrictEqual(
      beside.service.doValidation(beside.documents['lb1.cfg']),
      alone.service.doValidation(alone.documents['lb1.cfg']),
    );
  });

  it("tells a whole configuration by its hostname, its headers, its `end`, a backup tool's header or the prompt it was saved from", () => {
    const body = lines('slb server s 10.0.0.1', '  port 80 tcp', '!');
    const named = (text: string): string | undefined => deviceNameOf(parseConfig(text));
    assert.strictEqual(named(lines('hostname lb-dc1-01', '!', body)), 'lb-dc1-01');
    assert.strictEqual(
      named(
        lines(
          '!Current configuration: 1187 bytes',
          '!Configuration last updated at 10:01:02 IST Mon Dec 7 2026',
          body,
        ),
      ),
      '',
    );
    assert.strictEqual(named(lines(body, 'end')), '');
    assert.strictEqual(named(lines('!RANCID-CONTENT-TYPE: a10', '!', body)), '');
    assert.strictEqual(named(lines('!BATFISH_FORMAT: a10_acos', body)), '');
    assert.strictEqual(named(lines('! COMMAND: show running-config', body)), '');
    assert.strictEqual(
      named(
        lines(
          'lb-edge-Active-vMaster[1/1]#show running-config',
          body,
          'lb-edge-Active-vMaster[1/1]#',
        ),
      ),
      'lb-edge',
    );
    assert.strictEqual(named(lines('lb7(config)#sh run', body)), 'lb7');
    // A hostname wins over the prompt: the prompt may be cut short.
    assert.strictEqual(
      named(lines('ACOS-Standby#show running-config', 'hostname lb-dc2', body)),
      'lb-dc2',
    );
    // A paste of a few blocks, a prompt where something else was typed, a status summary: fragments.
    assert.strictEqual(named(body), undefined);
    assert.strictEqual(named(lines('lb1#show slb virtual-server', body)), undefined);
    assert.strictEqual(named(lines('vip_x(A) 1.2.3.4', 'port 0 others')), undefined);
  });

  it("reads a saved terminal session: the prompts and the pager's --MORE-- are not commands", () => {
    const session = lines(
      'lb1-Active#show running-config',
      '!Current configuration: 1187 bytes',
      'slb server s 10.0.0.1',
      ' --MORE-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b  port 80 tcp',
      '!',
      'slb service-group g tcp',
      '  member s 80',
      '--More--',
      'slb virtual-server v 192.0.2.9',
      '  port 80 tcp',
      '    service-group g',
      '!',
      'end',
      'lb1-Active#',
    );
    const { service, documents } = workspace({ lb1: session });
    assert.deepStrictEqual(codes(service.doValidation(documents['lb1'])), []);
  });

  it('lets a fragment resolve against the one device of its folder: part of that device', () => {
    const { service, documents } = workspace({
      'dc1/lb1.cfg': lines(
        'hostname lb1',
        'slb server web1 10.0.0.1',
        '  port 80 tcp',
        '!',
        'slb service-group web tcp',
        '  member web1 80',
        '!',
      ),
      'dc1/vips.cfg': lines(
        'slb virtual-server v 192.0.2.1',
        '  port 80 tcp',
        '    service-group web',
        '!',
      ),
      'dc2/lb2.cfg': lines('hostname lb2', 'slb service-group web tcp', '!'),
    });
    assert.deepStrictEqual(codes(service.doValidation(documents['dc1/vips.cfg'])), []);
    // Its uses count in its device, and only there: the other box's `web` is unused.
    assert.deepStrictEqual(codes(service.doValidation(documents['dc1/lb1.cfg'])), []);
    assert.deepStrictEqual(codes(service.doValidation(documents['dc2/lb2.cfg'])), [
      'lbconf/unused-definition@2',
    ]);
  });

  it('lets a fragment in a folder of several devices resolve against any device, and never clash', () => {
    const { service, documents } = workspace({
      'lb1.cfg': LB1,
      'lb2.cfg': LB2,
      'paste.cfg': lines(
        'ip nat pool SNAT 10.9.9.1 10.9.9.2 netmask /24',
        'slb virtual-server v9 192.0.2.9',
        '  port 80 tcp',
        '    service-group web',
        '    source-nat pool SNAT',
        '!',
      ),
    });
    assert.deepStrictEqual(codes(service.doValidation(documents['paste.cfg'])), []);
    assert.deepStrictEqual(codes(service.doValidation(documents['lb2.cfg'])), []);
  });

  it('keeps a loose fragment to its own folder: it fills no gap of a device elsewhere', () => {
    const servers = lines(
      'slb server web1 10.9.0.1',
      '  port 80 tcp',
      '!',
      'slb service-group web tcp',
      '  member web1 80',
      '!',
    );
    const { service, documents } = workspace({
      'dc1/lb1.cfg': LB1,
      // Loose: a folder of two devices, and a folder of none.
      'dc2/lb2.cfg': LB2,
      'dc2/lb3.cfg': lines(
        'hostname lb3',
        'slb virtual-server v 192.0.2.3',
        '  port 80 tcp',
        '    service-group web',
        '!',
        'end',
      ),
      'dc2/servers.cfg': servers,
      'snippets/servers.cfg': servers,
    });
    assert.deepStrictEqual(codes(service.doValidation(documents['dc1/lb1.cfg'])), [
      'lbconf/missing-address@5',
    ]);
    // The devices of its own folder see it, and it resolves against any of them.
    assert.deepStrictEqual(codes(service.doValidation(documents['dc2/lb3.cfg'])), []);
    assert.deepStrictEqual(codes(service.doValidation(documents['dc2/servers.cfg'])), []);
    assert.deepStrictEqual(codes(service.doValidation(documents['snippets/servers.cfg'])), []);
  });

  it('makes the files the settings group one device: they resolve and clash together, apart from the others', () => {
    const part1 = lines(
      'hostname lb-dc1',
      'ip nat pool SNAT 10.1.1.10 10.1.1.20 netmask /24',
      'slb server web1 10.0.0.1',
      '  port 80 tcp',
      '!',
    );
    const part2 = lines(
      'ip nat pool SNAT 10.1.1.10 10.1.1.40 netmask /24',
      'slb service-group web tcp',
      '  member web1 80',
      '!',
      'slb virtual-server v 192.0.2.1',
      '  port 80 tcp',
      '    service-group web',
      '    source-nat pool SNAT',
      '!',
    );
    const { service, documents } = workspace(
      { 'dc1/lb1/a.cfg': part1, 'dc1/lb1/b.cfg': part2, 'dc1/lb2.cfg': LB2 },
      {},
      { 'lb-dc1': ['dc1/lb1/a.cfg', 'dc1/lb1/b.cfg'] },
    );
    assert.deepStrictEqual(codes(service.doValidation(documents['dc1/lb1/b.cfg'])), [
      'lbconf/nat-pool-redefined@1',
    ]);
    assert.deepStrictEqual(codes(service.doValidation(documents['dc1/lb1/a.cfg'])), [
      'lbconf/nat-pool-redefined@2',
    ]);
    assert.deepStrictEqual(codes(service.doValidation(documents['dc1/lb2.cfg'])), []);
  });
});

describe('What real configurations hold', () => {
  it("counts a pool group's members, a glid's use-nat-pool and the templates' switching as uses", () => {
    const { service, documents } = workspace({
      'lb1.cfg': lines(
        'hostname lb1',
        'ip nat pool P1 10.1.1.10 10.1.1.20 netmask /24',
        'ip nat pool P2 10.1.2.10 10.1.2.20 netmask /24',
        'ip nat pool P3 10.1.3.10 10.1.3.20 netmask /24',
        'ip nat pool P4 10.1.4.10 10.1.4.20 netmask /24',
        '!',
        'ip nat pool-group G1',
        '  member P1',
        '  member P2',
        '!',
        'ip nat pool-group G2 P3',
        '!',
        'class-list INSIDE ipv4',
        '  10.0.0.0/8 glid 1',
        '!',
        'glid 1',
        '  use-nat-pool P4',
        '!',
        'ip nat inside source class-list INSIDE',
        '!',
        'slb server web1 10.0.0.5',
        '  port 80 tcp',
        '!',
        'slb service-group web tcp',
        '  member web1 80',
        '!',
        'slb service-group api tcp',
        '  member web1 80',
        '!',
        'slb service-group static tcp',
        '  member web1 80',
        '!',
        'slb template http switch',
        '  url-switching starts-with /api service-group api',
        '  host-switching contains static service-group static',
        '!',
        'slb virtual-server vip1 192.0.2.1',
        '  port 80 http',
        '    source-nat pool G1',
        '    service-group web',
        '    template http switch',
        '  port 81 tcp',
        '    source-nat pool G2',
        '    service-group web',
        '!',
        'end',
      ),
    });
    assert.deepStrictEqual(service.doValidation(documents['lb1.cfg']).map(finding), []);
  });

  it('calls no service group unused on a device where an aFleX script runs: it may pick any by name', () => {
    const box = (aflex: boolean): string =>
      lines(
        'hostname lb1',
        'slb server s 10.0.0.5',
        '  port 80 tcp',
        '!',
        'slb service-group spare tcp',
        '  member s 80',
        '!',
        'slb virtual-server v 192.0.2.1',
        '  port 80 http',
        ...(aflex ? ['    aflex pick_pool'] : []),
        '!',
        'end',
      );
    const plain = workspace({ 'lb1.cfg': box(false) });
    assert.deepStrictEqual(codes(plain.service.doValidation(plain.documents['lb1.cfg'])), [
      'lbconf/unused-definition@5',
    ]);
    const scripted = workspace({ 'lb1.cfg': box(true) });
    assert.deepStrictEqual(codes(scripted.service.doValidation(scripted.documents['lb1.cfg'])), []);
  });

  it('reports a definition cut off from the top level once: its uses are not undefined as well', () => {
    const { service, documents } = workspace({
      'lb1.cfg': lines(
        'hostname lb1',
        'slb server web0 10.0.0.4',
        '!',
        '  slb server web1 10.0.0.5',
        '!',
        'slb service-group web tcp',
        '  member web0 80',
        '  member web1 80',
        '!',
        'end',
      ),
    });
    assert.deepStrictEqual(codes(service.doValidation(documents['lb1.cfg'])), [
      'lbconf/line-outside-block@4',
      'lbconf/unused-definition@6',
    ]);
  });
});

describe('Partitions: names live per partition', () => {
  /** A box with two partitions that reuse the shared partition's names, and a fault in one. */
  const BOX = lines(
    'hostname lb1',
    'partition p1 id 1',
    '!',
    'partition p2 id 2',
    '!',
    'ip nat pool SNAT 10.1.1.10 10.1.1.20 netmask /24',
    '!',
    'slb server web1 10.0.0.1',
    '  port 80 tcp',
    '!',
    'slb service-group web tcp',
    '  member web1 80',
    '!',
    'slb virtual-server vs0 192.0.2.10',
    '  port 80 tcp',
    '    service-group web',
    '!',
    'active-partition p1',
    '!',
    'slb server web1 10.1.0.1',
    '  port 80 tcp',
    '!',
    'slb service-group web tcp',
    '  member web1 80',
    '!',
    'slb virtual-server vip1 192.0.2.1',
    '  port 80 tcp',
    '    service-group web',
    '!',
    'active-partition p2',
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
    '    source-nat pool SNAT',
    '!',
    'end',
  );

  it("keeps each partition's names apart: no clash, no address lent by another partition; a name only the shared partition defines is that one", () => {
    const { service, documents } = workspace({ 'lb1.cfg': BOX });
    // p2's server has no address (the shared and p1's `web1` are other servers); p2's `web` is
    // udp beside p1's tcp `web`; p2's vport takes the shared pool SNAT, which is then used.
    assert.deepStrictEqual(service.doValidation(documents['lb1.cfg']).map(finding), [
      '32:12 error lbconf/missing-address Server `web1` has no address: ACOS creates a server only with one (`slb server web1 10.0.0.1`, or a host name).',
    ]);
  });

  it('reads the blocks below a partition switch typed in as of that partition, edit by edit', () => {
    // The routes keep the server's block out of the part of the document an edit reads again.
    const routes = ['0.0.0.0 /0', '10.1.0.0 /16', '10.2.0.0 /16', '10.3.0.0 /16'].map(
      (to) => `ip route ${to} 10.0.0.254`,
    );
    const before = lines(
      'hostname lb1',
      'slb server web1 10.0.0.1',
      '  port 80 tcp',
      '!',
      ...routes,
      'slb server web1',
      '  port 53 udp',
      '!',
      'end',
    );
    const { service, documents } = workspace({ 'lb1.cfg': before });
    const document = documents['lb1.cfg'];
    // As a fresh reading of the same text finds: the blocks kept from the last version included.
    const fresh = (): string[] =>
      codes(
        workspace({ 'lb1.cfg': document.getText() }).service.doValidation(
          TextDocument.create(document.uri, document.languageId, 1, document.getText()),
        ),
      );
    const missing = (found: string[]): boolean => found.includes('lbconf/missing-address@10');
    // One server opened twice: its address is given once, that is enough.
    assert.ok(!missing(codes(service.doValidation(document))));
    TextDocument.update(
      document,
      [
        {
          range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
          text: 'active-partition p2\n',
        },
      ],
      2,
    );
    assert.deepStrictEqual(codes(service.doValidation(document)), fresh());
    assert.ok(missing(fresh()));
    TextDocument.update(
      document,
      [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' }],
      3,
    );
    assert.deepStrictEqual(codes(service.doValidation(document)), fresh());
    assert.ok(!missing(fresh()));
  });

  it('goes to the definition, renames and completes within the partition of the line', () => {
    const { service, documents } = workspace({ 'lb1.cfg': BOX });
    const document = documents['lb1.cfg'];
    // `service-group web` under p1's vip1 (line 28) is p1's group (line 23).
    const definitions = [
      service.findDefinition(document, { line: 27, character: 20 }) ?? [],
    ].flat();
    assert.deepStrictEqual(
      definitions.map((d) => d.range.start.line + 1),
      [23],
    );
    // Renaming p1's `web` changes p1's lines alone.
    const edit = service.doRename(document, { line: 22, character: 19 }, 'web-p1') as WorkspaceEdit;
    assert.deepStrictEqual(
      Object.values(edit.changes ?? {})
        .flat()
        .map((e) => e.range.start.line + 1),
      [23, 28],
    );
    // Renaming the shared pool changes its use in p2 too.
    const pool = service.doRename(
      document,
      { line: 5, character: 13 },
      'SNAT_ALL',
    ) as WorkspaceEdit;
    assert.deepStrictEqual(
      Object.values(pool.changes ?? {})
        .flat()
        .map((e) => e.range.start.line + 1),
      [6, 41],
    );
    // Completing a vport's group offers the partition's own `web`: tcp in p1, udp in p2.
    const groups = (line: number): string[] =>
      service
        .doComplete(document, { line, character: 18 })
        .items.filter((i) => i.label === 'web')
        .map((i) => `${i.label}: ${i.detail}`);
    assert.deepStrictEqual(groups(27), ['web: service group, tcp']);
    assert.deepStrictEqual(groups(39), ['web: service group, udp']);
  });
});
