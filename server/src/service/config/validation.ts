// The configuration checks. Each finds facts in the document's model and the workspace's symbol
// table and reports them with a catalogue rule; the fixes that need no further reading travel in
// the diagnostic's data. A valid running-config gets no warning and no error.
import * as l10n from '@vscode/l10n';
import {
  type Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticTag,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pushTo } from '../collections';
import { diagnosticOf, rangeOf } from '../diagnostics';
import { type Rule, ruleDocumentation } from '../rules';
import { capitalised, editDistance, lineEndOf, type Word } from '../text';
import {
  commonPrefix,
  dottedMask,
  formatIp,
  isHostName,
  type IpAddress,
  looksLikeIpv4,
  looksLikeIpv6,
  networkOf,
  parseIp,
  parseIpv4,
  parseIpv6,
  parseNetmask,
} from './addresses';
import type { ConfigDocument, ConfigLine } from './ast';
import { disableLineOf, hasOthersInService, isVport } from './ast';
import { type ConfigFix, type ConfigFixData, type FileStyle, fileStyleOf } from './fixes';
import { matchKeyword, VPORT_TYPES } from './keywords';
import {
  blockAt,
  type Command,
  kindName,
  type MemberFacts,
  type NatPoolFacts,
  type Reference,
  serviceGroupOfBlock,
  type ServiceGroupFacts,
  type SymbolKind,
  symbolKey,
} from './model';
import { othersVportInsertion } from './othersVport';
import { vipsWithOthersElsewhere, virtualServersByName } from './queries';
import { configRules } from './rules';
import { suppressionEdit, suppressionsOf } from './suppression';
import {
  clashes,
  fileName,
  type IndexedConfig,
  type LocatedDefinition,
  sees,
  type SymbolIndex,
} from './symbols';

/** The payload of a missing-others diagnostic: the edit its quick fix applies. */
export interface MissingOthersData {
  /** The virtual server's name, for the fix's title. */
  readonly vip: string;
  /** The edit that adds the vport (or, for a disabled one, takes its `disable` line away). */
  readonly edit: TextEdit;
  /** True when the edit enables a disabled `port 0 others` rather than adding one. */
  readonly enables?: boolean;
}

/** Kinds whose definitions a running-config always holds: a name it does not define is a mistake. */
const ALWAYS_DEFINED: ReadonlySet<SymbolKind> = new Set([
  'server',
  'service-group',
  'nat-pool',
  'health-monitor',
  'access-list',
  'vrid',
  'ha-group',
]);

/** Kinds whose unused definitions are worth a hint. */
const REPORTED_UNUSED: ReadonlySet<SymbolKind> = new Set([
  'server',
  'service-group',
  'nat-pool',
  'health-monitor',
]);

/** Names ACOS has without a definition. */
function isBuiltIn(kind: SymbolKind, name: string): boolean {
  if (kind === 'template') return name === 'default';
  if (kind === 'health-monitor') return name === 'ping' || name === 'default';
  if (kind === 'vrid') return name === '0' || name === 'default';
  return false;
}

/** How each kind is defined, for messages: `slb server NAME`. */
function definedBy(kind: SymbolKind, name: string): string {
  const forms: Record<SymbolKind, string> = {
    server: `\`slb server ${name}\``,
    'service-group': `\`slb service-group ${name}\``,
    'virtual-server': `\`slb virtual-server ${name}\``,
    'nat-pool': `\`ip nat pool ${name}\``,
    'health-monitor': `\`health monitor ${name}\``,
    'access-list': `\`access-list ${name} ...\` or \`ip access-list ${name}\``,
    vrid: `\`vrrp-a vrid ${name}\``,
    'ha-group': `\`ha group ${name}\``,
    template: `\`slb template ... ${name}\``,
    aflex: `\`aflex ${name}\``,
  };
  return forms[kind];
}

/** Past this many, unknown commands are summed up in one finding. */
const UNKNOWN_COMMANDS_SHOWN = 20;

/** All findings of a configuration document, within its workspace. */
export function validateConfig(
  document: TextDocument,
  site: IndexedConfig,
  index: SymbolIndex,
): Diagnostic[] {
  const checker = new Checker(document, site, index);
  checker.run();
  return checker.finish();
}

class Checker {
  private readonly found: Diagnostic[] = [];
  private readonly config: ConfigDocument;
  private readonly style: FileStyle;

  constructor(
    private readonly document: TextDocument,
    private readonly site: IndexedConfig,
    private readonly index: SymbolIndex,
  ) {
    this.config = site.model.config;
    this.style = fileStyleOf(this.config, document.getText());
  }

  run(): void {
    this.found.push(
      ...missingOthersVports(this.document, this.config, (name) =>
        this.othersVportElsewhere().has(name),
      ),
    );
    this.undefinedReferences();
    this.unusedDefinitions();
    this.deletions();
    this.addresses();
    this.serviceGroupProtocols();
    this.vportProtocols();
    this.ports();
    this.values();
    this.members();
    this.natPools();
    this.unknownCommands();
    this.linesOutsideBlocks();
  }

  /**
   * Indented lines after a `!` at column 0, which closes the block above: ACOS reads them as
   * commands of their own, so a vport there (`port 0 others`) is not the VIP's. One finding per
   * run of them. Indented lines before any block (a fragment of a configuration) are left alone.
   */
  private linesOutsideBlocks(): void {
    for (const { run, closedBy } of this.outsideRuns()) {
      const [first] = run;
      const last = run[run.length - 1];
      const command = first.words.map((w) => w.text).join(' ');
      const bang = { start: closedBy.start, end: closedBy.start + 1, text: '!' };
      this.reportRange(
        configRules.lineOutsideBlock,
        first.words[0].start,
        last.words[last.words.length - 1].end,
        run.length === 1
          ? l10n.t(
              'This indented line belongs to no command: a `!` at the start of a line ends the block above, so ACOS reads `{0}` as a command of its own. Indent the `!` (or remove it) to keep it in the block.',
              command,
            )
          : l10n.t(
              'These {0} indented lines belong to no command: a `!` at the start of a line ends the block above, so ACOS reads `{1}` as a command of its own. Indent the `!` (or remove it) to keep them in the block.',
              run.length,
              command,
            ),
        { related: [this.related(this.site, bang, l10n.t('the `!` that ends the block'))] },
      );
    }
  }

  /** The runs of indented lines after a `!` at column 0 that closed a block, each with that `!`. */
  private outsideRuns(): { run: ConfigLine[]; closedBy: ConfigLine }[] {
    if (this.runs) return this.runs;
    const runs: { run: ConfigLine[]; closedBy: ConfigLine }[] = [];
    let open = false;
    let closedBy: ConfigLine | undefined;
    let run: ConfigLine[] = [];
    const flush = (): void => {
      if (run.length > 0 && closedBy) runs.push({ run, closedBy });
      run = [];
    };
    for (const line of this.config.lines) {
      if (line.words.length === 0) {
        if (line.indentText === '' && line.text.startsWith('!')) {
          flush();
          if (open) closedBy = line;
          open = false;
        }
        continue;
      }
      if (line.indentText === '') {
        flush();
        open = true;
        closedBy = undefined;
      } else if (!open && closedBy) {
        run.push(line);
      }
    }
    flush();
    return (this.runs = runs);
  }

