// How the flow diagram copes with a 200,000-line dump (`npm run bench:diagram`): building the model
// in the service, its size as the server sends it, drawing the rows in view as the page does on each
// scroll, and the whole picture as bands as an export or the command line draws it. Prints figures.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CAPTURE_LANGUAGE, createLanguageService } from '../server/src/service';
import { displayItems, layoutDiagram, LIGHT_PALETTE, renderDiagramSvg, renderItems } from '../server/src/service/diagram/render';
import { type BenchDialect, writeDump } from './captureDumps';

const LINES = 200_000;

function time<T>(run: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const result = run();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

const results: Record<string, Record<string, number>> = {};
for (const dialect of ['axdebug', 'tcpdump'] as BenchDialect[]) {
  const file = path.join(os.tmpdir(), `balancer-lens-diagram-${dialect}.txt`);
  writeDump(file, dialect, LINES);
  const document = TextDocument.create(`file://${file}`, CAPTURE_LANGUAGE, 1, fs.readFileSync(file, 'utf8'));
  const service = createLanguageService();
  const [answer, modelMs] = time(() => service.getFlowDiagram(document));
  if ('error' in answer) throw new Error(answer.error);
  const [json, jsonMs] = time(() => JSON.stringify(answer));
  const layout = layoutDiagram(answer);
  const items = displayItems(answer);
  // One screenful and the rows drawn around it, in the middle of the dump.
  const middle = Math.floor(items.length / 2);
  const [, windowMs] = time(() => renderItems(answer, layout, items, { start: middle - 20, end: middle + 60, top: 0 }));
  const [svg, wholeMs] = time(() => renderDiagramSvg(answer, {}, { palette: LIGHT_PALETTE }));
  results[dialect] = {
    rows: answer.rows.length,
    flows: answer.flows.length,
    lanes: answer.lanes.length,
    modelMs: Math.round(modelMs),
    jsonMb: Math.round(json.length / 1e5) / 10,
    jsonMs: Math.round(jsonMs),
    windowMs: Math.round(windowMs * 10) / 10,
    wholeSvgMs: Math.round(wholeMs),
    wholeSvgMb: Math.round(svg.length / 1e5) / 10,
  };
  fs.rmSync(file, { force: true });
  console.log(`${dialect}: ${JSON.stringify(results[dialect])}`);
}
console.log(JSON.stringify({ diagramLines: LINES, ...results }));
