// The language the service speaks: English unless the host chose another (the editor's display
// language from LSP's `initialize`, the command line's --locale or LANG). Messages go through
// `l10n.t` of @vscode/l10n (as vscode-json-languageservice's do); the host hands the service the
// bundle of its language (l10n/server/bundle.l10n.<locale>.json), which the service cannot read
// itself. One language per process, as @vscode/l10n keeps one bundle.
import * as l10n from '@vscode/l10n';

/** The languages the service speaks: English and Simplified Chinese. */
export type ServiceLocale = 'en' | 'zh-cn';

let current: ServiceLocale = 'en';

/**
 * The service's language for a locale tag as editors and systems write it: `zh-cn`, `zh-CN`,
 * `zh-Hans`, `zh-Hans-CN`, `zh_CN.UTF-8`, `zh-SG` and plain `zh` are Simplified Chinese; anything
 * else (Traditional Chinese `zh-TW` / `zh-Hant` included) is English.
 */
export function localeOf(tag: string | undefined): ServiceLocale {
  const parts = (tag ?? '')
    .trim()
    .replace(/[.@].*$/, '')
    .toLowerCase()
    .split(/[-_]/);
  if (parts[0] !== 'zh') return 'en';
  const rest = parts.slice(1);
  if (rest.includes('hant') || rest.some((p) => p === 'tw' || p === 'hk' || p === 'mo'))
    return 'en';
  return 'zh-cn';
}

/**
 * Makes the service speak `locale` from now on, with `messages` its bundle (English text to the
 * translation; none for English, whose messages are the code's own).
 */
export function useLocale(locale: ServiceLocale, messages: l10n.l10nJsonFormat = {}): void {
  current = locale;
  l10n.config({ contents: locale === 'en' ? {} : messages });
}

/** The language the service speaks now. */
export function serviceLocale(): ServiceLocale {
  return current;
}
