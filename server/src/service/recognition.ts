// Which language a text is, by its content: what the editor's content detection, the server's
// reading of the workspace and `check` on a folder all decide with. A configuration saved by
// hand, by a backup tool or from a terminal rarely starts with its first command: comment and
// header lines, a login banner and the prompt come first. Those are skipped before deciding.
// Pure (no fs, no vscode): the client bundles it too.
import { matchKeyword } from './config/keywords';
import { SHOW_RUNNING_CONFIG, TERMINAL_PROMPT } from './config/parser';
import { CAPTURE_LANGUAGE, CONFIG_LANGUAGE } from './languages';

/** The manifest's first-line pattern of `balancer-config`. */
export const CONFIG_FIRST_LINE =
  /^(!(version|Current configuration|Configuration last)\b|vip_\S+\([A-Z]\)\s|slb (server|virtual-server|service-group) \S|ip nat pool \S)/;

/** The manifest's first-line pattern of `balancer-capture`. */
export const CAPTURE_FIRST_LINE =
  /^(@\d+ *[io] *\( *\d+|\S+[#>] *axdebug\b|\s*(\d+\s+)?(\d{4}-\d\d-\d\d )?\d\d?:\d\d:\d\d\.\d{6,9} (\S+ +(In|Out) +)?(IP6? (\S+ > |\((tos|flowlabel|class|hlim) )|ARP, |([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2} )|\d{9,10}\.\d{6,9} (IP6? (\S+ > |\((tos|flowlabel|class|hlim) )|ARP, )|IP6? (\S+ > \S+: |\((tos|flowlabel|class|hlim) \S+, )|tcpdump: (verbose output suppressed|listening on )|reading from file \S+, link-type )/;

/** A backup tool's line naming the kind of device the file holds (RANCID, Batfish). */
const DEVICE_TYPE_HEADER = /^!\s*(?:RANCID-CONTENT-TYPE|BATFISH_FORMAT):\s*(\S+)/i;

/** The pager's mark a saved terminal session keeps on a line of its own. */
const PAGER_LINE = /^\s*-+ *more *-+[\s\b]*$/i;

/** How much of a text is looked at to decide its language. */
export const HEAD_CHARACTERS = 4096;

/** The language in the words of the two language ids. */
export type ContentLanguage = typeof CONFIG_LANGUAGE | typeof CAPTURE_LANGUAGE;

/**
 * The language a text says it is, if any, by its first 4 KB. Blank and `!` comment lines
 * (the box's and backup tools' headers among them) and the pager's marks are skipped; so is a
 * login banner when a prompt follows it, and the prompt itself. A capture's first line, a
 * prompt at which `show running-config` was typed, or a first command that is `hostname` or
 * any top-level ACOS command (a line of another vendor's syntax, ending with `{` or `;`, is
 * not) then decide. A backup tool's header naming another kind of device rules a text out.
 */
export function languageOfText(text: string): ContentLanguage | undefined {
  const lines = text.slice(0, HEAD_CHARACTERS).split(/\r\n|\r|\n/);
  // A full last line only: a cut one may read as something else.
  if (text.length > HEAD_CHARACTERS && lines.length > 1) lines.pop();
  // A banner (`Last login: ...`, a welcome text) comes before the first prompt: skipped.
  const prompt = lines.findIndex((line) => isPrompt(line) && !CAPTURE_FIRST_LINE.test(line));
  const firstLook = lines.findIndex(
    (line) => line.trim() !== '' && !line.startsWith('!') && !PAGER_LINE.test(line),
  );
  const from = prompt >= 0 && (firstLook < 0 || !decides(lines[firstLook])) ? prompt : 0;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || PAGER_LINE.test(line)) continue;
    const deviceType = DEVICE_TYPE_HEADER.exec(line);
    if (deviceType && !/a10|acos|axseries|thunder/i.test(deviceType[1])) return undefined;
    if (CONFIG_FIRST_LINE.test(line)) return CONFIG_LANGUAGE;
    if (line.startsWith('!')) continue;
    if (CAPTURE_FIRST_LINE.test(line)) return CAPTURE_LANGUAGE;
    if (isPrompt(line)) {
      if (SHOW_RUNNING_CONFIG.test(line)) return CONFIG_LANGUAGE;
      continue;
    }
    return isTopLevelCommand(line) ? CONFIG_LANGUAGE : undefined;
  }
  return undefined;
}

/** True for a line a decision can be made on (a capture's or configuration's first line). */
function decides(line: string): boolean {
  return CONFIG_FIRST_LINE.test(line) || CAPTURE_FIRST_LINE.test(line) || isTopLevelCommand(line);
}

/** True for a terminal prompt at the start of a line (`lb1#`, `lb1-Active(config)#show run`). */
function isPrompt(line: string): boolean {
  return TERMINAL_PROMPT.test(line);
}

/** True for a line that is a top-level ACOS command at column 0 (`hostname lb1`, `vlan 10`, `slb ...`). */
function isTopLevelCommand(line: string): boolean {
  if (line === '' || /^\s/.test(line) || /[{;]\s*$/.test(line)) return false;
  const words = line.split(/\s+/).filter((w) => w !== '');
  return words[0] === 'hostname' ? words.length === 2 : matchKeyword('top', words) !== undefined;
}
