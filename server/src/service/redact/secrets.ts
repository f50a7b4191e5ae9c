// Where a configuration or a dump holds a secret. ACOS writes secrets after a keyword, often
// behind a qualifier (`password encrypted X`, `snmp-server community read X`, `auth md5 X`,
// `message-digest-key 1 md5 X`), inside URLs (`scp://user:X@host/file`), as PEM blocks
// (certificates and private keys), and in aFleX scripts (`set password "X"`, an
// `Authorization: Basic X` header). tcpdump prints SNMP communities as `C="X"`.
// Each finding is a span of the line to remove, and what it was, for the report.

/** A secret found on a line: where it stands (offsets in the line) and what it is. */
export interface SecretSpan {
  readonly start: number;
  readonly end: number;
  /** In the user's words: `password`, `SNMP community`, `private key`, ... */
  readonly what: string;
}

/** Keywords whose value (after any qualifier) is a secret, and the value's name in the report. */
const SECRET_KEYWORDS: Readonly<Record<string, string>> = {
  password: 'password',
  passwd: 'password',
  'enable-password': 'password',
  'bind-password': 'password',
  'admin-password': 'password',
  secret: 'shared secret',
  'secret-string': 'shared secret',
  'shared-secret': 'shared secret',
  'admin-secret': 'shared secret',
  'pre-shared-key': 'pre-shared key',
  'preshared-key': 'pre-shared key',
  psk: 'pre-shared key',
  passphrase: 'passphrase',
  'key-passphrase': 'passphrase',
  'key-string': 'key',
  'authentication-key': 'key',
  'auth-key': 'key',
  'message-digest-key': 'key',
  'md5-key': 'key',
  community: 'SNMP community',
  token: 'token',
  'encrypted-key': 'key',
  encrypted: 'encrypted value',
};

/** Words that stand between a secret keyword and its value. */
const QUALIFIERS = new Set([
  'encrypted',
  'read',
  'write',
  'ro',
  'rw',
  'md5',
  'sha',
  'sha1',
  'sha256',
  'sha384',
  'sha512',
  'plain',
  'cleartext',
  'hidden',
  'string',
]);

/** Algorithms after `auth` and `priv` in an SNMPv3 user (`auth sha X priv aes X`). */
const SNMP_V3_ALGORITHMS = /^(md5|sha\d*|sha-\d+|des|3des|aes(-?\d+)?)$/i;

/** Words on a line, with offsets; a quoted string is one word. */
function wordsOfLine(text: string): { text: string; start: number; end: number }[] {
  const words: { text: string; start: number; end: number }[] = [];
  const pattern = /"(?:[^"\\]|\\.)*"?|\S+/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null)
    words.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  return words;
}

/** The secrets of a line of configuration (or of a script inside one). */
export function secretsOfLine(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const code = commentFree(text);
  const words = wordsOfLine(code);
  for (let i = 0; i < words.length; i++) {
    const word = words[i].text.toLowerCase();
    const what = SECRET_KEYWORDS[word];
    if (what !== undefined) {
      let j = i + 1;
      // `message-digest-key 1 md5 X`, `password 7 X`: a key number or a type before the value.
      while (
        j < words.length - 1 &&
        (QUALIFIERS.has(words[j].text.toLowerCase()) || /^\d{1,3}$/.test(words[j].text))
      )
        j++;
      if (j < words.length) {
        spans.push({ start: words[j].start, end: words[j].end, what });
        i = j;
      }
      continue;
    }
    if (
      (word === 'auth' || word === 'priv') &&
      i + 2 < words.length &&
      SNMP_V3_ALGORITHMS.test(words[i + 1].text)
    ) {
      spans.push({ start: words[i + 2].start, end: words[i + 2].end, what: 'SNMPv3 key' });
      i += 2;
      continue;
    }
    // aFleX (Tcl): `set password "X"`, `set api_token X`.
    if (
      word === 'set' &&
      i + 2 < words.length &&
      /pass|secret|token|cred|key/i.test(words[i + 1].text)
    ) {
      spans.push({
        start: words[i + 2].start,
        end: words[i + 2].end,
        what: 'credential in a script',
      });
      i += 2;
    }
  }
  spans.push(...patternSecrets(text));
  return disjoint(spans);
}

/** Secrets anywhere on a line, in configurations and dumps alike. */
export function patternSecrets(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const add = (pattern: RegExp, what: string): void => {
    for (const match of text.matchAll(pattern)) {
      const value = match.groups!.value;
      const start =
        match.index + match[0].length - value.length - (match.groups!.after?.length ?? 0);
      if (value.length > 0) spans.push({ start, end: start + value.length, what });
    }
  };
  // Credentials inside a URL: `scp://admin:X@192.0.2.1/backup`.
  add(/[A-Za-z][\w+.-]*:\/\/[^\s:/@]+:(?<value>[^\s@/]+)(?<after>)@/g, 'password in a URL');
  // HTTP credentials, in a header a template or a script inserts, or in a dump's payload.
  add(
    /\b(?:Authorization|Proxy-Authorization)\b["']?\s*[:=]?\s*["']?(?:Basic|Bearer|Digest|NTLM|Negotiate)\s+(?<value>[^\s"']+)/gi,
    'HTTP credential',
  );
  // tcpdump's SNMP: `C="public"` or `C=public`.
  add(/(?<![\w])C=(?<value>"[^"]*"|[^\s,]+)/g, 'SNMP community');
  return spans;
}

/** The line without its `!` comment (a `!` inside quotes is text). */
function commentFree(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '!' && !quoted && (i === 0 || /\s/.test(text[i - 1])))
      return text.slice(0, i);
  }
  return text;
}

/** Sorted, without overlaps (the earlier span wins). */
export function disjoint<T extends { readonly start: number; readonly end: number }>(
  spans: readonly T[],
): T[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  for (const span of sorted)
    if (kept.length === 0 || span.start >= kept[kept.length - 1].end) kept.push(span);
  return kept;
}

/** True for the first line of a PEM block (a certificate or a key pasted into a configuration). */
export function pemBegins(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}

/** True for the last line of a PEM block. */
export function pemEnds(text: string): boolean {
  return /-----END [A-Z0-9 ]+-----/.test(text);
}
