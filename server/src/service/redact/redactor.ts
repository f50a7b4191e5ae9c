// Redacts configurations and dumps for sharing, consistently across every file of a run: an
// address becomes the same pseudonym wherever it stands (addressMap.ts), a name the same
// pseudonym in the configuration that defines it and in the dump that shows it, and every
// secret is removed (secrets.ts). Lines are never added or removed, so a finding's line number
// in the redacted copy is its line number in the original.
import { modelOf } from '../config/model';
import { CONTEXTS } from '../config/keywords';
import { parseConfig } from '../config/parser';
import { type IpAddress, formatIp, parseIp, parseIpv6 } from '../config/addresses';
import { splitLines } from '../text';
import type { RedactionKey } from './key';
import { disjoint, patternSecrets, pemBegins, pemEnds, secretsOfLine } from './secrets';

/** The languages a file can be redacted as. */
export type RedactLanguage = 'config' | 'capture';

/** What is hidden besides addresses and secrets. */
export interface RedactionOptions {
  /** Replace host names, object names, descriptions and domain names too. */
  readonly names?: boolean;
}

/** One thing removed or replaced, for the report. */
export interface Redaction {
  /** Zero-based line. */
  readonly line: number;
  /** What it was, in the user's words (`password`, `SNMP community`, `private key`). */
  readonly what: string;
}

/** A redacted document. */
export interface RedactedDocument {
  /** The text to share: as many lines as the original. */
  readonly text: string;
  /** The secrets removed, line by line. */
  readonly secrets: readonly Redaction[];
  /** How many addresses were replaced. */
  readonly addresses: number;
  /** How many names were replaced. */
  readonly names: number;
}

/** What replaces a secret: one word, so the line still reads as the same command. */
export const REMOVED = 'REMOVED';

/** The prefix of a name's pseudonym: `n-` and eight letters or digits. */
const PSEUDONYM = /^n-[a-z2-7]{8}$/;

/** Every word of ACOS's keyword table: never a name, even where it happens to name an object too. */
const KEYWORDS: ReadonlySet<string> = new Set(
  Object.values(CONTEXTS).flatMap((context) =>
    context.keywords.flatMap((k) => k.words.map((w) => w.toLowerCase())),
  ),
);

/** Words of a dump that are never names (protocols and the words tcpdump and axdebug print). */
const DUMP_WORDS = new Set([
  'ip',
  'ip6',
  'tcp',
  'udp',
  'icmp',
  'esp',
  'ah',
  'gre',
  'arp',
  'in',
  'out',
  'length',
  'common',
]);

/** Top-level domains (and the local suffixes sites use) kept in domain names: they name no one. */
const KEPT_LABELS = new Set([
  'com',
  'net',
  'org',
  'edu',
  'gov',
  'mil',
  'int',
  'info',
  'biz',
  'io',
  'co',
  'local',
  'lan',
  'corp',
  'internal',
  'arpa',
  'home',
  'localdomain',
  'invalid',
  'test',
  'www',
]);

/**
 * IPv4 as it stands in configurations and dumps: four octets, any of them masked (`183.62.*.*`),
 * possibly followed by a tcpdump port (`.500`); never the middle of a longer dotted number (an OID).
 */
