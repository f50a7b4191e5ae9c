// Redaction keeps every finding and hides everything it promises to: for random workspaces (a
// device's configuration with secrets, and a dump of its traffic through the VIP), the findings
// after redaction are the findings before (same codes on the same lines of the same files), the
// Explain report names the same virtual server (by its pseudonym), and no original address,
// secret or (with --names) name is left anywhere in the output.
import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CAPTURE_LANGUAGE, CONFIG_LANGUAGE, createLanguageService } from '../../server/src/service';
import { redactionKey } from '../../server/src/service/redact/key';
import { Redactor } from '../../server/src/service/redact/redactor';

const octet = fc.integer({ min: 1, max: 254 });
/** A public address outside every special block. */
const publicAddress = fc
  .tuple(
    fc.constantFrom(23, 45, 61, 88, 101, 117, 139, 157, 183, 202, 210, 221),
    octet,
    octet,
    octet,
  )
  .map((o) => o.join('.'));
const privateAddress = fc.oneof(
  fc.tuple(octet, octet, octet).map(([a, b, c]) => `10.${a}.${b}.${c}`),
  fc.tuple(octet, octet).map(([b, c]) => `192.168.${b}.${c}`),
  fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([a, b, c]) => `172.${a}.${b}.${c}`),
);
const word = fc.stringMatching(/^[a-z][a-z0-9]{3,8}$/);
const secret = fc.stringMatching(/^[A-Za-z0-9]{10,16}$/).map((s) => `Sx${s}`);

interface Site {
  readonly config: string;
  readonly dump: string;
  readonly addresses: readonly string[];
  readonly secrets: readonly string[];
  readonly names: readonly string[];
}

const site: fc.Arbitrary<Site> = fc
  .record({
    host: word,
    vip: word,
    group: word,
    server: word,
    pool: word,
    vipAddress: publicAddress,
    gateway: publicAddress,
    peer: publicAddress,
    inside: privateAddress,
    poolFirst: fc.integer({ min: 1, max: 120 }),
    poolSize: fc.integer({ min: 0, max: 100 }),
    others: fc.boolean(),
    espBack: fc.boolean(),
    translated: fc.boolean(),
    acos4: fc.boolean(),
    community: secret,
    password: secret,
    tcpdump: fc.boolean(),
  })
  .map((s) => {
    const names = {
      host: `lb-${s.host}`,
      vip: `vs_${s.vip}`,
      group: `grp_${s.group}`,
      server: `gw_${s.server}`,
      pool: `snat_${s.pool}`,
    };
    const poolBase = s.vipAddress.split('.').slice(0, 3).join('.');
    const [first, last] = [`${poolBase}.${s.poolFirst}`, `${poolBase}.${s.poolFirst + s.poolSize}`];
    const ind = s.acos4 ? ['  ', '    '] : ['   ', '      '];
    const member = s.acos4 ? `member ${names.server} 0` : `member ${names.server}:0`;
    const config = [
      '!Current configuration: 1187 bytes',
      `hostname ${names.host}`,
      `admin ops password encrypted ${s.password}`,
      `snmp-server community read ${s.community}`,
      `ip nat pool ${names.pool} ${first} ${last} netmask /24`,
      `slb server ${names.server} ${s.gateway}`,
      `${ind[0]}description "uplink of ${names.host}"`,
      `${ind[0]}port 0 udp`,
      `slb service-group ${names.group} udp`,
      `${ind[0]}${member}`,
      `slb virtual-server ${names.vip} ${s.vipAddress}`,
      ...['tcp', 'udp', ...(s.others ? ['others'] : [])].flatMap((type) => [
        `${ind[0]}port 0 ${type}`,
        `${ind[1]}service-group ${names.group}`,
        `${ind[1]}source-nat pool ${names.pool}`,
      ]),
      'end',
    ].join('\n');
    const out = s.translated ? s.vipAddress : s.inside;
    const dump = s.tcpdump
      ? [
          `10:00:00.000001 IP ${s.inside}.500 > ${s.peer}.500: isakmp: phase 1 I ident`,
          `10:00:00.000002 IP ${s.vipAddress}.500 > ${s.peer}.500: isakmp: phase 1 I ident`,
          `10:00:00.100000 IP ${s.peer}.500 > ${s.vipAddress}.500: isakmp: phase 1 R ident`,
          `10:00:01.000001 IP ${s.inside} > ${s.peer}: ESP(spi=0x7eb7fb45,seq=0x1a), length 132`,
          `10:00:01.000002 IP ${out} > ${s.peer}: ESP(spi=0x7eb7fb45,seq=0x1a), length 132`,
          ...(s.espBack
            ? [
                `10:00:01.200000 IP ${s.peer} > ${s.vipAddress}: ESP(spi=0x8dcc49fe,seq=0x1), length 132`,
              ]
            : []),
        ].join('\n')
      : [
          `@23047000 i( 1, 100, 10100)> ip ${s.inside} > ${s.peer} udp 500 > 500`,
          `@23047000 o( 6, 0, 10100)> ip ${s.vipAddress} > ${s.peer} udp 500 > 500`,
          `@23047990 i( 1, 100, 10109)> ip ${s.inside} > ${s.peer} esp spi=0x7eb7fb45 seq=0x1a`,
          `@23047990 o( 6, 0, 10109)> ip ${out} > ${s.peer} esp spi=0x7eb7fb45 seq=0x1a`,
          ...(s.espBack
            ? [
                `@23048000 i( 6, 0, 1011a)> ip ${s.peer} > ${s.vipAddress} esp spi=0x8dcc49fe seq=0x1`,
              ]
            : []),
          `@23048142 i( 1, 100, 1691d)> ip ${s.inside} > 183.62.*.* esp spi=0x7eb7fb45 seq=0x1b`,
        ].join('\n');
    return {
      config,
      dump,
      addresses: [s.vipAddress, s.gateway, s.peer, s.inside, first, last],
      secrets: [s.community, s.password],
      names: Object.values(names),
    };
  });

