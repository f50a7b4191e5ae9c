// One configuration split over files, and several boxes in one workspace: what each file sees of
// the others, through the host the service is given.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_LANGUAGE, createLanguageService } from '../../../server/src/service';
import { codes, lines, workspace } from './support';

const HEADER = '!Current configuration: 1187 bytes';
const SERVERS = lines(
  'slb server web1 10.0.0.1',
  '  port 80 tcp',
  '!',
  'slb server web2 10.0.0.2',
  '  port 80 tcp',
  '!',
);
const GROUPS = lines('slb service-group web tcp', '  member web1 80', '  member web2 80', '!');
const VIPS = lines('slb virtual-server v 1.2.3.4', '  port 80 http', '    service-group web', '!');

describe('The workspace: a configuration over several files', () => {
  it('resolves names defined in the other files of a split configuration, and counts their uses', () => {
    const { service, documents } = workspace({
      'servers.a10.cfg': SERVERS,
      'groups.a10.cfg': GROUPS,
      'main.a10.cfg': lines(HEADER, VIPS, 'end'),
    });
    for (const document of Object.values(documents))
      assert.deepStrictEqual(codes(service.doValidation(document)), [], document.uri);
  });

  it("keeps two whole running-configs apart: two boxes do not see each other's objects", () => {
    const boxA = lines(HEADER, SERVERS, GROUPS, VIPS, 'end');
    const boxB = lines(
      HEADER,
      'slb virtual-server w 5.6.7.8',
      '  port 80 http',
      '    service-group web',
      'end',
    );
    const { service, documents } = workspace({ 'box-a.a10.cfg': boxA, 'box-b.a10.cfg': boxB });
    assert.deepStrictEqual(codes(service.doValidation(documents['box-b.a10.cfg'])), [
      'lbconf/undefined-reference@4',
    ]);
    assert.deepStrictEqual(codes(service.doValidation(documents['box-a.a10.cfg'])), []);
  });

  it('lets a fragment (a paste, a summary) see every file, and be seen by every file', () => {
    const { service, documents } = workspace({
      'box.a10.cfg': lines(
        HEADER,
        SERVERS,
        'slb service-group web tcp',
        '  member web1 80',
        '!',
        'end',
      ),
      'vip.a10.cfg': VIPS,
    });
    assert.deepStrictEqual(codes(service.doValidation(documents['box.a10.cfg'])), [
      'lbconf/unused-definition@5',
    ]);
    assert.deepStrictEqual(codes(service.doValidation(documents['vip.a10.cfg'])), []);
  });

  it("hears a VIP's `port 0 others` from the file that opens it again: no missing-others warning on a split VIP", () => {
    const { service, documents } = workspace({
      'main.a10.cfg': lines(
        'slb virtual-server _wc 0.0.0.0',
        '   port 0  tcp',
        '   port 0  udp',
        '!',
      ),
      'others.a10.cfg': lines('slb virtual-server _wc', '   port 0  others', '!'),
    });
    assert.deepStrictEqual(codes(service.doValidation(documents['main.a10.cfg'])), []);
    assert.deepStrictEqual(codes(service.doValidation(documents['others.a10.cfg'])), []);
  });

  it('still warns on a VIP when another box, or a status summary of the same name, has the `others` vport', () => {
    const vip = lines('slb virtual-server vip_v 0.0.0.0', '  port 0 tcp', '  port 0 udp', '!');
    const otherBox = lines(
      HEADER,
      'slb virtual-server vip_v 0.0.0.0',
      '  port 0 others',
      '!',
      'end',
    );
    const boxes = workspace({
      'box-a.a10.cfg': lines(HEADER, vip, 'end'),
      'box-b.a10.cfg': otherBox,
    });
    assert.deepStrictEqual(codes(boxes.service.doValidation(boxes.documents['box-a.a10.cfg'])), [
      'lbconf/missing-others-vport@2',
    ]);
    const summaries = workspace({
      'vip-before.summary.txt': lines(
        'vip_v(A) 1.2.3.4',
        'port 0 tcp',
        'member:t 0/tcp',
        'port 0 udp',
        'member:u 0/udp',
      ),
      'vip-after.summary.txt': lines(
        'vip_v(A) 1.2.3.4',
        'port 0 udp',
        'member:u 0/udp',
        'port 0 others',
        'member:u 0/others',
      ),
    });
    assert.deepStrictEqual(
      codes(summaries.service.doValidation(summaries.documents['vip-before.summary.txt'])),
      ['lbconf/missing-others-vport@1'],
    );
  });

  it('reports what spans the files the settings make one device: a NAT pool defined differently elsewhere, pools that overlap across files', () => {
    const files = {
      'pools.a10.cfg': lines(
        'ip nat pool P 10.0.0.1 10.0.0.5 netmask /24',
        'ip nat pool Q 10.0.1.1 10.0.1.5 netmask /24',
      ),
      'more.a10.cfg': lines(
        'ip nat pool P 10.0.0.1 10.0.0.9 netmask /24',
        'ip nat pool R 10.0.1.5 10.0.1.9 netmask /24',
      ),
    };
    const { service, documents } = workspace(
      files,
      {},
      { 'lb-dc1': ['pools.a10.cfg', 'more.a10.cfg'] },
    );
    const found = service
      .doValidation(documents['more.a10.cfg'])
      .filter((d) => !String(d.code).includes('unused'));
    assert.deepStrictEqual(codes(found), [
      'lbconf/nat-pool-redefined@1',
      'lbconf/nat-pool-overlap@2',
    ]);
    assert.deepStrictEqual(
      found[0].relatedInformation?.map((r) => r.location.uri),
      ['file:///ws/pools.a10.cfg'],
    );
    // Not grouped, the two are fragments: they resolve names against each other but never clash.
    const apart = workspace(files);
    assert.deepStrictEqual(
      codes(
        apart.service
          .doValidation(apart.documents['more.a10.cfg'])
          .filter((d) => !String(d.code).includes('unused')),
      ),
      [],
    );
  });

  it("follows the host: another file's new version changes what this one reports", () => {
    let groups = TextDocument.create('file:///ws/groups.a10.cfg', CONFIG_LANGUAGE, 1, GROUPS);
    let asked = 0;
    const main = TextDocument.create(
      'file:///ws/main.a10.cfg',
      CONFIG_LANGUAGE,
      1,
      lines(SERVERS, VIPS),
    );
    const service = createLanguageService({
      workspace: {
        configDocuments: () => {
          asked += 1;
          return [groups, main];
        },
      },
    });
    assert.deepStrictEqual(codes(service.doValidation(main)), []);
    groups = TextDocument.create(
      groups.uri,
      CONFIG_LANGUAGE,
      2,
      GROUPS.replace('slb service-group web tcp', 'slb service-group web2 tcp'),
    );
    // The workspace keeps service groups, just not `web` any more: the use is reported.
    assert.deepStrictEqual(codes(service.doValidation(main)), ['lbconf/undefined-reference@9']);
    assert.strictEqual(asked, 2);
  });

  it('works without a host: the document alone', () => {
    assert.deepStrictEqual(
      codes(
        createLanguageService().doValidation(
          TextDocument.create('file:///x.a10.cfg', CONFIG_LANGUAGE, 1, lines(HEADER, VIPS, 'end')),
        ),
      ),
      ['lbconf/undefined-reference@4'],
    );
  });
});
