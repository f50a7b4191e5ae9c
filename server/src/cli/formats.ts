// How `check` prints its findings: one line each for people and editors' problem matchers, JSON
// for scripts, SARIF 2.1.0 for code scanning (GitHub and other SARIF viewers). Lines and columns
// are 1-based; columns count UTF-16 code units, as the editor's do; an end column is the column
// just after the finding.
import * as l10n from '@vscode/l10n';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { packageInfo } from '../packageInfo';
import { oneLine, pathShown } from '../safeFiles';
import { captureRules, configRules } from '../service';
import { messageText } from '../service/diagnostics';
import { type Rule, ruleDocumentation, type Severity } from '../service/rules';

/** The output formats, as `--format` names them. */
export const FORMATS = ['text', 'json', 'sarif'] as const;
/** One output format. */
export type Format = (typeof FORMATS)[number];

/** Where a finding is, in a file named relative to the working folder. */
export interface FindingLocation {
  /** The file, relative to the working folder (as the command line would name it). */
  readonly file: string;
  /** First line, 1-based. */
  readonly line: number;
  /** First column, 1-based. */
  readonly column: number;
  /** Last line, 1-based. */
  readonly endLine: number;
  /** The column after the last character, 1-based. */
  readonly endColumn: number;
}

/** One finding of `check`, ready to print. */
export interface Finding extends FindingLocation {
  /** Its severity after the settings. */
  readonly severity: Severity;
  /** The rule code: `lbconf/missing-others-vport`. */
  readonly code: string;
  /** What the editor shows. */
  readonly message: string;
  /** The rule's page. */
  readonly docUrl: string;
  /** Other places that explain it (the editor's related information). */
  readonly related: readonly (FindingLocation & { readonly message: string })[];
  /** The device the file belongs to (its hostname, or the name the settings give it), if it is one's. */
  readonly device?: string;
}

const SEVERITIES: Record<DiagnosticSeverity, Severity> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** How much each severity weighs, for sorting and for `--fail-on`. */
export const SEVERITY_RANK: Record<Severity, number> = {
  error: 4,
  warning: 3,
  information: 2,
  hint: 1,
};

/** The location of a range in a file (an absolute path), named relative to `cwd`. */
function locationOf(file: string, range: Range, cwd: string): FindingLocation {
  return {
    file: path.relative(cwd, file) || path.basename(file),
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** A diagnostic of the language service as a finding in a file (an absolute path) of a device, if any. */
export function findingOf(
  diagnostic: Diagnostic,
  file: string,
  cwd: string,
  device?: string,
): Finding {
  const code = String(diagnostic.code ?? '');
  return {
    ...locationOf(file, diagnostic.range, cwd),
    ...(device === undefined ? {} : { device }),
    severity: SEVERITIES[diagnostic.severity ?? DiagnosticSeverity.Error],
    code,
    message: messageText(diagnostic.message),
    docUrl: diagnostic.codeDescription?.href ?? ruleDocumentation({ code }),
    related: (diagnostic.relatedInformation ?? []).map((info) => ({
      ...locationOf(
        info.location.uri.startsWith('file:') ? fileURLToPath(info.location.uri) : file,
        info.location.range,
        cwd,
      ),
      message: info.message,
    })),
  };
}

/** Findings in the order they are printed: by file, then position, then code. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.code, b.code) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `file:line:column: severity code: message`, one finding a line: a message's line breaks become
 * spaces, a file name with a line break (or another control character) is quoted as the shell
 * would (pathShown).
 */
export function formatText(findings: readonly Finding[]): string {
  return findings
    .map(
      (f) =>
        `${pathShown(f.file)}:${f.line}:${f.column}: ${f.severity} ${f.code}: ${oneLine(f.message.replace(/\s*[\r\n]+\s*/g, ' '))}\n`,
    )
    .join('');
}

/** A JSON array of `{file, device?, line, column, endLine, endColumn, severity, code, message, docUrl}`. */
export function formatJson(findings: readonly Finding[]): string {
  const plain = findings.map((f) => ({
    file: f.file,
    ...(f.device === undefined ? {} : { device: f.device }),
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    severity: f.severity,
    code: f.code,
    message: f.message,
    docUrl: f.docUrl,
  }));
  return `${JSON.stringify(plain, null, 2)}\n`;
}

/** The schema SARIF files name. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The base the result locations are relative to: the working folder of the check. */
const SOURCE_ROOT = '%SRCROOT%';

/** SARIF's word for a severity (it has no hint: a hint is a note too). */
const SARIF_LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** Every rule of both catalogues, configuration first, in catalogue order. */
function allRules(): { name: string; rule: Rule }[] {
  return [...Object.entries(configRules), ...Object.entries(captureRules)].map(([name, rule]) => ({
    name,
    rule,
  }));
}

/** A relative path as a URI reference: `/` between names, each name escaped. */
function relativeUri(file: string): string {
  return file.split(path.sep).map(encodeURIComponent).join('/');
}

/**
 * Where a file is, for SARIF: relative to the source root (the working folder) when it is inside
 * it, else its absolute `file:` uri (a path climbing out of the root is one code scanning cannot place).
 */
function artifactLocation(file: string, cwd: string): object {
  const outside = file === '..' || file.startsWith(`..${path.sep}`) || path.isAbsolute(file);
  return outside
    ? { uri: pathToFileURL(path.resolve(cwd, file)).href }
    : { uri: relativeUri(file), uriBaseId: SOURCE_ROOT };
}

function sarifLocation(location: FindingLocation, cwd: string): object {
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(location.file, cwd),
      region: {
        startLine: location.line,
        startColumn: location.column,
        endLine: location.endLine,
        endColumn: location.endColumn,
      },
    },
  };
}

