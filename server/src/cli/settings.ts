// The settings `check` applies, read from the project so that the editor and CI agree:
//   .balancer-lens.json      { "rules": { "lbconf/unused-definition": "off" }, "ignore": ["archive/"],
//                              "devices": { "lb-dc1": ["dc1/lb1/*.cfg"] } }
//   .vscode/settings.json    { "balancerLens.rules": { "lbconf/unused-definition": "off" },
//                              "balancerLens.devices": { "lb-dc1": ["dc1/lb1/*.cfg"] } }
// For each file checked, the nearest folder (its own, then each parent) that holds either file
// decides; when a folder holds both, both apply and `.balancer-lens.json` wins rule by rule.
// `--config FILE` replaces the search: that one file (of either form) applies everywhere.
import { promises as fs } from 'fs';
import * as path from 'path';
import { parse as parseJsonc, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { type DeviceGroups, readDeviceGroups } from '../deviceGroups';
import { pathShown, readTextFile } from '../safeFiles';
import { captureRules, configRules, type RuleSetting } from '../service';
import { cutWord } from '../service/ellipsis';
import { describeFileError } from './common';
import { type IgnorePattern, ignorePatterns } from './ignore';

/** The settings file of this project's own form. */
export const SETTINGS_FILE = '.balancer-lens.json';
/** VS Code's settings of a folder, whose `balancerLens.rules` the editor applies. */
export const VSCODE_SETTINGS_FILE = path.join('.vscode', 'settings.json');

/** What a rule may be set to, in the order the messages list them. */
const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'hint', 'information', 'warning', 'error'];

/** Every rule code of both catalogues. */
const KNOWN_CODES: ReadonlySet<string> = new Set(
  [...Object.values(configRules), ...Object.values(captureRules)].map((rule) => rule.code),
);

/** The settings that apply to a file. */
export interface CheckSettings {
  /** Severity or `off` by rule code, as `balancerLens.rules` in the editor. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Files and folders a folder walk leaves out. */
  readonly ignore: readonly IgnorePattern[];
  /** Devices split over several files, by name, with the folder their globs are relative to. */
  readonly devices?: { readonly base: string; readonly groups: DeviceGroups };
  /** The files these settings were read from (none for the defaults). */
  readonly from: readonly string[];
}

/** No settings file: every rule at its default severity, nothing ignored. */
export const DEFAULT_SETTINGS: CheckSettings = { rules: {}, ignore: [], from: [] };

/** A settings file that cannot be used; its message names the file and says why. */
export class SettingsError extends Error {}

/** Finds and reads the settings of each folder, once per folder. */
export class SettingsFinder {
  private readonly byFolder = new Map<string, Promise<CheckSettings>>();

  /**
   * `explicit` (from `--config`) applies everywhere when given; `warn` hears of what a settings
   * file holds that is not understood but harmless (an unknown rule code).
   */
  constructor(
    private readonly explicit: CheckSettings | undefined,
    private readonly warn: (message: string) => void,
  ) {}

  /** The settings of `--config FILE`: a file of either form. */
  static async read(file: string, warn: (message: string) => void): Promise<CheckSettings> {
    const json = await readJsonc(file);
    const folder = path.dirname(path.resolve(file));
    // A VS Code settings file speaks for the folder above its `.vscode`.
    const base = path.basename(folder) === '.vscode' ? path.dirname(folder) : folder;
    const own = ownForm(json, file, base, warn);
    const editor = editorForm(json, file, warn);
    return {
      rules: { ...editor.rules, ...own.rules },
      ignore: own.ignore,
      devices: { base, groups: { ...editor.devices, ...own.devices } },
      from: [file],
    };
  }

  /** The settings that apply to the files of a folder (an absolute path). */
  forFolder(folder: string): Promise<CheckSettings> {
    if (this.explicit) return Promise.resolve(this.explicit);
    let found = this.byFolder.get(folder);
    if (!found) {
      found = this.find(folder);
      this.byFolder.set(folder, found);
    }
    return found;
  }

  private async find(folder: string): Promise<CheckSettings> {
    const ownFile = path.join(folder, SETTINGS_FILE);
    const editorFile = path.join(folder, VSCODE_SETTINGS_FILE);
    const own = await readIfPresent(ownFile);
    const editorJson = await readIfPresent(editorFile);
    const editor =
      editorJson === undefined ? undefined : editorForm(editorJson, editorFile, this.warn);
    if (own !== undefined || editor?.present) {
      const ownSettings = own === undefined ? undefined : ownForm(own, ownFile, folder, this.warn);
      return {
        rules: { ...editor?.rules, ...ownSettings?.rules },
        ignore: ownSettings?.ignore ?? [],
        devices: { base: folder, groups: { ...editor?.devices, ...ownSettings?.devices } },
        from: [...(editor?.present ? [editorFile] : []), ...(own !== undefined ? [ownFile] : [])],
      };
    }
    const parent = path.dirname(folder);
    return parent === folder ? DEFAULT_SETTINGS : this.forFolder(parent);
  }
}

