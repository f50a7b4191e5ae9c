// `balancer-lens diagram FILE --svg OUT`: the picture the editor draws, written to a file for a
// ticket. The same renderer as the webview's, in fixed light colours (no theme outside the editor).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagramUsage } from '../../server/src/cli/diagram';
import { CAPTURE_LANGUAGE, createLanguageService } from '../../server/src/service';
import { renderDiagramSvg } from '../../server/src/service/diagram/render';
import { LIGHT_PALETTE } from '../../server/src/service/diagram/theme';
import { balancerLens, fixture, hasStackTrace, Project, SEED_CAPTURE } from './support';

describe('balancer-lens diagram', () => {
  let folder: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-diagram-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("draws the seed's dump before the fix: lanes, one row per packet, the translation and the marks", () => {
    const out = path.join(folder, 'before.svg');
    assert.deepStrictEqual(
      balancerLens(['diagram', 'seed/capture-before-fix.axdebug.txt', '--svg', out]),
      { status: 0, stdout: '', stderr: '' },
    );
    const svg = fs.readFileSync(out, 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="bl-diagram"/);
    assert.ok(!svg.includes('var(--'), 'a file carries its colours');
    assert.strictEqual(svg.match(/<g class="head /g)?.length, 4);
    assert.strictEqual(svg.match(/<g class="row /g)?.length, 8);
    assert.match(svg, /class="translation"[^>]*>source 10\.1\.1\.254:22518 → 183\.62\.\*\.\*:2614/);
    assert.match(svg, />one-way </);
    assert.match(svg, />about flow 4 </);
    assert.match(
      svg,
      /IPsec peer 1<\/tspan> 10\.1\.1\.254 ↔ \*\.\*\.\*\.\*: <tspan class="badge warning">one-way ESP/,
    );
  });

  it('names the VIP of a configuration beside the dump under the balancer, as the editor does, or of those under --configs', () => {
    const project = new Project();
    try {
      project.write('case/capture.axdebug.txt', fixture('seed/capture-after-fix.axdebug.txt'));
      project.write('case/vip-before-fix.summary.txt', fixture('seed/vip-before-fix.summary.txt'));
      project.write('elsewhere/capture.axdebug.txt', fixture('seed/capture-after-fix.axdebug.txt'));
      const balancerHead = (ran: {
        status: number | null;
        stdout: string;
        stderr: string;
      }): string => {
        assert.deepStrictEqual([ran.status, ran.stderr], [0, '']);
        return /<g class="head balancer".*?<\/g>/.exec(ran.stdout)?.[0] ?? '';
      };
      // The same words as the editor's model for a workspace holding that configuration (test/unit/diagram).
      const named = '210.21.*.*: may be VIP vip_210.21.*.* (vip-before-fix.summary.txt)';
      assert.ok(
        balancerHead(project.run('diagram', 'case/capture.axdebug.txt', '--svg', '-')).includes(
          `<title>${named}</title>`,
        ),
      );
      assert.ok(
        !balancerHead(
          project.run('diagram', 'elsewhere/capture.axdebug.txt', '--svg', '-'),
        ).includes('VIP'),
      );
      const pointed = project.run(
        'diagram',
        'elsewhere/capture.axdebug.txt',
        '--svg',
        '-',
        '--configs',
        'case/vip-before-fix.summary.txt',
      );
      assert.ok(balancerHead(pointed).includes(`<title>${named}</title>`));
      assert.deepStrictEqual(
        project.run('diagram', 'case/capture.axdebug.txt', '--svg', '-', '--configs', 'nowhere'),
        {
          status: 1,
          stdout: '',
          stderr: 'balancer-lens: cannot read nowhere: no such file or folder.\n',
        },
      );
    } finally {
      project.remove();
    }
  });

  it('draws only a flow, a peer or a protocol, and each flow as one row with --collapse', () => {
    const rows = (args: string[]): number => {
      const ran = balancerLens([
        'diagram',
        'seed/capture-before-fix.axdebug.txt',
        '--svg',
        '-',
        ...args,
      ]);
      assert.strictEqual(ran.status, 0, ran.stderr);
      return ran.stdout.match(/<g class="row /g)?.length ?? 0;
    };
    assert.strictEqual(rows(['--flow', '4']), 4);
    assert.strictEqual(rows(['--protocol', 'TCP']), 2);
    assert.strictEqual(rows(['--peer', '1']), 6);
    assert.strictEqual(rows(['--collapse']), 4);
  });

  it('streams a text dump: one the whole analysis cannot hold in 48 MB of heap is drawn in it, as the editor draws it', function () {
    this.timeout(300_000);
    // The seed, then 18,000 rounds of an ESP packet out, a TCP segment each way through the NAT
    // and an unanswered ping: a few flows and hosts, 126,000 packets, 11 MB.
    const lines = [SEED_CAPTURE.trimEnd()];
    for (let i = 0; i < 18_000; i++) {
      const t = 23050000 + i * 5;
      const id = (n: number): string => (0x20000 + i * 4 + n).toString(16);
      const data = `${(i * 100).toString(16)}:${(i * 100 + 100).toString(16)}(100) ack 1`;
      const ack = `1:1(0) ack ${(i * 100 + 100).toString(16)}`;
      const esp = `ip 10.1.1.254 > *.*.*.* esp spi=0x7eb7fb45 seq=0x${(0x100 + i).toString(16)}`;
      lines.push(
        `@${t} i( 1, 100, ${id(0)})> ${esp}`,
        `@${t} o( 6, 0, ${id(0)})> ${esp}`,
        `@${t + 1} i( 1, 100, ${id(1)})> ip 10.1.1.254 > 192.168.0.108 tcp 22518 > 1521 . ${data}`,
        `@${t + 1} o( 6, 0, ${id(1)})> ip 183.62.*.* > 192.168.0.108 tcp 2614 > 1521 . ${data}`,
        `@${t + 2} i( 6, 100, ${id(2)})> ip 192.168.0.108 > 183.62.*.* tcp 1521 > 2614 . ${ack}`,
        `@${t + 2} o( 1, 0, ${id(2)})> ip 192.168.0.108 > 10.1.1.254 tcp 1521 > 22518 . ${ack}`,
        `@${t + 3} i( 1, 100, ${id(3)})> ip 10.1.1.254 > *.*.*.* icmp echo (ping) request seq=${i}`,
      );
    }
    const text = `${lines.join('\n')}\n`;
    const project = new Project();
    try {
      const dump = project.write('big.axdebug.txt', text);
      const diagram = createLanguageService().getFlowDiagram(
        TextDocument.create(pathToFileURL(dump).href, CAPTURE_LANGUAGE, 1, text),
      );
      if ('error' in diagram) throw new Error(diagram.error);
      for (const [options, view] of [
        [[], {}], // 126,000 rows: bands
        [
          ['--protocol', 'tcp', '--collapse'],
          { protocol: 'tcp', collapsed: diagram.flows.map((f) => f.id) },
        ],
      ] as const) {
        const ran = project.runWith(
          { env: { NODE_OPTIONS: '--max-old-space-size=48' } },
          'diagram',
          'big.axdebug.txt',
          '--svg',
          'big.svg',
          ...options,
        );
        assert.deepStrictEqual(ran, { status: 0, stdout: '', stderr: '' });
        assert.strictEqual(
          fs.readFileSync(path.join(project.root, 'big.svg'), 'utf8'),
          renderDiagramSvg(diagram, view, { palette: LIGHT_PALETTE }),
        );
      }
      // The seed's first SYN's flow, which the dump's segments go on, and its second SYN's.
      assert.deepStrictEqual(
        diagram.flows.filter((f) => f.kind === 'tcp').map((f) => [f.id, f.rows.length]),
        [
          [2, 36_001],
          [3, 1],
        ],
      );
    } finally {
      project.remove();
    }
  });

  it('says plainly why it draws nothing, and what is wrong with a command line', () => {
    const out = path.join(folder, 'x.svg');
    const notCapture = balancerLens(['diagram', 'seed/vip-before-fix.summary.txt', '--svg', out]);
    assert.deepStrictEqual(notCapture, {
      status: 1,
      stdout: '',
      stderr:
        'balancer-lens: seed/vip-before-fix.summary.txt: No line of this file is a packet of an axdebug or tcpdump capture: there is nothing to draw.\n',
    });
    fs.writeFileSync(path.join(folder, 'empty.axdebug.txt'), '');
    assert.strictEqual(
      balancerLens(['diagram', path.join(folder, 'empty.axdebug.txt'), '--svg', out]).stderr,
      `balancer-lens: ${path.join(folder, 'empty.axdebug.txt')}: This dump is empty: there is no packet to draw.\n`,
    );
    assert.ok(!fs.existsSync(out));
    assert.strictEqual(
      balancerLens(['diagram', 'nowhere.txt', '--svg', out]).stderr,
      'balancer-lens: cannot read nowhere.txt: no such file.\n',
    );
    for (const [args, message] of [
      [['seed/capture-before-fix.axdebug.txt'], 'No --svg OUT given: where should the picture go?'],
      [['--svg', out], 'No FILE given: diagram draws a capture dump from a file.'],
      [
        ['seed/capture-before-fix.axdebug.txt', '--svg', out, '--flow', '9'],
        'There is no flow 9: the dump has 4.',
      ],
      [
        ['seed/capture-before-fix.axdebug.txt', '--svg', out, '--flow', 'two'],
        "--flow takes a number from 1 (got 'two').",
      ],
      [['seed/capture-before-fix.axdebug.txt', '--svg', out, '--png'], 'Unknown option --png.'],
    ] as [string[], string][]) {
      const ran = balancerLens(['diagram', ...args]);
      assert.deepStrictEqual(
        [ran.status, ran.stderr],
        [2, `balancer-lens: ${message}\nRun 'balancer-lens diagram --help' for how to use it.\n`],
      );
      assert.ok(!hasStackTrace(ran.stderr));
    }
  });

  it('--help gives its options and exit status', () => {
    assert.deepStrictEqual(balancerLens(['diagram', '--help']), {
      status: 0,
      stdout: diagramUsage(),
      stderr: '',
    });
    assert.match(
      diagramUsage(),
      /--svg OUT +where to write the picture \("-" for standard output\)/,
    );
    assert.match(diagramUsage(), /--configs PATH +read the balancer configurations from PATH/);
  });
});