  private runs: { run: ConfigLine[]; closedBy: ConfigLine }[] | undefined;

  /** The objects that a definition cut off from the top level names (`  slb server web1 ...` after a `!`). */
  private cutOffDefinitions(): ReadonlySet<string> {
    const keys = new Set<string>();
    for (const { run } of this.outsideRuns()) {
      for (const line of run) {
        const match = matchKeyword('top', line.words);
        const role = match && !match.negated ? match.fact.role : undefined;
        const name = match && line.words[match.argumentsAt];
        const kind = role === 'nat-pool-group' ? 'nat-pool' : role;
        if (
          name &&
          (kind === 'server' ||
            kind === 'service-group' ||
            kind === 'nat-pool' ||
            kind === 'health-monitor')
        )
          keys.add(symbolKey(kind, name.text, '', this.site.model.partitionAt(line.line)));
      }
    }
    return keys;
  }

  /** Links each finding to its rule's page, drops what a comment silences, and sorts by position. */
  finish(): Diagnostic[] {
    const suppressed = suppressionsOf(this.config);
    return this.found
      .filter((d) => {
        const codes = suppressed.get(d.range.start.line);
        return !codes || !(codes === 'all' || codes.includes(String(d.code)));
      })
      .map((d) => ({
        ...d,
        codeDescription: { href: ruleDocumentation({ code: String(d.code) }) },
      }))
      .sort(
        (a, b) =>
          a.range.start.line - b.range.start.line ||
          a.range.start.character - b.range.start.character ||
          String(a.code).localeCompare(String(b.code)),
      );
  }

  // -----------------------------------------------------------------------------------------
  // Names

  private undefinedReferences(): void {
    const reported = new Map<string, Reference[]>();
    const definesKind = new Map<string, boolean>();
    const cutOff = this.cutOffDefinitions();
    for (const reference of this.site.model.references) {
      if (
        reference.deletion ||
        reference.fromSummary ||
        reference.kind === 'aflex' ||
        reference.kind === 'virtual-server'
      )
        continue;
      // Defined on a line a `!` cut off from the top level: that line's finding says it (one cause, one finding).
      if (cutOff.has(reference.key)) continue;
      if (isBuiltIn(reference.kind, reference.name.text) || this.outOfBounds(reference)) continue;
      if (this.index.definitions(reference.key, this.site).length > 0) continue;
      // A whole running-config defines everything it uses; a fragment may use objects kept
      // elsewhere, unless the workspace keeps that kind of object (then a miss is likely a typo).
      const kindKey = `${reference.kind}|${reference.templateType ?? ''}`;
      let defines = definesKind.get(kindKey);
      if (defines === undefined) {
        defines = this.index.definesAny(reference.kind, this.site, reference.templateType);
        definesKind.set(kindKey, defines);
      }
      const isTemplate = reference.kind === 'template';
      if (
        isTemplate
          ? !defines
          : !(ALWAYS_DEFINED.has(reference.kind) && (this.config.wholeRunningConfig || defines))
      )
        continue;
      pushTo(reported, reference.key, reference);
    }
    for (const references of reported.values()) {
      const [first] = references;
      const isTemplate = first.kind === 'template';
      const what = isTemplate
        ? l10n.t('Template `{0} {1}`', first.templateType ?? '', first.name.text)
        : l10n.t('{0} `{1}`', capitalised(kindName(first.kind)), first.name.text);
      const similar = this.similarNames(first, references);
      const message = isTemplate
        ? l10n.t`${what} is not in the workspace, which defines other ${first.templateType ?? ''} templates (${this.someNames(first)}). It may be built in or kept elsewhere; if not, it is a typo.`
        : l10n.t`${what} is not defined: no ${definedBy(first.kind, first.name.text)} in this configuration.`;
      const fixes: ConfigFix[] = similar.map((name, i) =>
        this.nameChange(references, name, i === 0 && similar.length === 1),
      );
      fixes.push(...this.creations(references));
      this.report(
        isTemplate ? configRules.undefinedTemplate : configRules.undefinedReference,
        first.name,
        message,
        {
          fixes,
          related: references
            .slice(1)
            .map((r) => this.related(this.site, r.name, l10n.t('also used here'))),
        },
      );
    }
  }

  /** True for a VRID or HA group number reported as out of range: one finding is enough. */
  private outOfBounds(reference: Reference): boolean {
    if (reference.kind !== 'vrid' && reference.kind !== 'ha-group') return false;
    const number = Number(reference.name.text);
    return (
      !/^\d+$/.test(reference.name.text) ||
      number > 31 ||
      (reference.kind === 'ha-group' && number < 1)
    );
  }

  /** A few defined names of a reference's kind, for messages. */
  private someNames(reference: Reference): string {
    const names = [
      ...this.index
        .objectsOf(reference.kind, this.site, reference.templateType, reference.partition ?? '')
        .keys(),
    ].sort();
    return names.slice(0, 3).join(', ') + (names.length > 3 ? ', ...' : '');
  }

  /**
   * Defined names of the same kind that look like a typo of this one, closest first. A service
   * group whose protocol the vports using the name cannot take is left out: the change would
   * trade this finding for a vport-protocol one.
   */
  private similarNames(reference: Reference, references: readonly Reference[]): string[] {
    const names = [
      ...this.index
        .objectsOf(reference.kind, this.site, reference.templateType, reference.partition ?? '')
        .keys(),
    ];
    const wanted = reference.name.text;
    const transports =
      reference.kind === 'service-group'
        ? new Set(references.map((r) => (r.vportType ? VPORT_TYPES[r.vportType.text] : undefined)))
        : undefined;
    const fits = (name: string): boolean => {
      if (!transports) return true;
      const protocol = this.groupProtocol(
        symbolKey('service-group', name, '', reference.partition),
      )?.protocol;
      return !protocol || protocolsFor(transports).includes(protocol);
    };
    return names
      .map((name) => ({
        name,
        distance: name.toLowerCase() === wanted.toLowerCase() ? 0 : editDistance(name, wanted),
      }))
      .filter((c) => c.distance <= Math.min(2, Math.floor(wanted.length / 3)) || c.distance === 0)
      .filter((c) => fits(c.name))
      .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
      .slice(0, 3)
      .map((c) => c.name);
  }

  /**
   * The fix that changes every use of a mistyped name to `name`. A member line whose group already
   * has that member (`member web9:80` beside `member web1:80`, to become web1) is removed instead:
   * changed, it would be listed twice.
   */
  private nameChange(
    references: readonly Reference[],
    name: string,
    preferred: boolean,
  ): ConfigFix {
    const removed: ConfigLine[] = [];
    const edits: TextEdit[] = [];
    for (const reference of references) {
      const member = reference.kind === 'server' ? this.memberAt(reference.line) : undefined;
      const taken = member?.group.members.some(
        (m) =>
          m !== member.member &&
          m.server?.text === name &&
          m.port?.text === member.member.port?.text,
      );
      if (taken) removed.push(reference.line);
      else edits.push({ range: this.range(reference.name), newText: name });
    }
    edits.push(...this.linesRemoval(removed));
    const title =
      removed.length === 0
        ? l10n.t`Change to '${name}'`
        : removed.length === references.length
          ? removed.length === 1
            ? l10n.t`Remove the line: '${name}' is already a member there`
            : l10n.t`Remove the ${removed.length} lines: '${name}' is already a member there`
          : removed.length === 1
            ? l10n.t`Change to '${name}', removing the line where '${name}' is already a member`
            : l10n.t`Change to '${name}', removing the ${removed.length} lines where '${name}' is already a member`;
    return { title, preferred, changes: { [this.site.uri]: edits } };
  }

