// The outline of a whole diagram as the server first answered it (before its columns were typed
// arrays, written as arrays only on the way out): every row's fields read off the made rows into
// plain arrays, the flows' off the made flows. The service's outline must write the same JSON.
import type { FlowDiagram } from '../../server/src/service';
import type { DiagramOutline, StringColumn } from '../../server/src/service/diagram/outline';
import { timeLabel } from '../../server/src/service/diagram/render';

function stringColumn(values: readonly string[]): StringColumn {
  const table: string[] = [];
  const index = values.map((value) => {
    const at = table.indexOf(value);
    return at >= 0 ? at : table.push(value) - 1;
  });
  return { table, index };
}

/** The outline of `diagram`, every field read off its rows and flows. */
export function wholeOutline(diagram: FlowDiagram, version: number): DiagramOutline {
  const { rows, flows } = diagram;
  return {
    version,
    dialect: diagram.dialect,
    timeUnit: diagram.timeUnit,
    lineCount: diagram.lineCount,
    lanes: diagram.lanes,
    peers: diagram.peers,
    message: diagram.message,
    timeChars: rows.reduce((most, row) => Math.max(most, timeLabel(diagram, row).length), 0),
    rowCount: rows.length,
    rows: {
      lineStep: rows.map((row, i) => row.line - (i === 0 ? 0 : rows[i - 1].line)),
      span: rows.map((row) => row.endLine - row.line),
      otherCopies: stringColumn(
        rows.map((row) =>
          row.copyLines
            .slice(1)
            .map((line) => line - row.line)
            .join(','),
        ),
      ),
      from: rows.map((row) => row.from),
      to: rows.map((row) => row.to),
      flow: rows.map((row) => row.flow ?? 0),
      peer: rows.map((row) => row.peer ?? 0),
      protocol: stringColumn(rows.map((row) => row.protocol)),
      back: rows.map((row) => (row.direction === 'back' ? 1 : 0)),
      marks: stringColumn(rows.map((row) => row.marks.join(' '))),
    },
    flows: {
      name: flows.map((f) => f.name),
      kind: stringColumn(flows.map((f) => f.kind)),
      forward: flows.map((f) => f.forward),
      back: flows.map((f) => f.back),
      oneWay: flows.map((f) => (f.oneWay ? 1 : 0)),
    },
  };
}
