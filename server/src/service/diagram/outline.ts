// The flow diagram as the editor's page receives it. A 200,000-line dump has some 100,000 rows,
// 48 MB as the model's JSON: too much to hand from the server to the extension to the webview. So
// the page first gets an outline: the lanes, peers and flows, and of each row only what filters,
// collapsed flows, bands and the cursor need, as columns of small numbers (a row's words, its
// label, translation, time and ports, are what made it big). It then asks for the words of the
// rows it draws (`rowsOf`), a screenful at a time. `diagramOfOutline` makes a FlowDiagram of an
// outline again, so the page draws with the one renderer (render.ts) the command line uses.
import type {
  DiagramFlow,
  DiagramLane,
  DiagramPeer,
  DiagramRow,
  DiagramSource,
  FlowDiagram,
  RowMark,
} from './model';
import { timeLabel } from './render';

/** Strings that repeat, as a table and, per item, the index of its string in it. */
export interface StringColumn {
  /** Each string once. */
  readonly table: string[];
  /** Per item, its string's index in `table`. */
  readonly index: number[];
}

/** The rows of a diagram, a column per field the page needs before their words; ids are 0 where a row has none. */
export interface RowColumns {
  /** Each row's first line, less the previous row's (the first row's: its line). */
  readonly lineStep: number[];
  /** Its last line, less its first. */
  readonly span: number[];
  /** The lines of its other copies, less its first, joined by commas (`1`, `1,3`, ``). */
  readonly otherCopies: StringColumn;
  /** The lane it leaves from. */
  readonly from: number[];
  /** The lane it arrives at. */
  readonly to: number[];
  /** Its flow's id, 0 for none. */
  readonly flow: number[];
  /** Its IPsec peer's id, 0 for none. */
  readonly peer: number[];
  /** Its protocol. */
  readonly protocol: StringColumn;
  /** 0 forward, 1 back. */
  readonly back: number[];
  /** Its marks, joined by spaces. */
  readonly marks: StringColumn;
}

/** The flows of a diagram, a column per field; their rows are those whose flow column names them. */
export interface FlowColumns {
  /** `TCP 10.1.1.254:22518 ↔ 192.168.0.108:1521`. */
  readonly name: string[];
  /** tcp, udp, esp, ... */
  readonly kind: StringColumn;
  /** Packets the first way. */
  readonly forward: number[];
  /** Packets back. */
  readonly back: number[];
  /** 1 when nothing came back, else 0. */
  readonly oneWay: number[];
}

/** A flow diagram without its rows' words: what the server answers `balancerLens/flowDiagram` with. */
export interface DiagramOutline {
  /** The version of the dump it was drawn from: rows are asked for at this version. */
  readonly version: number;
  /** See FlowDiagram. */
  readonly dialect: string | undefined;
  /** See FlowDiagram. */
  readonly timeUnit: 'ticks' | 'seconds' | undefined;
  /** See FlowDiagram. */
  readonly lineCount: number;
  /** See FlowDiagram. */
  readonly lanes: DiagramLane[];
  /** See FlowDiagram. */
  readonly peers: DiagramPeer[];
  /** See FlowDiagram. */
  readonly message: string | undefined;
  /** The longest time label's length in characters, so the page sizes its time column before it has the rows' words. */
  readonly timeChars: number;
  /** How many rows. */
  readonly rowCount: number;
  /** The rows, without their words. */
  readonly rows: RowColumns;
  /** The flows, by id (ids run from 1). */
  readonly flows: FlowColumns;
}

/** The most rows one request may ask for: a picture of this many is drawn row by row, more as bands. */
export const MAX_ROWS_PER_REQUEST = 5000;

/**
 * A column of whole numbers as the server keeps it until it is sent: a typed array, 1 to 4 bytes
 * an item where an array takes 8. JSON.stringify writes it as the array DiagramOutline has (it
 * calls `toJSON`, and writes what that gives before it goes on to the next field).
 */
export class NumberColumn {
  constructor(
    private readonly values: Int32Array | Uint16Array | Uint8Array,
    /** One array the columns of an outline fill in turn as they are written, not one each. */
    private readonly written: { array?: number[] },
  ) {}

  get length(): number {
    return this.values.length;
  }