  /** The service group and member of a `member` line. */
  private memberAt(
    line: ConfigLine,
  ): { group: ServiceGroupFacts; member: MemberFacts } | undefined {
    for (const group of this.site.model.serviceGroups) {
      const member = group.members.find((m) => m.line === line);
      if (member) return { group, member };
    }
    return undefined;
  }

  /**
   * Fixes that create a missing service group or health monitor, written before the first block
   * that uses it. A service group gets each protocol every vport using the name can take.
   */
  private creations(references: readonly Reference[]): ConfigFix[] {
    const [reference] = references;
    if (reference.kind !== 'service-group' && reference.kind !== 'health-monitor') return [];
    const head = this.blockHeadOf(reference.line);
    if (!head) return [];
    const { indent, lineEnd, bangSeparators } = this.style;
    const close = bangSeparators ? `!${lineEnd}` : '';
    const at = {
      start: this.document.positionAt(head.start),
      end: this.document.positionAt(head.start),
    };
    const name = reference.name.text;
    if (reference.kind === 'health-monitor') {
      return [
        {
          title: l10n.t`Create health monitor '${name}' (ping)`,
          changes: {
            [this.site.uri]: [
              {
                range: at,
                newText: `health monitor ${name}${lineEnd}${indent}method icmp${lineEnd}${close}`,
              },
            ],
          },
        },
      ];
    }
    const protocols = protocolsFor(
      new Set(references.map((r) => (r.vportType ? VPORT_TYPES[r.vportType.text] : undefined))),
    );
    return protocols.map((protocol) => ({
      title: l10n.t`Create service group '${name}' (${protocol})`,
      changes: {
        [this.site.uri]: [
          { range: at, newText: `slb service-group ${name} ${protocol}${lineEnd}${close}` },
        ],
      },
    }));
  }

  private unusedDefinitions(): void {
    const seen = new Set<string>();
    // An aFleX script picks service groups by name, out of sight: where one runs, no group is surely unused.
    const aflexRuns = this.index.sites.some(
      (site) => sees(this.site, site) && site.model.references.some((r) => r.kind === 'aflex'),
    );
    for (const definition of this.site.model.definitions) {
      if (!REPORTED_UNUSED.has(definition.kind) || seen.has(definition.key)) continue;
      seen.add(definition.key);
      if (definition.kind === 'service-group' && aflexRuns) continue;
      if (this.index.references(definition.key, this.site).length > 0) continue;
      const user =
        definition.kind === 'server'
          ? l10n.t('no service group has it as a member')
          : definition.kind === 'service-group'
            ? l10n.t('no vport or template forwards to it')
            : definition.kind === 'nat-pool'
              ? l10n.t('no vport, access list or `ip nat inside source` translates to it')
              : l10n.t('no server, port or service group checks with it');
      this.report(
        configRules.unusedDefinition,
        definition.name,
        l10n.t(
          '{0} `{1}` is defined but not used: {2}.',
          capitalised(kindName(definition.kind)),
          definition.name.text,
          user,
        ),
        {
          tags: [DiagnosticTag.Unnecessary],
        },
      );
    }
  }

  private deletions(): void {
    for (const reference of this.site.model.references) {
      if (!reference.deletion || this.index.definitions(reference.key, this.site).length > 0)
        continue;
      const what =
        reference.kind === 'template'
          ? l10n.t('template `{0} {1}`', reference.templateType ?? '', reference.name.text)
          : l10n.t('{0} `{1}`', kindName(reference.kind), reference.name.text);
      this.report(
        configRules.deleteUndefined,
        reference.name,
        l10n.t`This deletes ${what}, which is not defined anywhere in the configuration: nothing to delete (a typo?).`,
      );
    }
  }

  // -----------------------------------------------------------------------------------------
  // Addresses

  private addresses(): void {
    const reportedMissing = new Set<string>();
    for (const server of this.site.model.servers) {
      if (server.address) {
        const address = server.address.text;
        const valid =
          looksLikeIpv4(address) || looksLikeIpv6(address)
            ? parseIp(address) !== undefined
            : isHostName(address);
        if (!valid)
          this.report(
            configRules.malformedAddress,
            server.address,
            l10n.t(
              '`{0}` is not an IPv4 or IPv6 address, nor a host name: server `{1}` needs one.',
              address,
              server.name.text,
            ),
          );
        continue;
      }
      const key = symbolKey(
        'server',
        server.name.text,
        '',
        this.site.model.partitionAt(server.block.head.line),
      );
      if (reportedMissing.has(key) || this.anyBlockHasAddress('server', key)) continue;
      reportedMissing.add(key);
      this.report(
        configRules.missingAddress,
        server.name,
        l10n.t(
          'Server `{0}` has no address: ACOS creates a server only with one (`slb server {1} 10.0.0.1`, or a host name).',
          server.name.text,
          server.name.text,
        ),
      );
    }
    for (const vip of this.site.model.virtualServers) {
      if (vip.address) {
        const address = vip.address.text;
        const valid =
          parseIp(address) !== undefined || /^(use-if-ip|ipv6-address|netmask)$/.test(address);
        if (!valid)
          this.report(
            configRules.malformedAddress,
            vip.address,
            l10n.t(
              '`{0}` is not an IPv4 or IPv6 address: virtual server `{1}` needs one.',
              address,
              vip.name.text,
            ),
          );
        continue;
      }
      const key = symbolKey(
        'virtual-server',
        vip.name.text,
        '',
        this.site.model.partitionAt(vip.block.head.line),
      );
      if (reportedMissing.has(key) || this.anyBlockHasAddress('virtual-server', key)) continue;
      reportedMissing.add(key);
      this.report(
        configRules.missingAddress,
        vip.name,
        l10n.t(
          'Virtual server `{0}` has no address: ACOS creates a VIP only with one (`slb virtual-server {1} 203.0.113.10`). Opened again later, a VIP needs none.',
          vip.name.text,
          vip.name.text,
        ),
      );
    }
  }

  /** True when some block of a server or VIP, in any document this one sees, gives its address. */
  private anyBlockHasAddress(kind: 'server' | 'virtual-server', key: string): boolean {
    return this.index.definitions(key, this.site).some(({ site, definition }) => {
      if (!definition.block) return true; // The summary form lists the VIP with its address.
      const facts = kind === 'server' ? site.model.servers : site.model.virtualServers;
      return facts.some((f) => f.block === definition.block && f.address !== undefined);
    });
  }

  // -----------------------------------------------------------------------------------------
  // Service groups and vports

