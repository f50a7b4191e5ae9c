// The balancer configurations a command joins a capture dump with (`explain`, `diagram`): those
// found under the paths named (files or folders, as `check` finds them), or in the dump's own
// folder when none is named, so the command line sees what the editor sees in that workspace.
import { promises as fs } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_LANGUAGE } from '../service';
import { describeFileError } from './common';
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
  const paths =
    named.length > 0
      ? named.map((p) => path.resolve(cwd, p))
      : dumpFolder === undefined
        ? []
        : [dumpFolder];
  for (const [index, absolute] of paths.entries()) {
    try {
      await fs.stat(absolute);
    } catch (error) {
      say(`cannot read ${named[index]}: ${describeFileError(error, 'no such file or folder')}.`);
      return undefined;
    }
  }
  const found = await findFiles(paths, new SettingsFinder(undefined, say), []);
  const configs: TextDocument[] = [];
  for (const file of found.files.filter((f) => f.language === CONFIG_LANGUAGE)) {
    try {
      configs.push(
        TextDocument.create(
          pathToFileURL(file.path).href,
          CONFIG_LANGUAGE,
          1,
          await fs.readFile(file.path, 'utf8'),
        ),
      );
    } catch (error) {
      say(
        `cannot read ${path.relative(cwd, file.path)}: ${describeFileError(error)}; going on without it.`,
      );
    }
  }
  return configs;
}
