// The server in the editor's display language: VS Code sends it in `initialize` (LSP 3.16
// InitializeParams.locale). In zh-cn the findings, their links, hovers and quick-fix titles are
// Chinese; without a locale (or in another) they stay English.
import * as assert from 'assert';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from './client';

const CONFIG_URI = 'file:///ws/llb.a10.cfg';
const CONFIG = 'slb virtual-server vip_vpn 0.0.0.0\n  port 0 udp\n    service-group sg_udp\n';
const CAPTURE_URI = 'file:///ws/vpn.axdebug.txt';
const CAPTURE = [
  '@23047990 i( 1, 100, 10109)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x7eb7fb45 seq=0x1a',
  '@23047990 o( 6, 0, 10109)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x7eb7fb45 seq=0x1a',
  '',
].join('\n');

/** The server's answers on the same documents: the VIP's finding, its quick fix, a packet's hover. */
async function answersIn(locale?: string): Promise<{
  finding: Diagnostic;
  fix: string;
  hover: string;
}> {
  const client = LspClient.start();
  try {
    await client.initialize(locale);
    await client.didOpen(CONFIG_URI, 'balancer-config', CONFIG);
    const [finding] = await client.waitForDiagnostics(CONFIG_URI, (p) => p.diagnostics.length > 0);
    const actions = (await client.codeAction(CONFIG_URI, finding.range, [finding])) as CodeAction[];
    await client.didOpen(CAPTURE_URI, 'balancer-capture', CAPTURE);
    await client.waitForDiagnostics(CAPTURE_URI, () => true);
    const hover = await client.hover(CAPTURE_URI, { line: 0, character: 3 });
    return {
      finding,
      fix: actions.map((a) => a.title).join('\n'),
      hover: (hover?.contents as MarkupContent).value,
    };
  } finally {
    client.dispose();
  }
}