  at(index: number): number {
    return this.values[index];
  }

  /** The array of the column's numbers, shared with the outline's other columns: valid until the next column is written. */
  toJSON(): number[] {
    const { values } = this;
    if (this.written.array?.length !== values.length)
      this.written.array = new Array<number>(values.length);
    const array = this.written.array;
    for (let i = 0; i < values.length; i++) array[i] = values[i];
    return array;
  }
}

/** Strings that repeat, as the server keeps them: written as a StringColumn. */
export interface StringNumberColumn {
  readonly table: string[];
  readonly index: NumberColumn;
}

/** Each field of an outline's columns as the server keeps it. */
type Kept<T> = {
  readonly [K in keyof T]: T[K] extends StringColumn
    ? StringNumberColumn
    : T[K] extends number[]
      ? NumberColumn
      : T[K];
};

/**
 * The outline as the service gives it (`outlineOf`): its columns typed arrays, some 10 MB for a
 * 500,000-line dump's 250,000 rows where arrays of numbers took 40; JSON.stringify writes it
 * as the DiagramOutline the page reads, and only JSON is ever made of it.
 */
export interface OutlineAnswer extends Omit<DiagramOutline, 'rows' | 'flows'> {
  readonly rows: Kept<RowColumns>;
  readonly flows: Kept<FlowColumns>;
}

/** A whole diagram, or one whose rows are made when asked for (model.ts drawFlowDiagram). */
export type AnyDiagram = FlowDiagram | DiagramSource;

/** A diagram as a source of its rows. */
function asSource(diagram: AnyDiagram): DiagramSource {
  if (!('rows' in diagram)) return diagram;
  const { rows, flows, ...heads } = diagram;
  return { ...heads, rowCount: rows.length, row: (index) => rows[index], flows: () => flows };
}

/** Strings that repeat, collected into a column one item at a time (`count` items). */
class StringColumnMaker {
  private readonly table: string[] = [];
  private readonly index: Int32Array;
  private readonly indexOf = new Map<string, number>();
  private count = 0;

  constructor(
    items: number,
    private readonly written: { array?: number[] },
  ) {
    this.index = new Int32Array(items);
  }

  add(value: string): void {
    let at = this.indexOf.get(value);
    if (at === undefined) {
      at = this.table.push(value) - 1;
      this.indexOf.set(value, at);
    }
    this.index[this.count++] = at;
  }

  done(): StringNumberColumn {
    return { table: this.table, index: new NumberColumn(this.index, this.written) };
  }
}

/**
 * The outline of a diagram drawn from a dump's `version` (its rows made one at a time, never all
 * kept), its columns kept as typed arrays until it is written out (OutlineAnswer).
 */
export function outlineOf(diagram: AnyDiagram, version: number): OutlineAnswer {
  const source = asSource(diagram);
  const count = source.rowCount;
  const written: { array?: number[] } = {};
  const column = (values: Int32Array | Uint16Array | Uint8Array): NumberColumn =>
    new NumberColumn(values, written);
  const lineStep = new Int32Array(count);
  const span = new Int32Array(count);
  const from = new Uint16Array(count);
  const to = new Uint16Array(count);
  const flow = new Int32Array(count);
  const peer = new Int32Array(count);
  const back = new Uint8Array(count);
  const otherCopies = new StringColumnMaker(count, written);
  const protocol = new StringColumnMaker(count, written);
  const marks = new StringColumnMaker(count, written);
  let timeChars = 0;
  let previousLine = 0;
  for (let i = 0; i < count; i++) {
    const row = source.row(i);
    timeChars = Math.max(timeChars, timeLabel(source, row).length);
    lineStep[i] = row.line - previousLine;
    previousLine = row.line;
    span[i] = row.endLine - row.line;
    otherCopies.add(
      row.copyLines
        .slice(1)
        .map((line) => line - row.line)
        .join(','),
    );
    from[i] = row.from;
    to[i] = row.to;
    flow[i] = row.flow ?? 0;
    peer[i] = row.peer ?? 0;
    protocol.add(row.protocol);
    back[i] = row.direction === 'back' ? 1 : 0;
    marks.add(row.marks.join(' '));
  }
  // Without their rows: the page finds them from the rows' flow column.
  const flows = source.flows(false);
  const kind = new StringColumnMaker(flows.length, written);
  const forward = new Int32Array(flows.length);
  const backs = new Int32Array(flows.length);
  const oneWay = new Uint8Array(flows.length);
  flows.forEach((f, i) => {
    kind.add(f.kind);
    forward[i] = f.forward;
    backs[i] = f.back;
    oneWay[i] = f.oneWay ? 1 : 0;
  });
  return {
    version,
    dialect: source.dialect,
    timeUnit: source.timeUnit,
    lineCount: source.lineCount,
    lanes: source.lanes,
    peers: source.peers,
    message: source.message,
    timeChars,
    rowCount: count,
    rows: {
      lineStep: column(lineStep),
      span: column(span),
      otherCopies: otherCopies.done(),
      from: column(from),
      to: column(to),
      flow: column(flow),
      peer: column(peer),
      protocol: protocol.done(),
      back: column(back),
      marks: marks.done(),
    },
    flows: {
      name: flows.map((f) => f.name),
      kind: kind.done(),
      forward: column(forward),
      back: column(backs),
      oneWay: column(oneWay),
    },
  };
}

