// A capture finding that a configuration of the workspace explains: one-way ESP or ESP leaving
// untranslated through a VIP without `port 0 others` points at the VIP's line, says how the VIP
// was matched, and offers the configuration's own fix as an edit of the other file. Once the
// configuration carries `others`, the finding says the dump is older, and offers nothing.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import {
  CAPTURE_LANGUAGE,
  CONFIG_LANGUAGE,
  createLanguageService,
  type LanguageService,
} from '../../../server/src/service';
import { isAddOthersFixData, joinCodeActions } from '../../../server/src/service/join/codeActions';
import { fixture, messageOf } from '../support';

const CONFIG_URI = 'file:///ws/llb-acos2.a10.cfg';
const CAPTURE_URI = 'file:///ws/capture-before-fix.axdebug.txt';
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

/** A service whose workspace holds the given configuration documents (the host re-lists them on every call). */
function workspaceWith(configs: TextDocument[]): LanguageService {
  return createLanguageService({ workspace: { configDocuments: () => configs } });
}

function config(text: string, uri = CONFIG_URI, version = 1): TextDocument {
  return TextDocument.create(uri, CONFIG_LANGUAGE, version, text);
}

/** The seed's dump: ESP leaves untranslated and never comes back; ICMP and TCP are translated to 183.62.*.*. */
const capture = TextDocument.create(
  CAPTURE_URI,
  CAPTURE_LANGUAGE,
  1,
  fixture('seed/capture-before-fix.axdebug.txt'),
);

function finding(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.find((d) => d.code === code);
  assert.ok(found, `no ${code} among ${diagnostics.map((d) => String(d.code)).join(', ')}`);
  return found;
}

/** The text of a document after the edits an action makes to it. */
function applied(document: TextDocument, action: CodeAction): string {
  return TextDocument.applyEdits(document, action.edit?.changes?.[document.uri] ?? []);
}

