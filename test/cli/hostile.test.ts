// The command line on hostile paths and streams: a device that never ends, a named pipe that
// blocks whoever opens it, a folder, a line of megabytes, an output that is one of the files read,
// a full disk, a reader that goes away, a signal, a file name holding a line break or `$(...)`.
// Each is said in one line with the exit status the help documents, and nothing is left behind in
// the temporary folder. Every program run here has a guard that ends it (a test never hangs).
import * as assert from 'assert';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { inspectFile } from '../../server/src/cli/inspect';
import { cliProgram, hasStackTrace, Project, SEED_CAPTURE } from './support';

const CONFIG = 'slb virtual-server vip 203.0.113.10\n   port 0 tcp\n';

/** Makes a named pipe (FIFO); nothing ever writes to it. */
function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** A dump long enough that its output fills a pipe nobody reads: the program waits mid-way. */
const LONG_DUMP = SEED_CAPTURE.repeat(1000);

/**
 * Runs `balancer-lens inspect FILE` with its own temporary folder, waits for its first output,
 * then does `act` to it (stop reading, send a signal); answers how it ended and what is left in
 * its temporary folder. A guard kills it after 60 s.
 */
function inspectInterrupted(
  project: Project,
  act: (child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; left: string[] }> {
  const dump = project.write('long.axdebug.txt', LONG_DUMP);
  const tmp = fs.mkdirSync(path.join(project.root, 'tmp'), { recursive: true })!;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliProgram, 'inspect', dump], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => {
      child.stdout.pause(); // the program now waits for its reader, its temporary file written
      act(child);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stderr, left: fs.readdirSync(tmp) });
    });
  });
}

