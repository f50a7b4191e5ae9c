// The configuration checks. Each finds facts in the parsed document and reports them with a
// catalogue rule; a fix that needs no further reading travels in the diagnostic's data.
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticOf, rangeOf } from '../diagnostics';
import { lineEndOf } from '../text';
import type { ConfigDocument, VirtualServerBlock } from './ast';
import { isVport } from './ast';
import { othersVportInsertion } from './othersVport';
import { configRules } from './rules';

/** The payload of a missing-others diagnostic: the edit its quick fix applies. */
export interface MissingOthersData {
  /** The virtual server's name, for the fix's title. */
  readonly vip: string;
  /** The edit that adds the vport. */
  readonly edit: TextEdit;
}

/** All findings of a configuration document. */
export function validateConfig(document: TextDocument, config: ConfigDocument): Diagnostic[] {
  return [...missingOthersVports(document, config)];
}

/** Virtual servers by name, each with its blocks in document order (a VIP may be opened again). */
export function virtualServersByName(config: ConfigDocument): Map<string, VirtualServerBlock[]> {
  const byName = new Map<string, VirtualServerBlock[]>();
  for (const vip of config.virtualServers) {
    const blocks = byName.get(vip.name.text) ?? [];
    blocks.push(vip);
    byName.set(vip.name.text, blocks);
  }
  return byName;
}

function* missingOthersVports(document: TextDocument, config: ConfigDocument): Iterable<Diagnostic> {
  for (const [name, blocks] of virtualServersByName(config)) {
    const vports = blocks.flatMap((b) => b.vports);
    const has = (type: string): boolean => vports.some((v) => isVport(v, 0, type));
    // IKE rides on UDP: without `port 0 udp` the tunnel would not even come up, and a TCP-only
    // wildcard is some other design, so only a UDP wildcard without `others` is reported.
    if (!has('udp') || has('others')) continue;

    const wildcards = has('tcp') ? '`port 0 tcp` and `port 0 udp`' : '`port 0 udp`';
    const message =
      `Virtual server ${name} forwards ${wildcards} but has no \`port 0 others\`: ` +
      'ESP, AH, GRE and ICMP through the balancer are neither translated nor accepted. ' +
      'An IPsec tunnel comes up (IKE runs over UDP) but carries no data, and the firewalls tear it down and rebuild it forever. ' +
      'Add a `port 0 others` vport.';
    const insertion = othersVportInsertion(blocks, lineEndOf(document.getText()));
    const data: MissingOthersData | undefined = insertion && {
      vip: name,
      edit: { range: rangeOf(document, insertion.offset, insertion.offset), newText: insertion.text },
    };
    const head = blocks[0];
    yield diagnosticOf(document, configRules.missingOthersVport, head.name.start, head.name.end, message, { data });
  }
}
