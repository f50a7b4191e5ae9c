// What a diagnostic catalogue entry is. Each language keeps its own catalogue
// (config/rules.ts, capture/rules.ts); codes are stable and namespaced by language.

/** How loudly a finding is reported unless the user says otherwise. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** One entry of a diagnostic catalogue. */
export interface Rule {
  /** Stable code, `lbconf/...` or `lbcap/...`; never renamed once released. */
  readonly code: string;
  /** The severity a finding of this rule has by default. */
  readonly severity: Severity;
  /** One sentence on what the rule finds, for docs and listings. */
  readonly summary: string;
}