describe('balancer-lens on hostile paths and streams', function () {
  this.timeout(300_000);
  let project: Project;
  beforeEach(() => (project = new Project()));
  afterEach(() => project.remove());

  /**
   * Runs each command line in the project (a guard ends it after 60 s) and compares what it did
   * with what it should: nothing on standard output, the message(s) on standard error, the status.
   */
  function assertRefused(cases: readonly (readonly [string[], number, string])[]): void {
    for (const [args, status, stderr] of cases)
      assert.deepStrictEqual(project.run(...args), { status, stdout: '', stderr }, args.join(' '));
  }

  it('refuses a device where a file is expected, at once: inspect /dev/zero and the others', () => {
    project.write('capture.axdebug.txt', SEED_CAPTURE);
    const device = 'balancer-lens: cannot read /dev/zero: it is a device, not a file.\n';
    assertRefused([
      [['inspect', '/dev/zero'], 1, device],
      [['explain', '/dev/zero'], 1, device],
      [['diagram', '/dev/zero', '--svg', 'out.svg'], 1, device],
      [['diagram', 'capture.axdebug.txt', '--svg', 'out.svg', '--configs', '/dev/zero'], 1, device],
      [
        ['check', '--config', '/dev/zero', 'capture.axdebug.txt'],
        2,
        'balancer-lens: cannot read the settings file /dev/zero: it is a device, not a file.\n',
      ],
    ]);
  });

  it('refuses a named pipe (FIFO) wherever a file is expected, instead of waiting for a writer forever', () => {
    project.write('capture.axdebug.txt', SEED_CAPTURE);
    mkfifo(path.join(project.root, 'pipe.axdebug.txt'));
    fs.mkdirSync(path.join(project.root, 'box'));
    mkfifo(path.join(project.root, 'box', '.balancer-lens.json'));
    project.write('box/llb.a10.cfg', CONFIG);
    const fifo = (name: string): string =>
      `cannot read ${name}: it is a named pipe (FIFO), not a file: save what it carries to a file first.\n`;
    const pipe = `balancer-lens: ${fifo('pipe.axdebug.txt')}`;
    assertRefused([
      [['inspect', 'pipe.axdebug.txt'], 1, pipe],
      [['explain', 'pipe.axdebug.txt'], 1, pipe],
      [['explain', 'capture.axdebug.txt', 'pipe.axdebug.txt'], 1, pipe],
      [['diagram', 'pipe.axdebug.txt', '--svg', 'out.svg'], 1, pipe],
      [['check', 'pipe.axdebug.txt'], 2, `${pipe}balancer-lens: checked 0 files: no findings.\n`],
      [
        ['check', '--config', 'pipe.axdebug.txt', 'capture.axdebug.txt'],
        2,
        `balancer-lens: ${fifo(`the settings file ${path.join(project.root, 'pipe.axdebug.txt')}`)}`,
      ],
      // A settings file found in a folder walked is opened too: the same refusal.
      [
        ['check', 'box'],
        2,
        `balancer-lens: ${fifo(`the settings file ${path.join(project.root, 'box', '.balancer-lens.json')}`)}`,
      ],
    ]);
  });

  it('refuses a folder where a file is expected', () => {
    fs.mkdirSync(path.join(project.root, 'dumps'));
    const folder = 'balancer-lens: cannot read dumps: it is a directory.\n';
    assertRefused([
      [['inspect', 'dumps'], 1, folder],
      [['explain', 'dumps'], 1, folder],
      [['diagram', 'dumps', '--svg', 'out.svg'], 1, folder],
      [
        ['check', '--config', 'dumps', '.'],
        2,
        `balancer-lens: cannot read the settings file ${path.join(project.root, 'dumps')}: it is a directory.\n`,
      ],
    ]);
  });

  it('check reads a dump with a line longer than 16 MB whole (it streams any other): the line is one not understood', () => {
    project.write('long.axdebug.txt', `${SEED_CAPTURE}${'x'.repeat((16 << 20) + 1)}\n`);
    project.write('short.axdebug.txt', `${SEED_CAPTURE}x\n`);
    const long = project.run('check', 'long.axdebug.txt');
    const short = project.run('check', 'short.axdebug.txt');
    assert.ok(short.stdout.includes('lbcap/unrecognised-lines'));
    assert.deepStrictEqual(
      { ...long, stdout: long.stdout.replaceAll('long.axdebug.txt', 'short.axdebug.txt') },
      short,
    );
  });

  it('inspect refuses a dump with a line longer than 16 MB, on one thread or several, without holding it', async () => {
    // 600 MB of zero bytes and no line end (a sparse file: no disk used): more than a string can hold.
    const zeros = path.join(project.root, 'zeros.txt');
    fs.closeSync(fs.openSync(zeros, 'w'));
    fs.truncateSync(zeros, 600 << 20);
    const refusal = 'it holds a line longer than 16 MB, which no capture dump does';
    assert.deepStrictEqual(project.run('inspect', 'zeros.txt'), {
      status: 1,
      stdout: '',
      stderr: `balancer-lens: cannot read zeros.txt: ${refusal}.\n`,
    });
    // A line just over the limit, read line by line (one thread) and in pieces (worker threads).
    const long = project.write(
      'long.axdebug.txt',
      `${SEED_CAPTURE}${'x'.repeat((16 << 20) + 1)}\n${SEED_CAPTURE}`,
    );
    const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    for (const threads of [0, 2])
      await assert.rejects(
        inspectFile(
          { file: long, json: true },
          { stdout: discard, stderr: discard },
          { threads, pieceBytes: 1 << 20 },
        ),
        { message: refusal },
      );
    // Just under it, the dump is read as any other: the long line is one not understood.
    const under = project.write('under.axdebug.txt', `${SEED_CAPTURE}${'x'.repeat(16 << 20)}\n`);
    const lines = SEED_CAPTURE.split('\n').length;
    for (const threads of [0, 2]) {
      let printed = '';
      const collect = new Writable({
        write: (chunk: Buffer, _encoding, callback) => {
          printed += chunk.toString();
          callback();
        },
      });
      await inspectFile(
        { file: under, json: false },
        { stdout: collect, stderr: collect },
        { threads, pieceBytes: 1 << 20 },
      );
      assert.ok(printed.includes(`line ${lines}: not understood\n`), `threads ${threads}`);
    }
  });

  it('says a full disk in one line (exit 1; 2 for check) on standard output and on --svg', () => {
    project.write('capture.axdebug.txt', SEED_CAPTURE);
    const full = fs.openSync('/dev/full', 'w');
    try {
      const cannotWrite = 'balancer-lens: cannot write the output: no space left on the device.\n';
      for (const [args, status] of [
        [['inspect', 'capture.axdebug.txt'], 1],
        [['inspect', 'capture.axdebug.txt', '--json'], 1],
        [['explain', 'capture.axdebug.txt'], 1],
        [['diagram', 'capture.axdebug.txt', '--svg', '-'], 1],
      ] as const)
        assert.deepStrictEqual(
          project.runWith({ stdout: full }, ...args),
          { status, stdout: '', stderr: cannotWrite },
          args.join(' '),
        );
      const check = project.runWith({ stdout: full }, 'check', 'capture.axdebug.txt');
      assert.deepStrictEqual(
        [check.status, check.stderr.split('\n')[0]],
        [2, cannotWrite.trimEnd()],
      );
      assert.ok(!hasStackTrace(check.stderr));
    } finally {
      fs.closeSync(full);
    }
    assert.deepStrictEqual(project.run('diagram', 'capture.axdebug.txt', '--svg', '/dev/full'), {
      status: 1,
      stdout: '',
      stderr: 'balancer-lens: cannot write /dev/full: no space left on the device.\n',
    });
  });

  it('refuses an output that is one of the files read, under any name, and leaves the file whole', () => {
    const dump = project.write('capture.axdebug.txt', SEED_CAPTURE);
    const config = project.write('llb.a10.cfg', CONFIG);
    fs.linkSync(dump, path.join(project.root, 'linked.svg'));
    assert.deepStrictEqual(
      project.run('diagram', 'capture.axdebug.txt', '--svg', 'capture.axdebug.txt'),
      {
        status: 2,
        stdout: '',
        stderr:
          'balancer-lens: capture.axdebug.txt is one of the files read: write the output to another file.\n',
      },
    );
    assert.deepStrictEqual(project.run('diagram', 'capture.axdebug.txt', '--svg', 'linked.svg'), {
      status: 2,
      stdout: '',
      stderr:
        'balancer-lens: linked.svg is capture.axdebug.txt, one of the files read: write the output to another file.\n',
    });
    assert.deepStrictEqual(
      project.run('diagram', 'capture.axdebug.txt', '--svg', 'llb.a10.cfg').status,
      2,
    );
    // Standard output appended to a file read (`>> FILE`) would grow it while it is read.
    for (const [args, file] of [
      [['inspect', 'capture.axdebug.txt'], 'capture.axdebug.txt'],
      [['explain', 'capture.axdebug.txt'], 'capture.axdebug.txt'],
      [['explain', 'capture.axdebug.txt'], 'llb.a10.cfg'],
      [['diagram', 'capture.axdebug.txt', '--svg', '-'], 'capture.axdebug.txt'],
      [['check', '.'], 'llb.a10.cfg'],
    ] as const) {
      const appended = fs.openSync(path.join(project.root, file), 'a');
      try {
        const ran = project.runWith({ stdout: appended }, ...args);
        assert.deepStrictEqual(
          [ran.status, ran.stderr],
          [
            2,
            `balancer-lens: standard output is ${file}, one of the files read: write the output to another file.\n`,
          ],
          args.join(' '),
        );
      } finally {
        fs.closeSync(appended);
      }
    }
    assert.strictEqual(fs.readFileSync(dump, 'utf8'), SEED_CAPTURE);
    assert.strictEqual(fs.readFileSync(config, 'utf8'), CONFIG);
  });

  it('inspect leaves nothing in the temporary folder when its reader goes away (`| head`): exit 0, no message', async () => {
    const ended = await inspectInterrupted(project, (child) => child.stdout!.destroy());
    assert.deepStrictEqual(ended, { code: 0, signal: null, stderr: '', left: [] });
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const)
    it(`inspect leaves nothing in the temporary folder when ${signal} stops it`, async () => {
      const ended = await inspectInterrupted(project, (child) => child.kill(signal));
      assert.deepStrictEqual(ended, { code: null, signal, stderr: '', left: [] });
    });

  it('says where the temporary file cannot be made', () => {
    project.write('capture.axdebug.txt', SEED_CAPTURE);
    const missing = path.join(project.root, 'no-such-folder');
    assert.deepStrictEqual(
      project.runWith({ env: { TMPDIR: missing } }, 'inspect', 'capture.axdebug.txt'),
      {
        status: 1,
        stdout: '',
        stderr: `balancer-lens: cannot make a temporary folder in ${missing}: no such folder (TMPDIR says where it goes).\n`,
      },
    );
  });

  it('keeps each message and each finding on one line when a file name holds a line break', () => {
    const name = 'new\nline.txt';
    project.write(name, 'slb server web 10.0.0.300\n   port 80 tcp\n');
    const findings = project.check(name);
    assert.ok(findings.length > 0);
    assert.strictEqual(
      project.run('check', name).stdout,
      findings
        .map(
          (f) =>
            `'new'$'\\n''line.txt':${f.line}:${f.column}: ${f.severity} ${f.code}: ${f.message}\n`,
        )
        .join(''),
    );
    assert.deepStrictEqual(
      project.run('inspect', 'missing\nfile').stderr,
      "balancer-lens: cannot read 'missing'$'\\n''file': no such file.\n",
    );
  });

  it('quotes the name of a damaged pcap as the shell reads it back, in one line', () => {
    const pcap = Buffer.alloc(12); // the magic number, and a header cut short
    pcap.writeUInt32BE(0xa1b2c3d4, 0);
    const name = "it's $(touch pwned)\n.pcap";
    fs.writeFileSync(path.join(project.root, name), pcap);
    const ran = project.run('inspect', name);
    assert.strictEqual(ran.status, 1);
    assert.strictEqual(ran.stderr.split('\n').length, 2, `one line: ${ran.stderr}`);
    assert.ok(
      ran.stderr.startsWith(`balancer-lens: 'it'\\''s $(touch pwned)'$'\\n''.pcap': `),
      ran.stderr,
    );
    assert.ok(!fs.existsSync(path.join(project.root, 'pwned')));
  });
});
