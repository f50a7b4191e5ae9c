// What the user sees, read from the workbench page itself: the extension host cannot reach the
// page's DOM, so a test prints a request line, the harness (which drives the page in Chromium)
// reads the elements and writes them to the file the request names, and the test reads that.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The marker of a request line in the extension host's log. */
const MARKER = 'BALANCER_LENS_E2E_READ_PAGE';

/** A request: the elements to read (a CSS selector) and the file to write them to. */
export interface PageRequest {
  selector: string;
  file: string;
}

/** An element as the page shows it: its text as rendered, and its box in the page (CSS pixels). */
export interface PageElement {
  text: string;
  top: number;
  bottom: number;
}

/** The request in a log line, or undefined when the line is not a request. */
export function parsePageRequest(line: string): PageRequest | undefined {
  const at = line.indexOf(MARKER);
  if (at < 0) return undefined;
  try {
    const value = JSON.parse(line.slice(at + MARKER.length)) as Partial<PageRequest>;
    return typeof value.selector === 'string' && typeof value.file === 'string'
      ? { selector: value.selector, file: value.file }
      : undefined;
  } catch {
    return undefined; // the marker mentioned in some other message
  }
}

let asked = 0;

/**
 * The visible elements of the workbench page that match `selector`, in document order, as the
 * harness reads them; rejects when no answer comes within `timeoutMs` (a run without the harness).
 */
export async function readPage(selector: string, timeoutMs = 10_000): Promise<PageElement[]> {
  const file = path.join(os.tmpdir(), `balancer-lens-page-${process.pid}-${++asked}.json`);
  console.log(`${MARKER} ${JSON.stringify({ selector, file } satisfies PageRequest)}`);
  const deadline = Date.now() + timeoutMs;
  // The harness writes the answer whole (a rename): its presence is the signal.
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline)
      throw new Error(`The harness did not read ${selector} from the page within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const answer = JSON.parse(fs.readFileSync(file, 'utf8')) as PageElement[] | { error: string };
  fs.rmSync(file, { force: true });
  if (!Array.isArray(answer))
    throw new Error(`The harness could not read the page: ${answer.error}`);
  return answer;
}
