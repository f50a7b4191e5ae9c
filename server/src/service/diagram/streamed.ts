// The flow diagram of a dump of any size, drawn as its lines stream past three times
// (engine/streaming.ts), the same picture the whole dump's diagram (model.ts) draws. The first
// reading finds flows and IPsec peers; the second folds what the lanes, flows and peers need
// (DiagramFolder) and counts the rows the view shows; the third makes the rows as they go by and
// keeps only what the picture draws: each row shown when there are few enough to draw one by one,
// else a band per so many rows, folded as they pass. What is kept grows with hosts, flows and
// peers (and, with every flow collapsed, each flow's row numbers), not with the dump's lines.
import type { LineSink } from '../capture/engine/streaming';
import { StreamingAnalysis } from '../capture/engine/streaming';
import type { PacketEvent } from '../capture/engine/packetEvents';
import type { Packet } from '../capture/reading/packet';
import { isIcmpError, isIpsec } from '../capture/reading/packet';
import {
  type BalancerAddressNotes,
  DiagramFolder,
  type DiagramRow,
  emptyDiagram,
  type FlowDiagram,
  peerIdOf,
  peerIdsByAddress,
  protocolOf,
  RowMaker,
  timeUnitOf,
} from './model';
import { type DiagramPalette } from './theme';
import { renderPicture } from './render';
import { BandFold, type DiagramView, type DisplayItem, rowFilter } from './view';

/** What a streamed picture shows. */
export interface StreamedDiagramOptions {
  /** The filters (flow, peer, protocol); collapsed flows are `collapseAll`. */
  readonly view?: Omit<DiagramView, 'collapsed'>;
  /** Every flow drawn as one row. */
  readonly collapseAll?: boolean;
  /** More items than this are drawn as bands of rows (5,000 by default, as pictureItems). */
  readonly maxItems?: number;
  /** What the configuration says of the balancer's addresses. */
  readonly notes?: BalancerAddressNotes;
}

/** The links of a kept row to the rows that answer it and that it answers, by what made them (analysis.ts, in its order). */
interface Links {
  flowBy?: number;
  errorBy?: number;
  espBy?: number;
  flowAnswers?: number;
  errorAnswers?: number;
  espAnswers?: number;
}

/** Requests and their answers as analysis.ts matches them, for the rows kept, as the packets go by. */
class AnswerTracker {
  private readonly rowOf = new WeakMap<Packet, number>();
  /** Per flow: the way it last went, its last packet and the kept rows since it last turned round; per echo flow, the requests by sequence number. */
  private readonly turns = new Map<number, Turn>();
  private readonly echoes = new Map<number, Map<number, number>>();
  /** Per IPsec peer: the same for its ESP (matchEspAnswers). */
  private readonly espTurns = new Map<number, Turn>();
  private readonly kept = new Map<number, Links>();
  /**
   * ICMP errors tied to a packet whose row comes after theirs (an error's later copy is read after
   * the packet it reports on), by that packet: the first error's row, as tieIcmpErrors ties them.
   */
  private readonly errorsBefore = new WeakMap<Packet, number>();

  packet(event: PacketEvent, index: number, keep: boolean): void {
    const { packet, flow } = event;
    const first = packet.copies[0];
    this.rowOf.set(packet, index);
    const links: Links | undefined = keep ? {} : undefined;
    if (links) this.kept.set(index, links);
    const error = this.errorsBefore.get(packet);
    if (error !== undefined) {
      if (links) links.errorBy ??= error;
      const reporting = this.kept.get(error);
      if (reporting) reporting.errorAnswers = index;
    }
    if (isIcmpError(first)) {
      // An ICMP error answers the packet it reports on (tieIcmpErrors).
      if (!event.cause) return;
      const cause = this.rowOf.get(event.cause);
      if (cause === undefined) {
        if (!this.errorsBefore.has(event.cause)) this.errorsBefore.set(event.cause, index);
        return;
      }
      if (links) links.errorAnswers = cause;
      const reported = this.kept.get(cause);
      if (reported) reported.errorBy ??= index;
      return;
    }
    if (flow && flow.kind === 'icmp-echo') {
      // An echo reply answers the request with its sequence number (matchAnswers).
      const icmp = first.icmp;
      if (icmp?.seq !== undefined) {
        let requests = this.echoes.get(flow.id);
        if (!requests) this.echoes.set(flow.id, (requests = new Map<number, number>()));
        if (icmp.type === 8) requests.set(icmp.seq, index);
        else {
          const request = requests.get(icmp.seq);
          if (request !== undefined) {
            requests.delete(icmp.seq); // answered: a second reply finds none
            const asked = this.kept.get(request);
            if (asked) asked.flowBy = index;
            if (links) links.flowAnswers = request;
          }
        }
      }
    } else if (flow && flow.kind !== 'esp' && flow.kind !== 'ah') {
      // A packet answers those that came the other way since its flow last turned round.
      const answered = turn(this.turns, flow.id, event.direction, index, keep);
      if (answered) {
        for (const row of answered.pending) this.kept.get(row)!.flowBy = index;
        if (links) links.flowAnswers = answered.last;
      }
    }
    const peer = event.peer;
    const copy = peer && packet.copies.find(isIpsec);
    if (peer && copy && !copy.ike && copy.esp) {
      // ESP is answered by the next ESP back from the peer (matchEspAnswers), after all else.
      const answered = turn(this.espTurns, peer.id, peer.directionOf(packet), index, keep);
      if (answered) {
        for (const row of answered.pending) this.kept.get(row)!.espBy ??= index;
        if (links) links.espAnswers ??= answered.last;
      }
    }
  }

