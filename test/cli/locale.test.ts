// The command line in Chinese: `--locale zh-cn`, or the environment's locale as POSIX orders it
// (LC_ALL, then LC_MESSAGES, then LANG). Findings and their rule pages are translated; codes,
// JSON field names and the exit status are not. Without either, English.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { balancerLens } from './support';

const VIP = 'seed/vip-before-fix.summary.txt';
const CHINESE =
  'seed/vip-before-fix.summary.txt:1:1: warning lbconf/missing-others-vport: 虚拟服务器 vip_210.21.*.* 转发 `port 0 tcp` 和 `port 0 udp`，但没有 `port 0 others`：经过负载均衡设备的 ESP、AH、GRE 和 ICMP 既不做地址转换也不被接收。IPsec 隧道能建立（IKE 走 UDP），却传不了数据，防火墙会不停地断开重建隧道。请添加 `port 0 others` 虚拟端口。\n';
const ENGLISH =
  'seed/vip-before-fix.summary.txt:1:1: warning lbconf/missing-others-vport: Virtual server vip_210.21.*.* forwards `port 0 tcp` and `port 0 udp` but has no `port 0 others`: ESP, AH, GRE and ICMP through the balancer are neither translated nor accepted. An IPsec tunnel comes up (IKE runs over UDP) but carries no data, and the firewalls tear it down and rebuild it forever. Add a `port 0 others` vport.\n';

/** `check VIP` in an environment whose locale variables are these (the others unset). */
function checkIn(env: { LC_ALL?: string; LC_MESSAGES?: string; LANG?: string }, ...args: string[]) {
  return balancerLens(['check', ...args, VIP], undefined, {
    env: { LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env },
  }).stdout;
}

