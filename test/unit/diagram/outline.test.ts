// The flow diagram as the editor's page receives it: an outline (every row's lines, lanes, flow,
// peer, protocol, direction and marks in columns) and, on request, whole rows. The page makes a
// diagram of the outline again and puts in the rows it is sent: the picture it draws is the
// diagram the command line draws.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CAPTURE_LANGUAGE,
  createLanguageService,
  type FlowDiagram,
} from '../../../server/src/service';
import {
  type DiagramOutline,
  diagramOfOutline,
  type OutlineAnswer,
  outlineOf,
  rowsOf,
} from '../../../server/src/service/diagram/outline';
import { fixture } from '../support';

function diagramOf(text: string): FlowDiagram {
  const answer = createLanguageService().getFlowDiagram(
    TextDocument.create('file:///w/capture.txt', CAPTURE_LANGUAGE, 1, text),
  );
  if ('error' in answer) throw new Error(answer.error);
  return answer;
}

/** What JSON makes of a value (the protocol drops undefined fields). */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The outline as the page receives it: its typed columns written as arrays. */
const sent = (answer: OutlineAnswer): DiagramOutline =>
  JSON.parse(JSON.stringify(answer)) as DiagramOutline;

describe('The outline of a flow diagram', () => {
  it('is given by the service methods taken out of it, as a host passes them around', () => {
    const { getFlowDiagramOutline, getFlowDiagramRows } = createLanguageService();
    const dump = TextDocument.create(
      'file:///w/capture.txt',
      CAPTURE_LANGUAGE,
      3,
      fixture('seed/capture-before-fix.axdebug.txt'),
    );
    const outline = getFlowDiagramOutline(dump);
    assert.ok(!('error' in outline));
    assert.strictEqual(outline.version, 3);
    const rows = getFlowDiagramRows(dump, [0]);
    assert.ok(!('error' in rows));
    assert.strictEqual(rows[0].index, 0);
  });

  for (const name of [
    'seed/capture-before-fix.axdebug.txt',
    'seed/capture-after-fix.axdebug.txt',
    'capture/f5-nat-vpn.tcpdump.txt',
  ]) {
    it(`gives back the whole diagram of ${name} with its rows put in`, () => {
      const diagram = diagramOf(fixture(name));
      const again = diagramOfOutline(sent(outlineOf(diagram, 7)));
      const rows = rowsOf(
        diagram,
        diagram.rows.map((r) => r.index),
      );
      assert.ok(!('error' in rows));
      for (const row of overTheWire(rows)) again.rows[row.index] = row;
      assert.deepStrictEqual(overTheWire(again), overTheWire(diagram));
    });
  }

  it('keeps what bands, filters and the cursor need of each row, and leaves its words out', () => {
    const diagram = diagramOf(fixture('seed/capture-before-fix.axdebug.txt'));
    const outline = sent(outlineOf(diagram, 3));
    assert.deepStrictEqual(outline.rows.marks.table, [
      'unanswered one-way untranslated',
      'unanswered one-way',
      'one-way',
      'icmp-error single-copy',
    ]);
    assert.deepStrictEqual(outline.rows.otherCopies.table, ['1', '']);
    const row = diagramOfOutline(outline).rows[5];
    assert.deepStrictEqual(
      [row.line, row.endLine, row.copyLines, row.flow, row.direction, row.marks, row.label],
      [10, 10, [10], 4, 'back', ['icmp-error', 'single-copy'], ''],
    );
    assert.ok(!JSON.stringify(outline).includes('TCP SYN'), 'no row label is in the outline');
  });

  it('names a row it does not have', () => {
    assert.deepStrictEqual(
      rowsOf(diagramOf(fixture('seed/capture-before-fix.axdebug.txt')), [0, 8]),
      { error: 'There is no row 8: the diagram has 8 rows.' },
    );
  });
});