const IPV4 = /(?<![0-9A-Za-z.*])((?:\d{1,3}|\*)(?:\.(?:\d{1,3}|\*)){3})(?![0-9A-Za-z*]|\.\d+\.\d)/g;
/** IPv6 candidates (checked by parsing): hex groups and colons, `::` allowed. */
const IPV6 = /(?<![0-9A-Za-z:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![0-9A-Za-z:])/g;
/** A domain name: two or more labels, the last alphabetic, some label before it with a letter. */
const DOMAIN =
  /(?<![\w.-])([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})(?![\w-]|\.[A-Za-z0-9])/g;
/** tcpdump's `IP A.port > B.port:` where A or B may be a host name. */
const TCPDUMP_ENDS = /\bIP6? (\S+) > (\S+):(?= |$)/gm;
/** F5's `lis=/Common/name` (a virtual server's path). */
const F5_LISTENER = /\blis=(\S+)/g;

interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Redacts the files of one run with one key: the same address or name gives the same pseudonym in all of them. */
export class Redactor {
  /** pseudonym -> original, for unredacting names. */
  private readonly nameTable = new Map<string, string>();
  /** The object names the run's configurations define (learned first), to replace in dumps and comments as well. */
  private readonly objectNames = new Set<string>();

  constructor(
    private readonly key: RedactionKey,
    private readonly options: RedactionOptions = {},
  ) {}

  /** The names replaced so far: pseudonym -> original (kept beside the key, so `unredact` can answer them). */
  names(): ReadonlyMap<string, string> {
    return this.nameTable;
  }

  /** Adds names known from an earlier run (the key file keeps them). */
  knowNames(table: Iterable<readonly [string, string]>): void {
    for (const [pseudonym, original] of table) this.nameTable.set(pseudonym, original);
  }

  /** Learns the object names a configuration defines, before any file is redacted, so dumps and comments show the same pseudonyms. */
  learn(text: string, language: RedactLanguage): void {
    if (!this.options.names || language !== 'config') return;
    const model = modelOf(parseConfig(text));
    for (const definition of model.definitions)
      if (isName(definition.name.text)) this.objectNames.add(definition.name.text);
    for (const line of splitLines(text)) {
      const host = /^\s*hostname\s+(\S+)/i.exec(line.text);
      if (host) this.objectNames.add(host[1]);
    }
  }

  /** The pseudonym of a name: `n-` and eight characters, the same for the same name and key. */
  pseudonym(name: string): string {
    const digest = this.key.digest(`name:${name}`);
    let bits = 0n;
    for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i]);
    let text = '';
    for (let i = 0; i < 8; i++) {
      text = 'abcdefghijklmnopqrstuvwxyz234567'[Number(bits & 31n)] + text;
      bits >>= 5n;
    }
    const pseudonym = `n-${text}`;
    this.nameTable.set(pseudonym, name);
    return pseudonym;
  }

  /** Redacts one document. */
  redact(text: string, language: RedactLanguage): RedactedDocument {
    const lines = splitLines(text);
    const spans: Span[] = [];
    const secrets: Redaction[] = [];
    let names = 0;
    let addresses = 0;

    // Secrets first: nothing of them may survive, whatever else the line holds.
    let inPem = false;
    for (const line of lines) {
      const found =
        inPem || pemBegins(line.text)
          ? this.pemLine(line.text)
          : language === 'config'
            ? secretsOfLine(line.text)
            : patternSecrets(line.text);
      if (pemBegins(line.text)) inPem = true;
      if (pemEnds(line.text)) inPem = false;
      for (const secret of found) {
        spans.push({
          start: line.start + secret.start,
          end: line.start + secret.end,
          text: quotedLike(text.slice(line.start + secret.start, line.start + secret.end), REMOVED),
        });
        secrets.push({ line: line.line, what: secret.what });
      }
    }

    if (this.options.names) {
      const nameSpans = language === 'config' ? this.configNames(text) : this.dumpNames(text);
      for (const line of lines)
        nameSpans.push(
          ...this.domainNames(line.text, line.start, language),
          ...this.knownNames(line.text, line.start),
        );
      names = this.merge(spans, nameSpans);
    }

    addresses = this.merge(spans, this.addressSpans(text));
    return { text: applySpans(text, disjoint(spans)), secrets, addresses, names };
  }

  /**
   * Maps the addresses of a redacted text back to the originals, and the names this key's runs
   * replaced (a finding, a report, a line of a redacted dump).
   */
  unredact(text: string): string {
    const spans: Span[] = [];
    for (const match of text.matchAll(/\bn-[a-z2-7]{8}\b/g)) {
      const original = this.nameTable.get(match[0]);
      if (original !== undefined)
        spans.push({ start: match.index, end: match.index + match[0].length, text: original });
    }
    this.merge(spans, this.addressSpans(text, true));
    return applySpans(text, disjoint(spans));
  }

  /** Adds the spans that overlap none already there; answers how many were added. */
  private merge(spans: Span[], more: readonly Span[]): number {
    const taken = disjoint(spans);
    let added = 0;
    for (const span of disjoint(more)) {
      if (taken.some((t) => span.start < t.end && t.start < span.end)) continue;
      spans.push(span);
      added++;
    }
    return added;
  }

  /** Inside a PEM block every line but the markers is key material. */
  private pemLine(text: string): { start: number; end: number; what: string }[] {
    const marker = /-----(BEGIN|END) ([A-Z0-9 ]+)-----/.exec(text);
    if (marker) return [];
    const content = /\S(?:.*\S)?/.exec(text);
    return content
      ? [
          {
            start: content.index,
            end: content.index + content[0].length,
            what: 'certificate or private key',
          },
        ]
      : [];
  }

  /** Names in a configuration, where its model says they stand, and hostnames and descriptions. */
  private configNames(text: string): Span[] {
    const spans: Span[] = [];
    const model = modelOf(parseConfig(text));
    const add = (word: { text: string; start: number; end: number }): void => {
      if (isName(word.text))
        spans.push({ start: word.start, end: word.end, text: this.pseudonym(word.text) });
    };
    for (const definition of model.definitions) add(definition.name);
    for (const reference of model.references) add(reference.name);
    for (const line of splitLines(text)) {
      const named = /^(\s*(?:hostname|description|name|user-tag)\s+)(.+?)\s*$/i.exec(line.text);
      if (!named || named[2].startsWith('!')) continue;
      const start = line.start + named[1].length;
      spans.push({
        start,
        end: start + named[2].length,
        text: quotedLike(named[2], this.pseudonym(unquoted(named[2]))),
      });
    }
    return spans;
  }

  /** Names in a dump: host names where tcpdump prints the ends of a packet, and F5 virtual server paths. */
  private dumpNames(text: string): Span[] {
    const spans: Span[] = [];
    for (const match of text.matchAll(TCPDUMP_ENDS)) {
      let at = match.index + match[0].indexOf(match[1]);
      for (const end of [match[1], match[2]]) {
        const host = hostOfEnd(end);
        if (
          host !== undefined &&
          isName(host) &&
          !/^[\d.*]+$/.test(host) &&
          parseIp(host) === undefined &&
          !host.includes(':')
        ) {
          spans.push({ start: at, end: at + host.length, text: this.domainPseudonym(host) });
        }
        at = match.index + match[0].lastIndexOf(match[2]);
      }
    }
    for (const match of text.matchAll(F5_LISTENER)) {
      let at = match.index + 'lis='.length;
      for (const part of match[1].split('/')) {
        if (part !== '' && part !== 'Common' && isName(part))
          spans.push({ start: at, end: at + part.length, text: this.pseudonym(part) });
        at += part.length + 1;
      }
    }
    return spans;
  }

  /** Domain names anywhere: each label mapped but the top-level one, so `a.example.com` and `b.example.com` still share a parent. */
  private domainNames(line: string, offset: number, language: RedactLanguage): Span[] {
    const spans: Span[] = [];
    for (const match of line.matchAll(DOMAIN)) {
      const labels = match[1].split('.');
      if (labels.slice(0, -1).every((label) => /^\d+$/.test(label))) continue; // an address with a named port
      let name = match[1];
      // In a dump, `host.example.com.https`: the last label is the port tcpdump named.
      if (
        language === 'capture' &&
        labels.length > 2 &&
        /^[a-z][a-z-]*$/.test(labels.at(-1)!) &&
        !KEPT_LABELS.has(labels.at(-1)!)
      ) {
        name = labels.slice(0, -1).join('.');
      }
      spans.push({
        start: offset + match.index,
        end: offset + match.index + name.length,
        text: this.domainPseudonym(name),
      });
    }
    return spans;
  }

  /** A domain name label by label; a single label is a plain name. */
  private domainPseudonym(name: string): string {
    const labels = name.split('.');
    if (labels.length === 1) return this.pseudonym(name);
    return labels
      .map((label, i) =>
        i === labels.length - 1 || KEPT_LABELS.has(label.toLowerCase())
          ? label
          : this.pseudonym(label),
      )
      .join('.');
  }

  /** Words equal to a name the run's configurations define (in comments, in dumps, in free text). */
  private knownNames(line: string, offset: number): Span[] {
    if (this.objectNames.size === 0) return [];
    const spans: Span[] = [];
    for (const match of line.matchAll(/[A-Za-z0-9_][\w.-]*/g)) {
      const word = match[0].replace(/\.+$/, '');
      if (
        this.objectNames.has(word) &&
        !KEYWORDS.has(word.toLowerCase()) &&
        !DUMP_WORDS.has(word.toLowerCase())
      ) {
        spans.push({
          start: offset + match.index,
          end: offset + match.index + word.length,
          text: this.pseudonym(word),
        });
      }
    }
    return spans;
  }

  /** Every address of a text, mapped (or unmapped), masks kept. */
  private addressSpans(text: string, undo = false): Span[] {
    const spans: Span[] = [];
    const addresses = this.key.addresses;
    for (const match of text.matchAll(IPV4)) {
      const octets = match[1].split('.');
      if (octets.some((o) => o !== '*' && Number(o) > 255)) continue;
      const visible = octets.findIndex((o) => o === '*');
      const known = visible < 0 ? 4 : visible;
      if (known === 0) continue; // `*.*.*.*` hides everything already
      let value = 0n;
      for (let i = 0; i < 4; i++) value = (value << 8n) | BigInt(i < known ? Number(octets[i]) : 0);
      const address: IpAddress = { family: 4, value };
      let replaced: string[];
      if (known === 4) {
        replaced = formatIp(undo ? addresses.unmap(address) : addresses.map(address)).split('.');
      } else {
        // Masked: only the bits shown are mapped; what was masked stays masked.
        const prefix = undo
          ? addresses.unmapPrefix(address, known * 8)
          : addresses.mapPrefix(address, known * 8);
        // An octet shown after a mask stays only where it lies in the kept host bits.
        const hostOctets = Math.floor(addresses.hostBits / 8);
        replaced = formatIp(prefix)
          .split('.')
          .map((o, i) =>
            i < known ? o : octets[i] !== '*' && i >= 4 - hostOctets ? octets[i] : '*',
          );
      }
      const out = replaced.join('.');
      if (out !== match[1])
        spans.push({ start: match.index, end: match.index + match[1].length, text: out });
    }
    for (const match of text.matchAll(IPV6)) {
      const candidate = match[1];
      if (!candidate.includes('::') && candidate.split(':').length !== 8) continue;
      const parsed = parseIpv6(candidate);
      if (!parsed) continue;
      const out = formatIp(undo ? addresses.unmap(parsed) : addresses.map(parsed));
      if (out !== formatIp(parsed))
        spans.push({ start: match.index, end: match.index + candidate.length, text: out });
    }
    return spans;
  }
}