describe('balancer-lens in Chinese (--locale, LC_ALL, LC_MESSAGES, LANG)', () => {
  it('prints the findings in Chinese with --locale zh-cn, their code and severity as they are', () => {
    const { status, stdout } = balancerLens(['check', '--locale', 'zh-cn', VIP]);
    assert.strictEqual(stdout, CHINESE);
    assert.strictEqual(status, 0);
  });

  it('follows LANG=zh_CN.UTF-8, and LC_MESSAGES and LC_ALL before it', () => {
    assert.strictEqual(checkIn({ LANG: 'zh_CN.UTF-8' }), CHINESE);
    assert.strictEqual(checkIn({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), CHINESE);
    assert.strictEqual(checkIn({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), ENGLISH);
    assert.strictEqual(checkIn({ LC_ALL: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN' }), ENGLISH);
  });

  it('speaks English without a locale, in a language it does not speak, and when told --locale en', () => {
    assert.strictEqual(checkIn({}), ENGLISH);
    assert.strictEqual(checkIn({ LANG: 'fr_FR.UTF-8' }), ENGLISH);
    assert.strictEqual(checkIn({ LANG: 'zh_CN.UTF-8' }, '--locale', 'en'), ENGLISH);
  });

  it('keeps the JSON fields and codes, and links the Chinese rule page', () => {
    const [finding] = JSON.parse(
      balancerLens(['check', '--locale', 'zh-cn', '--format', 'json', VIP]).stdout,
    ) as Record<string, unknown>[];
    assert.deepStrictEqual(Object.keys(finding), [
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'severity',
      'code',
      'message',
      'docUrl',
    ]);
    assert.deepStrictEqual(
      [finding.code, finding.severity, finding.docUrl],
      [
        'lbconf/missing-others-vport',
        'warning',
        'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/zh-cn/lbconf-missing-others-vport.md',
      ],
    );
    assert.strictEqual(
      `${VIP}:1:1: warning lbconf/missing-others-vport: ${String(finding.message)}\n`,
      CHINESE,
    );
  });

  it('says what --locale needs when it is given no value', () => {
    const { status, stderr } = balancerLens(['check', VIP, '--locale']);
    assert.deepStrictEqual(
      [status, stderr.split('\n')[0]],
      [2, 'balancer-lens: --locale needs a value: zh-cn or en.'],
    );
  });

  it('writes the Explain report in Chinese: its headings, its table and its words', () => {
    const { status, stdout } = balancerLens([
      'explain',
      '--locale',
      'zh-cn',
      'seed/capture-before-fix.axdebug.txt',
    ]);
    assert.strictEqual(status, 0);
    assert.deepStrictEqual(
      stdout.split('\n').filter((line) => /^(#|\*\*|\| )/.test(line)),
      [
        '# 抓包报告：capture-before-fix.axdebug.txt',
        '## IPsec 对端 1：10.1.1.254 ↔ \\*.\\*.\\*.\\*',
        '**状态：**单向 ESP（对端没有任何返回）。',
        '| 阶段 | 抓包显示 |',
        '| 第一阶段（IKE） | 这个抓包中没有 IKE |',
        '| NAT 穿越 | 没有：ESP 以 IP 协议 50 传输 |',
        '| 第二阶段发出 | ESP spi 0x7eb7fb45，2 个数据包，从[第 1 行](seed/capture-before-fix.axdebug.txt#L1)起 |',
        '| 第二阶段返回 | **没有**：对端没有任何返回 |',
        '**去程看到的地址转换：**',
        '**问题：**',
        '## 其他问题',
        '## 看到的源地址转换',
        '| 内网主机 | 发出时的地址 |',
        '| 10.1.1.254 | 183.62.\\*.\\* ([第 6 行](seed/capture-before-fix.axdebug.txt#L6)), 183.62.8.14 ([第 13 行](seed/capture-before-fix.axdebug.txt#L13)) |',
      ],
    );
  });

  it("draws the diagram's IPsec peer and its state in Chinese", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-locale-'));
    try {
      const out = path.join(folder, 'before.svg');
      const { status } = balancerLens([
        'diagram',
        '--locale',
        'zh-cn',
        'seed/capture-before-fix.axdebug.txt',
        '--svg',
        out,
      ]);
      assert.strictEqual(status, 0);
      const svg = fs.readFileSync(out, 'utf8');
      assert.strictEqual(
        /<text x="8" y="23">.*?<\/text><text class="muted" x="22" y="37">.*?<\/text>/.exec(
          svg,
        )?.[0],
        '<text x="8" y="23"><tspan class="badge warning">⚠ IPsec 对端 1</tspan> 10.1.1.254 ↔ *.*.*.*: <tspan class="badge warning">单向 ESP（对端没有任何返回）</tspan></text>' +
          '<text class="muted" x="22" y="37">这个抓包中没有 IKE; 没有看到 NAT-T; ESP 发出：spi 0x7eb7fb45 (2)；ESP 返回：无</text>',
      );
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('balancer-lens usage and wrong command lines in Chinese', () => {
  /** What the program answers, in the language asked for by --locale or the environment. */
  const zh = (args: string[], env: Record<string, string> = {}) =>
    balancerLens(args, undefined, { env: { LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env } });

  it('prints --help in Chinese, --locale before or after it, or with LANG=zh_CN.UTF-8', () => {
    const help = zh(['--locale', 'zh-cn', '--help']);
    assert.strictEqual(help.status, 0);
    const lines = help.stdout.split('\n');
    assert.deepStrictEqual(lines.slice(0, 2), ['用法：balancer-lens COMMAND [选项]', '']);
    // Every line says its words in Chinese, but a command's own synopsis on a line of its own.
    assert.deepStrictEqual(
      lines.filter((line) => line.trim() !== '' && !/\p{Script=Han}/u.test(line)),
      [
        '  explain DUMP [PATH...]',
        '  diagram FILE --svg OUT [--configs PATH]...',
        '  redact PATH... --out DIR [--key FILE] [--names]',
        '  unredact --key FILE [FILE]',
      ],
    );
    assert.ok(lines.includes('命令：') && lines.includes('选项：'), help.stdout);
    assert.strictEqual(zh(['--help', '--locale', 'zh-cn']).stdout, help.stdout);
    assert.strictEqual(zh(['--locale=zh-cn', '-h']).stdout, help.stdout);
    assert.strictEqual(zh(['--help'], { LANG: 'zh_CN.UTF-8' }).stdout, help.stdout);
    assert.match(zh(['--help']).stdout, /^Usage: balancer-lens COMMAND \[options\]\n/);
  });

  it("prints each command's --help in Chinese, its options and examples as they are typed", () => {
    for (const command of ['check', 'inspect', 'explain', 'diagram', 'redact', 'unredact']) {
      const help = zh(['--locale', 'zh-cn', command, '--help']);
      assert.strictEqual(help.status, 0, command);
      const paragraphs = help.stdout.trimEnd().split('\n\n');
      assert.match(paragraphs[0], new RegExp(`^用法：balancer-lens ${command} `), command);
      // Every paragraph says something in Chinese: none is left in English.
      assert.deepStrictEqual(
        paragraphs.filter((p) => !/\p{Script=Han}/u.test(p)),
        [],
        `${command} --help in zh-cn:\n${help.stdout}`,
      );
      assert.match(zh([command, '--help']).stdout, new RegExp(`^Usage: balancer-lens ${command} `));
    }
  });

  it('says what is wrong with a command line in Chinese, and where to read how it goes', () => {
    const wrong = (args: string[]): [number | null, string] => {
      const { status, stderr } = zh(['--locale', 'zh-cn', ...args]);
      return [status, stderr];
    };
    const commands =
      "可用的命令有 'check'、'inspect'、'explain'、'diagram'、'redact' 和 'unredact'。";
    assert.deepStrictEqual(wrong([]), [
      2,
      "balancer-lens: 没有指定命令。\n运行 'balancer-lens --help' 查看用法。\n",
    ]);
    assert.deepStrictEqual(wrong(['frob']), [
      2,
      `balancer-lens: 未知命令 'frob'。${commands}\n运行 'balancer-lens --help' 查看用法。\n`,
    ]);
    assert.deepStrictEqual(wrong(['--frob']), [
      2,
      `balancer-lens: 未知选项 --frob。${commands}\n运行 'balancer-lens --help' 查看用法。\n`,
    ]);
    assert.deepStrictEqual(wrong(['check', 'seed', '--fial-on', 'never']), [
      2,
      "balancer-lens: 未知选项 --fial-on。\n运行 'balancer-lens check --help' 查看用法。\n",
    ]);
    assert.deepStrictEqual(wrong(['check', 'seed', '--format']), [
      2,
      "balancer-lens: --format 需要一个值：text, json, sarif。\n运行 'balancer-lens check --help' 查看用法。\n",
    ]);
    assert.deepStrictEqual(wrong(['diagram', '--svg']), [
      2,
      "balancer-lens: --svg 需要一个值。\n运行 'balancer-lens diagram --help' 查看用法。\n",
    ]);
    assert.deepStrictEqual(zh(['frob'], { LC_MESSAGES: 'zh_CN.UTF-8' }).stderr, wrong(['frob'])[1]);
  });

  it('says in Chinese that a file cannot be read, whichever command reads it', () => {
    const said = (args: string[]): string => zh(['--locale', 'zh-cn', ...args]).stderr;
    assert.strictEqual(
      said(['check', 'no-such-folder']),
      'balancer-lens: 无法读取 no-such-folder：没有这个文件或文件夹。\n',
    );
    for (const command of [['inspect'], ['explain'], ['diagram', '--svg', 'out.svg']])
      assert.strictEqual(
        said([command[0], 'no-such.txt', ...command.slice(1)]),
        'balancer-lens: 无法读取 no-such.txt：没有这个文件。\n',
        command[0],
      );
  });
});

describe('balancer-lens check --format sarif in Chinese', () => {
  interface SarifRule {
    id: string;
    name: string;
    shortDescription: { text: string };
    helpUri: string;
    help: { text: string; markdown: string };
    defaultConfiguration: { level: string };
  }
  const rulesIn = (...locale: string[]): SarifRule[] => {
    const log = JSON.parse(
      balancerLens(['check', ...locale, '--format', 'sarif', VIP], undefined, {
        env: { LC_ALL: '', LC_MESSAGES: '', LANG: '' },
      }).stdout,
    ) as { runs: { tool: { driver: { rules: SarifRule[] } } }[] };
    return log.runs[0].tool.driver.rules;
  };

  it('summarises every rule in Chinese, its id, name, level and fields as they are, its help linking the Chinese page', () => {
    const english = rulesIn();
    const chinese = rulesIn('--locale', 'zh-cn');
    assert.deepStrictEqual(
      chinese.map((r) => [r.id, r.name, r.defaultConfiguration.level, Object.keys(r)]),
      english.map((r) => [r.id, r.name, r.defaultConfiguration.level, Object.keys(r)]),
    );
    assert.deepStrictEqual(
      chinese.filter((r) => !/\p{Script=Han}/u.test(r.shortDescription.text)).map((r) => r.id),
      [],
    );
    const others = chinese.find((r) => r.id === 'lbconf/missing-others-vport')!;
    const page =
      'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/zh-cn/lbconf-missing-others-vport.md';
    const summary =
      '通配虚拟服务器在端口 0 上转发 UDP（和 TCP），却没有 `port 0 others`：ESP、AH、GRE 和 ICMP 既不做地址转换也不被接收，于是 IPsec 隧道能建立却传不了数据。';
    assert.deepStrictEqual(
      [others.shortDescription.text, others.helpUri, others.help],
      [
        summary,
        page,
        {
          text: `${summary} 参见 ${page}`,
          markdown: `${summary}\n\n[lbconf/missing-others-vport](${page})`,
        },
      ],
    );
    assert.match(
      english.find((r) => r.id === 'lbconf/missing-others-vport')!.help.text,
      /^A wildcard virtual server forwards UDP .* See https:\/\/\S+\/docs\/rules\/lbconf-missing-others-vport\.md$/,
    );
  });
});
