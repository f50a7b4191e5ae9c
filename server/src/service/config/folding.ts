// Folding: each block and each nested part of it (a vport, a server port, an ACOS 4 member),
// the header comments at the top, `! region` / `! endregion` markers and status-summary VIPs.
import { type FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import type { ConfigNode } from './ast';
import type { ConfigModel } from './model';

/** The folding ranges of a configuration document, by line. */
export function configFoldingRanges(model: ConfigModel): FoldingRange[] {
  const { config } = model;
  const ranges: FoldingRange[] = [];
  const nested = (node: ConfigNode): number => {
    let last = node.line.line;
    for (const child of node.children) last = Math.max(last, nested(child));
    if (last > node.line.line) ranges.push({ startLine: node.line.line, endLine: last });
    return last;
  };
  for (const block of config.blocks) nested(block.node);
  for (const vip of config.virtualServers) {
    if (vip.form !== 'summary') continue;
    const last = vip.vports.at(-1);
    const end = last ? (last.children.at(-1) ?? last.line).line : vip.head.line;
    if (end > vip.head.line) ranges.push({ startLine: vip.head.line, endLine: end });
    for (const vport of vip.vports) {
      const vportEnd = vport.children.at(-1)?.line;
      if (vportEnd !== undefined) ranges.push({ startLine: vport.line.line, endLine: vportEnd });
    }
  }
  // The `!Current configuration` / `!version` lines at the top (and other leading comments).
  let header = 0;
  while (
    header < config.lines.length &&
    config.lines[header].text.startsWith('!') &&
    !/^!\s*$/.test(config.lines[header].text)
  )
    header++;
  if (header >= 2)
    ranges.push({ startLine: 0, endLine: header - 1, kind: FoldingRangeKind.Comment });
  // `! region NAME` ... `! endregion`, as the language configuration declares them.
  const open: number[] = [];
  for (const line of config.lines) {
    if (/^\s*!\s*#?region\b/.test(line.text)) open.push(line.line);
    else if (/^\s*!\s*#?endregion\b/.test(line.text)) {
      const start = open.pop();
      if (start !== undefined && line.line > start)
        ranges.push({ startLine: start, endLine: line.line, kind: FoldingRangeKind.Region });
    }
  }
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