  private serviceGroupProtocols(): void {
    const reportedMissing = new Set<string>();
    for (const group of this.site.model.serviceGroups) {
      const key = symbolKey(
        'service-group',
        group.name.text,
        '',
        this.site.model.partitionAt(group.block.head.line),
      );
      const declared = this.groupProtocol(key);
      if (group.protocol && group.protocol.text !== 'tcp' && group.protocol.text !== 'udp') {
        this.report(
          configRules.serviceGroupWithoutProtocol,
          group.protocol,
          l10n.t(
            'Service group `{0}` has no protocol: `{1}` is not tcp or udp (an application type such as http goes on the vport).',
            group.name.text,
            group.protocol.text,
          ),
          // The protocol the group was declared with, if it was: another would be refused too.
          {
            fixes: (declared ? [declared.protocol] : protocolsFor(this.transportsUsing(key))).map(
              (p, _, all) =>
                this.replaceFix(l10n.t`Change to '${p}'`, group.protocol!, p, all.length === 1),
            ),
          },
        );
        continue;
      }
      // Declared otherwise in another device's file (or a fragment's), the group is another box's.
      if (
        group.protocol &&
        declared &&
        group.protocol.text !== declared.protocol &&
        clashes(this.site, declared.site)
      ) {
        // Where, without a line number: a message must not change when lines are added above it.
        const where =
          declared.site.uri === this.site.uri
            ? l10n.t('above')
            : l10n.t`in ${fileName(declared.site.uri)}`;
        this.report(
          configRules.serviceGroupProtocolChanged,
          group.protocol,
          l10n.t(
            'Service group `{0}` was declared `{1}` {2}: ACOS does not change the protocol of an existing group, so this `{3}` is refused.',
            group.name.text,
            declared.protocol,
            where,
            group.protocol.text,
          ),
          {
            fixes: [
              this.replaceFix(
                l10n.t`Change to '${declared.protocol}'`,
                group.protocol,
                declared.protocol,
                true,
              ),
            ],
            related: [this.related(declared.site, declared.word, l10n.t('the first declaration'))],
          },
        );
        continue;
      }
      if (!group.protocol && !declared && !reportedMissing.has(key)) {
        reportedMissing.add(key);
        const protocols = protocolsFor(this.transportsUsing(key));
        const end = group.name.end;
        this.report(
          configRules.serviceGroupWithoutProtocol,
          group.name,
          l10n.t(
            'Service group `{0}` is declared without a protocol: ACOS creates a group only with `tcp` or `udp` (`slb service-group {1} tcp`).',
            group.name.text,
            group.name.text,
          ),
          {
            fixes: protocols.map((p) => ({
              title: l10n.t`Add '${p}'`,
              preferred: protocols.length === 1,
              changes: { [this.site.uri]: [{ range: this.rangeAt(end, end), newText: ` ${p}` }] },
            })),
          },
        );
      }
    }
  }

  /** The protocol a service group was first declared with: own document first, then the others it sees. */
  private groupProtocol(
    key: string,
  ): { protocol: 'tcp' | 'udp'; site: IndexedConfig; word: Word; line: number } | undefined {
    for (const { site, definition } of this.index.definitions(key, this.site)) {
      const group = serviceGroupOfBlock(site.model, definition.block);
      const protocol = group?.protocol?.text;
      if (group?.protocol && (protocol === 'tcp' || protocol === 'udp'))
        return { protocol, site, word: group.protocol, line: definition.line.line };
    }
    return undefined;
  }

  /** The transports of the vports that use a service group (in every document this one sees). */
  private transportsUsing(key: string): Set<string> {
    const transports = new Set<string>();
    for (const { reference } of this.index.references(key, this.site)) {
      const transport = reference.vportType ? VPORT_TYPES[reference.vportType.text] : undefined;
      if (transport) transports.add(transport);
    }
    return transports;
  }

  private vportProtocols(): void {
    for (const reference of this.site.model.references) {
      if (
        reference.kind !== 'service-group' ||
        reference.fromSummary ||
        !reference.vportType ||
        !reference.vportLine
      )
        continue;
      const transport = VPORT_TYPES[reference.vportType.text];
      // An `others` vport (ESP, GRE, ICMP) borrows a tcp or udp group: service groups have no `others`.
      if (transport !== 'tcp' && transport !== 'udp') continue;
      const declared = this.groupProtocol(reference.key);
      if (!declared || declared.protocol === transport) continue;
      const vport = reference.vportLine.words.map((w) => w.text).join(' ');
      const fixes: ConfigFix[] = this.lookalikeGroups(reference.key, transport).map((name, i) => ({
        title: l10n.t`Use service group '${name}'`,
        preferred: i === 0,
        changes: { [this.site.uri]: [{ range: this.range(reference.name), newText: name }] },
      }));
      if ([...this.transportsUsing(reference.key)].every((t) => t === transport || t === 'others'))
        fixes.push(this.protocolChange(reference.key, transport));
      this.report(
        configRules.vportProtocolMismatch,
        reference.name,
        l10n.t(
          '`{0}` carries {1}, but service group `{2}` is {3}: its members would never get this traffic. Use a {4} group (only an `others` vport may borrow either).',
          vport,
          transport.toUpperCase(),
          reference.name.text,
          declared.protocol,
          transport,
        ),
        {
          related: [
            this.related(declared.site, declared.word, l10n.t('the group is declared here')),
          ],
          fixes,
        },
      );
    }
  }

  /** Groups of the wanted protocol with the same members as the given one (`vpn_tcp` -> `vpn_udp`). */
  private lookalikeGroups(key: string, protocol: string): string[] {
    const wanted = membersOf(this.index.definitions(key, this.site));
    return [...(this.groupsByMembers().get(`${protocol} ${wanted}`) ?? [])].sort();
  }

  /**
   * The service groups this document sees by protocol and members (`udp s1:80 s2:80`), made once
   * per check: a configuration with thousands of mismatched vports asks for each.
   */
  private groupsByMembers(): Map<string, string[]> {
    if (!this.byMembers) {
      this.byMembers = new Map();
      for (const [name, definitions] of this.index.objectsOf('service-group', this.site)) {
        const protocol = this.groupProtocol(symbolKey('service-group', name))?.protocol;
        if (!protocol) continue;
        const alike = `${protocol} ${membersOf(definitions)}`;
        pushTo(this.byMembers, alike, name);
      }
    }
    return this.byMembers;
  }

  private byMembers: Map<string, string[]> | undefined;

  /** The fix that changes a service group's protocol on every declaration that gives it. */
  private protocolChange(key: string, protocol: string): ConfigFix {
    const changes: Record<string, TextEdit[]> = {};
    let name = '';
    for (const { site, definition } of this.index.definitions(key, this.site)) {
      name = definition.name.text;
      for (const group of site.model.serviceGroups) {
        if (group.block !== definition.block || !group.protocol) continue;
        (changes[site.uri] ??= []).push({
          range: rangeOf(site.document, group.protocol.start, group.protocol.end),
          newText: protocol,
        });
      }
    }
    return { title: l10n.t`Make service group '${name}' ${protocol}`, changes };
  }

