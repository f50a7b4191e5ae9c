// What `npm run screenshot` asks the extension host to show (passed in env BALANCER_LENS_SHOW).

/** The view to arrange before the picture. */
export interface ScreenshotRequest {
  /** The file to open, relative to the workspace folder. */
  file: string;
  /** Show the Problems panel under the editor. */
  problems: boolean;
  /** Put the cursor on this line (1-based), and column if given. */
  line?: number;
  column?: number;
  /** Show the hover at the cursor (needs `line`). */
  hover: boolean;
  /** A command to run on the file once it is open (`balancerLens.showFlowDiagram`), awaited. */
  command?: string;
  /** The longest wait for the extension's diagnostics of the file, in ms. */
  settleMs: number;
}

/** The line the extension host prints when the workbench is ready for the picture. */
export const SCREENSHOT_READY = 'BALANCER_LENS_SCREENSHOT_READY';
