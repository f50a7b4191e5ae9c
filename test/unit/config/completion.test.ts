// Completion: the commands valid in the block the cursor is in, and the names a command takes.
import * as assert from 'assert';
import type { CompletionItem } from 'vscode-languageserver-types';
import { createLanguageService } from '../../../server/src/service';
import { lines, withCursor } from './support';

const CONFIG = lines(
  'ip nat pool SNAT_1 210.21.1.10 210.21.1.10 netmask /24',
  'ip nat pool SNAT_2 210.21.2.10 210.21.2.10 netmask /24',
  'health monitor hm',
  '  method icmp',
  'slb template tcp idle_300',
  '  idle-timeout 300',
  'slb server GW 210.21.1.1',
  '  port 0 tcp',
  '  port 0 udp',
  'slb server WEB 10.0.0.1',
  '  port 80 tcp',
  'slb service-group gw_tcp tcp',
  '  member GW 0',
  'slb service-group gw_udp udp',
  '  member GW 0',
  'CURSOR',
);

/** The completions at the `|` that replaces CURSOR in the configuration above. */
function complete(cursorLines: string): CompletionItem[] {
  const { document, position } = withCursor(CONFIG.replace('CURSOR', cursorLines));
  return createLanguageService().doComplete(document, position).items;
}

function labels(items: readonly CompletionItem[]): string[] {
  return [...items]
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))
    .map((i) => i.label);
}

describe('Configuration completion', () => {
  it('offers the top-level commands at column 0, with what each does', () => {
    const items = complete('|');
    for (const command of [
      'slb server',
      'slb service-group',
      'slb virtual-server',
      'ip nat pool',
      'health monitor',
      'vrrp-a vrid',
      'interface',
    ]) {
      assert.ok(
        items.some((i) => i.label === command),
        command,
      );
    }
    const server = items.find((i) => i.label === 'slb server')!;
    assert.strictEqual(server.detail, 'slb server NAME ADDRESS');
    assert.match(JSON.stringify(server.documentation), /Defines a real server/);
  });

  it('offers the next words of a command begun: `ip ` -> `nat pool`, `route`, ...', () => {
    const found = labels(complete('ip |'));
    for (const next of ['nat pool', 'nat pool-group', 'route', 'access-list'])
      assert.ok(found.includes(next), `${next} in ${found.join(', ')}`);
    assert.ok(!found.includes('slb server'));
  });

  it('offers the commands of the block the cursor is in, by indentation', () => {
    const vport = labels(complete(lines('slb virtual-server v 1.2.3.4', '  port 0 udp', '    |')));
    for (const command of [
      'service-group',
      'source-nat pool',
      'no-dest-nat',
      'use-rcv-hop-for-resp',
      'template',
      'aflex',
    ])
      assert.ok(vport.includes(command), command);
    assert.ok(!vport.includes('member'), 'member is not a vport command');
    const vip = labels(
      complete(
        lines('slb virtual-server v 1.2.3.4', '  port 0 udp', '    service-group gw_udp', '  |'),
      ),
    );
    assert.ok(
      vip.includes('port') && vip.includes('vrid') && !vip.includes('service-group'),
      vip.join(', '),
    );
    const group = labels(complete(lines('slb service-group g tcp', '  |')));
    assert.ok(
      group.includes('member') && group.includes('method') && group.includes('min-active-member'),
    );
  });

  it("offers service groups after `service-group`, those of the vport's protocol first", () => {
    const items = complete(
      lines('slb virtual-server v 1.2.3.4', '  port 53 dns-udp', '    service-group |'),
    );
    assert.deepStrictEqual(labels(items), ['gw_udp', 'gw_tcp']);
    assert.strictEqual(items.find((i) => i.label === 'gw_udp')!.detail, 'service group, udp');
  });

  it('offers NAT pools, health monitors and templates of the type typed', () => {
    assert.deepStrictEqual(
      labels(
        complete(lines('slb virtual-server v 1.2.3.4', '  port 0 udp', '    source-nat pool |')),
      ),
      ['SNAT_1', 'SNAT_2'],
    );
    assert.strictEqual(
      complete(lines('slb virtual-server v 1.2.3.4', '  port 0 udp', '    source-nat pool |'))[0]
        .detail,
      'NAT pool, 210.21.1.10 - 210.21.1.10',
    );
    assert.deepStrictEqual(labels(complete(lines('slb server S 1.1.1.1', '  health-check |'))), [
      'hm',
    ]);
    assert.deepStrictEqual(
      labels(
        complete(lines('slb virtual-server v 1.2.3.4', '  port 80 tcp', '    template tcp |')),
      ),
      ['idle_300', 'default'],
    );
  });

  it('offers servers after `member`, then the ports of the server chosen (both member forms)', () => {
    assert.deepStrictEqual(labels(complete(lines('slb service-group g tcp', '  member |'))), [
      'GW',
      'WEB',
    ]);
    assert.deepStrictEqual(labels(complete(lines('slb service-group g tcp', '  member WEB |'))), [
      '80',
    ]);
    const acos2 = complete(lines('slb service-group g tcp', '    member GW:|'));
    assert.deepStrictEqual(labels(acos2), ['0']);
    assert.strictEqual(
      acos2[0].textEdit && 'range' in acos2[0].textEdit
        ? acos2[0].textEdit.range.start.character
        : -1,
      '    member GW:'.length,
    );
  });

  it('offers the vport types after `port N`, and tcp or udp for a server port', () => {
    const vport = labels(complete(lines('slb virtual-server v 1.2.3.4', '  port 0 |')));
    for (const type of ['tcp', 'udp', 'others', 'http', 'dns-udp'])
      assert.ok(vport.includes(type), type);
    assert.deepStrictEqual(labels(complete(lines('slb server S 1.1.1.1', '  port 80 |'))), [
      'tcp',
      'udp',
    ]);
  });

  it('replaces the word being typed, and asks the editor to suggest again after a command that takes a name', () => {
    const [item] = complete(
      lines('slb virtual-server v 1.2.3.4', '  port 0 udp', '    service-gr|'),
    ).filter((i) => i.label === 'service-group');
    assert.deepStrictEqual(item.textEdit, {
      range: { start: { line: 17, character: 4 }, end: { line: 17, character: 14 } },
      newText: 'service-group ',
    });
    assert.strictEqual(item.command?.command, 'editor.action.triggerSuggest');
  });

  it('offers nothing inside a comment', () => {
    assert.deepStrictEqual(complete('! note |'), []);
  });
});