describe('The server in the editor’s display language (InitializeParams.locale)', function () {
  this.timeout(30_000);

  it('says a finding, its rule page, a quick fix and a hover in Chinese for zh-cn', async () => {
    const { finding, fix, hover } = await answersIn('zh-cn');
    assert.deepStrictEqual(
      { code: finding.code, message: finding.message, codeDescription: finding.codeDescription },
      {
        code: 'lbconf/missing-others-vport',
        message:
          '虚拟服务器 vip_vpn 转发 `port 0 udp`，但没有 `port 0 others`：经过负载均衡设备的 ESP、AH、GRE 和 ICMP 既不做地址转换也不被接收。IPsec 隧道能建立（IKE 走 UDP），却传不了数据，防火墙会不停地断开重建隧道。请添加 `port 0 others` 虚拟端口。',
        codeDescription: {
          href: 'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/zh-cn/lbconf-missing-others-vport.md',
        },
      },
    );
    assert.strictEqual(fix, "为 vip_vpn 添加 'port 0 others'");
    assert.deepStrictEqual(hover.split('\n\n'), [
      '**ESP spi 0x7eb7fb45 seq 0x1a**，负载均衡设备收到，端口 1',
      '`10.1.1.254 → 203.0.113.9` · tick 值 23047990 · 数据包 ID `10109`',
      'ESP（IP 协议 50）：SPI `0x7eb7fb45` 标识这个方向的 IPsec SA；序列号 `0x1a`',
      '**另一份副本：**第 2 行，负载均衡设备发出，端口 6：`10.1.1.254 → 203.0.113.9`',
      '**地址转换：**无：两份副本的地址和端口相同。',
      '**流 1：**ESP spi 0x7eb7fb45 10.1.1.254 → 203.0.113.9：1 个数据包（去程 1 个，回程 0 个），第 1–2 行。',
      '**应答：**这个抓包中没有：在它之后这条流中没有返回的数据包。',
      '**IPsec 10.1.1.254 ↔ 203.0.113.9:** 这个抓包中没有 IKE; 没有看到 NAT-T; ESP 发出：spi 0x7eb7fb45 (1)；ESP 返回：无: 单向 ESP（对端没有任何返回）.',
      '**配置：**经过虚拟服务器 [vip\\_vpn](file:///ws/llb.a10.cfg#L1)（[llb.a10.cfg 第 1 行](file:///ws/llb.a10.cfg#L1)），按通配 VIP 匹配：0.0.0.0 接收经过负载均衡设备的所有流量。它**没有接收 ESP 的虚拟端口**（需要 `port 0 others`）：负载均衡设备对这类数据包去程不做地址转换，回程也不接收。',
      '**问题** `lbcap/one-way-esp`：单向 IPsec SA：SPI 为 0x7eb7fb45 的 ESP 从 10.1.1.254 发往 203.0.113.9（1 个数据包），而整个抓包中没有从 203.0.113.9 返回的 ESP。',
      'IKE（第一阶段）可能显示隧道已建立，但第二阶段传不了数据。经过链路负载均衡设备时，没有 `port 0 others` 虚拟端口的虚拟服务器就会这样：ESP（IP 协议 50）既不做地址转换也不被接收。配置说明了原因：虚拟服务器 vip\\_vpn（llb.a10.cfg 第 1 行） 没有 `port 0 others`（按通配 VIP 匹配：0.0.0.0 接收经过负载均衡设备的所有流量）。',
      '- 第 2 行：负载均衡设备发出，端口 6：10.1.1.254 → 203.0.113.9 ESP spi 0x7eb7fb45 seq 0x1a',
    ]);
  });

  it('stays English without a locale, and in a language it does not speak', async () => {
    for (const locale of [undefined, 'fr']) {
      const { finding, fix, hover } = await answersIn(locale);
      assert.deepStrictEqual(
        { message: finding.message, codeDescription: finding.codeDescription },
        {
          message:
            'Virtual server vip_vpn forwards `port 0 udp` but has no `port 0 others`: ESP, AH, GRE and ICMP through the balancer are neither translated nor accepted. An IPsec tunnel comes up (IKE runs over UDP) but carries no data, and the firewalls tear it down and rebuild it forever. Add a `port 0 others` vport.',
          codeDescription: {
            href: 'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/lbconf-missing-others-vport.md',
          },
        },
      );
      assert.strictEqual(fix, "Add 'port 0 others' to vip_vpn");
      assert.deepStrictEqual(hover.split('\n\n'), [
        '**ESP spi 0x7eb7fb45 seq 0x1a**, received by the balancer on port 1',
        '`10.1.1.254 → 203.0.113.9` · tick 23047990 · packet id `10109`',
        'ESP (IP protocol 50): SPI `0x7eb7fb45` names the IPsec SA of this direction; sequence `0x1a`',
        '**Other copy:** line 2, sent by the balancer on port 6: `10.1.1.254 → 203.0.113.9`',
        '**Translation:** none: both copies carry the same addresses and ports.',
        '**Flow 1:** ESP spi 0x7eb7fb45 10.1.1.254 → 203.0.113.9: 1 packet (1 forward, 0 back), lines 1–2.',
        '**Answered by:** nothing in this dump: no packet comes back in this flow after it.',
        '**IPsec 10.1.1.254 ↔ 203.0.113.9:** no IKE in this dump; NAT-T not seen; ESP out: spi 0x7eb7fb45 (1); ESP back: none: one-way ESP (nothing back from the peer).',
        '**Configuration:** through virtual server [vip\\_vpn](file:///ws/llb.a10.cfg#L1) ([llb.a10.cfg line 1](file:///ws/llb.a10.cfg#L1)), matched as the wildcard VIP: 0.0.0.0 takes all traffic through the balancer. It has **no vport for ESP** (it needs `port 0 others`): the balancer neither translates such packets on the way out nor accepts them on the way in.',
        '**Finding** `lbcap/one-way-esp`: One-way IPsec SA: ESP with SPI 0x7eb7fb45 goes from 10.1.1.254 to 203.0.113.9 (1 packet), and no ESP comes back from 203.0.113.9 anywhere in this dump.',
        'IKE (phase 1) may report the tunnel up, but phase 2 carries no data. Through a link load balancer this is what a virtual server without a `port 0 others` vport does: ESP (IP protocol 50) is neither translated nor accepted. The configuration explains it: virtual server vip\\_vpn in llb.a10.cfg (line 1) has no `port 0 others` (matched as the wildcard VIP: 0.0.0.0 takes all traffic through the balancer).',
        '- line 2: sent by the balancer on port 6: 10.1.1.254 → 203.0.113.9 ESP spi 0x7eb7fb45 seq 0x1a',
      ]);
    }
  });
});

