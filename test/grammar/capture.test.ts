// The balancer-capture grammar (syntaxes/balancer-capture.tmLanguage.json) on every line of the
// seed's axdebug captures, on the prompt and banner lines around a capture, and on tcpdump text
// lines from the tcpdump project's tests (test/fixtures/grammar/tcpdump-samples.txt).
import * as assert from 'node:assert/strict';
import {
  type Expectation,
  type Line,
  expectDocument,
  expectFullyScoped,
  expectNoScope,
  expectScope,
  expectScopes,
  fixtureFiles,
  readFixture,
  tokenize,
} from './tokenize';

const IPV4 = 'constant.numeric.ip-address.ipv4';
const MASKED = 'constant.numeric.ip-address.ipv4.masked';
const ARROW = 'keyword.operator.arrow';
const ASSIGN = 'keyword.operator.assignment';

/** The scope of an address as the seed writes it: masked (`183.62.*.*`) or plain. */
const addressScope = (address: string): string => (address.includes('*') ? MASKED : IPV4);

/** The fields of an axdebug packet line up to its protocol. */
interface PacketHead {
  tick: string;
  dir: 'i' | 'o';
  port: string;
  n2: string;
  id: string;
  src: string;
  dst: string;
}

/** `@<tick> <i|o>( <port>, <n2>, <id>)> ip <src> > <dst>` followed by the protocol's details. */
function packet(head: PacketHead, details: Expectation[]): Expectation[] {
  return [
    ['@', 'punctuation.definition.tick'],
    [head.tick, 'constant.numeric.tick'],
    [head.dir, head.dir === 'i' ? 'keyword.other.direction.in' : 'keyword.other.direction.out'],
    ['(', 'punctuation.section.parens.begin'],
    [head.port, 'constant.numeric.physical-port'],
    [',', 'punctuation.separator.comma'],
    [head.n2, 'constant.numeric.context'],
    [',', 'punctuation.separator.comma'],
    [head.id, 'constant.numeric.packet-id'],
    [')', 'punctuation.section.parens.end'],
    ['>', 'punctuation.separator.header'],
    ['ip', 'keyword.other.ip'],
    [head.src, `meta.address.source ${addressScope(head.src)}`],
    ['>', ARROW],
    [head.dst, `meta.address.destination ${addressScope(head.dst)}`],
    ...details,
  ];
}

/** `esp spi=0x... seq=0x...` */
const esp = (spi: string, seq: string): Expectation[] => [
  ['esp', 'support.type.protocol.esp'],
  ['spi', 'meta.spi entity.other.attribute-name.spi'],
  ['=', `meta.spi ${ASSIGN}`],
  [spi, 'meta.spi constant.numeric.spi'],
  ['seq', 'entity.other.attribute-name.sequence'],
  ['=', ASSIGN],
  [seq, 'constant.numeric.sequence'],
];

/** `tcp SPORT > DPORT FLAGS SEQ:ACK(LEN)` */
const tcp = (
  sport: string,
  dport: string,
  flags: string,
  seq: string,
  ack: string,
  len: string,
): Expectation[] => [
  ['tcp', 'support.type.protocol.tcp'],
  [sport, 'constant.numeric.port.source'],
  ['>', ARROW],
  [dport, 'constant.numeric.port.destination'],
  [flags, 'constant.language.tcp-flags'],
  [seq, 'constant.numeric.sequence'],
  [':', 'punctuation.separator.sequence'],
  [ack, 'constant.numeric.acknowledgement'],
  ['(', 'punctuation.section.parens.begin'],
  [len, 'constant.numeric.length'],
  [')', 'punctuation.section.parens.end'],
];

/** `icmp echo (ping) request|reply seq=N` */
const echo = (kind: 'request' | 'reply', seq: string): Expectation[] => [
  ['icmp', 'support.type.protocol.icmp'],
  [`echo (ping) ${kind}`, `support.constant.icmp.echo-${kind}`],
  ['seq', 'entity.other.attribute-name.sequence'],
  ['=', ASSIGN],
  [seq, 'constant.numeric.sequence'],
];

/** `icmp type=T code=C` */
const icmpType = (type: string, code: string): Expectation[] => [
  ['icmp', 'support.type.protocol.icmp'],
  ['type', 'entity.other.attribute-name.icmp-type'],
  ['=', ASSIGN],
  [type, 'constant.numeric.icmp-type'],
  ['code', 'entity.other.attribute-name.icmp-code'],
  ['=', ASSIGN],
  [code, 'constant.numeric.icmp-code'],
];

/** tcpdump's `   N  YYYY-MM-DD HH:MM:SS.ffffff` */
const stamp = (num: string, date: string, time: string): Expectation[] => [
  [num, 'meta.packet.tcpdump constant.numeric.packet-number'],
  [date, 'constant.numeric.timestamp'],
  [time, 'constant.numeric.timestamp'],
];

/** One side of a tcpdump packet: `a.b.c.d` or `a.b.c.d.port`. */
function endpoint(role: 'source' | 'destination', address: string, port?: string): Expectation[] {
  const side: Expectation[] = [[address, `meta.address.${role} ${addressScope(address)}`]];
  if (port !== undefined) {
    side.push(['.', `meta.address.${role} punctuation.separator.port`]);
    side.push([port, `meta.address.${role} constant.numeric.port.${role}`]);
  }
  return side;
}