/** What a SARIF log says besides the results. */
export interface SarifContext {
  /** The working folder the file names are relative to. */
  readonly cwd: string;
  /** Files and folders that could not be read: the check is then incomplete. */
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * A SARIF 2.1.0 log of one run: the tool with every rule of both catalogues (their default level
 * and page), and one result per finding located relative to the working folder.
 */
export function formatSarif(findings: readonly Finding[], context: SarifContext): string {
  const info = packageInfo();
  const rules = allRules();
  const ruleIndex = new Map(rules.map(({ rule }, index) => [rule.code, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: info.name,
            version: info.version,
            semanticVersion: info.version,
            informationUri: info.homepage,
            rules: rules.map(({ name, rule }) => ({
              id: rule.code,
              name: name.charAt(0).toUpperCase() + name.slice(1),
              shortDescription: { text: rule.summary },
              helpUri: ruleDocumentation(rule),
              help: {
                text: l10n.t('{0} See {1}', rule.summary, ruleDocumentation(rule)),
                markdown: `${rule.summary}\n\n[${rule.code}](${ruleDocumentation(rule)})`,
              },
              defaultConfiguration: { level: SARIF_LEVELS[rule.severity] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: context.unreadable.length === 0,
            toolExecutionNotifications: context.unreadable.map((u) => ({
              level: 'error',
              message: {
                text: l10n.t(
                  'Cannot read {0}: {1}.',
                  path.relative(context.cwd, u.path) || u.path,
                  u.reason,
                ),
              },
            })),
          },
        ],
        originalUriBaseIds: {
          [SOURCE_ROOT]: { uri: pathToFileURL(context.cwd + path.sep).href },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const index = ruleIndex.get(f.code);
          return {
            ruleId: f.code,
            ...(index === undefined ? {} : { ruleIndex: index }),
            level: SARIF_LEVELS[f.severity],
            message: { text: f.message },
            locations: [sarifLocation(f, context.cwd)],
            // The device as a property of the result: code scanning shows and filters by it.
            ...(f.device === undefined ? {} : { properties: { device: f.device } }),
            ...(f.related.length === 0
              ? {}
              : {
                  relatedLocations: f.related.map((r, id) => ({
                    id,
                    ...sarifLocation(r, context.cwd),
                    message: { text: r.message },
                  })),
                }),
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