  // -----------------------------------------------------------------------------------------
  // Ports, values and members

  private ports(): void {
    for (const port of this.site.model.ports) {
      if (!port.port || !/^\d+$/.test(port.port.text)) {
        const word = port.port ?? port.line.words[0];
        const written = port.port?.text;
        this.report(
          configRules.portOutOfRange,
          word,
          port.of === 'server'
            ? written === undefined
              ? l10n.t('A server port needs a port number from 0 to 65535.')
              : l10n.t('A server port needs a port number from 0 to 65535, not `{0}`.', written)
            : written === undefined
              ? l10n.t('A vport needs a port number from 0 to 65535.')
              : l10n.t('A vport needs a port number from 0 to 65535, not `{0}`.', written),
        );
        continue;
      }
      if (!port.type) {
        const example =
          port.of === 'server'
            ? l10n.t('tcp or udp')
            : l10n.t('tcp, udp, others, http and the other application types');
        this.report(
          configRules.invalidPortType,
          port.port,
          l10n.t('`port {0}` needs a type: {1}.', port.port.text, example),
        );
        continue;
      }
      const type = port.type.text;
      if (port.of === 'server' && type !== 'tcp' && type !== 'udp') {
        this.report(
          configRules.invalidPortType,
          port.type,
          l10n.t(
            'A server port is `tcp` or `udp`, not `{0}`: application types (http, dns-udp, ...) go on the vport.',
            type,
          ),
        );
      }
      const range =
        port.range && /^\d+$/.test(port.range.text) ? Number(port.range.text) : undefined;
      if (
        range !== undefined &&
        range <= 254 &&
        Number(port.port.text) <= 65535 &&
        Number(port.port.text) + range > 65535
      ) {
        this.report(
          configRules.portOutOfRange,
          port.range!,
          l10n.t('`port {0} ... range {1}` runs past port 65535.', port.port.text, range),
        );
      }
    }
  }

  private values(): void {
    for (const value of this.site.model.values) {
      const isPort =
        value.what === 'a port' ||
        value.what === 'a port range' ||
        value.what === 'a health-check port';
      const rule = isPort ? configRules.portOutOfRange : configRules.valueOutOfRange;
      if (!/^\d+$/.test(value.word.text)) {
        // `port x udp` is reported by the port check; other words that should be numbers are reported here.
        if (value.what !== 'a port')
          this.report(
            rule,
            value.word,
            l10n.t(
              '`{0}` is not a number: {1} is a number from {2} to {3}.',
              value.word.text,
              valueName(value.what),
              value.min,
              value.max,
            ),
          );
        continue;
      }
      const number = Number(value.word.text);
      if (number < value.min || number > value.max) {
        this.report(
          rule,
          value.word,
          l10n.t`${capitalised(valueName(value.what))} is a number from ${value.min} to ${value.max}, not ${value.word.text}.`,
        );
      }
    }
  }

  private members(): void {
    for (const group of this.site.model.serviceGroups) {
      const seen = new Map<string, ConfigLine>();
      for (const member of group.members) {
        if (member.malformed) {
          const words = member.line.words;
          this.reportRange(
            configRules.malformedMember,
            words[1]?.start ?? words[0].start,
            words.at(-1)!.end,
            l10n.t`This member cannot be read: ${member.malformed}.`,
          );
          continue;
        }
        const id = `${member.server!.text}:${member.port!.text}`;
        const first = seen.get(id);
        if (first) {
          this.reportRange(
            configRules.duplicateLine,
            member.line.words[0].start,
            member.line.words.at(-1)!.end,
            l10n.t(
              'Member `{0}` is listed twice in service group `{1}`; ACOS keeps one.',
              id,
              group.name.text,
            ),
            {
              fixes: [this.removeLineFix(member.line)],
              related: [this.related(this.site, first.words[0], l10n.t('listed first here'))],
            },
          );
        } else {
          seen.set(id, member.line);
        }
      }
    }
  }

  // -----------------------------------------------------------------------------------------
  // NAT pools

  private natPools(): void {
    const ranges: PoolRange[] = [];
    const reversed: PoolRange[] = [];
    const named = new Set<string>();
    for (const pool of this.site.model.natPools) {
      // A pool defined again is reported as such; its own checks and overlaps are the first one's.
      if (named.has(pool.name.text)) continue;
      named.add(pool.name.text);
      const checked = this.natPool(pool);
      if (checked && checked.end.value < checked.start.value)
        reversed.push({ pool, site: this.site, start: checked.end, end: checked.start });
      else if (checked) ranges.push({ pool, site: this.site, ...checked });
    }
    this.natPoolRedefinitions();
    const all = this.natPoolOverlaps(ranges);
    for (const range of reversed) this.reversedPool(range, all);
  }

  /**
   * A pool that ends before it starts, and the fix that swaps its ends: with the netmask the range
   * needs, and only when the swapped range is free (else it would share another pool's addresses,
   * which no swap fixes). When the pool is defined again as the swap would write it, the line goes
   * instead: swapped, it would be defined twice.
   */
  private reversedPool(swapped: PoolRange, all: readonly PoolRange[]): void {
    const { pool, start, end } = swapped;
    const first = pool.start!;
    const last = pool.end!;
    const overlaps = all.some(
      (other) =>
        other.pool.name.text !== pool.name.text &&
        other.start.family === start.family &&
        other.start.value <= end.value &&
        start.value <= other.end.value,
    );
    const netmask = this.netmaskFor(pool, start, end);
    // The settings the fix writes: the ends swapped, the netmask it needs after `netmask` (or added after the ends).
    const rest = pool.settings.split(' ').slice(2);
    const fixedRest = !netmask
      ? rest
      : pool.netmask
        ? rest.map((w, i) => (rest[i - 1] === 'netmask' ? netmask : w))
        : ['netmask', netmask, ...rest];
    const settings = [last.text, first.text, ...fixedRest].join(' ');
    const definitions = this.site.model.natPools.filter(
      (other) => other.name.text === pool.name.text,
    );
    // Copies of the line (each a duplicate) go with it, swapped or removed.
    const copies = definitions.filter((other) => other.settings === pool.settings);
    // The definition ACOS keeps once this line and its copies are gone.
    const next = definitions.find(
      (other) => other.line.line > pool.line.line && other.settings !== pool.settings,
    );
    const fixes: ConfigFix[] = [];
    if (overlaps) {
      // Either way round it would share another pool's addresses: no swap makes it right.
    } else if (definitions.some((other) => other.settings === settings)) {
      // Swapped, it would be defined twice. Removed, the next definition is the one kept: the fix
      // only when that is the swap's (another would bring its own findings in; then no fix).
      // Its copies go with it, or the next copy would be the reversed definition kept.
      if (next?.settings === settings)
        fixes.push({
          title: l10n.t`Remove the line: NAT pool '${pool.name.text}' is defined again as the swap would write it`,
          preferred: true,
          changes: {
            [this.site.uri]: this.linesRemoval(copies.map((copy) => copy.line)),
          },
        });
    } else {
      // Copies are swapped with it, or they would differ from it.
      fixes.push({
        title: netmask
          ? l10n.t`Swap to ${last.text} ${first.text} with netmask ${netmask}`
          : l10n.t`Swap to ${last.text} ${first.text}`,
        preferred: true,
        changes: { [this.site.uri]: copies.flatMap((copy) => this.swapEdits(copy, netmask)) },
      });
    }
    this.reportRange(
      configRules.natPoolReversed,
      first.start,
      last.end,
      l10n.t(
        'NAT pool `{0}` ends ({1}) before it starts ({2}).',
        pool.name.text,
        last.text,
        first.text,
      ),
      { fixes },
    );
  }

