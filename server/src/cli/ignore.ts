// The ignore list of a folder walk: a small part of .gitignore's patterns. A pattern without a
// slash matches a file or folder name anywhere below its base (`*.old.cfg`, `archive`); one with a
// slash matches the path from its base (`lab/box2.a10.cfg`, `/captures/old`); a trailing slash
// matches folders only (`archive/`). `*` and `?` stay within a name, `**` crosses folders.
import * as path from 'path';

/** One pattern of an ignore list, and the folder it is relative to. */
export interface IgnorePattern {
  /** The pattern as written. */
  readonly pattern: string;
  /** The folder it is relative to: its settings file's, or the working folder for `--ignore`. */
  readonly base: string;
  /** Whether it matches a name anywhere (no slash) rather than a path from the base. */
  readonly anywhere: boolean;
  /** Whether it matches folders only (written with a trailing slash). */
  readonly foldersOnly: boolean;
  /** The pattern as a regular expression on a name or a `/`-separated relative path. */
  readonly expression: RegExp;
}

/** Compiles patterns relative to a folder; blank ones and `#` comments are left out. */
export function ignorePatterns(patterns: readonly string[], base: string): IgnorePattern[] {
  return patterns
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '' && !pattern.startsWith('#'))
    .map((pattern) => {
      const foldersOnly = pattern.endsWith('/');
      const body = pattern.replace(/\/+$/, '');
      const anywhere = !body.includes('/');
      return {
        pattern,
        base: path.resolve(base),
        anywhere,
        foldersOnly,
        expression: globToRegExp(body.replace(/^\//, '')),
      };
    });
}

/** True when a file or folder (an absolute path) is left out by one of the patterns. */
export function isIgnored(
  file: string,
  isFolder: boolean,
  patterns: readonly IgnorePattern[],
): boolean {
  return patterns.some((p) => {
    if (p.foldersOnly && !isFolder) return false;
    const relative = path.relative(p.base, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    return p.expression.test(p.anywhere ? path.basename(file) : relative.split(path.sep).join('/'));
  });
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` any folders (or none), `/**` everything below, `**` anything.
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
