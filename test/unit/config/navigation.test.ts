// Go to definition, find references and rename: names resolved through the symbol table of
// the workspace, in both member forms and the status summary, across files.
import * as assert from 'assert';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../../server/src/service';
import { applyWorkspaceEdit, lines, withCursor, workspace } from './support';

const ACOS2 = lines(
  'slb server GW_ISP1 210.21.1.1',
  '   port 0  tcp',
  '!',
  'slb service-group vpn_tcp tcp',
  '    member GW_ISP1:0',
  '!',
  'slb virtual-server wild 0.0.0.0',
  '   port 0  tcp',
  '      service-group vpn_tcp',
  '!',
  'slb virtual-server wild',
  '   port 0  others',
  '      service-group vpn_tcp',
  '!',
  '',
);

/** `line:character` (1-based) of each location, with the file name when it is another file. */
function where(locations: readonly Location[], uri: string): string[] {
  return locations.map(
    (l) =>
      `${l.uri === uri ? '' : `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}@`}${l.range.start.line + 1}:${l.range.start.character + 1}`,
  );
}

describe('Configuration navigation', () => {
  describe('go to definition', () => {
    it('leads from a member (ACOS 2 `SERVER:PORT`) to its server, and from a vport to its service group', () => {
      const service = createLanguageService();
      const member = withCursor(ACOS2.replace('member GW_ISP1:0', 'member GW_I|SP1:0'));
      assert.deepStrictEqual(
        where(
          service.findDefinition(member.document, member.position) as Location[],
          member.document.uri,
        ),
        ['1:12'],
      );
      const group = withCursor(
        ACOS2.replace(
          '      service-group vpn_tcp\n!\nslb virtual-server wild\n',
          '      service-group vpn|_tcp\n!\nslb virtual-server wild\n',
        ),
      );
      assert.deepStrictEqual(
        where(
          service.findDefinition(group.document, group.position) as Location[],
          group.document.uri,
        ),
        ['4:19'],
      );
    });

    it('lists every block of an object opened twice, and resolves across files', () => {
      const vip = withCursor(
        ACOS2.replace('slb virtual-server wild 0', 'slb virtual-server wi|ld 0'),
      );
      assert.deepStrictEqual(
        where(
          createLanguageService().findDefinition(vip.document, vip.position) as Location[],
          vip.document.uri,
        ),
        ['7:20', '11:20'],
      );
      const { service, documents } = workspace({
        'servers.a10.cfg': 'slb server s1 10.0.0.1\n',
        'groups.a10.cfg': 'slb service-group g tcp\n  member s1 80\n',
      });
      assert.deepStrictEqual(
        where(
          service.findDefinition(documents['groups.a10.cfg'], {
            line: 1,
            character: 10,
          }) as Location[],
          documents['groups.a10.cfg'].uri,
        ),
        ['servers.a10.cfg@1:12'],
      );
    });

    it('leads from the status summary to the running-config that defines the group', () => {
      const { service, documents } = workspace({
        'llb.a10.cfg': lines('!version 2.6.1', ACOS2, 'end'),
        'vip.summary.txt': 'vip_1.2.3.4(A) 1.2.3.4\nport 0 tcp\nmember:vpn_tcp 0/tcp\n',
      });
      assert.deepStrictEqual(
        where(
          service.findDefinition(documents['vip.summary.txt'], {
            line: 2,
            character: 9,
          }) as Location[],
          'x',
        ),
        ['llb.a10.cfg@5:19'],
      );
    });

    it('finds nothing where no name is', () => {
      const nothing = withCursor(
        ACOS2.replace('   port 0  tcp\n!\nslb service', '   po|rt 0  tcp\n!\nslb service'),
      );
      assert.deepStrictEqual(
        createLanguageService().findDefinition(nothing.document, nothing.position),
        [],
      );
    });
  });

  describe('find references', () => {
    it('lists every use, and the definitions when asked', () => {
      const { document, position } = withCursor(
        ACOS2.replace('slb service-group vpn_tcp', 'slb service-group vpn_t|cp'),
      );
      const service = createLanguageService();
      assert.deepStrictEqual(
        where(service.findReferences(document, position, false), document.uri),
        ['9:21', '13:21'],
      );
      assert.deepStrictEqual(
        where(service.findReferences(document, position, true), document.uri),
        ['4:19', '9:21', '13:21'],
      );
    });
  });

  describe('rename', () => {
    it('renames a server in its definition and in every ACOS 2 member, keeping `:PORT`', () => {
      const { document, position } = withCursor(
        ACOS2.replace('slb server GW_ISP1', 'slb server GW_|ISP1'),
      );
      const service = createLanguageService();
      assert.deepStrictEqual(service.prepareRename(document, position), {
        range: { start: { line: 0, character: 11 }, end: { line: 0, character: 18 } },
        placeholder: 'GW_ISP1',
      });
      const edit = service.doRename(document, position, 'GW_CT') as WorkspaceEdit;
      assert.strictEqual(
        applyWorkspaceEdit(edit, { 'edge.a10.cfg': document })['edge.a10.cfg'],
        ACOS2.replaceAll('GW_ISP1', 'GW_CT'),
      );
    });

    it('renames a service group, a NAT pool and a health monitor across the files of the workspace', () => {
      const files = {
        'objects.a10.cfg': lines(
          'ip nat pool SNAT 1.1.1.1 1.1.1.2 netmask /24',
          'health monitor hm',
          '  method icmp',
          'slb service-group g udp',
          '  health-check hm',
          '',
        ),
        'vip.a10.cfg': lines(
          'slb virtual-server v 1.2.3.4',
          '  port 53 udp',
          '    service-group g',
          '    source-nat pool SNAT',
          '  port 54 udp',
          '    service-group g',
          '',
        ),
      };
      const { service, documents } = workspace(files);
      const group = service.doRename(
        documents['vip.a10.cfg'],
        { line: 2, character: 19 },
        'dns',
      ) as WorkspaceEdit;
      assert.deepStrictEqual(applyWorkspaceEdit(group, documents), {
        'objects.a10.cfg': files['objects.a10.cfg'].replace(
          'service-group g udp',
          'service-group dns udp',
        ),
        'vip.a10.cfg': files['vip.a10.cfg'].replaceAll('service-group g\n', 'service-group dns\n'),
      });
      const pool = service.doRename(
        documents['objects.a10.cfg'],
        { line: 0, character: 13 },
        'SNAT_DNS',
      ) as WorkspaceEdit;
      assert.deepStrictEqual(applyWorkspaceEdit(pool, documents), {
        'objects.a10.cfg': files['objects.a10.cfg'].replace('pool SNAT ', 'pool SNAT_DNS '),
        'vip.a10.cfg': files['vip.a10.cfg'].replace('pool SNAT', 'pool SNAT_DNS'),
      });
      const monitor = service.doRename(
        documents['objects.a10.cfg'],
        { line: 4, character: 16 },
        'hm_ping',
      ) as WorkspaceEdit;
      assert.deepStrictEqual(applyWorkspaceEdit(monitor, documents), {
        'objects.a10.cfg': files['objects.a10.cfg'].replaceAll(' hm\n', ' hm_ping\n'),
      });
    });

    it('refuses what it cannot rename, with the reason', () => {
      const service = createLanguageService();
      const vip = withCursor(
        ACOS2.replace('slb virtual-server wild 0', 'slb virtual-server wi|ld 0'),
      );
      assert.deepStrictEqual(service.prepareRename(vip.document, vip.position), {
        error:
          'A virtual server cannot be renamed here: only servers, service groups, NAT pools, health monitors and templates can.',
      });
      const group = withCursor(
        ACOS2.replace('slb service-group vpn_tcp', 'slb service-group vpn_t|cp'),
      );
      assert.deepStrictEqual(service.doRename(group.document, group.position, 'two words'), {
        error: '`two words` cannot be an ACOS name: one word of 1 to 63 characters, without `!`.',
      });
      const server = withCursor(ACOS2.replace('slb server GW_ISP1', 'slb server GW_|ISP1'));
      assert.deepStrictEqual(service.doRename(server.document, server.position, 'GW:80'), {
        error: '`GW:80` would read as SERVER:PORT in an ACOS 2 member line.',
      });
      const taken = withCursor(lines('slb service-group a tcp', 'slb service-group |b tcp'));
      assert.deepStrictEqual(service.doRename(taken.document, taken.position, 'a'), {
        error: 'A service group named `a` already exists.',
      });
      const nothing = withCursor(ACOS2.replace('   port 0  others', '   po|rt 0  others'));
      assert.strictEqual(service.prepareRename(nothing.document, nothing.position), null);
    });
  });
});