/** `IP src[.port] > dst[.port]:` */
const ip = (
  src: string,
  sport: string | undefined,
  dst: string,
  dport: string | undefined,
): Expectation[] => [
  ['IP', 'keyword.other.ip'],
  ...endpoint('source', src, sport),
  ['>', ARROW],
  ...endpoint('destination', dst, dport),
  [':', 'punctuation.separator.colon'],
];

/** `ESP(spi=0x...,seq=0x...)` */
const espT = (spi: string, seq: string): Expectation[] => [
  ['ESP', 'support.type.protocol.esp'],
  ['(', 'punctuation.section.parens.begin'],
  ['spi', 'meta.spi entity.other.attribute-name.spi'],
  ['=', `meta.spi ${ASSIGN}`],
  [spi, 'meta.spi constant.numeric.spi'],
  [',', 'punctuation.separator.comma'],
  ['seq', 'entity.other.attribute-name.sequence'],
  ['=', ASSIGN],
  [seq, 'constant.numeric.sequence'],
  [')', 'punctuation.section.parens.end'],
];

/** `length N` */
const length = (n: string): Expectation[] => [
  ['length', 'entity.other.attribute-name.length'],
  [n, 'constant.numeric.length'],
];

/** `isakmp: phase P I|R EXCHANGE[E]?` */
function isakmp(
  phase: string,
  role: 'I' | 'R',
  exchange: string,
  encrypted: boolean,
): Expectation[] {
  const rows: Expectation[] = [
    ['isakmp', 'support.type.protocol.isakmp'],
    [`phase ${phase}`, 'keyword.other.ike-phase'],
    [role, role === 'I' ? 'keyword.other.ike-role.initiator' : 'keyword.other.ike-role.responder'],
    [exchange, 'support.constant.ike-exchange'],
  ];
  if (encrypted) {
    rows.push(['[E]', 'constant.language.encrypted']);
  }
  return rows;
}

/** `Flags [F], seq S, ack A, win W` (seq and ack only when given) */
function flags(f: string, seq: string | undefined, ack: string | undefined): Expectation[] {
  const rows: Expectation[] = [
    ['Flags', 'entity.other.attribute-name.flags'],
    ['[', 'punctuation.section.brackets.begin'],
    [f, 'constant.language.tcp-flags'],
    [']', 'punctuation.section.brackets.end'],
  ];
  if (seq !== undefined) {
    rows.push(['seq', 'entity.other.attribute-name.sequence'], [seq, 'constant.numeric.sequence']);
  }
  if (ack !== undefined) {
    rows.push(['ack', 'entity.other.attribute-name.acknowledgement']);
    rows.push([ack, 'constant.numeric.acknowledgement']);
  }
  rows.push(['win', 'entity.other.attribute-name'], ['options', 'entity.other.attribute-name']);
  return rows;
}

async function doc(text: string): Promise<Line[]> {
  return tokenize('capture', text);
}

