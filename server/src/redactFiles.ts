// Redacting files on disk for sharing, for the command line (`balancer-lens redact`) and the
// editor's "Redact for Sharing" command alike: finds the configurations and dumps under the
// paths given (as `check` does), redacts them with one key (service/redact), and writes the
// copies under an output folder with the same relative paths. The originals are never written:
// an output that would land on an input is refused before anything is written.
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { binaryCaptureFormat, readCaptureFileText } from './captureFiles';
import { findFiles } from './cli/files';
import { SettingsFinder } from './cli/settings';
import type { RedactParams, RedactResult } from './protocol';
import { CONFIG_LANGUAGE } from './service';
import { keyFromHex, keyToHex, KEY_BYTES, redactionKey } from './service/redact/key';
import { type Redaction, Redactor } from './service/redact/redactor';
import { readTextFile } from './safeFiles';

/** What the key file holds (JSON). Keep it private: with it, every pseudonym can be undone. */
interface KeyFile {
  readonly balancerLensRedactionKey: 1;
  /** 64 hexadecimal digits. */
  readonly key: string;
  /** Trailing address bits kept, fixed when the key is made (the mapping depends on it). */
  readonly hostBits: number;
  /** pseudonym -> original, for the names replaced with this key. */
  readonly names: Record<string, string>;
}

/** Thrown when the redaction cannot start; its message says why in one sentence. */
export class RedactionError extends Error {}

