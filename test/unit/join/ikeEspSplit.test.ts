// An IKE/ESP split explained by the configuration: the dump shows IKE and ESP of one inside host
// reaching the peer from different addresses, the configuration shows the two vports and NAT
// pools that did it, and the fix makes ESP's vport translate with IKE's pool.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  CAPTURE_LANGUAGE,
  CONFIG_LANGUAGE,
  createLanguageService,
  type LanguageService,
} from '../../../server/src/service';
import { applyAction, fixture, messageOf } from '../support';

const CONFIG_URI = 'file:///ws/split-pools.a10.cfg';
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
const SPLIT_CONFIG = fixture('join/split-pools.a10.cfg');
const dump = TextDocument.create(
  'file:///ws/ike-esp-split.axdebug.txt',
  CAPTURE_LANGUAGE,
  1,
  fixture('join/ike-esp-split.axdebug.txt'),
);

function workspace(text: string): { service: LanguageService; config: TextDocument } {
  const config = TextDocument.create(CONFIG_URI, CONFIG_LANGUAGE, 1, text);
  return {
    service: createLanguageService({ workspace: { configDocuments: () => [config] } }),
    config,
  };
}

function split(diagnostics: Diagnostic[]): Diagnostic {
  const found = diagnostics.find((d) => d.code === 'lbcap/ike-esp-split');
  assert.ok(found, `no split among ${diagnostics.map((d) => String(d.code)).join(', ')}`);
  return found;
}

describe('An IKE/ESP split explained by the pools and vports that caused it', () => {
  it('names the vport and NAT pool each protocol left through, and points at them', () => {
    const finding = split(workspace(SPLIT_CONFIG).service.doValidation(dump));
    assert.match(
      messageOf(finding),
      / The configuration explains it: IKE leaves through `port 0 udp` of virtual server _wildcard_vserver in split-pools\.a10\.cfg \(line 7\) with source-nat pool SNAT_ISP1 \(210\.21\.1\.10\); ESP through `port 0 others` of virtual server _wildcard_vserver in split-pools\.a10\.cfg \(line 7\) with source-nat pool SNAT_ISP2 \(183\.62\.8\.14\)\.$/,
    );
    assert.deepStrictEqual(
      finding.relatedInformation?.map(
        (r) =>
          `${r.location.uri === CONFIG_URI ? 'config' : 'dump'}:${r.location.range.start.line + 1} ${r.message}`,
      ),
      [
        'config:8 IKE leaves through port 0 udp of _wildcard_vserver',
        "config:1 IKE's NAT pool SNAT_ISP1 (210.21.1.10)",
        'config:11 ESP leaves through port 0 others of _wildcard_vserver',
        "config:2 ESP's NAT pool SNAT_ISP2 (183.62.8.14)",
        'dump:2 IKE leaves as 210.21.1.10: 210.21.1.10:500 → 203.0.113.9:500 IKE (UDP 500)',
      ],
    );
  });

  it("fixes it from the dump: ESP's vport translates with IKE's pool, and the split's fix is gone", () => {
    const { service, config } = workspace(SPLIT_CONFIG);
    const finding = split(service.doValidation(dump));
    const actions = service.doCodeActions(dump, EVERYWHERE, [finding]);
    assert.deepStrictEqual(
      actions.map((a) => a.title),
      [
        'Translate ESP with pool SNAT_ISP1, as IKE (port 0 others of _wildcard_vserver in split-pools.a10.cfg)',
      ],
    );
    const fixed = applyAction(config, actions[0]);
    assert.strictEqual(
      fixed,
      SPLIT_CONFIG.replace('source-nat pool SNAT_ISP2', 'source-nat pool SNAT_ISP1'),
    );
    const after = workspace(fixed).service;
    assert.deepStrictEqual(after.doCodeActions(dump, EVERYWHERE, after.doValidation(dump)), []);
  });

  it('says ESP leaves untranslated through a VIP without `others`, and offers to add it', () => {
    const withoutOthers = SPLIT_CONFIG.replace(/ {3}port 0 {2}others\n.*\n.*\n/, '');
    const { service } = workspace(withoutOthers);
    const finding = split(service.doValidation(dump));
    assert.match(
      messageOf(finding),
      /ESP through virtual server _wildcard_vserver in split-pools\.a10\.cfg \(line 7\), which has no `port 0 others`, so it leaves untranslated\.$/,
    );
    assert.deepStrictEqual(
      service.doCodeActions(dump, EVERYWHERE, [finding]).map((a) => a.title),
      ["Add 'port 0 others' to _wildcard_vserver in split-pools.a10.cfg"],
    );
  });

  it('does not blame a missing `others` for the one-way ESP when the balancer did translate it', () => {
    const oneWay = workspace(SPLIT_CONFIG)
      .service.doValidation(dump)
      .find((d) => d.code === 'lbcap/one-way-esp');
    assert.ok(oneWay);
    assert.doesNotMatch(messageOf(oneWay), /The configuration (now carries|explains)/);
  });

  it('puts the pool change in the report, under the peer', () => {
    const report = workspace(SPLIT_CONFIG).service.explainCapture(dump) ?? '';
    assert.match(
      report,
      /^- Make `port 0 others` of virtual server \\_wildcard\\_vserver translate with pool SNAT\\_ISP1, as IKE's vport does: in \[split-pools\.a10\.cfg line 13\]/m,
    );
  });
});
