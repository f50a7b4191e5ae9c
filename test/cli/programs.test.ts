// The two programs package.json names in "bin", as a shell runs them: `balancer-lens` (check,
// inspect) and `balancer-lens-language-server`. Each says what it does with --help, its version
// with --version, and what is wrong with a command line in one plain line (never a stack trace),
// with exit status 2.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkUsage } from '../../server/src/cli/check';
import { inspectUsage } from '../../server/src/cli/inspect';
import { usage } from '../../server/src/cli';
import { pcapFile } from '../pcapFiles';
import { SAMPLE_FRAMES } from '../pcapSamples';
import {
  balancerLens,
  fixtures,
  hasStackTrace,
  manifest,
  Project,
  repoRoot,
  runProgram,
  serverProgram,
} from './support';

describe('the programs of package.json "bin"', () => {
  for (const [name, file] of Object.entries(manifest.bin)) {
    it(`${name} (${file}) runs as a program of its own: a Node shebang, executable`, () => {
      const program = path.join(repoRoot, file);
      assert.ok(fs.readFileSync(program, 'utf8').startsWith('#!/usr/bin/env node\n'));
      assert.ok((fs.statSync(program).mode & 0o111) !== 0, 'executable');
      const ran = spawnSync(program, ['--version'], { encoding: 'utf8', timeout: 60_000 });
      assert.deepStrictEqual(
        [ran.status, ran.stdout, ran.stderr],
        [0, `${manifest.version}\n`, ''],
      );
    });
  }
});

describe('the npm package (npm pack)', () => {
  it("holds the two programs and the script of inspect's threads, and nothing else but the manifest, README and licence", () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.strictEqual(packed.status, 0, packed.stderr);
    const [{ files }] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
    assert.deepStrictEqual(files.map((f) => f.path).sort(), [
      'LICENSE',
      'README.md',
      'package.json',
      'server/out/cli.js',
      'server/out/inspectWorker.js',
      'server/out/server.js',
    ]);
  });
});

