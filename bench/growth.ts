// Size series for the benchmarks: a figure measured at a size and at five times it, and how the
// time grew. Linear work grows about five times; the bound is six.

/** The most a figure may grow for five times the size. */
export const MAX_GROWTH = 6;

/** One measurement of a series. */
export interface SeriesPoint {
  /** The size (lines, servers, configuration files). */
  readonly size: number;
  /** Milliseconds. */
  readonly ms: number;
}

/** The growth of each step of a series, as printed and summed up: `x5.0 size: x4.1 time (at most 6)`. */
export function growthOf(
  what: string,
  points: readonly SeriesPoint[],
): { line: string; ratios: number[]; withinBound: boolean } {
  const ratios: number[] = [];
  const steps: string[] = [];
  for (let i = 1; i < points.length; i++) {
    const ratio = points[i].ms / points[i - 1].ms;
    ratios.push(Math.round(ratio * 100) / 100);
    steps.push(
      `${points[i - 1].size.toLocaleString('en-US')} -> ${points[i].size.toLocaleString('en-US')} (x${(points[i].size / points[i - 1].size).toFixed(1)}): time x${ratio.toFixed(2)}`,
    );
  }
  const withinBound = ratios.every((r) => r <= MAX_GROWTH);
  return {
    line: `${what} growth: ${steps.join('; ')} (${withinBound ? 'within' : 'OVER'} the bound of x${MAX_GROWTH} for x5 the size)`,
    ratios,
    withinBound,
  };
}