  /** The checks of one pool on its own; answers its range when it is sound. */
  private natPool(pool: NatPoolFacts): { start: IpAddress; end: IpAddress } | undefined {
    const family = pool.family;
    const parse = family === 4 ? parseIpv4 : parseIpv6;
    const name = pool.name.text;
    if (!pool.start || !pool.end) {
      this.report(
        configRules.malformedAddress,
        pool.name,
        l10n.t(
          'NAT pool `{0}` needs a first and a last address: `ip nat pool {1} START END netmask /24`.',
          name,
          name,
        ),
      );
      return undefined;
    }
    const start = parse(pool.start.text);
    const end = parse(pool.end.text);
    for (const [word, address] of [
      [pool.start, start],
      [pool.end, end],
    ] as const) {
      if (!address)
        this.report(
          configRules.malformedAddress,
          word,
          l10n.t('`{0}` is not an {1} address.', word.text, family === 4 ? 'IPv4' : 'IPv6'),
        );
    }
    if (pool.gateway && !parse(pool.gateway.text)) {
      this.report(
        configRules.malformedAddress,
        pool.gateway,
        l10n.t(
          'The gateway `{0}` is not an {1} address.',
          pool.gateway.text,
          family === 4 ? 'IPv4' : 'IPv6',
        ),
      );
    }
    if (!start || !end) return undefined;
    // Reported once the other pools are known (reversedPool).
    if (end.value < start.value) return { start, end };
    if (!pool.netmask) {
      this.report(
        configRules.malformedAddress,
        pool.name,
        l10n.t('NAT pool `{0}` needs a netmask: `netmask /24` or `netmask 255.255.255.0`.', name),
      );
      return { start, end };
    }
    const netmask = parseNetmask(pool.netmask.text, family);
    if ('malformed' in netmask) {
      this.report(
        configRules.malformedAddress,
        pool.netmask,
        l10n.t('The netmask `{0}` cannot be read: {1}.', pool.netmask.text, netmask.malformed),
      );
      return { start, end };
    }
    if (netmask.prefix === 0) {
      this.report(
        configRules.natPoolNetmaskZero,
        pool.netmask,
        l10n.t(
          "NAT pool `{0}` has a netmask of 0: ACOS needs the pool's subnet, such as `/24`.",
          name,
        ),
      );
      return { start, end };
    }
    if (networkOf(start, netmask.prefix) !== networkOf(end, netmask.prefix)) {
      const needed = commonPrefix(start, end);
      this.report(
        configRules.natPoolNetmaskTooSmall,
        pool.netmask,
        l10n.t(
          'NAT pool `{0}` runs from {1} to {2}, which one /{3} subnet does not hold: the netmask must be /{4} or shorter.',
          name,
          pool.start.text,
          pool.end.text,
          netmask.prefix,
          needed,
        ),
        { fixes: [this.netmaskFix(pool, needed)] },
      );
    }
    return { start, end };
  }

  private natPoolRedefinitions(): void {
    // Per pool name, its definitions in this document so far by their settings (the first one first).
    const seen = new Map<string, Map<string, NatPoolFacts>>();
    for (const pool of this.site.model.natPools) {
      const key = pool.name.text;
      const earlier = seen.get(key);
      if (!earlier) {
        seen.set(key, new Map([[pool.settings, pool]]));
        // The first definition in this document may still differ from another document's.
        const other = this.otherDocumentPool(pool);
        if (other && other.pool.settings !== pool.settings)
          this.redefined(pool, other.pool, other.site);
        continue;
      }
      // A line written the same way as any line above is a duplicate, even when both differ from
      // the first definition: removing another line then leaves the same finding on it.
      const same = earlier.get(pool.settings);
      if (same) {
        this.reportRange(
          configRules.duplicateLine,
          pool.line.words[0].start,
          pool.line.words.at(-1)!.end,
          l10n.t('NAT pool `{0}` is defined twice, the same way.', key),
          {
            fixes: [this.removeLineFix(pool.line)],
            related: [this.related(this.site, same.name, l10n.t('defined first here'))],
          },
        );
      } else {
        earlier.set(pool.settings, pool);
        this.redefined(pool, earlier.values().next().value!, this.site);
      }
    }
  }

  private redefined(pool: NatPoolFacts, first: NatPoolFacts, site: IndexedConfig): void {
    const where = site.uri === this.site.uri ? l10n.t('above') : l10n.t`in ${fileName(site.uri)}`;
    this.reportRange(
      configRules.natPoolRedefined,
      pool.name.start,
      pool.line.words.at(-1)!.end,
      l10n.t(
        'NAT pool `{0}` is defined again with other settings: `{1}` {2}, `{3}` here. ACOS keeps the first definition and refuses this one.',
        pool.name.text,
        first.settings,
        where,
        pool.settings,
      ),
      { related: [this.related(site, first.name, l10n.t('the first definition'))] },
    );
  }

  /** A pool of the same name in another document of this one's device (symbols.ts clashes). */
  private otherDocumentPool(
    pool: NatPoolFacts,
  ): { pool: NatPoolFacts; site: IndexedConfig } | undefined {
    for (const { site, definition } of this.index.definitions(
      symbolKey('nat-pool', pool.name.text, '', this.site.model.partitionAt(pool.line.line)),
      this.site,
    )) {
      if (site.uri === this.site.uri || !clashes(this.site, site)) continue;
      const other = site.model.natPools.find((p) => p.line === definition.line);
      if (other) return { pool: other, site };
    }
    return undefined;
  }

  /** Reports the pools that share addresses; answers the sound ranges of every pool this document sees. */
  private natPoolOverlaps(own: PoolRange[]): PoolRange[] {
    const all = [...own];
    for (const site of this.index.sites) {
      if (site.uri === this.site.uri || !clashes(this.site, site)) continue;
      for (const pool of site.model.natPools) {
        const parse = pool.family === 4 ? parseIpv4 : parseIpv6;
        const start = pool.start && parse(pool.start.text);
        const end = pool.end && parse(pool.end.text);
        if (start && end && start.value <= end.value) all.push({ pool, site, start, end });
      }
    }
    for (const [i, mine] of own.entries()) {
      const overlapping = all.filter((other, j) => {
        if (
          other.pool.name.text === mine.pool.name.text ||
          other.start.family !== mine.start.family
        )
          return false;
        // Within this document, the later pool is the one reported.
        if (other.site === this.site && j > i) return false;
        return other.start.value <= mine.end.value && mine.start.value <= other.end.value;
      });
      if (overlapping.length === 0) continue;
      const names = [
        ...new Set(
          overlapping.map(
            (o) => `\`${o.pool.name.text}\` (${formatIp(o.start)}-${formatIp(o.end)})`,
          ),
        ),
      ].sort();
      this.report(
        configRules.natPoolOverlap,
        mine.pool.name,
        l10n.t(
          "NAT pool `{0}` ({1}-{2}) shares addresses with {3}: ACOS refuses overlapping pools, and two vports translating to one address break each other's sessions.",
          mine.pool.name.text,
          formatIp(mine.start),
          formatIp(mine.end),
          names.join(', '),
        ),
        {
          related: overlapping.map((o) =>
            this.related(o.site, o.pool.name, l10n.t`NAT pool ${o.pool.name.text}`),
          ),
        },
      );
    }
    return all;
  }