describe('Capture findings explained by a configuration', () => {
  const acos2 = config(fixture('config/acos2-wildcard.a10.cfg'));

  it("points the one-way ESP at the wildcard VIP's line in the configuration, and says how it matched", () => {
    const oneWay = finding(workspaceWith([acos2]).doValidation(capture), 'lbcap/one-way-esp');
    assert.match(
      messageOf(oneWay),
      /The configuration explains it: virtual server _wildcard_vserver in llb-acos2\.a10\.cfg \(line 21\) on device LLB-1 has no `port 0 others` \(matched as the wildcard VIP: 0\.0\.0\.0 takes all traffic through the balancer\)\.$/,
    );
    assert.deepStrictEqual(oneWay.relatedInformation?.[0], {
      location: {
        uri: CONFIG_URI,
        range: { start: { line: 20, character: 0 }, end: { line: 20, character: 44 } },
      },
      message:
        'Virtual server _wildcard_vserver on device LLB-1 has no `port 0 others`: matched as the wildcard VIP: 0.0.0.0 takes all traffic through the balancer',
    });
    // The dump's own related lines stay, after the configuration's.
    assert.strictEqual(oneWay.relatedInformation?.[1].location.uri, CAPTURE_URI);
  });

  it('explains the untranslated ESP the same way, and leaves the TCP and ICMP findings alone', () => {
    const diagnostics = workspaceWith([acos2]).doValidation(capture);
    assert.match(
      messageOf(finding(diagnostics, 'lbcap/untranslated-private-source')),
      /The configuration explains it: virtual server _wildcard_vserver/,
    );
    for (const code of ['lbcap/syn-without-syn-ack', 'lbcap/icmp-error']) {
      assert.doesNotMatch(messageOf(finding(diagnostics, code)), /configuration/);
      assert.strictEqual(finding(diagnostics, code).data, undefined);
    }
  });

  it("offers the configuration's own fix, as an edit of the configuration file: the whole text becomes the fixed config", () => {
    const service = workspaceWith([acos2]);
    const diagnostics = service.doValidation(capture);
    const actions = service.doCodeActions(capture, EVERYWHERE, diagnostics);
    // Two findings, one VIP: one fix, for both.
    assert.deepStrictEqual(
      actions.map((a) => a.title),
      ["Add 'port 0 others' to _wildcard_vserver in llb-acos2.a10.cfg"],
    );
    assert.deepStrictEqual(
      actions[0].diagnostics?.map((d) => d.code),
      ['lbcap/one-way-esp', 'lbcap/untranslated-private-source'],
    );
    assert.deepStrictEqual(Object.keys(actions[0].edit?.changes ?? {}), [CONFIG_URI]);
    assert.strictEqual(applied(acos2, actions[0]), fixture('config/acos2-wildcard.fixed.a10.cfg'));

    // Written exactly as the configuration's lbconf/missing-others-vport fix writes it.
    const configFix = service.doCodeActions(acos2, EVERYWHERE, service.doValidation(acos2))[0];
    assert.deepStrictEqual(actions[0].edit, configFix.edit);
  });

  it('says the configuration now carries `others` once it is fixed, and offers no fix', () => {
    const fixed = config(fixture('config/acos2-wildcard.fixed.a10.cfg'), CONFIG_URI, 2);
    const service = workspaceWith([fixed]);
    const diagnostics = service.doValidation(capture);
    const oneWay = finding(diagnostics, 'lbcap/one-way-esp');
    assert.match(
      messageOf(oneWay),
      /The configuration now carries `others`: virtual server _wildcard_vserver in llb-acos2\.a10\.cfg \(line 21\) on device LLB-1 has `port 0 others` \(matched as the wildcard VIP: .*\); this dump was taken before that change\.$/,
    );
    assert.strictEqual(oneWay.relatedInformation?.[0].location.uri, CONFIG_URI);
    assert.strictEqual(oneWay.data, undefined);
    assert.deepStrictEqual(service.doCodeActions(capture, EVERYWHERE, diagnostics), []);
  });

  it('reads a VIP opened again in another file as one VIP: `others` there (in service) counts, a disabled one does not', () => {
    const reopened = (extra: string): TextDocument =>
      config(
        [
          'slb virtual-server _wildcard_vserver',
          '   port 0  others',
          '      service-group vpn_udp',
          ...(extra ? [extra] : []),
          '!',
          '',
        ].join('\n'),
        'file:///ws/llb-others.a10.cfg',
      );
    const carried = finding(
      workspaceWith([acos2, reopened('')]).doValidation(capture),
      'lbcap/one-way-esp',
    );
    assert.match(
      messageOf(carried),
      /_wildcard_vserver in llb-acos2\.a10\.cfg \(line 21\) on device LLB-1 has `port 0 others`/,
    );
    assert.strictEqual(carried.data, undefined);
    const disabled = finding(
      workspaceWith([acos2, reopened('      disable')]).doValidation(capture),
      'lbcap/one-way-esp',
    );
    assert.match(
      messageOf(disabled),
      /_wildcard_vserver in llb-acos2\.a10\.cfg \(line 21\) on device LLB-1 has no `port 0 others`/,
    );
  });

  it('lists every matching VIP and fixes the strongest match: the VIP at the translated address before the wildcard', () => {
    const atAddress = config(
      [
        'vip_183.62.*.*(A) 183.62.*.*',
        'port 0 tcp',
        'member:vpn_tcp 0/tcp',
        'port 0 udp',
        'member:vpn_udp 0/udp',
        '',
      ].join('\n'),
      'file:///ws/vip-isp2.summary.txt',
    );
    const service = workspaceWith([acos2, atAddress]);
    const oneWay = finding(service.doValidation(capture), 'lbcap/one-way-esp');
    assert.match(
      messageOf(oneWay),
      /virtual server vip_183\.62\.\*\.\* in vip-isp2\.summary\.txt \(line 1\) on device LLB-1 has no `port 0 others` \(matched by the VIP's own address: the translated source 183\.62\.\*\.\* seen on the uplink \(line 6\) may be 183\.62\.\*\.\*\)\. 1 more matching virtual server is listed with it\.$/,
    );
    assert.deepStrictEqual(
      oneWay.relatedInformation?.slice(0, 2).map((r) => r.location.uri),
      ['file:///ws/vip-isp2.summary.txt', CONFIG_URI],
    );
    const [fix] = service.doCodeActions(capture, oneWay.range, [oneWay]);
    assert.strictEqual(fix.title, "Add 'port 0 others' to vip_183.62.*.* in vip-isp2.summary.txt");
    assert.strictEqual(
      applied(atAddress, fix),
      [
        'vip_183.62.*.*(A) 183.62.*.*',
        'port 0 tcp',
        'member:vpn_tcp 0/tcp',
        'port 0 udp',
        'member:vpn_udp 0/udp',
        'port 0 others',
        'member:vpn_udp 0/others',
        '',
      ].join('\n'),
    );
  });

  it('explains plain ESP that goes one way even when the peer was seen with NAT-T (IKE on UDP 4500)', () => {
    // NAT-T seen does not make the ESP of this dump UDP: protocol 50 still needs `others`.
    const natT = [
      '@23047900 i( 1, 100, 10001)> ip 10.1.1.254 > *.*.*.* udp 4500 > 4500',
      '@23047900 o( 6, 0, 10001)> ip 183.62.*.* > *.*.*.* udp 4500 > 4500',
      '@23047950 o( 1, 0, 10002)> ip *.*.*.* > 183.62.*.* udp 4500 > 4500',
      '@23047950 i( 6, 100, 10002)> ip *.*.*.* > 10.1.1.254 udp 4500 > 4500',
    ];
    const dump = TextDocument.create(
      CAPTURE_URI,
      CAPTURE_LANGUAGE,
      1,
      [...natT, fixture('seed/capture-before-fix.axdebug.txt')].join('\n'),
    );
    const service = workspaceWith([acos2]);
    assert.match(service.explainCapture(dump) ?? '', /NAT traversal \| seen \(UDP 4500\)/);
    assert.match(
      messageOf(finding(service.doValidation(dump), 'lbcap/one-way-esp')),
      /The configuration explains it: virtual server _wildcard_vserver in llb-acos2\.a10\.cfg \(line 21\) on device LLB-1 has no `port 0 others`/,
    );
  });

  it('leaves the findings as they are when no VIP matches, or when there is no configuration', () => {
    const web = config(
      [
        'slb virtual-server vip_vpn 210.21.1.10',
        '  port 0 udp',
        '    service-group vpn_udp',
        '!',
        '',
      ].join('\n'),
    );
    const alone = createLanguageService().doValidation(capture);
    assert.deepStrictEqual(workspaceWith([web]).doValidation(capture), alone);
    assert.deepStrictEqual(workspaceWith([]).doValidation(capture), alone);
  });

  it('makes the fix again from the current text when the configuration changed since the dump was checked', () => {
    const diagnostics = workspaceWith([acos2]).doValidation(capture);
    // A comment line typed at the top: the vport now goes one line lower.
    const edited = config(`! LLB-1 in rack 4\n${acos2.getText()}`, CONFIG_URI, 2);
    const [fix] = workspaceWith([edited]).doCodeActions(capture, EVERYWHERE, diagnostics);
    assert.strictEqual(
      applied(edited, fix),
      `! LLB-1 in rack 4\n${fixture('config/acos2-wildcard.fixed.a10.cfg')}`,
    );
    // Fixed in the meantime: nothing left to offer.
    const fixed = config(fixture('config/acos2-wildcard.fixed.a10.cfg'), CONFIG_URI, 3);
    assert.deepStrictEqual(
      workspaceWith([fixed]).doCodeActions(capture, EVERYWHERE, diagnostics),
      [],
    );
  });

  it('makes the fix from the current text even when the version number is the same (a file closed and opened again starts over)', () => {
    const diagnostics = workspaceWith([acos2]).doValidation(capture);
    const reopened = config(`! LLB-1 in rack 4\n${acos2.getText()}`, CONFIG_URI, acos2.version);
    const [fix] = workspaceWith([reopened]).doCodeActions(capture, EVERYWHERE, diagnostics);
    assert.strictEqual(
      applied(reopened, fix),
      `! LLB-1 in rack 4\n${fixture('config/acos2-wildcard.fixed.a10.cfg')}`,
    );
  });

  it('offers no fix for a configuration file the workspace no longer lists: its text cannot be checked', () => {
    const diagnostics = workspaceWith([acos2]).doValidation(capture);
    assert.deepStrictEqual(workspaceWith([]).doCodeActions(capture, EVERYWHERE, diagnostics), []);
  });

  it('offers no fix for data the editor mangled', () => {
    const diagnostics = workspaceWith([acos2]).doValidation(capture);
    const oneWay = finding(diagnostics, 'lbcap/one-way-esp');
    assert.ok(isAddOthersFixData(oneWay.data));
    const broken = (data: unknown): Diagnostic => ({ ...oneWay, data });
    const edit = (oneWay.data as { edit: unknown }).edit;
    for (const data of [
      undefined,
      null,
      'x',
      { fix: 'add-others-vport', vip: 'v', uri: CONFIG_URI, version: 1 },
      { fix: 'other', vip: 'v', uri: CONFIG_URI, version: 1, edit },
      { fix: 'add-others-vport', vip: 'v', uri: CONFIG_URI, version: '1', edit },
      {
        fix: 'add-others-vport',
        vip: 'v',
        uri: CONFIG_URI,
        version: 1,
        edit: { newText: 'x', range: { start: { line: 0 } } },
      },
    ]) {
      assert.deepStrictEqual(joinCodeActions([broken(data)]), [], JSON.stringify(data));
    }
  });
});

describe('Capture findings in a fleet', () => {
  it('joins the device whose address the dump shows, and names it', () => {
    // Two boxes that reuse names; only the edge box has the address the dump's ESP was seen at.
    const box = (name: string, address: string): string =>
      [
        `hostname ${name}`,
        '!',
        `slb virtual-server vip_isp2 ${address}`,
        '  port 0 tcp',
        '  port 0 udp',
        '!',
        'end',
        '',
      ].join('\n');
    const edge = config(box('lb-edge', '183.62.8.14'), 'file:///ws/fleet/edge-2026-12-01.cfg');
    const core = config(box('lb-core', '192.0.2.1'), 'file:///ws/fleet/core-2026-12-01.cfg');
    const oneWay = finding(workspaceWith([core, edge]).doValidation(capture), 'lbcap/one-way-esp');
    assert.match(
      messageOf(oneWay),
      /The configuration explains it: virtual server vip_isp2 in edge-2026-12-01\.cfg \(line 3\) on device lb-edge has no `port 0 others` \(matched by the VIP's own address: the translated source 183\.62\.8\.14 seen on the uplink \(line 13\) is 183\.62\.8\.14\)\.$/,
    );
    assert.deepStrictEqual(
      oneWay.relatedInformation
        ?.filter((r) => r.location.uri !== CAPTURE_URI)
        .map((r) => r.message),
      [
        "Virtual server vip_isp2 on device lb-edge has no `port 0 others`: matched by the VIP's own address: the translated source 183.62.8.14 seen on the uplink (line 13) is 183.62.8.14",
      ],
    );
  });
});
