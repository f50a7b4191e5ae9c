// What the commands of the command line share: where they write, how they refuse a command line,
// and how they say why a file cannot be read or the output cannot be written.
import * as l10n from '@vscode/l10n';
import { fstatSync, type Stats } from 'fs';
import type { Writable } from 'stream';
import { parseArgs, type ParseArgsConfig } from 'util';
import { environmentLocale, speak } from '../locale';
import { FileProblem, oneLine, pathShown, sameFile } from '../safeFiles';

/** The name the programs go by in their messages. */
export const PROGRAM = 'balancer-lens';

/** Where the command line writes. */
export interface CliOutput {
  /** Results. */
  readonly stdout: Writable;
  /** Messages. */
  readonly stderr: Writable;
}

/**
 * A function that tells the user something on standard error, in one line: `balancer-lens: MESSAGE`
 * (a line break or other control character a name brought in is written as its escape).
 */
export function sayTo(output: CliOutput): (message: string) => void {
  return (message) => void output.stderr.write(`${PROGRAM}: ${oneLine(message)}\n`);
}

/** Thrown for a command line that cannot be run; its message says why. */
export class UsageError extends Error {}

/**
 * A command's arguments read by Node's `util.parseArgs` (options as declared, the rest as
 * positionals; `-` is a positional, the standard input; after `--` everything is), its complaints
 * said in this program's words as a UsageError: `Unknown option --frob.`, `--svg needs a value.`
 * Every command also takes `--locale zh-cn` (else the environment's LC_ALL, LC_MESSAGES or LANG):
 * the language of the findings, hovers and reports it prints.
 */
export function parseCommandLine<T extends ParseArgsConfig['options']>(
  argv: readonly string[],
  options: T,
  /** What an option's value is, for the message when it is missing: `--format needs a value: text, json, sarif.` */
  valueOf: Partial<Record<keyof T, string>> = {},
): { values: ParsedValues<T>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, locale: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const { locale, ...own } = values as Record<string, unknown>;
    speak(typeof locale === 'string' ? locale : environmentLocale());
    return { values: own as ParsedValues<T>, positionals };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const option = /'(-[^' ]+)/.exec((error as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option)
      throw new UsageError(l10n.t('Unknown option {0}.', option));
    // A value missing, or one that looks like the next option (`--fail-on --format json`).
    if (
      code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' &&
      option &&
      /argument (missing|is ambiguous)/.test((error as Error).message)
    ) {
      const name = option.replace(/^-+/, '').split(' ')[0];
      const what = name === 'locale' ? l10n.t('zh-cn or en') : valueOf[name as keyof T];
      const shown = option.split(' ')[0];
      throw new UsageError(
        what ? l10n.t('{0} needs a value: {1}.', shown, what) : l10n.t('{0} needs a value.', shown),
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option)
      throw new UsageError(l10n.t('{0} takes no value.', option));
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
}

/** The values parseArgs gives for declared options: strings, booleans, lists of strings where `multiple`. */
type ParsedValues<T extends ParseArgsConfig['options']> = {
  [K in keyof T]?: T[K] extends { type: 'boolean' }
    ? boolean
    : T[K] extends { multiple: true }
      ? string[]
      : string;
};

/** A command's `--help`: its paragraphs (each translated whole, as a translator reads it), a blank line between. */
export function usageText(paragraphs: readonly string[]): string {
  return `${paragraphs.join('\n\n')}\n`;
}

/** `cannot read FILE: REASON.`, in the language the command line speaks (FILE as the user may read it back). */
export function cannotRead(file: string, reason: string, goingOn = false): string {
  return goingOn
    ? l10n.t('cannot read {0}: {1}; going on without it.', file, reason)
    : l10n.t('cannot read {0}: {1}.', file, reason);
}

/** Why a file system call failed, in a few words: `no such file or folder`, `permission denied`. */
export function describeFileError(error: unknown, what = l10n.t('no such file')): string {
  if (error instanceof FileProblem) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return what;
  if (code === 'EISDIR') return l10n.t('it is a directory');
  if (code === 'ENOTDIR') return l10n.t('a part of the path is not a folder');
  if (code === 'EACCES' || code === 'EPERM') return l10n.t('permission denied');
  if (code === 'ENOSPC') return l10n.t('no space left on the device');
  if (code === 'EDQUOT') return l10n.t('the disk quota is used up');
  if (code === 'EFBIG') return l10n.t('the file would grow larger than the system allows');
  if (code === 'EROFS') return l10n.t('the file system is read-only');
  if (code === 'EIO') return l10n.t('an input/output error of the device');
  if (code === 'ELOOP') return l10n.t('too many symbolic links');
  if (code === 'ENAMETOOLONG') return l10n.t('the name is too long');
  return error instanceof Error ? error.message : String(error);
}

/**
 * The output (standard output) could not be written: its reader went away (`code` EPIPE: not an
 * error of ours, `| head` does it) or the device refused (no space left: its message says why).
 */
export class OutputError extends Error {
  constructor(
    readonly code: string | undefined,
    reason: string,
  ) {
    super(reason);
  }
}

function outputError(error: unknown): OutputError {
  return new OutputError((error as NodeJS.ErrnoException).code, describeFileError(error));
}

/**
 * Writes to a stream in order: each write resolves once the stream can take more (at once unless
 * it asked to wait); once the stream has failed, the next write (or `flushed`) rejects with an
 * OutputError instead of waiting for a drain that will never come.
 */
export class OutputWriter {
  private failure: unknown;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly stream: Writable) {}

  /** Writes `data`; `written` is told once the stream is done with it (not when it failed). */
  write(data: Uint8Array | string, written?: () => void): Promise<void> | undefined {
    if (this.failure !== undefined) return Promise.reject(outputError(this.failure));
    if (data.length === 0) {
      written?.();
      return undefined;
    }
    let done = (): void => {};
    this.last = new Promise((resolve) => (done = resolve));
    const ready = this.stream.write(data, (error) => {
      if (error) this.failure ??= error;
      else written?.();
      done();
    });
    if (ready && !this.stream.errored) return undefined;
    return new Promise((resolve, reject) => {
      const settle = (error?: unknown): void => {
        this.stream.off('drain', settle);
        this.stream.off('error', settle);
        this.failure ??= error ?? this.stream.errored ?? undefined;
        if (this.failure !== undefined) reject(outputError(this.failure));
        else resolve();
      };
      if (this.stream.errored) return settle(this.stream.errored);
      this.stream.once('drain', settle);
      this.stream.once('error', settle);
    });
  }

  /** Resolves once the stream is done with all that was written; rejects when it failed. */
  async flushed(): Promise<void> {
    await this.last;
    if (this.failure !== undefined) throw outputError(this.failure);
  }
}

