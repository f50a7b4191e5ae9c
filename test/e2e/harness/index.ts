// The real-editor harness: what other scripts (test/runAll.ts, start, screenshot) use.
export { runRealEditorTests, packageVsix } from './runner';
export type { RealEditorOptions, RealEditorResult, RunKind } from './runner';
export { VSCodeServer, ensureVSCodeServer } from './vscodeServer';
export type { VSCodeServerOptions } from './vscodeServer';
export { openWorkbench } from './workbench';
export type { WorkbenchSession, WorkbenchOptions } from './workbench';
export { takeScreenshot } from './screenshot';
export type { ScreenshotOptions } from './screenshot';
