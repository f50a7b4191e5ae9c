// Links from Markdown (hovers, the capture report) to a line of a dump or a configuration. A hover
// links by the file's uri; the report can link relative to a folder instead, because a Markdown
// preview (VS Code's, GitHub's) refuses `file:` links and resolves relative ones against a folder.
import * as l10n from '@vscode/l10n';
import { fileName } from '../config/symbols';
import { markdownLink } from '../markdown';

/** The link target of a file, or of a 1-based line of it. */
export type Href = (uri: string, line?: number) => string;

/** `file:///ws/box.a10.cfg#L21`. */
export const absoluteHref: Href = (uri, line) => (line === undefined ? uri : `${uri}#L${line}`);

/**
 * Links to the files under a folder (a uri) relative to it (`configs/box.a10.cfg#L21`, each path
 * segment percent-encoded; `/configs/box.a10.cfg#L21` `fromRoot`); files elsewhere keep their uri.
 */
export function relativeHref(folder: string, fromRoot = false): Href {
  const base = folder.endsWith('/') ? folder : `${folder}/`;
  return (uri, line) => {
    const target = uri.startsWith(base) ? `${fromRoot ? '/' : ''}${uri.slice(base.length)}` : uri;
    return absoluteHref(target, line);
  };
}

/** `[llb-acos2.a10.cfg line 21](…#L21)`: a Markdown link to a line, its text the file and line unless given. */
export function lineLink(
  location: { readonly uri: string; readonly range: { readonly start: { readonly line: number } } },
  text?: string,
  href: Href = absoluteHref,
): string {
  const line = location.range.start.line + 1;
  return markdownLink(
    text ?? l10n.t`${fileName(location.uri)} line ${line}`,
    href(location.uri, line),
  );
}
