// Which device each configuration file is. Engineers keep one file per balancer (a folder of
// saved `show running-config` outputs, a backup tool's repository), and each box's names are its
// own: two boxes that both define `ip nat pool SNAT` do not clash, and a server one box lacks is
// not found on another. A file that is a whole configuration (a hostname, the box's header, an
// `end`, a backup tool's header, the prompt `show running-config` was typed at) is its own device;
// a fragment belongs to the one device of its folder, or, where there is none or several, is
// loose: it sees every device and clashes with none, and the devices of its own folder see it
// (a device elsewhere does not: a paste in another folder hides none of its faults). The host may group files into one device
// by name (the `devices` setting), for a box deliberately split over several files.
import { pushTo } from '../collections';
import type { ConfigDocument } from './ast';
import { SHOW_RUNNING_CONFIG, TERMINAL_PROMPT } from './parser';

/** One device of the workspace. */
export interface Device {
  /** Tells devices apart: `group:NAME` for a device the settings name, else the uri of its file. */
  readonly id: string;
  /** Its name for people: the settings' name, its hostname, its prompt's name, else its file's name. */
  readonly name: string;
  /** True when the settings made it of several files: its files' definitions clash with each other. */
  readonly grouped: boolean;
}

/** The device a file is on its own, without the rest of the workspace: its own, when it is a whole configuration. */
export function ownDevice(uri: string, config: ConfigDocument): Device | undefined {
  const name = deviceNameOf(config);
  return name === undefined
    ? undefined
    : { id: uri, name: name || baseNameOf(uri), grouped: false };
}

/** A configuration file as the fleet sees it. */
export interface FleetFile {
  /** The file's uri. */
  readonly uri: string;
  /** What it says. */
  readonly config: ConfigDocument;
}

/** The device a file is, by its own text: its name, when it is a whole configuration. */
export function deviceNameOf(config: ConfigDocument): string | undefined {
  let name = names.get(config);
  if (name === undefined) {
    name = config.wholeRunningConfig ? (hostnameOf(config) ?? promptNameOf(config) ?? '') : '';
    names.set(config, name);
  }
  return config.wholeRunningConfig ? name : undefined;
}

const names = new WeakMap<ConfigDocument, string>();

/** The `hostname NAME` of a configuration, if it has one (the last one: ACOS keeps the last). */
function hostnameOf(config: ConfigDocument): string | undefined {
  let name: string | undefined;
  for (const block of config.blocks) {
    const [first, second] = block.head.words;
    if (first.text === 'hostname' && second !== undefined && block.head.words.length === 2)
      name = second.text;
  }
  return name;
}

/** The name in the prompt `show running-config` was typed at (`lb1-Active#sh run`: lb1). */
function promptNameOf(config: ConfigDocument): string | undefined {
  for (const line of config.lines) {
    if (line.words.length !== 0 || line.indentText !== '' || !SHOW_RUNNING_CONFIG.test(line.text))
      continue;
    const prompt = TERMINAL_PROMPT.exec(line.text);
    if (prompt) return prompt[1];
  }
  return undefined;
}

/** The folder part of a uri (everything before its last `/`). */
function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

/** The file name of a uri without its extension, for a device that has no name of its own. */
export function baseNameOf(uri: string): string {
  let name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    name = decodeURIComponent(name);
  } catch {
    // Keep it as written.
  }
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The devices of a set of configuration files, and which files each file sees. */
export class Fleet {
  private readonly deviceByUri = new Map<string, Device>();
  private readonly wholeUris = new Set<string>();
  /** The uris of each device's files, by device id, and of the loose fragments. */
  private readonly membersById = new Map<string, string[]>();
  /** The loose fragments by folder, and the folders of each device's files. */
  private readonly looseByFolder = new Map<string, string[]>();
  private readonly foldersById = new Map<string, Set<string>>();

  /**
   * Reads the devices of the files anew (the workspace calls it when a file came, went, changed
   * or was grouped otherwise). `groups` holds each file's group from the settings, if any.
   */
  update(files: readonly FleetFile[], groups: readonly (string | undefined)[]): void {
    this.deviceByUri.clear();
    this.wholeUris.clear();
    this.membersById.clear();
    this.looseByFolder.clear();
    this.foldersById.clear();
    this.known.clear();
    for (const file of files) this.known.add(file.uri);
    const grouped = new Map<string, Device>();
    const byId = new Map<string, Device>();
    // Files of a folder that are devices of their own or of a group: a fragment joins the folder's only one.
    const devicesInFolder = new Map<string, Set<string>>();
    const fragments: FleetFile[] = [];
    for (const [i, file] of files.entries()) {
      const group = groups[i];
      let device: Device | undefined;
      if (group !== undefined) {
        device = grouped.get(group) ?? { id: `group:${group}`, name: group, grouped: true };
        grouped.set(group, device);
      } else {
        device = ownDevice(file.uri, file.config);
      }
      if (!device) {
        fragments.push(file);
        continue;
      }
      if (group === undefined) this.wholeUris.add(file.uri);
      this.deviceByUri.set(file.uri, device);
      byId.set(device.id, device);
      const folder = folderOf(file.uri);
      let devices = devicesInFolder.get(folder);
      if (!devices) devicesInFolder.set(folder, (devices = new Set()));
      devices.add(device.id);
    }
    for (const fragment of fragments) {
      const devices = devicesInFolder.get(folderOf(fragment.uri));
      if (devices?.size !== 1) continue;
      const [id] = devices;
      this.deviceByUri.set(fragment.uri, byId.get(id)!);
    }
    for (const file of files) {
      const device = this.deviceByUri.get(file.uri);
      const folder = folderOf(file.uri);
      if (!device) pushTo(this.looseByFolder, folder, file.uri);
      else {
        pushTo(this.membersById, device.id, file.uri);
        let folders = this.foldersById.get(device.id);
        if (!folders) this.foldersById.set(device.id, (folders = new Set()));
        folders.add(folder);
      }
    }
  }

  /**
   * The uris of the files a file sees: its device's, and the loose fragments of its device's
   * folders; undefined for a loose fragment (it sees every file).
   */
  seenBy(uri: string): readonly string[] | undefined {
    const device = this.deviceByUri.get(uri);
    if (!device) return undefined;
    const seen = [...(this.membersById.get(device.id) ?? [])];
    for (const folder of this.foldersById.get(device.id) ?? [])
      seen.push(...(this.looseByFolder.get(folder) ?? []));
    return seen;
  }

  /** True when a device sees a loose fragment: it lies in a folder of the device's files. */
  seesLoose(device: Device, uri: string): boolean {
    return this.foldersById.get(device.id)?.has(folderOf(uri)) === true;
  }

  /** The device a file belongs to; undefined for a loose fragment (it sees every device), and for a file not read with the others. */
  deviceOf(uri: string): Device | undefined {
    return this.deviceByUri.get(uri);
  }

  /** True when the file was read with the others (its device, or its being loose, is known). */
  knows(uri: string): boolean {
    return this.known.has(uri);
  }

  private readonly known = new Set<string>();

  /** True when a file is a device's whole configuration, not a part of a device named in the settings. */
  isWhole(uri: string): boolean {
    return this.wholeUris.has(uri);
  }
}