  private othersElsewhere: ReadonlySet<string> | undefined;

  /** The VIPs of this file that another file of its configuration opens again with `port 0 others` (vipsWithOthersElsewhere). */
  private othersVportElsewhere(): ReadonlySet<string> {
    return (this.othersElsewhere ??= vipsWithOthersElsewhere(this.site, this.index.sites));
  }

  // -----------------------------------------------------------------------------------------
  // Unknown commands

  private unknownCommands(): void {
    // One finding per command word and object: a VIP opened twice, or a vport copied, does not say it twice.
    const groups = new Map<string, Command[]>();
    for (const command of this.site.model.unknown) {
      const words = command.line.words;
      const word = words[0].text === 'no' && words[1] ? `no ${words[1].text}` : words[0].text;
      // Not by block kind: the same command at another depth of the same object is the same finding.
      const owner = command.owner
        ? `${command.owner.kind} ${command.owner.name}`
        : `line ${command.line.line}`;
      const key = `${owner}\u0000${command.context === 'top' ? 'top' : ''}\u0000${word}`;
      pushTo(groups, key, command);
    }
    // Vports of types this table does not know are told the same way.
    for (const port of this.site.model.ports) {
      if (port.of !== 'virtual-server' || !port.type || VPORT_TYPES[port.type.text]) continue;
      const key = `type\u0000${port.type.text}`;
      pushTo(groups, key, { line: port.line, context: 'vport' });
    }
    const entries = [...groups.entries()];
    for (const [key, commands] of entries.slice(0, UNKNOWN_COMMANDS_SHOWN)) {
      const [first] = commands;
      const words = first.line.words;
      if (key.startsWith('type\u0000')) {
        const port = this.site.model.ports.find((p) => p.line === first.line)!;
        this.report(
          configRules.unknownCommand,
          port.type!,
          l10n.t(
            'Balancer Lens does not know the vport type `{0}`; ACOS may, but this vport is not checked.',
            port.type!.text,
          ),
        );
        continue;
      }
      const word = key.split('\u0000')[2];
      const where = first.owner
        ? l10n.t('in {0} `{1}`', kindName(first.owner.kind), first.owner.name)
        : l10n.t`in ${blockTitle(first.context)}`;
      this.reportRange(
        configRules.unknownCommand,
        words[0].start,
        words.at(-1)!.end,
        l10n.t(
          'Balancer Lens does not know `{0}` {1}; ACOS may accept it, but it is not checked.',
          word,
          where,
        ),
        {
          related: commands
            .slice(1)
            .map((c) => this.related(this.site, c.line.words[0], l10n.t('also here'))),
        },
      );
    }
    if (entries.length > UNKNOWN_COMMANDS_SHOWN) {
      const rest = entries.slice(UNKNOWN_COMMANDS_SHOWN);
      const first = rest[0][1][0].line;
      this.reportRange(
        configRules.unknownCommand,
        first.words[0].start,
        first.words.at(-1)!.end,
        l10n.t`And ${rest.length} more commands Balancer Lens does not know in blocks it checks, from here on; ACOS may accept them, but they are not checked.`,
      );
    }
  }

  // -----------------------------------------------------------------------------------------
  // Reporting

  private report(rule: Rule, word: Word, message: string, extra: ReportExtra = {}): void {
    this.reportRange(rule, word.start, word.end, message, extra);
  }

  private reportRange(
    rule: Rule,
    start: number,
    end: number,
    message: string,
    extra: ReportExtra = {},
  ): void {
    const line = this.document.positionAt(start).line;
    const data: ConfigFixData = {
      fixes: extra.fixes ?? [],
      suppress: suppressionEdit(this.config, line, rule.code, this.style.lineEnd),
    };
    const diagnostic = diagnosticOf(this.document, rule, start, end, message, {
      data,
      relatedInformation: extra.related,
    });
    if (extra.tags) diagnostic.tags = extra.tags;
    this.found.push(diagnostic);
  }

  private related(site: IndexedConfig, word: Word, message: string): DiagnosticRelatedInformation {
    return DiagnosticRelatedInformation.create(
      { uri: site.uri, range: rangeOf(site.document, word.start, word.end) },
      message,
    );
  }

  private range(word: Word): Range {
    return rangeOf(this.document, word.start, word.end);
  }

  private rangeAt(start: number, end: number): Range {
    return rangeOf(this.document, start, end);
  }

  private replaceFix(title: string, word: Word, newText: string, preferred: boolean): ConfigFix {
    return {
      title,
      preferred,
      changes: { [this.site.uri]: [{ range: this.range(word), newText }] },
    };
  }

  private removeLineFix(line: ConfigLine): ConfigFix {
    return {
      title: l10n.t('Remove the duplicate line'),
      preferred: true,
      changes: { [this.site.uri]: this.linesRemoval([line]) },
    };
  }

  /**
   * The edits that take lines away with their line ends (the last line takes the line end before
   * it instead), one per run of neighbouring lines so that no two edits overlap.
   */
  private linesRemoval(lines: readonly ConfigLine[]): TextEdit[] {
    const edits: TextEdit[] = [];
    const sorted = [...new Set(lines)].sort((a, b) => a.line - b.line);
    for (let i = 0; i < sorted.length; i++) {
      const first = sorted[i];
      while (i + 1 < sorted.length && sorted[i + 1].line === sorted[i].line + 1) i++;
      const last = sorted[i];
      const next = this.config.lines[last.line + 1];
      const range = next
        ? this.rangeAt(first.start, next.start)
        : this.rangeAt(this.config.lines[first.line - 1]?.end ?? first.start, last.end);
      edits.push({ range, newText: '' });
    }
    return edits;
  }

  /**
   * The netmask a pool's range (`start`-`end`) needs when the one written would not hold it (too
   * small, 0, unreadable or missing: unchecked while the pool was reversed); undefined when it holds.
   */
  private netmaskFor(pool: NatPoolFacts, start: IpAddress, end: IpAddress): string | undefined {
    const netmask = pool.netmask && parseNetmask(pool.netmask.text, pool.family);
    if (
      netmask &&
      !('malformed' in netmask) &&
      netmask.prefix !== 0 &&
      networkOf(start, netmask.prefix) === networkOf(end, netmask.prefix)
    )
      return undefined;
    const needed = commonPrefix(start, end);
    return pool.family === 4 &&
      pool.netmask &&
      !pool.netmask.text.startsWith('/') &&
      /\./.test(pool.netmask.text)
      ? dottedMask(needed)
      : `/${needed}`;
  }