describe('Rename’s refusals in the editor’s display language', function () {
  this.timeout(30_000);
  const URI = 'file:///ws/rename.a10.cfg';
  const TEXT = [
    'slb server web1 10.0.0.1',
    '  port 80 tcp',
    'slb server web2 10.0.0.2',
    '  port 80 tcp',
    'slb service-group web tcp',
    '  member web1 80',
    'slb virtual-server vip 192.0.2.1',
    '  port 80 tcp',
    '    service-group web',
    '    source-nat pool missing',
    '',
  ].join('\n');

  /** Why each rename is refused, in the language the server was started in. */
  async function refusals(locale?: string): Promise<string[]> {
    const client = LspClient.start();
    try {
      await client.initialize(locale);
      await client.didOpen(URI, 'balancer-config', TEXT);
      await client.waitForDiagnostics(URI, () => true);
      const why = async (line: number, character: number, newName?: unknown): Promise<string> => {
        const textDocument = { uri: URI };
        const position = { line, character };
        try {
          await (newName === undefined
            ? client.send('textDocument/prepareRename', { textDocument, position })
            : client.send('textDocument/rename', { textDocument, position, newName }));
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      };
      return [
        await why(6, 20),
        await why(9, 22),
        await why(0, 12, 'two words'),
        await why(0, 12, 'web:80'),
        await why(0, 12, 'web2'),
      ];
    } finally {
      client.dispose();
    }
  }

  it('says in Chinese why a name cannot be renamed, or not to that', async () => {
    assert.deepStrictEqual(await refusals('zh-cn'), [
      '虚拟服务器不能在这里重命名：只有服务器、服务组、NAT 地址池、健康检查和模板可以重命名。',
      '`missing` 在工作区中没有定义，所以不能重命名。',
      '`two words` 不能作为 ACOS 名称：名称必须是 1 到 63 个字符的一个词，且不含 `!`。',
      '`web:80` 在 ACOS 2 的成员配置行中会被读成 SERVER:PORT。',
      '名为 `web2` 的服务器已经存在。',
    ]);
  });

  it('says it in English without a locale', async () => {
    assert.deepStrictEqual(await refusals(), [
      'A virtual server cannot be renamed here: only servers, service groups, NAT pools, health monitors and templates can.',
      '`missing` is not defined in the workspace, so it cannot be renamed.',
      '`two words` cannot be an ACOS name: one word of 1 to 63 characters, without `!`.',
      '`web:80` would read as SERVER:PORT in an ACOS 2 member line.',
      'A server named `web2` already exists.',
    ]);
  });
});

describe('A configuration’s own hovers and completion details in Chinese', function () {
  this.timeout(30_000);
  const URI = 'file:///ws/vip.a10.cfg';
  const TEXT = [
    'slb server gw1 10.0.0.1',
    '  port 0 udp',
    'slb service-group sg_udp udp',
    '  member gw1 0',
    'ip nat pool out 203.0.113.10 203.0.113.10 netmask /24',
    'slb virtual-server vip 0.0.0.0',
    '  port 0 udp',
    '    service-group sg_udp',
    '    source-nat pool out',
    '  port 0 others',
    '    service-group ',
    '',
  ].join('\n');

  it('sums up an object, a port type and a keyword’s place in Chinese, and details the names completion offers', async () => {
    const client = LspClient.start();
    try {
      await client.initialize('zh-cn');
      await client.didOpen(URI, 'balancer-config', TEXT);
      await client.waitForDiagnostics(URI, () => true);
      const hoverAt = async (line: number, character: number): Promise<string> =>
        ((await client.hover(URI, { line, character }))?.contents as MarkupContent).value;
      assert.deepStrictEqual((await hoverAt(7, 20)).split('\n\n').slice(0, 2), [
        '**服务组** `sg_udp`: udp; 成员 gw1:0',
        '定义于第 3 行；被引用 1 次。',
      ]);
      assert.deepStrictEqual((await hoverAt(4, 13)).split('\n\n').slice(0, 2), [
        '**NAT 地址池** `out`: 203.0.113.10 到 203.0.113.10，子网掩码 /24',
        '定义于第 5 行；被引用 1 次。',
      ]);
      assert.strictEqual(
        await hoverAt(6, 10),
        '**udp**：该虚拟端口在四层接收 UDP 流量，并转发给 udp 服务组。',
      );
      assert.match(await hoverAt(7, 6), /\n\n\*所在位置：\*虚拟端口配置块。$/);
      const list = await client.send<CompletionList>('textDocument/completion', {
        textDocument: { uri: URI },
        position: { line: 10, character: 18 },
      });
      assert.deepStrictEqual(
        list.items.filter((i) => i.label === 'sg_udp').map((i) => i.detail),
        ['服务组，udp'],
      );
    } finally {
      client.dispose();
    }
  });
});

describe('The keyword documentation in hovers and completion, in Chinese', function () {
  this.timeout(30_000);

  it('explains a keyword, its ACOS versions and its block in Chinese, in its hover and its completion item', async () => {
    const uri = 'file:///ws/keywords.a10.cfg';
    const text = [
      'slb virtual-server vip 0.0.0.0',
      '  vrid 1',
      '  port 0 udp',
      '    service-group sg_udp',
      '    ',
      '',
    ].join('\n');
    const client = LspClient.start();
    try {
      await client.initialize('zh-cn');
      await client.didOpen(uri, 'balancer-config', text);
      await client.waitForDiagnostics(uri, () => true);
      const hoverAt = async (line: number, character: number): Promise<string> =>
        ((await client.hover(uri, { line, character }))?.contents as MarkupContent).value;
      assert.strictEqual(
        await hoverAt(3, 6),
        '```balancer-config\nservice-group NAME\n```\n\n虚拟端口转发到的服务组。`others` 虚拟端口借用 tcp 或 udp 服务组：这很正常，因为服务组只有 tcp 或 udp 两种。\n\n*所在位置：*虚拟端口配置块。',
      );
      assert.strictEqual(
        await hoverAt(1, 3),
        '```balancer-config\nvrid N\n```\n\nVIP 所属的 VRRP-A VRID：VIP 在该 VRID 处于主用的设备上生效。\n\n*ACOS 版本：*ACOS 2.7 和 4。\n\n*所在位置：*虚拟服务器配置块（`slb virtual-server`）。',
      );
      const list = await client.send<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: { line: 4, character: 4 },
      });
      assert.deepStrictEqual(
        list.items
          .filter((i) => i.label === 'no-dest-nat')
          .map((i) => (i.documentation as MarkupContent).value),
        [
          '转发时不转换目的地址：数据包保留真实的目的地址，这是通配 VIP（0.0.0.0）上做链路负载均衡所需要的。',
        ],
      );
    } finally {
      client.dispose();
    }
  });
});