  /** The row that answers kept row `index`, and the one it answers. */
  linksOf(index: number): { answeredBy: number | undefined; answers: number | undefined } {
    const links = this.kept.get(index);
    return {
      answeredBy: links?.flowBy ?? links?.errorBy ?? links?.espBy,
      answers: links?.flowAnswers ?? links?.errorAnswers ?? links?.espAnswers,
    };
  }
}

/** A flow's (or peer's) way so far: its last packet and the kept rows since it last turned round. */
interface Turn {
  direction: string | undefined;
  last: number;
  pending: number[];
}

/** Notes a packet going `direction`; when the flow turned round, what it answers: the kept rows pending and the last packet before it. */
function turn(
  turns: Map<number, Turn>,
  id: number,
  direction: string | undefined,
  index: number,
  keep: boolean,
): { pending: number[]; last: number } | undefined {
  let state = turns.get(id);
  let answered: { pending: number[]; last: number } | undefined;
  if (!state) turns.set(id, (state = { direction, last: index, pending: [] }));
  else if (direction !== state.direction) {
    answered = { pending: state.pending, last: state.last };
    state.pending = [];
  }
  state.direction = direction;
  state.last = index;
  if (keep) state.pending.push(index);
  return answered;
}

/**
 * The diagram of a dump streamed past `passes()` (each a sink the host feeds every line to, in
 * order, ended before the next); then `diagram()` answers what the CLI checks (message, flows,
 * peers) and `svg()` draws the picture the whole dump's renderDiagramSvg draws.
 */
export class DiagramStream {
  private readonly analysis = new StreamingAnalysis();
  private readonly view: Omit<DiagramView, 'collapsed'>;
  private readonly maxItems: number;
  private lines = 0;
  private unrecognised = false;
  private drawn: { diagram: FlowDiagram; items: DisplayItem[] } | undefined;

  constructor(private readonly options: StreamedDiagramOptions = {}) {
    this.view = options.view ?? {};
    this.maxItems = options.maxItems ?? 5000;
  }

  *passes(): Iterable<LineSink> {
    const firstPass = this.analysis.firstPass();
    yield {
      line: (text) => {
        this.lines++;
        firstPass.line(text);
      },
      end: () => firstPass.end(),
    };
    const peerByAddress = peerIdsByAddress(this.analysis.peers());
    const collapse = this.options.collapseAll === true;
    const folder = new DiagramFolder(peerByAddress, collapse);
    const shown = rowFilter(this.view);
    const flowsShown = new Set<number>();
    let items = 0;
    let index = 0;
    const second = this.analysis.secondPass(
      (event) => {
        folder.packet(event, index++);
        const flow = event.flow?.id;
        if (!shown(flow, peerIdOf(event, peerByAddress), protocolOf(event.packet.copies[0])))
          return;
        if (collapse && flow !== undefined) {
          if (flowsShown.has(flow)) return;
          flowsShown.add(flow);
        }
        items++;
      },
      () => (this.unrecognised = true),
    );
    yield second;
    const dialect = second.dialect;
    if (folder.packetCount === 0) {
      this.drawn = { diagram: emptyDiagram(dialect, this.lines, this.unrecognised), items: [] };
      return;
    }
    const frame = folder.finish(this.options.notes);
    const diagram: FlowDiagram = {
      dialect,
      timeUnit: timeUnitOf(dialect),
      lineCount: this.lines,
      lanes: frame.lanes,
      rows: [], // only the rows drawn, at their index
      flows: frame.flows(),
      peers: frame.peers,
      message: undefined,
    };
    this.drawn = { diagram, items: [] };
    // A flow or peer the dump does not have: nothing to draw (the command line says so).
    const { flow, peer } = this.view;
    if (flow !== undefined && !folder.hasFlow(flow)) return;
    if (peer !== undefined && !frame.peers.some((p) => p.id === peer)) return;
    const maker = new RowMaker(frame, peerByAddress, false);
    yield items > this.maxItems
      ? this.bands(maker, Math.ceil(items / this.maxItems))
      : this.rows(diagram, maker, peerByAddress);
  }