/** The rows asked for, whole; an error naming the first that the diagram does not have. */
export function rowsOf(
  diagram: AnyDiagram,
  indexes: readonly number[],
): DiagramRow[] | { readonly error: string } {
  const source = asSource(diagram);
  const missing = indexes.find((i) => !Number.isInteger(i) || i < 0 || i >= source.rowCount);
  if (missing !== undefined)
    return { error: `There is no row ${missing}: the diagram has ${source.rowCount} rows.` };
  return indexes.map((i) => source.row(i));
}

/**
 * The diagram of an outline. Its rows carry what the outline has; their words (label, translation,
 * time, ends, ports, answers) are blank until `rowsOf` gives them: a page draws a row one by one only
 * once it has its words, and a band of rows from the outline alone.
 */
export function diagramOfOutline(outline: DiagramOutline): FlowDiagram {
  const columns = outline.rows;
  const rows: DiagramRow[] = [];
  const flowRows: number[][] = outline.flows.name.map(() => []);
  let line = 0;
  for (let index = 0; index < outline.rowCount; index++) {
    line += columns.lineStep[index];
    const flow = columns.flow[index] === 0 ? undefined : columns.flow[index];
    const marks = columns.marks.table[columns.marks.index[index]];
    const others = columns.otherCopies.table[columns.otherCopies.index[index]];
    const row: DiagramRow = {
      index,
      line,
      endLine: line + columns.span[index],
      copyLines: [
        line,
        ...(others === '' ? [] : others.split(',').map((step) => line + Number(step))),
      ],
      time: '',
      at: undefined,
      from: columns.from[index],
      to: columns.to[index],
      ends: undefined,
      received: false,
      sent: false,
      inPort: undefined,
      outPort: undefined,
      protocol: columns.protocol.table[columns.protocol.index[index]],
      label: '',
      translation: undefined,
      flow,
      direction: columns.back[index] === 1 ? 'back' : 'forward',
      answeredBy: undefined,
      answers: undefined,
      reports: undefined,
      peer: columns.peer[index] === 0 ? undefined : columns.peer[index],
      marks: marks === '' ? [] : (marks.split(' ') as RowMark[]),
    };
    rows.push(row);
    if (flow !== undefined) flowRows[flow - 1]?.push(index);
  }
  const { name, kind, forward, back, oneWay } = outline.flows;
  const flows: DiagramFlow[] = name.map((flowName, i) => {
    // A flow's lanes and peer are its first row's (model.ts).
    const first = rows[flowRows[i][0]] as DiagramRow | undefined;
    return {
      id: i + 1,
      name: flowName,
      kind: kind.table[kind.index[i]],
      rows: flowRows[i],
      forward: forward[i],
      back: back[i],
      from: first?.from ?? 0,
      to: first?.to ?? 0,
      oneWay: oneWay[i] === 1,
      peer: first?.peer,
    };
  });
  const { dialect, timeUnit, lineCount, lanes, peers, message } = outline;
  return { dialect, timeUnit, lineCount, lanes, rows, flows, peers, message };
}