/** The host part of a tcpdump end (`fw1.example.com.isakmp` -> `fw1.example.com`; `peer` -> `peer`). */
function hostOfEnd(end: string): string | undefined {
  const clean = end.replace(/[,:]$/, '');
  const dot = clean.lastIndexOf('.');
  if (dot < 0) return clean;
  const last = clean.slice(dot + 1);
  // A number or a service name after the last dot is the port.
  if (/^\d+$/.test(last) || /^[a-z][a-z0-9-]*$/.test(last)) return clean.slice(0, dot);
  return clean;
}

/** True for a word that can be a name worth hiding (not a number, not a keyword, not a built-in). */
function isName(text: string): boolean {
  if (text.length < 2 || /^[\d.]+$/.test(text) || PSEUDONYM.test(text)) return false;
  const lower = text.toLowerCase();
  return lower !== 'default' && !KEYWORDS.has(lower) && !DUMP_WORDS.has(lower);
}

/** The replacement written as the original was: quoted when it was quoted. */
function quotedLike(original: string, replacement: string): string {
  return /^".*"$/.test(original) ? `"${replacement}"` : replacement;
}

function unquoted(text: string): string {
  return /^".*"$/.test(text) ? text.slice(1, -1) : text;
}

/** The text with each span replaced (spans sorted, disjoint). */
function applySpans(text: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + span.text;
    at = span.end;
  }
  return out + text.slice(at);
}