  /** The third reading when the rows are drawn one by one: the rows shown are kept, with their answers. */
  private rows(
    diagram: FlowDiagram,
    maker: RowMaker,
    peerByAddress: ReadonlyMap<string, number>,
  ): LineSink {
    const collapse = this.options.collapseAll === true;
    const shown = rowFilter(this.view);
    const tracker = new AnswerTracker();
    const kept: { event: PacketEvent; index: number; at: number | undefined }[] = [];
    const items = this.drawn!.items;
    const flowsShown = new Set<number>();
    const flowsStarted = new Set<number>();
    let index = 0;
    const third = this.analysis.secondPass(
      (event) => {
        const row = index++;
        const at = maker.at(event.packet.copies[0]);
        const flow = event.flow?.id;
        let keep = false;
        if (shown(flow, peerIdOf(event, peerByAddress), protocolOf(event.packet.copies[0]))) {
          if (collapse && flow !== undefined) {
            if (!flowsShown.has(flow)) {
              flowsShown.add(flow);
              items.push({ kind: 'flow', flow, row });
              keep = true;
            }
          } else {
            items.push({ kind: 'packet', row });
            keep = true;
          }
        }
        // A collapsed flow is drawn from its first row.
        if (collapse && flow !== undefined && !flowsStarted.has(flow)) {
          flowsStarted.add(flow);
          keep = true;
        }
        tracker.packet(event, row, keep);
        if (keep) kept.push({ event, index: row, at });
      },
      () => undefined,
    );
    return {
      line: (text) => third.line(text),
      end: () => {
        third.end();
        const rows = diagram.rows;
        for (const { event, index: row, at } of kept) {
          const { answeredBy, answers } = tracker.linksOf(row);
          rows[row] = maker.row(event, row, at, answeredBy, answers);
        }
      },
    };
  }

  /** The third reading when there are too many rows to draw one by one: each band folded as its rows go by. */
  private bands(maker: RowMaker, size: number): LineSink {
    const collapse = this.options.collapseAll === true;
    const shown = rowFilter(this.view);
    // A band is its items' rows in order: runs of packets folded as they go, and collapsed flows
    // (all their rows, which go on after the band's place), folded per flow.
    const buckets: (BandFold | number)[][] = [];
    const flowBands = new Map<number, BandFold>();
    const flowsShown = new Set<number>();
    let items = 0;
    let index = 0;
    const part = (): (BandFold | number)[] => {
      const bucket = Math.floor(items++ / size);
      buckets[bucket] ??= [];
      return buckets[bucket];
    };
    const third = this.analysis.secondPass(
      (event) => {
        const at = maker.at(event.packet.copies[0]);
        const row = index++;
        // The whole row only for a band's first: a band draws the rest from their places.
        const whole = (): DiagramRow => maker.row(event, row, at, undefined, undefined);
        const place = maker.place(event);
        const flow = event.flow?.id;
        if (collapse && flow !== undefined) {
          let band = flowBands.get(flow);
          if (!band) flowBands.set(flow, (band = new BandFold()));
          band.place(place, whole);
        }
        if (!shown(flow, place.peer, place.protocol)) return;
        if (collapse && flow !== undefined) {
          if (flowsShown.has(flow)) return;
          flowsShown.add(flow);
          part().push(flow);
          return;
        }
        const parts = part();
        let run = parts[parts.length - 1];
        if (!(run instanceof BandFold)) parts.push((run = new BandFold()));
        run.place(place, whole);
      },
      () => undefined,
    );
    return {
      line: (text) => third.line(text),
      end: () => {
        third.end();
        const items = this.drawn!.items;
        for (const parts of buckets) {
          const fold = new BandFold();
          for (const p of parts) fold.band((typeof p === 'number' ? flowBands.get(p)! : p).done()!);
          const band = fold.done()!;
          items.push({ kind: 'bucket', rows: [band.first.index], band });
        }
      },
    };
  }

  /** The diagram as far as the picture needs it: lanes, flows, peers, the rows drawn (after the readings). */
  diagram(): FlowDiagram {
    if (!this.drawn) throw new Error('diagram() before the dump was read');
    return this.drawn.diagram;
  }

  /** The whole picture, as renderDiagramSvg draws the whole dump's diagram. */
  svg(palette?: DiagramPalette): string {
    const { diagram, items } = this.drawn!;
    return renderPicture(diagram, items, { palette });
  }
}
