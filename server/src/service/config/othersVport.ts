// Writes the missing `port 0 others` vport of a virtual server in the style of the block it
// edits: the summary form gets `port 0 others` / `member:NAME 0/others`; running-config gets a
// vport indented and spaced like its siblings whose lines copy the UDP (else TCP) wildcard vport.
import type { ConfigLine, VirtualServerBlock, Vport } from './ast';
import { isVport } from './ast';

/** Text to insert at an offset. */
export interface Insertion {
  /** Offset in the document where the text goes. */
  readonly offset: number;
  /** The text, beginning with a line end. */
  readonly text: string;
}

/**
 * Vport lines not to copy: those that only mean something for TCP or UDP traffic, that name the
 * vport itself, or that take it out of service (a disabled `others` would fix nothing).
 */
function notToCopy(line: ConfigLine): boolean {
  const [first, second] = line.words.map((w) => w.text.toLowerCase());
  return (
    (first === 'template' && (second === 'tcp' || second === 'udp')) ||
    first === 'name' ||
    (first === 'disable' && second === undefined)
  );
}

/**
 * The insertion that adds `port 0 others` after the last vport of a virtual server, whose
 * blocks are given in document order (a VIP opened twice has two blocks). Undefined when the
 * VIP has no wildcard TCP or UDP vport to copy.
 */
export function othersVportInsertion(
  blocks: readonly VirtualServerBlock[],
  lineEnd: string,
): Insertion | undefined {
  const all = blocks.flatMap((b) => b.vports.map((vport) => ({ block: b, vport })));
  const model =
    [...all].reverse().find((v) => isVport(v.vport, 0, 'udp')) ??
    [...all].reverse().find((v) => isVport(v.vport, 0, 'tcp'));
  // After the last vport of the model's form: a VIP pasted both as a summary and as running-config
  // gets the summary's lines in the summary and the CLI's in its block, never mixed.
  const last = model && all.filter((v) => v.block.form === model.block.form).at(-1);
  if (!model || !last || !model.vport.type) return undefined;

  const { vport } = model;
  // A line left out takes the lines indented under it along.
  let droppedIndent: number | undefined;
  const dropped = (line: ConfigLine): boolean => {
    const indent = line.indentText.length;
    if (droppedIndent !== undefined && indent > droppedIndent) return true;
    droppedIndent = notToCopy(line) ? indent : undefined;
    return droppedIndent !== undefined;
  };
  const type = vport.type!;
  // `   port 0  udp` -> `   port 0  others`: the sibling's indentation, the model's spacing.
  const head =
    last.vport.line.indentText +
    vport.line.text.slice(vport.line.indentText.length, type.start - vport.line.start) +
    'others';
  const children = vport.children
    .filter((line) => model.block.form === 'summary' || !dropped(line))
    .map((line) =>
      model.block.form === 'summary'
        ? summaryMemberForOthers(line)
        : reindented(line, vport.line.indentText, last.vport.line.indentText),
    );

  const after = lastLineOf(last.vport);
  return { offset: after.end, text: [head, ...children].map((line) => lineEnd + line).join('') };
}

/**
 * A child line of the copied vport, indented under the new vport as it was under its own: when
 * the VIP's blocks are indented differently, the copy keeps its depth, not its column.
 */
function reindented(line: ConfigLine, fromIndent: string, toIndent: string): string {
  return line.indentText.startsWith(fromIndent)
    ? toIndent + line.text.slice(fromIndent.length)
    : line.text;
}

/** `member:vpn_udp 0/udp` -> `member:vpn_udp 0/others`. */
function summaryMemberForOthers(line: ConfigLine): string {
  return line.text.replace(/(\b\d+\/)(tcp|udp)\b/i, '$1others');
}

function lastLineOf(vport: Vport): ConfigLine {
  return vport.children.at(-1) ?? vport.line;
}
