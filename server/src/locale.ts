// Which language the server and the command line speak, and the service's bundle for it. The
// bundles (l10n/server/) are built into the programs, so the server and the CLI need no file
// beside them to speak Chinese. The language server takes the editor's display language from
// LSP's `initialize` (InitializeParams.locale); the command line its --locale option, else the
// environment's, as POSIX orders it: LC_ALL, then LC_MESSAGES, then LANG.
import zhCn from '../../l10n/server/bundle.l10n.zh-cn.json';
import { localeOf, type ServiceLocale, useLocale } from './service';

/** The translations of the service's messages, by language (English is the code's own). */
const BUNDLES: Record<Exclude<ServiceLocale, 'en'>, Record<string, string>> = {
  'zh-cn': zhCn,
};

/** Makes the service speak the language of a locale tag (`zh-cn`, `zh_CN.UTF-8`; else English); returns it. */
export function speak(tag: string | undefined): ServiceLocale {
  const locale = localeOf(tag);
  useLocale(locale, locale === 'en' ? {} : BUNDLES[locale]);
  return locale;
}

/**
 * The locale the environment asks messages in: the first of LC_ALL, LC_MESSAGES and LANG that is
 * set and not empty (POSIX), undefined when none is.
 */
export function environmentLocale(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