describe('balancer-lens', () => {
  it('--help says what each command does; COMMAND --help gives its options', () => {
    assert.deepStrictEqual(balancerLens(['--help']), { status: 0, stdout: usage(), stderr: '' });
    assert.deepStrictEqual(balancerLens(['-h']).stdout, usage());
    assert.deepStrictEqual(balancerLens(['check', '--help']), {
      status: 0,
      stdout: checkUsage(),
      stderr: '',
    });
    assert.deepStrictEqual(balancerLens(['inspect', '--help']), {
      status: 0,
      stdout: inspectUsage(),
      stderr: '',
    });
  });

  it('check --help documents --fail-on, the settings files in the order they apply, and the exit status', () => {
    assert.match(
      checkUsage(),
      /--fail-on error\|warning\|never\n\s+exit with 1 when there is a finding of this severity or above\n\s+\(default: error; never: always 0/,
    );
    assert.match(
      checkUsage(),
      /the nearest folder \(its own, then each parent\) that holds\n\.balancer-lens\.json or a \.vscode\/settings\.json/,
    );
    assert.match(
      checkUsage(),
      /Exit status: 0 no finding at or above --fail-on, 1 findings at or above it, 2 a wrong command\nline/,
    );
  });

  it('--version prints the version of the package', () => {
    assert.deepStrictEqual(balancerLens(['--version']), {
      status: 0,
      stdout: `${manifest.version}\n`,
      stderr: '',
    });
    assert.strictEqual(balancerLens(['-v']).stdout, `${manifest.version}\n`);
  });

  it('runs inspect as a command of the same program', () => {
    const { status, stdout } = balancerLens([
      'inspect',
      'seed/capture-before-fix.axdebug.txt',
      '--json',
    ]);
    assert.strictEqual(status, 0);
    assert.strictEqual(
      stdout.split('\n')[4],
      '{"line":5,"endLine":5,"dialect":"axdebug","src":"10.1.1.254","dst":"192.168.0.108","protocol":"tcp","srcPort":22518,"dstPort":1521,"flow":2,"pairedWith":6}',
    );
  });

  it('inspect, explain and diagram agree: 1 for a dump they cannot read, a damaged pcap after the packets before the damage', () => {
    const project = new Project();
    try {
      // A pcap file as tcpdump -w saves it, cut short inside its second packet.
      const whole = pcapFile(
        [0, 1].map((i) => ({ data: SAMPLE_FRAMES[i].data, seconds: 1_700_000_000 + i })),
        { linkType: 1 },
      );
      fs.writeFileSync(path.join(project.root, 'wan.pcap'), whole.subarray(0, whole.length - 8));
      project.write('notes.txt', 'nothing about packets\n');
      const damaged = `balancer-lens: wan.pcap: the file is cut short inside packet 2, at byte ${whole.length - 8}: the packet before it is read.\n`;
      for (const command of [['inspect'], ['explain'], ['diagram', '--svg', 'out.svg']]) {
        const [name, ...options] = command;
        const ran = project.run(name, 'wan.pcap', ...options);
        assert.deepStrictEqual([ran.status, ran.stderr], [1, damaged], name);
        if (name === 'inspect')
          assert.strictEqual(
            ran.stdout,
            'line 1: tcp 10.1.1.10:51000 > 203.0.113.80:443, flow 1\n',
          );
        const missing = project.run(name, 'missing.txt', ...options);
        assert.deepStrictEqual(
          [missing.status, missing.stderr],
          [1, 'balancer-lens: cannot read missing.txt: no such file.\n'],
          name,
        );
        assert.strictEqual(project.run(name, '.', ...options).status, 1, `${name} on a folder`);
      }
      // Not a dump: explain and diagram have nothing to say of it; inspect lists its lines not understood.
      assert.strictEqual(project.run('explain', 'notes.txt').status, 1);
      assert.strictEqual(project.run('diagram', 'notes.txt', '--svg', 'out.svg').status, 1);
      assert.deepStrictEqual(
        project.run('inspect', 'notes.txt', '--json').stdout,
        '{"line":1,"unrecognised":true}\n',
      );
    } finally {
      project.remove();
    }
  });

  describe('explains a wrong command line in one line and exits with 2', () => {
    const cases: [string[], string, string][] = [
      [[], 'No command given.', 'balancer-lens'],
      [
        ['frob', '.'],
        "Unknown command 'frob'. The commands are 'check', 'inspect', 'explain', 'diagram', 'redact' and 'unredact'.",
        'balancer-lens',
      ],
      [
        ['--frob'],
        "Unknown option --frob. The commands are 'check', 'inspect', 'explain', 'diagram', 'redact' and 'unredact'.",
        'balancer-lens',
      ],
      [
        ['check'],
        'No PATH given: name the files or folders to check (. for this folder).',
        'balancer-lens check',
      ],
      [
        ['check', 'seed', '--format', 'xml'],
        "Unknown format 'xml': use text, json, sarif.",
        'balancer-lens check',
      ],
      [
        ['check', 'seed', '--format=yaml'],
        "Unknown format 'yaml': use text, json, sarif.",
        'balancer-lens check',
      ],
      [
        ['check', 'seed', '--format'],
        '--format needs a value: text, json, sarif.',
        'balancer-lens check',
      ],
      [
        ['check', 'seed', '--fail-on', 'info'],
        "Unknown --fail-on level 'info': use error, warning, never.",
        'balancer-lens check',
      ],
      [
        ['check', '--fail-on', '--format', 'json', 'seed'],
        '--fail-on needs a value: error, warning, never.',
        'balancer-lens check',
      ],
      [['check', 'seed', '--fial-on', 'never'], 'Unknown option --fial-on.', 'balancer-lens check'],
      [
        ['check', '-'],
        'check reads files and folders, not standard input: save the text to a file first.',
        'balancer-lens check',
      ],
      [
        ['inspect'],
        'No FILE given: inspect reads a capture dump from a file.',
        'balancer-lens inspect',
      ],
    ];
    for (const [args, message, help] of cases) {
      it(`balancer-lens ${args.join(' ')}`.trimEnd(), () => {
        const ran = balancerLens(args);
        assert.deepStrictEqual(ran, {
          status: 2,
          stdout: '',
          stderr: `balancer-lens: ${message}\nRun '${help} --help' for how to use it.\n`,
        });
      });
    }
  });

  describe('refuses paths it cannot read, before printing anything, with exit 2', () => {
    const cases: [string[], string][] = [
      [['check', 'nowhere'], 'cannot read nowhere: no such file or folder.'],
      [
        ['check', 'seed', 'nowhere.a10.cfg'],
        'cannot read nowhere.a10.cfg: no such file or folder.',
      ],
      [
        ['check', 'seed/vip-before-fix.summary.txt/x'],
        'cannot read seed/vip-before-fix.summary.txt/x: a part of the path is not a folder.',
      ],
      [['inspect', 'nowhere.txt'], 'cannot read nowhere.txt: no such file.'],
    ];
    for (const [args, message] of cases) {
      it(`balancer-lens ${args.join(' ')}`, () => {
        const ran = balancerLens(args);
        // inspect keeps its own documented status for a file it cannot read: 1.
        const status = args[0] === 'inspect' ? 1 : 2;
        assert.deepStrictEqual(ran, { status, stdout: '', stderr: `balancer-lens: ${message}\n` });
        assert.ok(!hasStackTrace(ran.stderr));
      });
    }
  });
});

describe('balancer-lens-language-server', () => {
  it('--help says how to start it and exits at once', () => {
    const { status, stdout, stderr } = runProgram(serverProgram, ['--help']);
    assert.deepStrictEqual([status, stderr], [0, '']);
    assert.match(stdout, /^Usage: balancer-lens-language-server --stdio\n/);
    assert.match(stdout, /--stdio {14}standard input and output/);
    assert.match(stdout, /--node-ipc/);
  });

  it('--version prints the version of the package', () => {
    assert.deepStrictEqual(runProgram(serverProgram, ['--version']), {
      status: 0,
      stdout: `${manifest.version}\n`,
      stderr: '',
    });
  });

  it('started without a way to talk to an editor, says so instead of waiting', () => {
    const ran = runProgram(serverProgram, [], fixtures);
    assert.deepStrictEqual(ran, {
      status: 2,
      stdout: '',
      stderr:
        'balancer-lens-language-server: say how to talk to the editor: --stdio, --node-ipc, --socket=PORT or --pipe=NAME.\n' +
        "Run 'balancer-lens-language-server --help' for how to use it.\n",
    });
  });
});
