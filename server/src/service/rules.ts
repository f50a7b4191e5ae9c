// What a diagnostic catalogue entry is. Each language keeps its own catalogue
// (config/rules.ts, capture/features/rules.ts); codes are stable and namespaced by language.
import { serviceLocale } from './locale';

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

/** Where the rules' pages live: `docs/rules/<code with the slash as a dash>.md` in the repository. */
export const RULE_DOCS_BASE =
  'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/';

/**
 * The address of a rule's page, for a diagnostic's codeDescription: `.../docs/rules/lbcap-one-way-esp.md`,
 * or in Chinese its translation beside it, `.../docs/rules/zh-cn/lbcap-one-way-esp.md`.
 */
export function ruleDocumentation(rule: Pick<Rule, 'code'>): string {
  const folder = serviceLocale() === 'en' ? '' : `${serviceLocale()}/`;
  return `${RULE_DOCS_BASE}${folder}${rule.code.replace('/', '-')}.md`;
}