/** A JSON file that may hold comments and trailing commas (as VS Code's settings do). */
async function readJsonc(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readTextFile(file); // a FIFO or a device is refused, not waited on
  } catch (error) {
    throw new SettingsError(
      `cannot read the settings file ${pathShown(file)}: ${describeFileError(error)}.`,
    );
  }
  const errors: ParseError[] = [];
  const json = parseJsonc(text, errors, {
    allowTrailingComma: true,
    allowEmptyContent: true,
  }) as unknown;
  if (errors.length > 0) {
    const { offset, error } = errors[0];
    const before = text.slice(0, offset).split(/\r\n|\r|\n/);
    throw new SettingsError(
      `${file}:${before.length}:${before[before.length - 1].length + 1}: not valid JSON (${printParseErrorCode(error)}).`,
    );
  }
  return json ?? {};
}

/** The JSON of a file, or undefined when there is no such file. */
async function readIfPresent(file: string): Promise<unknown> {
  try {
    await fs.access(file);
  } catch {
    return undefined;
  }
  return readJsonc(file);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rule settings checked: a known severity for each code; codes no catalogue has are reported. */
function rulesOf(
  value: unknown,
  where: string,
  warn: (message: string) => void,
): Record<string, RuleSetting> {
  if (value === undefined) return {};
  if (!isObject(value))
    throw new SettingsError(`${where} must be an object of rule codes and severities.`);
  const rules: Record<string, RuleSetting> = {};
  for (const [code, setting] of Object.entries(value)) {
    if (typeof setting !== 'string' || !RULE_SETTINGS.includes(setting as RuleSetting)) {
      throw new SettingsError(
        `${where}: "${cutWord(code)}" is set to ${cutWord(JSON.stringify(setting) ?? String(setting))}; use one of ${RULE_SETTINGS.join(', ')}.`,
      );
    }
    if (!KNOWN_CODES.has(code))
      warn(`${where}: there is no rule "${cutWord(code)}"; it is left as it is.`);
    rules[code] = setting as RuleSetting;
  }
  return rules;
}

/** Device groups checked (deviceGroups.ts); a setting that cannot be used is reported. */
function devicesOf(value: unknown, where: string): DeviceGroups {
  const read = readDeviceGroups(value);
  if ('error' in read) throw new SettingsError(`${where} ${read.error}.`);
  return read.groups;
}

/** `.balancer-lens.json`: `rules`, `ignore` and `devices`. */
function ownForm(
  json: unknown,
  file: string,
  base: string,
  warn: (message: string) => void,
): { rules: Record<string, RuleSetting>; ignore: IgnorePattern[]; devices: DeviceGroups } {
  if (!isObject(json)) throw new SettingsError(`${file}: the settings must be a JSON object.`);
  const ignore = json.ignore;
  if (
    ignore !== undefined &&
    (!Array.isArray(ignore) || !ignore.every((p) => typeof p === 'string'))
  )
    throw new SettingsError(
      `${file}: "ignore" must be a list of patterns ("archive/", "*.old.cfg").`,
    );
  return {
    rules: rulesOf(json.rules, `${file}: "rules"`, warn),
    ignore: ignorePatterns(ignore ?? [], base),
    devices: devicesOf(json.devices, `${file}: "devices"`),
  };
}

/** VS Code's settings: `"balancerLens.rules"` and `"balancerLens.devices"`, or `"balancerLens": { "rules": ..., "devices": ... }`. */
function editorForm(
  json: unknown,
  file: string,
  warn: (message: string) => void,
): { present: boolean; rules: Record<string, RuleSetting>; devices: DeviceGroups } {
  if (!isObject(json)) throw new SettingsError(`${file}: the settings must be a JSON object.`);
  const nested = isObject(json.balancerLens) ? json.balancerLens.rules : undefined;
  const flat = json['balancerLens.rules'];
  const nestedDevices = isObject(json.balancerLens) ? json.balancerLens.devices : undefined;
  const flatDevices = json['balancerLens.devices'];
  return {
    present:
      nested !== undefined ||
      flat !== undefined ||
      nestedDevices !== undefined ||
      flatDevices !== undefined,
    rules: {
      ...rulesOf(nested, `${file}: "balancerLens.rules"`, warn),
      ...rulesOf(flat, `${file}: "balancerLens.rules"`, warn),
    },
    devices: {
      ...devicesOf(nestedDevices, `${file}: "balancerLens.devices"`),
      ...devicesOf(flatDevices, `${file}: "balancerLens.devices"`),
    },
  };
}
