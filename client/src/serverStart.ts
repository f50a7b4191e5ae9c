// Starting the language server once for every command and document that needs it, and again after
// a start that failed: a failed start kept would make every later command fail without a word.
// Kept apart from extension.ts (no vscode import), so that it runs in a plain Node test.

/** One start of something shared (the language client), retried on the next ask after it fails. */
export class StartOnce<T> {
  private pending: Promise<T> | undefined;

  /**
   * `start` starts it; `failed` is told of each start that fails (the extension shows the reason),
   * after which the next `get` starts it again.
   */
  constructor(
    private readonly start: () => Promise<T>,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** The started thing: the start under way or done, or a new start when there is none or the last one failed. */
  get(): Promise<T> {
    this.pending ??= this.start().catch((error: unknown) => {
      this.pending = undefined;
      this.failed(error);
      throw error;
    });
    return this.pending;
  }

  /** True while a start is under way or has succeeded. */
  get asked(): boolean {
    return this.pending !== undefined;
  }
}