  /** The edits that swap a reversed pool's ends, and write the netmask it needs if there is one. */
  private swapEdits(pool: NatPoolFacts, netmask: string | undefined): TextEdit[] {
    const first = pool.start!;
    const last = pool.end!;
    const edits: TextEdit[] = [
      { range: this.range(first), newText: last.text },
      { range: this.range(last), newText: first.text },
    ];
    if (netmask)
      edits.push(
        pool.netmask
          ? { range: this.range(pool.netmask), newText: netmask }
          : { range: this.rangeAt(last.end, last.end), newText: ` netmask ${netmask}` },
      );
    return edits;
  }

  /** Writes the netmask a pool needs, on the line and on its copies (changed alone, it would differ from them). */
  private netmaskFix(pool: NatPoolFacts, needed: number): ConfigFix {
    const written =
      pool.family === 4 && !pool.netmask!.text.startsWith('/') && /\./.test(pool.netmask!.text)
        ? dottedMask(needed)
        : `/${needed}`;
    const copies = this.site.model.natPools.filter(
      (other) =>
        other.name.text === pool.name.text && other.settings === pool.settings && other.netmask,
    );
    return {
      title: l10n.t`Change the netmask to /${needed}`,
      preferred: true,
      changes: {
        [this.site.uri]: copies.map((copy) => ({
          range: this.range(copy.netmask!),
          newText: written,
        })),
      },
    };
  }

  /** The head of the block a line is in. */
  private blockHeadOf(line: ConfigLine): ConfigLine | undefined {
    return blockAt(this.config, line.line)?.head;
  }
}

/** A NAT pool's range, in the document it is defined in. */
interface PoolRange {
  readonly pool: NatPoolFacts;
  readonly site: IndexedConfig;
  readonly start: IpAddress;
  readonly end: IpAddress;
}

interface ReportExtra {
  fixes?: ConfigFix[];
  related?: DiagnosticRelatedInformation[];
  tags?: DiagnosticTag[];
}

/**
 * The protocols a service group may have for the vports that use it (their transports): the one
 * every tcp or udp vport among them carries (an `others` vport borrows either), both when they
 * ask for none, and none when some carry TCP and others UDP (either would mismatch some vport).
 */
function protocolsFor(transports: ReadonlySet<string | undefined>): ('tcp' | 'udp')[] {
  const asked = (['tcp', 'udp'] as const).filter((p) => transports.has(p));
  return asked.length === 0 ? ['tcp', 'udp'] : asked.length === 1 ? asked : [];
}

/** A service group's members as one string (`s1:80 s2:80`), in order. */
function membersOf(definitions: readonly LocatedDefinition[]): string {
  return definitions
    .flatMap(
      ({ site, definition }) => serviceGroupOfBlock(site.model, definition.block)?.members ?? [],
    )
    .map((m) => `${m.server?.text ?? ''}:${m.port?.text ?? ''}`)
    .sort()
    .join(' ');
}

/**
 * The VIPs with a UDP wildcard and no `port 0 others`. `othersElsewhere` tells whether another file
 * of the configuration opens a running-config VIP of that name again with `port 0 others` (a status
 * summary is a snapshot of its own and never borrows another file's vports).
 */
function* missingOthersVports(
  document: TextDocument,
  config: ConfigDocument,
  othersElsewhere: (name: string) => boolean,
): Iterable<Diagnostic> {
  for (const [name, blocks] of virtualServersByName(config)) {
    const vports = blocks.flatMap((b) => b.vports);
    const has = (type: string): boolean => vports.some((v) => isVport(v, 0, type));
    // IKE rides on UDP: without `port 0 udp` the tunnel would not even come up, and a TCP-only
    // wildcard is some other design, so only a UDP wildcard without `others` is reported.
    if (!has('udp') || hasOthersInService(vports)) continue;
    if (blocks.some((b) => b.form === 'cli') && othersElsewhere(name)) continue;

    const wildcards = has('tcp') ? l10n.t('`port 0 tcp` and `port 0 udp`') : '`port 0 udp`';
    const disabledOthers = vports.find((v) => isVport(v, 0, 'others'));
    const disableLine = disabledOthers && disableLineOf(disabledOthers);
    const consequence = l10n.t(
      '{0} {1}',
      l10n.t('ESP, AH, GRE and ICMP through the balancer are neither translated nor accepted.'),
      l10n.t(
        'An IPsec tunnel comes up (IKE runs over UDP) but carries no data, and the firewalls tear it down and rebuild it forever.',
      ),
    );
    const message = disableLine
      ? l10n.t(
          'Virtual server {0} forwards {1} but its `port 0 others` is disabled: {2} Enable the `port 0 others` vport.',
          name,
          wildcards,
          consequence,
        )
      : l10n.t(
          'Virtual server {0} forwards {1} but has no `port 0 others`: {2} Add a `port 0 others` vport.',
          name,
          wildcards,
          consequence,
        );
    let data: MissingOthersData | undefined;
    if (disableLine) {
      // The whole `disable` line goes, its line end with it.
      const next =
        disableLine.line + 1 < document.lineCount
          ? { line: disableLine.line + 1, character: 0 }
          : document.positionAt(disableLine.end);
      data = {
        vip: name,
        enables: true,
        edit: {
          range: { start: { line: disableLine.line, character: 0 }, end: next },
          newText: '',
        },
      };
    } else if (!disabledOthers) {
      const insertion = othersVportInsertion(blocks, lineEndOf(document.getText()));
      data = insertion && {
        vip: name,
        edit: {
          range: rangeOf(document, insertion.offset, insertion.offset),
          newText: insertion.text,
        },
      };
    }
    const head = blocks[0];
    yield diagnosticOf(
      document,
      configRules.missingOthersVport,
      head.name.start,
      head.name.end,
      message,
      { data },
    );
  }
}

/** The block kinds in the user's words. */
function blockTitle(context: Command['context']): string {
  const titles: Partial<Record<Command['context'], string>> = {
    server: l10n.t('a server'),
    'server-port': l10n.t('a server port'),
    'service-group': l10n.t('a service group'),
    member: l10n.t('a member'),
    'virtual-server': l10n.t('a virtual server'),
    vport: l10n.t('a vport'),
    'health-monitor': l10n.t('a health monitor'),
  };
  return titles[context] ?? l10n.t('this block');
}

/** The name of a number's meaning (model.ts `bounded`: `a VRID`) in the user's language. */
function valueName(what: string): string {
  const names: Record<string, string> = {
    'a VRID': l10n.t('a VRID'),
    'an HA group': l10n.t('an HA group'),
    'a port': l10n.t('a port'),
    'a port range': l10n.t('a port range'),
    'a health-check port': l10n.t('a health-check port'),
    'a scaleout device id': l10n.t('a scaleout device id'),
    'a member priority': l10n.t('a member priority'),
    'a connection limit': l10n.t('a connection limit'),
    'a weight': l10n.t('a weight'),
    'a minimum of active members': l10n.t('a minimum of active members'),
    'a bucket count': l10n.t('a bucket count'),
  };
  return names[what] ?? what;
}