/** Writes text to a stream; resolves once the stream is done with it, rejects with an OutputError when it failed. */
export async function writeAll(stream: Writable, text: string): Promise<void> {
  const writer = new OutputWriter(stream);
  await writer.write(text);
  await writer.flushed();
}

/** What standard output is when it is a regular file (`> file`, `>> file`): its statistics. */
function stdoutFile(output: CliOutput): Stats | undefined {
  const fd = output.stdout === process.stdout ? 1 : (output.stdout as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return undefined;
  try {
    const stat = fstatSync(fd);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

/** A file a command reads (or writes), named as the user named it. */
export interface InputFile {
  readonly name: string;
  readonly stat: Stats;
}

/**
 * Why the output would go into one of the files read (the same file, by device and inode, under
 * any name or link): standard output redirected to it, or an output file named (`--svg`) when
 * `outputFile` is given; undefined when it does not. Written, the output would overwrite the file
 * while it is read (or grow it forever, as `>>` does).
 */
export function outputIntoInput(
  output: CliOutput,
  inputs: readonly InputFile[],
  outputFile?: InputFile,
): string | undefined {
  const target = outputFile?.stat ?? stdoutFile(output);
  if (target === undefined) return undefined;
  const input = inputs.find((i) => sameFile(i.stat, target));
  if (input === undefined) return undefined;
  const where = outputFile ? pathShown(outputFile.name) : l10n.t('standard output');
  return outputFile?.name === input.name
    ? l10n.t('{0} is one of the files read: write the output to another file.', where)
    : l10n.t(
        '{0} is {1}, one of the files read: write the output to another file.',
        where,
        pathShown(input.name),
      );
}