describe('balancer-capture grammar', () => {
  describe('the seed axdebug captures, every line', () => {
    const before: Expectation[][] = [
      packet(
        {
          tick: '23047990',
          dir: 'i',
          port: '1',
          n2: '100',
          id: '10109',
          src: '10.1.1.254',
          dst: '*.*.*.*',
        },
        esp('0x7eb7fb45', '0x1a'),
      ),
      packet(
        {
          tick: '23047990',
          dir: 'o',
          port: '6',
          n2: '0',
          id: '10109',
          src: '10.1.1.254',
          dst: '*.*.*.*',
        },
        esp('0x7eb7fb45', '0x1a'),
      ),
      packet(
        {
          tick: '23048142',
          dir: 'i',
          port: '1',
          n2: '100',
          id: '1691d',
          src: '10.1.1.254',
          dst: '*.*.*.*',
        },
        esp('0x7eb7fb45', '0x1b'),
      ),
      packet(
        {
          tick: '23048142',
          dir: 'o',
          port: '6',
          n2: '0',
          id: '1691d',
          src: '10.1.1.254',
          dst: '*.*.*.*',
        },
        esp('0x7eb7fb45', '0x1b'),
      ),
      packet(
        {
          tick: '23048280',
          dir: 'i',
          port: '1',
          n2: '100',
          id: '168df',
          src: '10.1.1.254',
          dst: '192.168.0.108',
        },
        tcp('22518', '1521', 'S', '192198c5', '0', '0'),
      ),
      packet(
        {
          tick: '23048280',
          dir: 'o',
          port: '6',
          n2: '0',
          id: '168df',
          src: '183.62.*.*',
          dst: '192.168.0.108',
        },
        tcp('2614', '1521', 'S', '192198c5', '0', '0'),
      ),
      packet(
        {
          tick: '23048348',
          dir: 'i',
          port: '1',
          n2: '100',
          id: 'f17f',
          src: '10.1.1.254',
          dst: '192.168.0.108',
        },
        tcp('60641', '1521', 'S', '19799d8a', '0', '0'),
      ),
      packet(
        {
          tick: '23048348',
          dir: 'o',
          port: '6',
          n2: '0',
          id: 'f17f',
          src: '183.62.*.*',
          dst: '192.168.0.108',
        },
        tcp('6753', '1521', 'S', '19799d8a', '0', '0'),
      ),
      packet(
        {
          tick: '23048464',
          dir: 'i',
          port: '1',
          n2: '100',
          id: '168a3',
          src: '10.1.1.254',
          dst: '*.*.*.*',
        },
        echo('request', '7948'),
      ),
      packet(
        {
          tick: '23048464',
          dir: 'o',
          port: '6',
          n2: '0',
          id: '168a3',
          src: '183.62.*.*',
          dst: '*.*.*.*',
        },
        echo('request', '7948'),
      ),
      packet(
        {
          tick: '23048467',
          dir: 'o',
          port: '1',
          n2: '0',
          id: '15e2d',
          src: '*.*.*.*',
          dst: '10.1.1.254',
        },
        icmpType('11', '0'),
      ),
      packet(
        {
          tick: '23048468',
          dir: 'i',
          port: '1',
          n2: '100',
          id: '12861',
          src: '10.1.1.254',
          dst: '*.*.*.*',
        },
        echo('request', '8048'),
      ),
      packet(
        {
          tick: '23048468',
          dir: 'o',
          port: '6',
          n2: '0',
          id: '12861',
          src: '183.62.8.14',
          dst: '*.*.*.*',
        },
        echo('request', '8048'),
      ),
      packet(
        {
          tick: '23048472',
          dir: 'o',
          port: '1',
          n2: '0',
          id: '163e7',
          src: '*.*.*.*',
          dst: '10.1.1.254',
        },
        icmpType('11', '0'),
      ),
    ];
    const after: Expectation[][] = [
      packet(
        {
          tick: '1777313',
          dir: 'i',
          port: '1',
          n2: '100',
          id: '1f426',
          src: '10.1.1.254',
          dst: '*.*.*.*',
        },
        esp('0x50a5abe3', '0xf3'),
      ),
      packet(
        {
          tick: '1777313',
          dir: 'o',
          port: '6',
          n2: '0',
          id: '1f426',
          src: '210.21.*.*',
          dst: '*.*.*.*',
        },
        esp('0x50a5abe3', '0xf3'),
      ),
      packet(
        {
          tick: '1777314',
          dir: 'o',
          port: '1',
          n2: '0',
          id: 'c2f9',
          src: '*.*.*.*',
          dst: '10.1.1.254',
        },
        esp('0x8dcc49fe', '0xfa'),
      ),
      packet(
        {
          tick: '1777329',
          dir: 'i',
          port: '1',
          n2: '100',
          id: '1f447',
          src: '10.1.1.254',
          dst: '*.*.*.*',
        },
        esp('0x50a5abe3', '0xf4'),
      ),
      packet(
        {
          tick: '1777329',
          dir: 'o',
          port: '6',
          n2: '0',
          id: '1f447',
          src: '210.21.*.*',
          dst: '*.*.*.*',
        },
        esp('0x50a5abe3', '0xf4'),
      ),
      packet(
        {
          tick: '1777331',
          dir: 'o',
          port: '1',
          n2: '0',
          id: 'c2fe',
          src: '*.*.*.*',
          dst: '10.1.1.254',
        },
        esp('0x8dcc49fe', '0xfb'),
      ),
      packet(
        {
          tick: '1777390',
          dir: 'o',
          port: '1',
          n2: '0',
          id: 'c301',
          src: '210.21.*.*',
          dst: '10.1.1.254',
        },
        echo('request', '5496'),
      ),
      packet(
        {
          tick: '1777390',
          dir: 'i',
          port: '1',
          n2: '100',
          id: '1f44d',
          src: '10.1.1.254',
          dst: '210.21.*.*',
        },
        echo('reply', '5496'),
      ),
    ];

    it('capture-before-fix.axdebug.txt', async () => {
      const lines = await doc(readFixture('test/fixtures/seed/capture-before-fix.axdebug.txt'));
      expectDocument(lines, before);
      lines.forEach(expectFullyScoped);
    });

    it('capture-after-fix.axdebug.txt', async () => {
      const lines = await doc(readFixture('test/fixtures/seed/capture-after-fix.axdebug.txt'));
      expectDocument(lines, after);
      lines.forEach(expectFullyScoped);
    });

    it('scopes each line of every axdebug fixture as one packet that ends with its line', async () => {
      const files = fixtureFiles('test/fixtures/seed', '.axdebug.txt');
      assert.ok(files.length >= 2, `fixtures found: ${files.join(', ')}`);
      for (const file of files) {
        for (const line of await doc(readFixture(file))) {
          expectScope(line, line.text, 'meta.packet.axdebug');
          assert.ok(
            line.endsAtRoot,
            `${file}:${line.index + 1} leaves the grammar in a nested rule`,
          );
        }
      }
    });

    it('reads the missing spaces of real dumps: `210.21.*.*>` and `>*.*.*.*`', async () => {
      const [glued] = await doc(
        '@1777390 o( 1, 0, c301)> ip 210.21.*.*> 10.1.1.254 icmp echo (ping) request seq=5496',
      );
      expectScopes(glued, [
        ['210.21.*.*', `meta.address.source ${MASKED}`],
        ['>', ARROW],
        ['10.1.1.254', `meta.address.destination ${IPV4}`],
      ]);
      const [other] = await doc(
        '@23048464 o( 6, 0, 168a3)> ip 183.62.*.* >*.*.*.* icmp echo (ping) request seq=7948',
      );
      expectScopes(other, [
        ['183.62.*.*', `meta.address.source ${MASKED}`],
        ['>', ARROW],
        ['*.*.*.*', `meta.address.destination ${MASKED}`],
      ]);
    });

    it('never calls a plain address masked', async () => {
      const lines = [
        ...(await doc(readFixture('test/fixtures/seed/capture-before-fix.axdebug.txt'))),
        ...(await doc(readFixture('test/fixtures/seed/capture-after-fix.axdebug.txt'))),
      ];
      for (const line of lines) {
        for (const address of ['10.1.1.254', '192.168.0.108', '183.62.8.14']) {
          if (line.text.includes(address)) {
            expectNoScope(line, address, MASKED);
          }
        }
      }
    });
  });

  describe('axdebug lines the seed does not show', () => {
    it('scopes udp ports, gre, ah with its SPI, IPv6 and an unknown direction letter', async () => {
      const lines = await doc(
        [
          '@100 i( 1, 100, abc)> ip 10.1.1.254 > 192.0.2.9 udp 500 > 500',
          '@101 o( 6, 0, abd)> ip 210.21.*.*>*.*.*.* gre',
          '@102 i( 1, 100, abe)> ip 2001:db8::1 > 2001:db8::2 ah spi=0x1234',
          '@103 x( 1, 100, abf)> ip 10.1.1.254 > 8.8.8.8 weird stuff here',
        ].join('\n'),
      );
      expectScopes(lines[0], [
        ['udp', 'support.type.protocol.udp'],
        ['500', 'constant.numeric.port.source'],
        ['>', ARROW],
        ['500', 'constant.numeric.port.destination'],
      ]);
      expectScopes(lines[1], [
        ['*.*.*.*', `meta.address.destination ${MASKED}`],
        ['gre', 'support.type.protocol.gre'],
      ]);
      expectScopes(lines[2], [
        ['2001:db8::1', 'meta.address.source constant.numeric.ip-address.ipv6'],
        ['2001:db8::2', 'meta.address.destination constant.numeric.ip-address.ipv6'],
        ['ah', 'support.type.protocol.ah'],
        ['0x1234', 'constant.numeric.spi'],
      ]);
      expectScopes(lines[3], [
        ['x', 'keyword.other.direction.unknown'],
        ['8.8.8.8', `meta.address.destination ${IPV4}`],
      ]);
      expectNoScope(lines[3], 'x', 'keyword.other.direction.in');
    });

    it('scopes debug packet / debug monitor lines: two numbers, no packet id, TCP options, ACOS 4/5 prompts', async () => {
      const lines = await doc(
        [
          'vThunder-Active-vMaster[1/1]#debug monitor',
          'Wait for debug output, enter <ctrl c> to exit',
          '@4296982955 i( 1,   1)> ip 192.168.91.153 > 192.168.91.28 tcp  47278 > 80 S 4aacf19e:0(0) <mswt, m=1410,w=7>',
          'no debug all',
        ].join('\n'),
      );
      expectScopes(lines[0], [
        ['vThunder-Active-vMaster[1/1]', 'meta.prompt entity.name.section.host'],
        ['#', 'punctuation.definition.prompt'],
        ['debug', 'keyword.other.command'],
      ]);
      expectScope(lines[1], lines[1].text, 'comment.line.banner');
      expectScopes(lines[2], [
        ['@', 'punctuation.definition.tick'],
        ['4296982955', 'constant.numeric.tick'],
        ['i', 'keyword.other.direction.in'],
        ['(', 'punctuation.section.parens.begin'],
        ['1', 'constant.numeric.physical-port'],
        [',', 'punctuation.separator.comma'],
        ['1', 'constant.numeric.context'],
        [')', 'punctuation.section.parens.end'],
        ['>', 'punctuation.separator.header'],
        ['192.168.91.153', `meta.address.source ${IPV4}`],
        ['tcp', 'support.type.protocol.tcp'],
        ['47278', 'constant.numeric.port.source'],
        ['80', 'constant.numeric.port.destination'],
        ['S', 'constant.language.tcp-flags'],
        ['4aacf19e', 'constant.numeric.sequence'],
        ['mswt', 'constant.language.tcp-options'],
      ]);
      expectNoScope(lines[2], '1', 'constant.numeric.packet-id');
      expectScope(lines[3], 'no', 'meta.command.axdebug keyword.other.command');
      for (const line of lines) assert.ok(line.endsAtRoot);
    });

    it('keeps a broken header on its own line', async () => {
      const lines = await doc(
        '@104 i(\n@105 o( 6, 0, 1f426)> ip 210.21.*.* > *.*.*.* esp spi=0x50a5abe3 seq=0xf3',
      );
      expectScope(lines[0], '104', 'constant.numeric.tick');
      expectScope(lines[1], 'o', 'keyword.other.direction.out');
      expectScope(lines[1], '0x50a5abe3', 'constant.numeric.spi');
      assert.ok(lines[0].endsAtRoot);
    });
  });

  describe('prompt, banner and comment lines around a capture', () => {
    it('scopes the session that starts a capture', async () => {
      const lines = await doc(
        [
          '# capture taken on LLB-1 after the fix',
          'AX3200#axdebug',
          'AX3200(axdebug)#filter 1',
          'AX3200(axdebug-filter:1)#ip 10.1.1.254 /32',
          'AX3200(axdebug)#capture brief',
          'Wait for debug output, enter <ctrl c> to exit',
          'filter 1',
          'ip 10.1.1.254 /32',
          '@1777313 i( 1, 100, 1f426)> ip 10.1.1.254 > *.*.*.* esp spi=0x50a5abe3 seq=0xf3',
        ].join('\n'),
      );
      expectScopes(lines[0], [
        ['#', 'comment.line.number-sign punctuation.definition.comment'],
        [' capture taken on LLB-1 after the fix', 'comment.line.number-sign'],
      ]);
      expectScopes(lines[1], [
        ['AX3200', 'meta.prompt entity.name.section.host'],
        ['#', 'punctuation.definition.prompt'],
        ['axdebug', 'keyword.other.command'],
      ]);
      expectScopes(lines[2], [
        ['AX3200', 'entity.name.section.host'],
        ['(', 'punctuation.definition.mode.begin'],
        ['axdebug', 'entity.name.section.mode'],
        [')', 'punctuation.definition.mode.end'],
        ['#', 'punctuation.definition.prompt'],
        ['filter', 'keyword.other.command'],
        ['1', 'constant.numeric.integer'],
      ]);
      expectScopes(lines[3], [
        ['axdebug-filter:1', 'entity.name.section.mode'],
        ['ip', 'keyword.other.command'],
        ['10.1.1.254', IPV4],
        ['/32', 'constant.numeric.netmask'],
      ]);
      expectScopes(lines[4], [
        ['capture', 'keyword.other.command'],
        ['brief', 'support.constant.option'],
      ]);
      expectScope(lines[5], lines[5].text, 'comment.line.banner');
      expectScopes(lines[6], [
        ['filter', 'meta.command.axdebug keyword.other.command'],
        ['1', 'constant.numeric.integer'],
      ]);
      expectScopes(lines[7], [
        ['ip', 'meta.command.axdebug keyword.other.command'],
        ['10.1.1.254', IPV4],
        ['/32', 'constant.numeric.netmask'],
      ]);
      expectScope(lines[8], '0x50a5abe3', 'constant.numeric.spi');
      for (const line of lines) {
        assert.ok(line.endsAtRoot, `line ${line.index + 1} leaves the grammar in a nested rule`);
      }
    });

    it('leaves prose alone but still finds its addresses, and recovers on the next line', async () => {
      const lines = await doc(
        'Some banner text 1.2.3.4 from the box (unclosed [ "\n@1 o( 6, 0, 1)> ip 1.1.1.1 > 2.2.2.2 esp spi=0x1 seq=0x2',
      );
      expectNoScope(lines[0], 'Some banner text', 'meta.prompt');
      expectNoScope(lines[0], 'Some banner text', 'keyword');
      expectScope(lines[0], '1.2.3.4', IPV4);
      expectScopes(lines[1], [
        ['o', 'keyword.other.direction.out'],
        ['1.1.1.1', `meta.address.source ${IPV4}`],
        ['0x1', 'constant.numeric.spi'],
        ['0x2', 'constant.numeric.sequence'],
      ]);
    });
  });

  describe('tcpdump text (lines from the tcpdump project tests), every line', () => {
    const rows: Expectation[][] = [
      [
        ...stamp('1', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.23', undefined, '192.1.2.45', undefined),
        ...espT('0x12345678', '0x1'),
        ...length('116'),
      ],
      [
        ...stamp('1', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.23', undefined, '192.1.2.45', undefined),
        ...espT('0xd1234567', '0x1'),
        ...length('132'),
        ...ip('192.0.2.1', undefined, '192.0.1.1', undefined),
        ['ICMP', 'support.type.protocol.icmp'],
        ['echo request', 'support.constant.icmp.echo-request'],
        ['id', 'entity.other.attribute-name'],
        ['28416', 'constant.numeric.integer'],
        ['seq', 'entity.other.attribute-name.sequence'],
        ['1280', 'constant.numeric.sequence'],
        ...length('64'),
      ],
      [
        ...stamp('1', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.23', '4500', '192.1.2.45', '4500'),
        ['UDP-encap', 'support.type.protocol.nat-t'],
        ...espT('0x12345678', '0x1'),
        ...length('116'),
      ],
      [
        ...stamp('2', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.23', '4500', '192.1.2.45', '4500'),
        ['UDP-encap', 'support.type.protocol.nat-t'],
        ...espT('0x12345678', '0x2'),
        ...length('116'),
        ['37', 'constant.numeric.integer'],
      ],
      [
        ...stamp('1', '1970-01-01', '00:00:00.000000'),
        ['ARP', 'support.type.protocol.arp'],
        [',', 'punctuation.separator.comma'],
        ['Request', 'support.constant.arp-operation'],
        ['who-has', 'keyword.other.arp'],
        ['192.1.2.23', IPV4],
        ['tell', 'keyword.other.arp'],
        ['192.1.2.254', IPV4],
        ...length('28'),
      ],
      [
        ...stamp('2', '1970-01-01', '00:00:00.000000'),
        ['ARP', 'support.type.protocol.arp'],
        ['Reply', 'support.constant.arp-operation'],
        ['192.1.2.23', IPV4],
        ['is-at', 'keyword.other.arp'],
        ['10:00:00:64:64:23', 'constant.numeric.mac-address'],
        ...length('28'),
      ],
      [
        ...stamp('3', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.254', '500', '192.1.2.23', '500'),
        ...isakmp('1', 'I', 'ident', false),
      ],
      [
        ...stamp('4', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.23', '500', '192.1.2.254', '500'),
        ...isakmp('1', 'R', 'ident', false),
      ],
      [
        ...stamp('7', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.254', '4500', '192.1.2.23', '4500'),
        ['NONESP-encap', 'support.type.protocol.nat-t'],
        ...isakmp('1', 'I', 'ident', true),
      ],
      [
        ...stamp('9', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.254', '4500', '192.1.2.23', '4500'),
        ['NONESP-encap', 'support.type.protocol.nat-t'],
        ...isakmp('2/others', 'I', 'oakley-quick', true),
      ],
      [
        ...stamp('12', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.254', '4500', '192.1.2.23', '4500'),
        ['UDP-encap', 'support.type.protocol.nat-t'],
        ...espT('0xf4dc0ae5', '0x1'),
        ...length('132'),
      ],
      [
        ...stamp('18', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.254', '4500', '192.1.2.23', '4500'),
        ['isakmp-nat-keep-alive', 'support.type.protocol.nat-t.keepalive'],
      ],
      [
        ...stamp('35', '1970-01-01', '00:00:00.000000'),
        ...ip('192.1.2.23', '4500', '192.1.2.254', '4500'),
        ['NONESP-encap', 'support.type.protocol.nat-t'],
        ...isakmp('2/others', 'R', 'inf', true),
      ],
      [
        ...stamp('1', '2004-06-14', '10:13:29.331681'),
        ['IP', 'keyword.other.ip'],
        ['tos', 'entity.other.attribute-name'],
        ['0x0', 'constant.numeric.hex'],
        ['ttl', 'entity.other.attribute-name'],
        ['254', 'constant.numeric.integer'],
        ['flags', 'entity.other.attribute-name'],
        ['proto', 'entity.other.attribute-name'],
        ['ICMP', 'support.type.protocol.icmp'],
        ['1', 'constant.numeric.integer'],
        ...length('240'),
      ],
      [
        ['10.4.0.2', `meta.packet.tcpdump.continuation meta.address.source ${IPV4}`],
        ['>', ARROW],
        ['12.4.4.4', `meta.address.destination ${IPV4}`],
        ['ICMP', 'support.type.protocol.icmp'],
        ['time exceeded in-transit', 'support.constant.icmp.time-exceeded'],
        ...length('220'),
      ],
      [
        ['IP', 'meta.packet.tcpdump.continuation keyword.other.ip'],
        ['ttl', 'entity.other.attribute-name'],
        ['1', 'constant.numeric.integer'],
        ['proto', 'entity.other.attribute-name'],
        ['UDP', 'support.type.protocol.udp'],
        ['17', 'constant.numeric.integer'],
        ...length('40'),
      ],
      [
        ...endpoint('source', '12.4.4.4', '42315'),
        ['>', ARROW],
        ...endpoint('destination', '12.1.1.1', '33440'),
        ['UDP', 'support.type.protocol.udp'],
        ...length('12'),
      ],
      [
        ...stamp('1', '2015-02-24', '02:23:00.757048'),
        ...ip('127.0.0.1', '35901', '127.0.0.1', '6379'),
        ...flags('S', '1159918511', undefined),
        ...length('0'),
      ],
      [
        ...stamp('2', '2015-02-24', '02:23:00.757078'),
        ...ip('127.0.0.1', '6379', '127.0.0.1', '35901'),
        ...flags('S.', '1309831771', '1159918512'),
        ...length('0'),
      ],
      [
        ...stamp('4', '2015-02-24', '02:23:00.757197'),
        ...ip('127.0.0.1', '35901', '127.0.0.1', '6379'),
        ...flags('P.', '1:7', '1'),
        ...length('6'),
      ],
      [
        ...stamp('8', '2015-02-24', '02:23:00.757391'),
        ...ip('127.0.0.1', '35901', '127.0.0.1', '6379'),
        ...flags('F.', '7', '8'),
        ...length('0'),
      ],
    ];

    it('tcpdump-samples.txt', async () => {
      const lines = await doc(readFixture('test/fixtures/grammar/tcpdump-samples.txt'));
      expectDocument(lines, rows);
      for (const line of lines) {
        assert.ok(line.endsAtRoot, `line ${line.index + 1} leaves the grammar in a nested rule`);
      }
    });

    it('reads tcpdump without packet numbers or dates, and IPv6 endpoints with ports', async () => {
      const lines = await doc(
        [
          '00:00:01.5 IP 10.0.0.1 > 10.0.0.2: ICMP host 10.0.0.2 unreachable, length 36',
          'IP 10.0.0.1.4500 > 10.0.0.2.4500: UDP-encap: ESP(spi=0xabcdef01,seq=0x2), length 100',
          '    1  00:00:00.000000 IP6 2001:db8::1.500 > 2001:db8::2.500: isakmp: phase 1 I ident',
        ].join('\n'),
      );
      expectScopes(lines[0], [
        ['00:00:01.5', 'constant.numeric.timestamp'],
        ['10.0.0.1', `meta.address.source ${IPV4}`],
        ['host 10.0.0.2 unreachable', 'support.constant.icmp.unreachable'],
      ]);
      expectScopes(lines[1], [
        ['IP', 'meta.packet.tcpdump keyword.other.ip'],
        ['4500', 'constant.numeric.port.source'],
        ['4500', 'constant.numeric.port.destination'],
        ['0xabcdef01', 'constant.numeric.spi'],
      ]);
      expectScopes(lines[2], [
        ['IP6', 'keyword.other.ip'],
        ['2001:db8::1', 'meta.address.source constant.numeric.ip-address.ipv6'],
        ['500', 'constant.numeric.port.source'],
        ['2001:db8::2', 'meta.address.destination constant.numeric.ip-address.ipv6'],
        ['500', 'constant.numeric.port.destination'],
      ]);
    });

    it('does not mistake a MAC address or a clock time for IPv6', async () => {
      const [line] = await doc(
        '    2  1970-01-01 10:21:07.000000 ARP, Reply 192.1.2.23 is-at 10:00:00:64:64:23, length 28',
      );
      expectNoScope(line, '10:00:00:64:64:23', 'constant.numeric.ip-address');
      expectNoScope(line, '10:21:07.000000', 'constant.numeric.ip-address');
    });
  });

  describe('tcpdump from balancers, -i any, -e and IKEv2 (the capture fixtures)', () => {
    it("scopes F5's direction, TMM and virtual server after the packet", async () => {
      const [line] = await doc(
        '12:00:03.000030 IP 198.51.100.7.2614 > 192.0.2.80.443: Flags [S], seq 1000, win 64240, length 0 out slot1/tmm1 lis=/Common/web',
      );
      expectScopes(line, [
        ['out', 'keyword.other.direction.out'],
        ['slot1/tmm1', 'entity.name.tag.tmm'],
        ['lis', 'entity.other.attribute-name.listener'],
        ['=', ASSIGN],
        ['/Common/web', 'entity.name.section.virtual-server'],
      ]);
      const [received] = await doc(
        '12:00:02.000001 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132 in slot1/tmm0 lis=',
      );
      expectScopes(received, [
        ['0x50a5abe3', 'constant.numeric.spi'],
        ['in', 'keyword.other.direction.in'],
        ['slot1/tmm0', 'entity.name.tag.tmm'],
      ]);
    });

    it('scopes -i any directions, -e link headers with VLAN tags, IKEv2, AH and the path MTU errors', async () => {
      const lines = await doc(
        [
          '10:00:00.000001 eth1  In  IP (tos 0x0, ttl 64, id 4242, offset 0, flags [none], proto UDP (17), length 60)',
          '02:23:01.000000 00:50:56:aa:bb:cc > 00:50:56:dd:ee:ff, ethertype 802.1Q (0x8100), length 102: vlan 100, p 0, ethertype IPv4 (0x0800), 192.0.2.10 > 198.51.100.20: ICMP echo request, id 9, seq 3, length 64',
          '10:00:02.000000 IP6 2001:db8::1.500 > 2001:db8::2.500: isakmp: parent_sa ikev2_init[I]',
          '10:00:06.000000 IP 10.0.0.1 > 10.0.0.2: AH(spi=0x00001000,sumlen=16,seq=0x1): ESP(spi=0x00000002,seq=0x1), length 100',
          '02:23:02.600000 IP6 2001:db8::9 > 2001:db8::1: ICMP6, packet too big, mtu 1280, length 1240',
          '02:23:02.100000 IP 203.0.113.1 > 192.0.2.10: ICMP 198.51.100.99 unreachable - need to frag (mtu 1400), length 556',
          '10:00:03.000000 IP 10.0.0.1 > 10.0.0.2: GREv0, length 88: IP 192.168.1.1 > 192.168.2.1: ICMP echo request, id 1, seq 1, length 64',
        ].join('\n'),
      );
      expectScopes(lines[0], [
        ['In', 'keyword.other.direction.in'],
        ['IP', 'keyword.other.ip'],
        ['id', 'entity.other.attribute-name'],
        ['4242', 'constant.numeric'],
      ]);
      expectScopes(lines[1], [
        ['00:50:56:aa:bb:cc', 'constant.numeric.mac-address'],
        ['ethertype', 'keyword.other.ethertype'],
        ['802.1Q', 'support.type.protocol.ethertype'],
        ['vlan', 'keyword.other.vlan'],
        ['100', 'constant.numeric.vlan'],
        ['IPv4', 'support.type.protocol.ethertype'],
        ['192.0.2.10', IPV4],
        ['echo request', 'support.constant.icmp.echo-request'],
      ]);
      expectScopes(lines[2], [
        ['isakmp', 'support.type.protocol.isakmp'],
        ['parent_sa', 'keyword.other.ike-sa'],
        ['ikev2_init', 'support.constant.ike-exchange'],
        ['I', 'constant.language.ike-flags'],
      ]);
      expectScopes(lines[3], [
        ['AH', 'support.type.protocol.ah'],
        ['0x00001000', 'constant.numeric.spi'],
        ['ESP', 'support.type.protocol.esp'],
      ]);
      expectScopes(lines[4], [['packet too big', 'support.constant.icmp.fragmentation-needed']]);
      expectScopes(lines[5], [['need to frag', 'support.constant.icmp.fragmentation-needed']]);
      expectScopes(lines[6], [['GREv0', 'support.type.protocol.gre']]);
    });

    it('scopes the forms engineers post (issue 16): the older TCP form, every -i any mark, what carries a packet', async () => {
      const lines = await doc(
        [
          '10:00:00.000000 IP 10.50.34.204.61050 > 10.120.65.32.http: S 2166173138:2166173138(0) win 8192 <mss 1350>',
          '10:00:00.001100 IP 10.50.34.204.61050 > 10.120.65.32.http: . ack 1 win 64240',
          '10:00:00.100000 eth0  B   IP 10.0.0.7.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 00:11:22:33:44:55, length 300',
          '10:00:00.200000 ?     M   IP 10.0.0.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 1, prio 100, authtype none, intvl 1s, length 20',
          '10:00:00.300000   P IP 10.0.0.8 > 10.0.0.9: ICMP echo request, id 2, seq 1, length 64',
          '10:00:00.400000   ? IP 10.0.0.8 > 10.0.0.9: ICMP echo request, id 3, seq 1, length 64',
          '10:00:01.000000 00:01:c9:74:4c:1b > 00:0e:38:84:38:1b, ethertype MPLS unicast (0x8847), length 122: MPLS (label 16, exp 0, ttl 255) (label 20, exp 0, [S], ttl 255) 192.168.31.1 > 192.168.91.1: ICMP echo request, id 74, seq 0, length 80',
          '10:00:03.000000 a2:df:d1:ed:e9:d5 > 4a:c7:d4:1b:83:a1, ethertype PPPoE S (0x8864), length 98: PPPoE  [ses 0x18] IP (0x0021), length 84: 100.64.0.2 > 8.8.8.8: ICMP echo request, id 5, seq 1, length 64',
          '10:00:06.000000 IP 172.27.16.16.43908 > 172.27.0.11.4789: VXLAN, flags [I] (0x08), vni 4097',
          'IP 10.1.1.7.34786 > 11.1.1.12.8000: Flags [S], seq 2425839577, win 28200, length 0',
          '10:00:05.000000 IP (tos 0x0, ttl 64, id 57430, offset 0, flags [DF], proto GRE (47), length 112)',
          '    10.204.216.253 > 10.204.216.67: GREv0, Flags [key present], key=0x64, length 92',
          '     MPLS (label 16, exp 0, [S], ttl 54)',
          '\t(tos 0x0, ttl 54, id 35986, offset 0, flags [none], proto ICMP (1), length 84)',
          '    172.29.227.6 > 10.204.219.37: ICMP echo request, id 53240, seq 242, length 64',
        ].join('\n'),
      );
      expectScopes(lines[0], [
        ['S', 'constant.language.tcp-flags'],
        ['2166173138', 'constant.numeric.sequence'],
        ['2166173138', 'constant.numeric.sequence.end'],
        ['0', 'constant.numeric.length'],
        ['win', 'entity.other.attribute-name'],
      ]);
      expectScopes(lines[1], [
        ['http', 'constant.numeric.port.destination'],
        [':', 'punctuation.separator.colon'],
        ['.', 'constant.language.tcp-flags'],
        ['ack', 'entity.other.attribute-name.acknowledgement'],
        ['1', 'constant.numeric.acknowledgement'],
      ]);
      expectScope(lines[2], 'B', 'keyword.other.direction.broadcast');
      expectScope(lines[3], 'M', 'keyword.other.direction.multicast');
      expectScope(lines[4], 'P', 'keyword.other.direction.other-host');
      expectScope(lines[5], '?', 'keyword.other.direction.unknown');
      expectScopes(lines[6], [
        ['MPLS', 'support.type.protocol.ethertype'],
        ['MPLS', 'support.type.protocol.mpls'],
        ['label', 'entity.other.attribute-name.encapsulation'],
        ['16', 'constant.numeric.encapsulation-id'],
        ['label', 'entity.other.attribute-name.encapsulation'],
        ['20', 'constant.numeric.encapsulation-id'],
        ['192.168.31.1', IPV4],
      ]);
      expectScopes(lines[7], [
        ['PPPoE', 'support.type.protocol.ethertype'],
        ['PPPoE', 'support.type.protocol.pppoe'],
        ['ses', 'entity.other.attribute-name.encapsulation'],
        ['0x18', 'constant.numeric.encapsulation-id'],
        ['100.64.0.2', IPV4],
      ]);
      expectScopes(lines[8], [
        ['VXLAN', 'support.type.protocol.vxlan'],
        ['vni', 'entity.other.attribute-name.encapsulation'],
        ['4097', 'constant.numeric.encapsulation-id'],
      ]);
      expectScopes(lines[9], [
        ['IP', 'keyword.other.ip'],
        ['10.1.1.7', IPV4],
        ['Flags', 'entity.other.attribute-name.flags'],
      ]);
      expectScope(lines[11], 'GREv0', 'support.type.protocol.gre');
      expectScopes(lines[12], [
        ['MPLS', 'meta.packet.tcpdump.continuation support.type.protocol.mpls'],
        ['16', 'constant.numeric.encapsulation-id'],
      ]);
      expectScopes(lines[13], [
        ['tos', 'meta.packet.tcpdump.continuation entity.other.attribute-name'],
        ['35986', 'constant.numeric'],
      ]);
      expectScope(lines[14], '172.29.227.6', `meta.address.source ${IPV4}`);
      for (const line of lines) {
        assert.ok(line.endsAtRoot, `line ${line.index + 1} leaves the grammar in a nested rule`);
      }
    });

    it('reads every line of the capture fixtures to its end, -v continuation lines included', async () => {
      for (const file of fixtureFiles('test/fixtures/capture', '.txt').concat(
        fixtureFiles('test/fixtures/capture', '.out'),
      )) {
        const lines = await doc(readFixture(file));
        for (const line of lines) {
          assert.ok(
            line.endsAtRoot,
            `${file} line ${line.index + 1} leaves the grammar in a nested rule`,
          );
          assert.strictEqual(
            line.tokens.at(-1)?.end ?? 0,
            line.text.length,
            `${file} line ${line.index + 1} is not tokenized to its end`,
          );
        }
      }
    });
  });
});