/** Where the key lives when none is named: the user's configuration folder, never the shared one. */
export function defaultKeyFile(): string {
  const base =
    process.platform === 'win32'
      ? (process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'))
      : (process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'));
  return path.join(base, 'balancer-lens', 'redaction-key.json');
}

/** A key read from its file, or made there on first use. */
export interface LoadedKey {
  readonly file: string;
  readonly created: boolean;
  readonly redactor: Redactor;
  /** Writes the names learned back into the key file. */
  save(): Promise<void>;
}

/** What a binary capture's redacted text form adds to its name: `site.pcapng` becomes `site.pcapng.txt`. */
export const TEXT_FORM_SUFFIX = '.txt';

/** Reads the key file, or makes one (readable by its owner only) when it does not exist and `create` is set. */
export async function loadKey(
  file: string,
  options: { create: boolean; names: boolean; hostBits?: number },
): Promise<LoadedKey> {
  let stored: KeyFile | undefined;
  let created = false;
  try {
    const parsed = JSON.parse(await readTextFile(file)) as Partial<KeyFile>;
    if (
      parsed.balancerLensRedactionKey !== 1 ||
      typeof parsed.key !== 'string' ||
      keyFromHex(parsed.key) === undefined
    ) {
      throw new RedactionError(`${file} is not a Balancer Lens redaction key.`);
    }
    const hostBits =
      typeof parsed.hostBits === 'number' && parsed.hostBits >= 0 && parsed.hostBits <= 32
        ? parsed.hostBits
        : 8;
    stored = {
      balancerLensRedactionKey: 1,
      key: parsed.key,
      hostBits,
      names: typeof parsed.names === 'object' && parsed.names !== null ? parsed.names : {},
    };
  } catch (error) {
    if (error instanceof RedactionError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      throw new RedactionError(
        error instanceof SyntaxError
          ? `${file} is not a Balancer Lens redaction key (not JSON).`
          : `cannot read the key ${file}: ${(error as Error).message}.`,
      );
    }
    if (!options.create)
      throw new RedactionError(`no key at ${file}: name the key the redaction used with --key.`);
    stored = {
      balancerLensRedactionKey: 1,
      key: keyToHex(randomBytes(KEY_BYTES)),
      hostBits: options.hostBits ?? 8,
      names: {},
    };
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    created = true;
  }
  if (options.hostBits !== undefined && !created && options.hostBits !== stored.hostBits) {
    throw new RedactionError(
      `the key ${file} keeps ${stored.hostBits} host bits; a key keeps the number it was made with (make a new key for ${options.hostBits}).`,
    );
  }
  const key = redactionKey(keyFromHex(stored.key)!, { hostBits: stored.hostBits });
  const redactor = new Redactor(key, { names: options.names });
  redactor.knowNames(Object.entries(stored.names));
  const keyFile = stored;
  return {
    file,
    created,
    redactor,
    async save() {
      const names = Object.fromEntries(redactor.names());
      if (Object.keys(names).length === Object.keys(keyFile.names).length) return;
      await fs.writeFile(file, `${JSON.stringify({ ...keyFile, names }, null, 2)}\n`, {
        mode: 0o600,
      });
    },
  };
}

/** One file written. */
export interface RedactedFile {
  readonly source: string;
  readonly target: string;
  readonly secrets: readonly Redaction[];
  readonly addresses: number;
  readonly names: number;
}

/** What a redaction did. */
export interface RedactionResult {
  readonly key: { readonly file: string; readonly created: boolean };
  readonly written: readonly RedactedFile[];
  /** Files left out (not copied), and why. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/** What to redact, and where to. Paths are absolute. */
export interface RedactionRequest {
  readonly paths: readonly string[];
  readonly outDir: string;
  readonly keyFile: string;
  readonly names: boolean;
  readonly hostBits?: number;
}

/** The folder every path lies in (a file's own folder for one file). */
function commonFolder(paths: readonly string[], folders: ReadonlySet<string>): string {
  const parts = paths.map((p) => (folders.has(p) ? p : path.dirname(p)).split(path.sep));
  const first = parts[0];
  let length = first.length;
  for (const other of parts) {
    let i = 0;
    while (i < length && i < other.length && other[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}

/** True when `inner` is `outer` or lies under it. */
function isUnder(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Redacts the configurations and dumps under the paths into the output folder. */
export async function redactFiles(request: RedactionRequest): Promise<RedactionResult> {
  const folders = new Set<string>();
  for (const p of request.paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch {
      throw new RedactionError(`cannot read ${p}: no such file or folder.`);
    }
    if (stat.isDirectory()) folders.add(p);
    else if (!stat.isFile()) throw new RedactionError(`${p} is neither a file nor a folder.`);
  }
  const outDir = path.resolve(request.outDir);
  const base = commonFolder(request.paths, folders);
  if (isUnder(base, outDir)) {
    throw new RedactionError(
      `the output folder ${outDir} holds the files to redact: choose a folder outside ${base}, so no original can be written over.`,
    );
  }

  const found = await findFiles(request.paths, new SettingsFinder(undefined, () => undefined), []);
  const skipped = [...found.unreadable];
  for (const file of found.unrecognised)
    skipped.push({
      path: file,
      reason: 'neither a balancer configuration nor a capture: not copied',
    });
  // A previous run's output inside a folder being redacted is not read again.
  const files = found.files.filter((f) => !isUnder(f.path, outDir));

  // A binary capture (pcap, pcapng) is shared as its text form, redacted: its bytes hold payloads
  // and headers no mapping of addresses could vouch for.
  const texts = new Map<string, string>();
  const binary = new Set<string>();
  for (const file of files) {
    try {
      if ((await binaryCaptureFormat(file.path)) === undefined)
        texts.set(file.path, await readTextFile(file.path));
      else {
        const form = await readCaptureFileText(file.path, path.basename(file.path));
        texts.set(file.path, form.text);
        binary.add(file.path);
        if (form.fault !== undefined)
          skipped.push({ path: file.path, reason: `the packets after the damage: ${form.fault}` });
        else if (form.limited)
          skipped.push({ path: file.path, reason: `the packets after the first ${form.packets}` });
      }
    } catch (error) {
      skipped.push({ path: file.path, reason: (error as Error).message });
    }
  }
  const key = await loadKey(request.keyFile, {
    create: true,
    names: request.names,
    hostBits: request.hostBits,
  });
  const languageOf = (language: string): 'config' | 'capture' =>
    language === CONFIG_LANGUAGE ? 'config' : 'capture';
  for (const file of files) {
    const text = texts.get(file.path);
    if (text !== undefined) key.redactor.learn(text, languageOf(file.language));
  }

  // A file already in the output folder that is an original (a link to it, a hard link) is never written through.
  const originals = new Set<string>();
  for (const file of files) {
    const stat = await fs.stat(file.path).catch(() => undefined);
    if (stat) originals.add(`${stat.dev}:${stat.ino}`);
  }
  const targetOf = (source: string): string =>
    path.join(outDir, path.relative(base, source) + (binary.has(source) ? TEXT_FORM_SUFFIX : ''));
  for (const file of files) {
    const target = targetOf(file.path);
    const existing = await fs.lstat(target).catch(() => undefined);
    if (
      existing &&
      (existing.isSymbolicLink() || originals.has(`${existing.dev}:${existing.ino}`))
    ) {
      throw new RedactionError(
        `${target} is a link or an original: nothing was written, so no original can be written over.`,
      );
    }
  }

  const written: RedactedFile[] = [];
  for (const file of files) {
    const text = texts.get(file.path);
    if (text === undefined) continue;
    const target = targetOf(file.path);
    const redacted = key.redactor.redact(text, languageOf(file.language));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, redacted.text);
    written.push({
      source: file.path,
      target,
      secrets: redacted.secrets,
      addresses: redacted.addresses,
      names: redacted.names,
    });
  }
  await key.save();
  return { key: { file: key.file, created: key.created }, written, skipped };
}

/** The report of a redaction, for people: what was written, what was removed where, what was left out. */
export function redactionReport(
  result: RedactionResult,
  shown: (file: string) => string = (f) => f,
): string {
  const lines: string[] = [];
  for (const file of result.written) {
    const parts = [`${file.addresses} address${file.addresses === 1 ? '' : 'es'}`];
    if (file.names > 0) parts.push(`${file.names} name${file.names === 1 ? '' : 's'}`);
    parts.push(`${file.secrets.length} secret${file.secrets.length === 1 ? '' : 's'} removed`);
    lines.push(`${shown(file.source)} -> ${shown(file.target)}: ${parts.join(', ')}`);
    for (const secret of file.secrets)
      lines.push(`  line ${secret.line + 1}: ${secret.what} removed`);
  }
  for (const skipped of result.skipped)
    lines.push(`${shown(skipped.path)}: left out (${skipped.reason})`);
  return lines.map((line) => `${line}\n`).join('');
}

/** Answers the editor's `balancerLens/redact` request (protocol.ts): checks its shape, then redacts. */
export async function redactForEditor(
  params: unknown,
): Promise<RedactResult | { readonly invalid: string } | { readonly refused: string }> {
  const p = params as Partial<RedactParams> | null;
  const isPath = (value: unknown): value is string =>
    typeof value === 'string' && path.isAbsolute(value);
  if (
    !p ||
    !Array.isArray(p.paths) ||
    p.paths.length === 0 ||
    !p.paths.every(isPath) ||
    !isPath(p.outDir) ||
    typeof p.names !== 'boolean' ||
    (p.keyFile !== undefined && !isPath(p.keyFile))
  ) {
    return {
      invalid:
        'A redaction is asked for by { paths, outDir, names, keyFile? }: absolute paths, names true or false.',
    };
  }
  try {
    const result = await redactFiles({
      paths: p.paths,
      outDir: p.outDir,
      keyFile: p.keyFile ?? defaultKeyFile(),
      names: p.names,
    });
    return {
      written: result.written.map((f) => ({
        source: f.source,
        target: f.target,
        secrets: f.secrets.length,
      })),
      skipped: result.skipped,
      key: result.key,
      report: redactionReport(result),
    };
  } catch (error) {
    if (error instanceof RedactionError) return { refused: error.message };
    throw error;
  }
}
