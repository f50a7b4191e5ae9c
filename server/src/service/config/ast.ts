// The shape of a parsed balancer configuration. Offsets refer to the document's text.
import type { SourceLine, Word } from '../text';

/** How a virtual server was written: ACOS running-config, or the status summary the seed pasted. */
export type ConfigForm = 'cli' | 'summary';

/** One line of configuration, split into words; what follows a `!` is a comment and not in `words`. */
export interface ConfigLine extends SourceLine {
  /** Leading white space, as written (kept so fixes can indent like their neighbours). */
  readonly indentText: string;
  /** The words before any `!` comment. */
  readonly words: readonly Word[];
}

/**
 * A line of running-config with the lines indented under it: a vport under its VIP, a member's
 * options under the member. Nesting follows indentation, whatever the number of spaces per level.
 */
export interface ConfigNode {
  /** The line itself (never blank, never a comment line). */
  readonly line: ConfigLine;
  /** The line this one is indented under; undefined for a block's head. */
  readonly parent: ConfigNode | undefined;
  /** The lines indented under this one, in order. */
  readonly children: readonly ConfigNode[];
}

/** A top-level block of running-config: a line at column 0 and the indented lines under it. */
export interface ConfigBlock {
  /** The line that opens the block, e.g. `slb server GW_IP 10.2.2.254`. */
  readonly head: ConfigLine;
  /** The indented lines under the head, in order. */
  readonly children: readonly ConfigLine[];
  /** The same lines as a tree: the head's node, its children nested by indentation. */
  readonly node: ConfigNode;
  /** The block's last line (the head when it has no children). */
  readonly last: ConfigLine;
}

/** A virtual port of a virtual server: `port N TYPE` and the lines under it. */
export interface Vport {
  /** The `port N TYPE` line. */
  readonly line: ConfigLine;
  /** The port number word (`0` for a wildcard vport). */
  readonly port: Word;
  /** The vport type word: tcp, udp, others, http, ... */
  readonly type: Word | undefined;
  /** The lines under the vport (service-group, source-nat pool, member:... in the summary form). */
  readonly children: readonly ConfigLine[];
}

/** One block of a virtual server (VIP). A VIP may be opened again later; each opening is one block. */
export interface VirtualServerBlock {
  /** Running-config or status summary. */
  readonly form: ConfigForm;
  /** The line that opens it: `slb virtual-server NAME IP` or `vip_NAME(A) IP`. */
  readonly head: ConfigLine;
  /** The VIP's name. */
  readonly name: Word;
  /** The VIP's address, where the head gives one. */
  readonly address: Word | undefined;
  /** The vports opened in this block, in order. */
  readonly vports: readonly Vport[];
}

/** A whole parsed configuration document. */
export interface ConfigDocument {
  /** Every line of the document. */
  readonly lines: readonly ConfigLine[];
  /** The running-config blocks, in order (virtual servers included). */
  readonly blocks: readonly ConfigBlock[];
  /** The virtual server blocks of either form, in order. */
  readonly virtualServers: readonly VirtualServerBlock[];
  /**
   * True when the document is a whole running-config as the box prints it: it has the
   * `!Current configuration` / `!version` headers or ends with `end`. A whole running-config
   * defines every object it uses; a fragment may use objects defined elsewhere.
   */
  readonly wholeRunningConfig: boolean;
}

/** True when a vport is `port <number> <type>` (case-insensitive type). */
export function isVport(vport: Vport, port: number, type: string): boolean {
  return Number(vport.port.text) === port && vport.type?.text.toLowerCase() === type;
}

/** The `disable` line that takes a vport out of service, if it has one: a disabled vport takes no traffic. */
export function disableLineOf(vport: Vport): ConfigLine | undefined {
  return vport.children.find(
    (line) => line.words.length === 1 && line.words[0].text.toLowerCase() === 'disable',
  );
}

/** True when a VIP's vports include a `port 0 others` in service: one that takes ESP, AH, GRE and ICMP. */
export function hasOthersInService(vports: readonly Vport[]): boolean {
  return vports.some((v) => isVport(v, 0, 'others') && !disableLineOf(v));
}
