// The balancer configurations a command joins a capture dump with (`explain`, `diagram`): those
// found under the paths named (files or folders, as `check` finds them), or beside the dump (its
// own folder, not the folders under it: a dump in a home or downloads folder must not walk it all)
// when none is named, so the command line sees what the editor sees in that workspace.
import * as l10n from '@vscode/l10n';
import { promises as fs } from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { notAFile, pathShown, readTextFile } from '../safeFiles';
import { CONFIG_LANGUAGE } from '../service';
import { cannotRead, describeFileError, type InputFile } from './common';
import { languageOfFile } from '../languageFiles';
import { findFiles } from './files';
import { SettingsFinder } from './settings';

/**
 * Reads the configurations under `named` (as given on the command line, relative to `cwd`), or
 * in `dumpFolder` when none is named. A named path that cannot be read is said and answered with
 * undefined; a configuration that cannot be read is said and left out.
 */
export async function readConfigurations(
  named: readonly string[],
  dumpFolder: string | undefined,
  cwd: string,
  say: (message: string) => void,
): Promise<TextDocument[] | undefined> {
  let files: string[];
  if (named.length > 0) {
    const paths = named.map((p) => path.resolve(cwd, p));
    for (const [index, absolute] of paths.entries()) {
      let problem: string | undefined;
      try {
        const stat = await fs.stat(absolute);
        problem = stat.isDirectory() ? undefined : notAFile(stat);
      } catch (error) {
        problem = describeFileError(error, l10n.t('no such file or folder'));
      }
      if (problem !== undefined) {
        say(cannotRead(pathShown(named[index]), problem));
        return undefined;
      }
    }
    const found = await findFiles(paths, new SettingsFinder(undefined, say), []);
    for (const u of found.unreadable)
      say(cannotRead(pathShown(path.relative(cwd, u.path)), u.reason, true));
    files = found.files.filter((f) => f.language === CONFIG_LANGUAGE).map((f) => f.path);
  } else {
    files = dumpFolder === undefined ? [] : await configurationsBeside(dumpFolder);
  }
  const configs: TextDocument[] = [];
  for (const file of files) {
    try {
      const text = await readTextFile(file);
      configs.push(TextDocument.create(pathToFileURL(file).href, CONFIG_LANGUAGE, 1, text));
    } catch (error) {
      say(cannotRead(pathShown(path.relative(cwd, file)), describeFileError(error), true));
    }
  }
  return configs;
}

/** The files the configurations were read from, named relative to `cwd` (those still there). */
export async function filesRead(
  configs: readonly TextDocument[],
  cwd: string,
): Promise<InputFile[]> {
  const inputs: InputFile[] = [];
  for (const config of configs) {
    const file = fileURLToPath(config.uri);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat) inputs.push({ name: path.relative(cwd, file), stat });
  }
  return inputs;
}

/** The configuration files directly in a folder (by name, or by first line for .txt, .cfg, ...). */
async function configurationsBeside(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!entry.isFile()) continue;
    const file = path.join(folder, entry.name);
    if ((await languageOfFile(file, false).catch(() => undefined)) === CONFIG_LANGUAGE)
      found.push(file);
  }
  return found;
}
