// Where the flow diagram's lanes go: a file's picture (the command line, an export) has fixed
// sizes; the editor's page fits the ladder in its width, the time column as wide as the dump's
// longest time and the lanes sharing the rest down to a readable minimum, past which it scrolls.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CAPTURE_LANGUAGE,
  createLanguageService,
  type FlowDiagram,
} from '../../../server/src/service';
import { outlineOf } from '../../../server/src/service/diagram/outline';
import { layoutDiagram, MIN_LANE_GAP } from '../../../server/src/service/diagram/render';
import { fixture } from '../support';

function diagramOf(name: string): FlowDiagram {
  const answer = createLanguageService().getFlowDiagram(
    TextDocument.create('file:///w/capture.txt', CAPTURE_LANGUAGE, 1, fixture(name)),
  );
  if ('error' in answer) throw new Error(answer.error);
  return answer;
}

describe('The layout of a flow diagram', () => {
  const seed = diagramOf('seed/capture-before-fix.axdebug.txt');
  const timeChars = outlineOf(seed, 1).timeChars;

  it('gives a file fixed 220 px lanes after a 104 px time column', () => {
    const layout = layoutDiagram(seed);
    assert.deepStrictEqual(
      [layout.timeWidth, layout.laneGap, layout.laneX, layout.width],
      [104, 220, [214, 434, 654, 874], 104 + 4 * 220 + 150],
    );
  });

  it("sizes a page's time column by the longest time the outline names", () => {
    assert.strictEqual(timeChars, '+482'.length);
    const tcpdump = outlineOf(diagramOf('capture/f5-nat-vpn.tcpdump.txt'), 1).timeChars;
    assert.strictEqual(tcpdump, '+0.019999'.length);
    assert.ok(
      layoutDiagram(seed, { width: 520, timeChars: tcpdump }).timeWidth >
        layoutDiagram(seed, { width: 520, timeChars }).timeWidth,
    );
  });

  it('fits the four lanes of the seed in a 520 px panel, and spreads them in a wide one up to the fixed width', () => {
    const narrow = layoutDiagram(seed, { width: 520, timeChars });
    assert.ok(narrow.width <= 520 && narrow.laneGap >= MIN_LANE_GAP, JSON.stringify(narrow));
    const wide = layoutDiagram(seed, { width: 1600, timeChars });
    assert.strictEqual(wide.laneGap, 220);
    const middling = layoutDiagram(seed, { width: 900, timeChars });
    assert.ok(middling.laneGap > narrow.laneGap && middling.width <= 900, JSON.stringify(middling));
  });

  it('keeps the lanes at the minimum when they do not fit, wider than the panel (it scrolls sideways)', () => {
    const tiny = layoutDiagram(seed, { width: 300, timeChars });
    assert.strictEqual(tiny.laneGap, MIN_LANE_GAP);
    assert.ok(tiny.width > 300);
  });
});
