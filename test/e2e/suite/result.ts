// How the suite, running inside the extension host, tells the harness outside how it went:
// one console line the harness finds in the forwarded extension host log.

/** The counts of one suite run. */
export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
}

const MARKER = 'BALANCER_LENS_E2E_RESULT';

/** The line the suite prints when it starts: the harness shows the log in full from there on. */
export const STARTED = 'BALANCER_LENS_E2E_STARTED';

/** The line the suite prints when it ends. */
export function formatResult(result: SuiteResult): string {
  return `${MARKER} ${JSON.stringify(result)}`;
}

/** The result in one log line, or undefined when the line is not the result line. */
export function parseResult(line: string): SuiteResult | undefined {
  const at = line.indexOf(MARKER);
  if (at < 0) {
    return undefined;
  }
  try {
    const value = JSON.parse(line.slice(at + MARKER.length)) as Partial<SuiteResult>;
    return { passed: value.passed ?? 0, failed: value.failed ?? 0, pending: value.pending ?? 0 };
  } catch {
    return undefined; // the marker mentioned in some other message
  }
}