/** The findings of the dump and the configuration, in a workspace of the configuration: `file:line:code`. */
function findingsOf(config: string, dump: string): { findings: string[]; report: string } {
  const configDocument = TextDocument.create('file:///site/lb.a10.cfg', CONFIG_LANGUAGE, 1, config);
  const dumpDocument = TextDocument.create('file:///site/capture.txt', CAPTURE_LANGUAGE, 1, dump);
  const service = createLanguageService({ workspace: { configDocuments: () => [configDocument] } });
  const findings = [
    ...service
      .doValidation(configDocument)
      .map((d) => `config:${d.range.start.line}:${String(d.code)}`),
    ...service
      .doValidation(dumpDocument)
      .map((d) => `dump:${d.range.start.line}:${String(d.code)}`),
  ].sort();
  // The report escapes Markdown (`vs\_a`): read it as text.
  return { findings, report: (service.explainCapture(dumpDocument) ?? '').replace(/\\(.)/g, '$1') };
}

describe('Redaction keeps the findings and hides the site (property)', function () {
  this.timeout(120_000);

  for (const names of [false, true]) {
    it(`findings equal before and after, the report names the same VIP, nothing original left${names ? ' (with names)' : ''}`, () => {
      fc.assert(
        fc.property(site, fc.uint8Array({ minLength: 32, maxLength: 32 }), (s, key) => {
          const redactor = new Redactor(redactionKey(key), { names });
          redactor.learn(s.config, 'config');
          const config = redactor.redact(s.config, 'config').text;
          const dump = redactor.redact(s.dump, 'capture').text;
          const before = findingsOf(s.config, s.dump);
          const after = findingsOf(config, dump);
          assert.deepStrictEqual(after.findings, before.findings);

          const vip = s.names[1];
          const shownVip = names ? redactor.pseudonym(vip) : vip;
          assert.strictEqual(
            after.report.includes(shownVip),
            before.report.includes(vip),
            'the report names the same virtual server',
          );

          const output = `${config}\n${dump}\n${after.report}`;
          for (const address of s.addresses) {
            assert.ok(
              !new RegExp(`(?<![\\d.])${address.replace(/\./g, '\\.')}(?![\\d])`).test(output),
              `${address} left in the output`,
            );
          }
          for (const value of s.secrets)
            assert.ok(!output.includes(value), `a secret left in the output`);
          if (names)
            for (const name of s.names)
              assert.ok(!output.includes(name), `${name} left in the output`);
        }),
        { numRuns: 60 },
      );
    });
  }
});
