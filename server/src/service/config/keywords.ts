// The keyword facts of ACOS running-config: for each block, the commands it holds, what each
// does in the user's words, where ACOS 2 and ACOS 4 differ, and which block its own indented
// lines belong to. Hover, completion, outline and the unknown-command check all read this table.
import * as l10n from '@vscode/l10n';
import { pushTo } from '../collections';

/** The kinds of block a line can be in. */
export type ContextId =
  | 'top'
  | 'server'
  | 'server-port'
  | 'service-group'
  | 'member'
  | 'virtual-server'
  | 'vport'
  | 'health-monitor'
  | 'template'
  | 'vrid'
  | 'interface'
  | 'vlan'
  | 'router'
  | 'access-list'
  | 'summary-vip'
  | 'summary-vport'
  | 'nat-pool-group'
  | 'glid'
  | 'open';

/** What a command means to the rest of the configuration (definitions and references). */
export type Role =
  | 'server'
  | 'service-group'
  | 'virtual-server'
  | 'nat-pool'
  | 'nat-pool-group'
  | 'health-monitor'
  | 'template-definition'
  | 'access-list-entry'
  | 'named-access-list'
  | 'vrid-definition'
  | 'ha-group-definition'
  | 'port'
  | 'member'
  | 'service-group-reference'
  | 'source-nat'
  | 'health-check'
  | 'template-reference'
  | 'aflex'
  | 'access-list-reference'
  | 'vrid-reference'
  | 'ha-group-reference'
  | 'nat-inside-source'
  | 'floating-ip'
  | 'nat-pool-use'
  | 'switching'
  | 'method';

/** One command: its words, how it is written, and what it does. */
export interface KeywordFact {
  /** The words that name the command, e.g. `source-nat pool`. */
  readonly words: readonly string[];
  /** How it is written, with the user's values in capitals: `source-nat pool NAT_POOL`. */
  readonly usage: string;
  /** What it does, in the user's words. */
  readonly doc: string;
  /** Where ACOS versions differ, if they do. */
  readonly versions?: string;
  /** The block its indented lines belong to, when it has some. */
  readonly children?: ContextId;
  /** What it defines or refers to. */
  readonly role?: Role;
}

/** A kind of block and the commands it holds. */
export interface KeywordContext {
  /** The block's id. */
  readonly id: ContextId;
  /** The block in the user's words: "a vport". */
  readonly title: string;
  /**
   * True when the table lists this block's commands fully enough that a command it does not
   * list is worth a word (information, never an error). Blocks with open-ended options
   * (templates, interfaces, routing) are not checked.
   */
  readonly checked: boolean;
  /** The commands, longest first so `source-nat pool` wins over `source-nat`. */
  readonly keywords: readonly KeywordFact[];
}

/**
 * A command's fact. Its doc and version note are read in the user's language each time they are
 * shown (the table is built once, before the host chooses a language), so they are functions here.
 */
function k(
  words: string,
  usage: string,
  doc: () => string,
  {
    versions,
    ...extra
  }: Omit<KeywordFact, 'words' | 'usage' | 'doc' | 'versions'> & { versions?: () => string } = {},
): KeywordFact {
  const fact = {
    words: words.split(' '),
    usage,
    ...extra,
    get doc(): string {
      return doc();
    },
  };
  return versions
    ? Object.defineProperty(fact, 'versions', { get: versions, enumerable: true })
    : fact;
}

const STATS = [
  k('stats-data-enable', 'stats-data-enable', () =>
    l10n.t('Collects statistics for this object (the default).'),
  ),
  k('stats-data-disable', 'stats-data-disable', () =>
    l10n.t('Stops collecting statistics for this object, to save CPU on very busy boxes.'),
  ),
  k('extended-stats', 'extended-stats', () =>
    l10n.t('Collects extended statistics (per-object counters beyond the basic ones).'),
  ),
  k(
    'sampling-enable',
    'sampling-enable COUNTER',
    () => l10n.t('Samples a counter for the statistics graphs (ACOS 4).'),
    { versions: () => l10n.t('ACOS 4+.') },
  ),
  k(
    'user-tag',
    'user-tag TEXT',
    () => l10n.t('A free-form tag for the object, kept for management tools (ACOS 4).'),
    { versions: () => l10n.t('ACOS 4+.') },
  ),
  k('description', 'description TEXT', () => l10n.t('A note about the object; ACOS ignores it.')),
];

const ENABLE = [
  k('enable', 'enable', () => l10n.t('Puts the object in service (the default).')),
  k('disable', 'disable', () =>
    l10n.t('Takes the object out of service without deleting it: no new traffic goes to it.'),
  ),
];

const TOP: KeywordContext = {
  id: 'top',
  title: 'the top level',
  checked: false,
  keywords: [
    k(
      'slb server',
      'slb server NAME ADDRESS',
      () =>
        l10n.t(
          'Defines a real server: the address the balancer forwards to (a gateway, a firewall, a web server) and its ports.',
        ),
      {
        role: 'server',
        children: 'server',
        versions: () =>
          l10n.t(
            'ACOS 2 and 4 alike; the address may be IPv4, IPv6 or a host name. A server opened again later adds to it.',
          ),
      },
    ),
    k(
      'slb service-group',
      'slb service-group NAME tcp|udp',
      () =>
        l10n.t(
          'Defines a service group: the pool of server ports a vport forwards to, with a protocol (tcp or udp) and a load-balancing method.',
        ),
      {
        role: 'service-group',
        children: 'service-group',
        versions: () =>
          l10n.t('The protocol is needed when the group is created and cannot change afterwards.'),
      },
    ),
    k(
      'slb virtual-server',
      'slb virtual-server NAME ADDRESS',
      () =>
        l10n.t(
          'Defines a virtual server (VIP): an address the balancer answers on, with one vport per port and type. A wildcard VIP (0.0.0.0) matches traffic passing through, as in link load balancing.',
        ),
      {
        role: 'virtual-server',
        children: 'virtual-server',
        versions: () => l10n.t('A VIP opened again later (without its address) adds vports to it.'),
      },
    ),
    k(
      'slb template',
      'slb template TYPE NAME',
      () =>
        l10n.t(
          'Defines a template: settings a server, port, service group, VIP or vport borrows by name (`template TYPE NAME`).',
        ),
      {
        role: 'template-definition',
        children: 'template',
        versions: () =>
          l10n.t(
            'Types differ between versions (ACOS 2: tcp, udp, http, persist source-ip, client-ssl, ...; ACOS 4 adds virtual-port, server, port, policy, ...). Each type has a built-in `default`.',
          ),
      },
    ),
    k('slb', 'slb SETTING', () => l10n.t('A global server load-balancing setting.')),
    k(
      'ip nat pool',
      'ip nat pool NAME START END netmask MASK [gateway ADDRESS] [vrid N | ha-group-id N] [ip-rr] [port-overload]',
      () =>
        l10n.t(
          'Defines a NAT pool: the public addresses source NAT translates to (`source-nat pool NAME` on a vport).',
        ),
      {
        role: 'nat-pool',
        versions: () =>
          l10n.t(
            'ACOS 2.6 ties the pool to an HA group (`ha-group-id`), ACOS 2.7 and 4 to a VRRP-A VRID (`vrid`).',
          ),
      },
    ),
    k(
      'ipv6 nat pool',
      'ipv6 nat pool NAME START END netmask LENGTH [gateway ADDRESS] [vrid N]',
      () => l10n.t('Defines an IPv6 NAT pool.'),
      { role: 'nat-pool' },
    ),
    k(
      'ip nat pool-group',
      'ip nat pool-group NAME [POOL...]',
      () =>
        l10n.t(
          'Groups NAT pools under one name (on the line, or as `member POOL` lines under it); a vport may use the group like a pool.',
        ),
      {
        role: 'nat-pool-group',
        children: 'nat-pool-group',
      },
    ),
    k(
      'ipv6 nat pool-group',
      'ipv6 nat pool-group NAME [POOL...]',
      () => l10n.t('Groups IPv6 NAT pools under one name.'),
      { role: 'nat-pool-group', children: 'nat-pool-group' },
    ),
    k(
      'ip nat inside source',
      'ip nat inside source list ACL pool NAT_POOL | class-list LIST',
      () =>
        l10n.t(
          'Translates traffic matching an access list to a NAT pool, or each class-list entry by its `glid` (whose `use-nat-pool` names the pool), outside of any virtual server.',
        ),
      {
        role: 'nat-inside-source',
      },
    ),
    k(
      'glid',
      'glid N',
      () =>
        l10n.t(
          'A global limit ID: the limits and the NAT pool (`use-nat-pool`) that class-list entries with `glid N` get.',
        ),
      { children: 'glid' },
    ),
    k('ip nat', 'ip nat SETTING', () => l10n.t('A global NAT setting.')),
    k('ip route', 'ip route PREFIX /LENGTH NEXT_HOP', () => l10n.t('A static IPv4 route.')),
    k('ipv6 route', 'ipv6 route PREFIX/LENGTH NEXT_HOP', () => l10n.t('A static IPv6 route.')),
    k(
      'ip access-list',
      'ip access-list NAME',
      () =>
        l10n.t('Defines a named access list (ACOS 4); its lines are `permit` and `deny` rules.'),
      {
        role: 'named-access-list',
        children: 'access-list',
        versions: () => l10n.t('ACOS 4+. ACOS 2 numbers its access lists (`access-list 101 ...`).'),
      },
    ),
    k(
      'ipv6 access-list',
      'ipv6 access-list NAME',
      () => l10n.t('Defines a named IPv6 access list.'),
      {
        role: 'named-access-list',
        children: 'access-list',
      },
    ),
    k(
      'access-list',
      'access-list NUMBER permit|deny ...',
      () =>
        l10n.t(
          'One rule of a numbered access list; all lines with the same number form one list, in order.',
        ),
      {
        role: 'access-list-entry',
        versions: () =>
          l10n.t(
            'Numbered lists are the ACOS 2 form (1-99 standard, 100-199 extended); ACOS 4 keeps them beside named lists.',
          ),
      },
    ),
    k('ip', 'ip SETTING', () => l10n.t('A global IP setting.')),
    k('ipv6', 'ipv6 SETTING', () => l10n.t('A global IPv6 setting.')),
    k(
      'health monitor',
      'health monitor NAME [interval S] [timeout S] [retry N] [up-retry N]',
      () =>
        l10n.t(
          'Defines a health monitor: how the balancer checks that a server or port is alive (`health-check NAME`).',
        ),
      {
        role: 'health-monitor',
        children: 'health-monitor',
        versions: () =>
          l10n.t(
            'ACOS 2 writes the timers on this line; ACOS 4 writes `interval`, `retry` and `up-retry` as lines under it.',
          ),
      },
    ),
    k('health', 'health SETTING', () => l10n.t('A global health-check setting.')),
    k(
      'interface',
      'interface ethernet N | ve N | loopback N | management | trunk N',
      () => l10n.t('Configures a physical or virtual interface: address, state, access lists.'),
      { children: 'interface' },
    ),
    k('vlan', 'vlan ID', () => l10n.t('Defines a VLAN and its tagged and untagged ports.'), {
      children: 'vlan',
    }),
    k(
      'trunk',
      'trunk ID',
      () => l10n.t('Bundles ethernet ports into one trunk (ACOS 2 static trunk).'),
      {
        children: 'open',
      },
    ),
    k('lacp', 'lacp SETTING', () => l10n.t('A global LACP (dynamic trunk) setting.')),
    k('router', 'router bgp AS | ospf ID | rip', () => l10n.t('Configures a routing protocol.'), {
      children: 'router',
    }),
    k(
      'route-map',
      'route-map NAME permit|deny SEQUENCE',
      () => l10n.t('A route map for route filtering and redistribution.'),
      { children: 'open' },
    ),
    k(
      'vrrp-a vrid',
      'vrrp-a vrid N',
      () =>
        l10n.t(
          'Defines a VRRP-A VRID: a group of addresses (VIPs, NAT pools, floating IPs) that fail over together between the boxes of a pair.',
        ),
      {
        role: 'vrid-definition',
        children: 'vrid',
        versions: () =>
          l10n.t(
            'ACOS 2.7 and 4. VRID 0 (`vrrp-a vrid default`) always exists; other VRIDs (1-31) must be defined before use.',
          ),
      },
    ),
    k(
      'vrrp-a',
      'vrrp-a common | interface | peer-group | fail-over-policy-template | SETTING',
      () => l10n.t('High availability between two or more boxes (VRRP-A).'),
      {
        children: 'open',
        versions: () => l10n.t('ACOS 2.7 and 4; ACOS 2.6 and earlier use `ha` instead.'),
      },
    ),
    k(
      'ha group',
      'ha group N priority P',
      () =>
        l10n.t(
          'Defines an HA group (ACOS 2.6): addresses that fail over together; a VIP joins with `ha-group N`, a NAT pool with `ha-group-id N`.',
        ),
      {
        role: 'ha-group-definition',
        versions: () => l10n.t('ACOS 2.6 and earlier; later versions use VRRP-A VRIDs.'),
      },
    ),
    k(
      'ha',
      'ha SETTING',
      () => l10n.t('High availability between two boxes (ACOS 2.6 and earlier).'),
      {
        versions: () => l10n.t('Replaced by `vrrp-a` in ACOS 2.7.'),
      },
    ),
    k(
      'floating-ip',
      'floating-ip ADDRESS vrid N | ha-group N',
      () =>
        l10n.t(
          "An address that moves with the active box of a VRRP-A VRID or HA group, typically the servers' default gateway.",
        ),
      {
        role: 'floating-ip',
      },
    ),
    k('hostname', 'hostname NAME', () => l10n.t("The box's name, as its prompt shows it.")),
    k('end', 'end', () => l10n.t('The end of the running-config.')),
    k('timezone', 'timezone ZONE', () => l10n.t("The box's time zone.")),
    k('clock', 'clock SETTING', () => l10n.t("The box's clock.")),
    k('ntp', 'ntp server ADDRESS', () => l10n.t('Time synchronisation.')),
    k('logging', 'logging SETTING', () => l10n.t('Where and how the box logs.')),
    k('snmp-server', 'snmp-server SETTING', () => l10n.t('SNMP agent settings.')),
    k('enable-management', 'enable-management service PROTOCOL', () =>
      l10n.t('Which management services (ssh, https, snmp, ...) each interface accepts.'),
    ),
    k('web-service', 'web-service SETTING', () => l10n.t('The management web interface.')),
    k('system', 'system SETTING', () => l10n.t('System-wide resource settings.')),
    k('banner', 'banner exec|login TEXT', () => l10n.t('The banner shown at login.')),
    k('terminal', 'terminal SETTING', () => l10n.t('CLI session settings.')),
    k('admin', 'admin NAME password ...', () => l10n.t('A management account.'), {
      children: 'open',
    }),
    k('multi-config', 'multi-config enable', () =>
      l10n.t('Lets several administrators configure at once.'),
    ),
    k('radius-server', 'radius-server host ADDRESS ...', () =>
      l10n.t('RADIUS servers for management login.'),
    ),
    k('tacacs-server', 'tacacs-server host ADDRESS ...', () =>
      l10n.t('TACACS+ servers for management login.'),
    ),
    k('authentication', 'authentication SETTING', () =>
      l10n.t('How management logins are authenticated.'),
    ),
    k('glm', 'glm SETTING', () => l10n.t('Licence manager settings (ACOS 4).')),
    k('gslb', 'gslb SETTING', () => l10n.t('Global server load balancing.'), { children: 'open' }),
    k(
      'class-list',
      'class-list NAME',
      () => l10n.t('A list of addresses or strings for aFleX and policies.'),
      {
        children: 'open',
      },
    ),
    k('active-partition', 'active-partition NAME', () =>
      l10n.t('Switches to a partition: what follows belongs to it.'),
    ),
    k('partition', 'partition NAME id N', () =>
      l10n.t('Defines an application delivery partition.'),
    ),
    k('rba', 'rba SETTING', () => l10n.t('Role-based administration.'), { children: 'open' }),
    k('bfd', 'bfd SETTING', () => l10n.t('Bidirectional forwarding detection.')),
    k('sflow', 'sflow SETTING', () => l10n.t('sFlow export.')),
    k('monitor', 'monitor SETTING', () => l10n.t('System resource thresholds.')),
    k('smtp', 'smtp SERVER', () => l10n.t('The mail server for alerts.')),
    k('icmp-rate-limit', 'icmp-rate-limit N ...', () => l10n.t('Limits ICMP traffic to the box.')),
    k('cgnv6', 'cgnv6 SETTING', () => l10n.t('Carrier-grade NAT.'), { children: 'open' }),
  ],
};

const SERVER: KeywordContext = {
  id: 'server',
  title: 'a server (slb server)',
  checked: true,
  keywords: [
    k(
      'port',
      'port N tcp|udp [range R]',
      () =>
        l10n.t(
          'A port of the server that service groups may use (`member SERVER PORT`). Port 0 stands for every port.',
        ),
      {
        role: 'port',
        children: 'server-port',
        versions: () =>
          l10n.t('ACOS 2 often writes two spaces before the protocol (`port 0  tcp`).'),
      },
    ),
    k(
      'health-check',
      'health-check MONITOR',
      () =>
        l10n.t(
          'Checks the server with a health monitor (by default ACOS pings it). `no health-check` turns checking off.',
        ),
      {
        role: 'health-check',
        versions: () =>
          l10n.t('ACOS 2 writes `no health-check`; ACOS 4 writes `health-check-disable`.'),
      },
    ),
    k(
      'health-check-disable',
      'health-check-disable',
      () => l10n.t('Does not check the server at all: it is always considered up.'),
      { versions: () => l10n.t("ACOS 4 form of ACOS 2's `no health-check`.") },
    ),
    k('conn-limit', 'conn-limit N [no-logging]', () =>
      l10n.t('The most connections the server accepts at once (1-64000000).'),
    ),
    k('conn-resume', 'conn-resume N', () =>
      l10n.t('Below how many connections a server that reached its limit takes new ones again.'),
    ),
    k('weight', 'weight N', () =>
      l10n.t("The server's share in weighted load-balancing methods (1-1000)."),
    ),
    ...ENABLE,
    k(
      'template server',
      'template server NAME',
      () => l10n.t('Takes settings from a server template (`slb template server NAME`).'),
      { role: 'template-reference' },
    ),
    k('slow-start', 'slow-start', () =>
      l10n.t('Ramps up the connections to a server that just came up.'),
    ),
    k('spoofing-cache', 'spoofing-cache', () => l10n.t('Caches spoofed requests to this server.')),
    k('external-ip', 'external-ip ADDRESS', () =>
      l10n.t('The address that stands for the server outside a NAT.'),
    ),
    k('ipv6', 'ipv6 ADDRESS', () => l10n.t('An IPv6 address of a dual-stack server.')),
    k('server-ipv6-addr', 'server-ipv6-addr ADDRESS', () =>
      l10n.t('An IPv6 address of a dual-stack server (ACOS 4).'),
    ),
    k('fqdn-name', 'fqdn-name NAME', () =>
      l10n.t('The server by DNS name instead of address (ACOS 4).'),
    ),
    k('resolve-as', 'resolve-as resolve-to-ipv4|resolve-to-ipv6', () =>
      l10n.t('How the DNS name of the server is resolved.'),
    ),
    k('alternate', 'alternate N ADDRESS', () => l10n.t('An alternate address of the server.')),
    k('no-logging', 'no-logging', () => l10n.t('Does not log reaching the connection limit.')),
    ...STATS,
  ],
};

const SERVER_PORT: KeywordContext = {
  id: 'server-port',
  title: 'a server port',
  checked: true,
  keywords: [
    k(
      'health-check',
      'health-check MONITOR',
      () =>
        l10n.t(
          'Checks this port with a health monitor (by default a TCP connect or a UDP probe). `no health-check` turns it off.',
        ),
      {
        role: 'health-check',
        versions: () =>
          l10n.t('ACOS 2 writes `no health-check`; ACOS 4 writes `health-check-disable`.'),
      },
    ),
    k(
      'health-check-disable',
      'health-check-disable',
      () => l10n.t('Does not check this port: it is always considered up.'),
      { versions: () => l10n.t("ACOS 4 form of ACOS 2's `no health-check`.") },
    ),
    k('health-check-follow-port', 'health-check-follow-port PORT', () =>
      l10n.t('Takes the state of another port of the same server.'),
    ),
    k('conn-limit', 'conn-limit N [no-logging]', () =>
      l10n.t('The most connections this port accepts at once.'),
    ),
    k('conn-resume', 'conn-resume N', () =>
      l10n.t('Below how many connections the port takes new ones again.'),
    ),
    k('weight', 'weight N', () => l10n.t("The port's share in weighted methods.")),
    ...ENABLE,
    k(
      'template port',
      'template port NAME',
      () => l10n.t('Takes settings from a port template (`slb template port NAME`).'),
      { role: 'template-reference' },
    ),
    k('follow-port-protocol', 'follow-port-protocol tcp|udp PORT', () =>
      l10n.t('Takes the state of another port of the same server.'),
    ),
    k('alternate-port', 'alternate-port ...', () =>
      l10n.t('An alternate port used when this one is down.'),
    ),
    k('no-ssl', 'no-ssl', () =>
      l10n.t('Sends plain traffic to this port even when the vport speaks SSL.'),
    ),
    k('support-http2', 'support-http2', () => l10n.t('The port speaks HTTP/2.')),
    k('auth-cfg', 'auth-cfg ...', () => l10n.t('Authentication settings of the port.')),
    k('range', 'range R', () => l10n.t('Extends the port to the R ports after it.')),
    ...STATS,
  ],
};

const SERVICE_GROUP: KeywordContext = {
  id: 'service-group',
  title: 'a service group (slb service-group)',
  checked: true,
  keywords: [
    k(
      'member',
      'member SERVER PORT',
      () =>
        l10n.t(
          'A server port in the group. A member may name a port the server block does not list.',
        ),
      {
        role: 'member',
        children: 'member',
        versions: () =>
          l10n.t(
            'ACOS 2 writes `member SERVER:PORT` (options on the same line); ACOS 4 writes `member SERVER PORT` (options on lines under it).',
          ),
      },
    ),
    k('method', 'method round-robin|least-connection|weighted-rr|...', () =>
      l10n.t('How the group chooses a member for each new connection (round robin by default).'),
    ),
    k(
      'health-check',
      'health-check MONITOR',
      () =>
        l10n.t("Checks every member with this health monitor instead of the servers' own checks."),
      { role: 'health-check' },
    ),
    k('health-check-disable', 'health-check-disable', () =>
      l10n.t('Does not check the members in this group.'),
    ),
    k('min-active-member', 'min-active-member N [skip-pri-set | dynamic-priority]', () =>
      l10n.t(
        'Below how many live members of the current priority the group uses the next priority (1-1024).',
      ),
    ),
    k('priority', 'priority N ...', () =>
      l10n.t('An action taken when the members of one priority are down.'),
    ),
    k('priority-affinity', 'priority-affinity', () =>
      l10n.t('Stays on the lower priority until it fails.'),
    ),
    k(
      'template',
      'template port|policy|... NAME',
      () => l10n.t('Takes settings from a template.'),
      {
        role: 'template-reference',
      },
    ),
    k('reset-on-server-selection-fail', 'reset-on-server-selection-fail', () =>
      l10n.t('Sends a TCP reset when no member can take a connection.'),
    ),
    k('backup-server-event-log', 'backup-server-event-log', () =>
      l10n.t('Logs when the group falls back to backup members.'),
    ),
    k('sample-rsp-time', 'sample-rsp-time ...', () =>
      l10n.t('Samples response times for the fastest-response method.'),
    ),
    k('rpt-ext-server', 'rpt-ext-server', () => l10n.t('Reports external servers.')),
    k('traffic-replication-mirror', 'traffic-replication-mirror', () =>
      l10n.t('Mirrors traffic to the members.'),
    ),
    k('lc-method', 'lc-method ...', () => l10n.t('A least-connection variant of the method.')),
    k('lrprr-method', 'lrprr-method ...', () => l10n.t('A least-request variant of the method.')),
    k('pseudo-round-robin', 'pseudo-round-robin', () =>
      l10n.t('Round robin that keeps a client on one member.'),
    ),
    k('stateless-lb-method', 'stateless-lb-method ...', () =>
      l10n.t('A stateless load-balancing method.'),
    ),
    k('stateless-lb-method2', 'stateless-lb-method2 ...', () =>
      l10n.t('A second stateless method.'),
    ),
    k('conn-rate', 'conn-rate N ...', () => l10n.t('Limits the rate of new connections.')),
    k('conn-rate-log', 'conn-rate-log', () =>
      l10n.t('Logs when the connection rate limit is reached.'),
    ),
    k('persist-scoring', 'persist-scoring global|enable|disable', () =>
      l10n.t('How persistence scores members.'),
    ),
    k('report-delay', 'report-delay N', () => l10n.t('Delay before statistics are reported.')),
    k('top-slowest', 'top-slowest', () => l10n.t('Reports the slowest members.')),
    k('top-fastest', 'top-fastest', () => l10n.t('Reports the fastest members.')),
    k('strict-select', 'strict-select', () =>
      l10n.t('Never falls back to a member outside the selection.'),
    ),
    ...STATS,
  ],
};

const MEMBER: KeywordContext = {
  id: 'member',
  title: 'a service-group member',
  checked: true,
  keywords: [
    ...ENABLE,
    k('priority', 'priority N', () =>
      l10n.t(
        "The member's priority (1-16): members of the highest priority are used while enough of them are up.",
      ),
    ),
    k('member-priority', 'member-priority N', () => l10n.t("The member's priority.")),
    k('member-template', 'member-template NAME', () =>
      l10n.t('Takes settings from a member template.'),
    ),
    k('member-stats-data-disable', 'member-stats-data-disable', () =>
      l10n.t('Stops collecting statistics for this member.'),
    ),
    k('sampling-enable', 'sampling-enable COUNTER', () =>
      l10n.t('Samples a counter for the statistics graphs.'),
    ),
    k('user-tag', 'user-tag TEXT', () => l10n.t('A free-form tag for the member.')),
  ],
};

const VIRTUAL_SERVER: KeywordContext = {
  id: 'virtual-server',
  title: 'a virtual server (slb virtual-server)',
  checked: true,
  keywords: [
    k(
      'port',
      'port N TYPE [range R]',
      () =>
        l10n.t(
          'A vport: the port and type of traffic the VIP takes. Port 0 is a wildcard. TYPE is tcp, udp, others (any other IP protocol: ESP, AH, GRE, ICMP) or an application type (http, https, dns-udp, ...).',
        ),
      {
        role: 'port',
        children: 'vport',
        versions: () =>
          l10n.t(
            'ACOS 2 often writes two spaces before the type (`port 0  udp`). A vport opened again later adds to it.',
          ),
      },
    ),
    k(
      'vrid',
      'vrid N',
      () =>
        l10n.t(
          'The VRRP-A VRID the VIP belongs to: it is active on the box where that VRID is active.',
        ),
      {
        role: 'vrid-reference',
        versions: () => l10n.t('ACOS 2.7 and 4.'),
      },
    ),
    k('ha-group', 'ha-group N', () => l10n.t('The HA group the VIP belongs to (ACOS 2.6).'), {
      role: 'ha-group-reference',
      versions: () => l10n.t('ACOS 2.6 and earlier.'),
    }),
    k('ha-dynamic', 'ha-dynamic N', () =>
      l10n.t('Lowers the HA priority when vports of this VIP are down.'),
    ),
    ...ENABLE,
    k(
      'template',
      'template virtual-server|policy|logging|scaleout NAME',
      () => l10n.t('Takes VIP-wide settings from a template.'),
      { role: 'template-reference' },
    ),
    k('arp-disable', 'arp-disable', () =>
      l10n.t('Does not answer ARP for the VIP address (another device announces it).'),
    ),
    k('disable-vip-adv', 'disable-vip-adv', () =>
      l10n.t('Does not advertise the VIP to routing protocols.'),
    ),
    k('redistribution-flagged', 'redistribution-flagged', () =>
      l10n.t('Marks the VIP for `redistribute vip only-flagged` in BGP or OSPF.'),
    ),
    k('redistribute-route-map', 'redistribute-route-map NAME', () =>
      l10n.t('The route map applied when the VIP is redistributed.'),
    ),
    k('use-if-ip', 'use-if-ip ethernet N', () =>
      l10n.t('Takes the VIP address from an interface.'),
    ),
    k('ethernet', 'ethernet N', () => l10n.t('The interface the VIP is reached on.')),
    k('netmask', 'netmask MASK', () => l10n.t('The mask of a subnet VIP.')),
    k('ipv6-address', 'ipv6-address ADDRESS', () => l10n.t('An IPv6 address of the VIP.')),
    k('ipv6-acl', 'ipv6-acl NAME', () => l10n.t('An IPv6 access list for the VIP.')),
    k('acl', 'acl N', () => l10n.t('An access list for the VIP.'), {
      role: 'access-list-reference',
    }),
    k('access-list', 'access-list N', () => l10n.t('An access list for the VIP.'), {
      role: 'access-list-reference',
    }),
    k('vport-disable-action', 'vport-disable-action drop-packet|...', () =>
      l10n.t('What happens to traffic for a disabled vport.'),
    ),
    k('enable-disable-action', 'enable-disable-action ...', () =>
      l10n.t('What happens to traffic when the VIP is disabled.'),
    ),
    k('suppress-internal-loopback', 'suppress-internal-loopback', () =>
      l10n.t('Does not loop traffic from the box itself back to the VIP.'),
    ),
    k('migrate-vip', 'migrate-vip ...', () => l10n.t('Moves the VIP to another address.')),
    k('shared-partition-policy-template', 'shared-partition-policy-template', () =>
      l10n.t('Uses a policy template of the shared partition.'),
    ),
    ...STATS,
  ],
};

const VPORT: KeywordContext = {
  id: 'vport',
  title: 'a vport (port N TYPE of a virtual server)',
  checked: true,
  keywords: [
    k(
      'service-group',
      'service-group NAME',
      () =>
        l10n.t(
          'The service group the vport forwards to. An `others` vport borrows a tcp or udp group: that is normal, since service groups are only tcp or udp.',
        ),
      {
        role: 'service-group-reference',
      },
    ),
    k(
      'source-nat pool',
      'source-nat pool NAT_POOL',
      () =>
        l10n.t(
          'Translates the source of the traffic to an address of this NAT pool (or pool group), so answers come back through the balancer.',
        ),
      {
        role: 'source-nat',
      },
    ),
    k(
      'source-nat auto',
      'source-nat auto',
      () => l10n.t('Translates the source to the address of the outgoing interface (ACOS 4).'),
      { versions: () => l10n.t('ACOS 4+.') },
    ),
    k('source-nat', 'source-nat pool NAT_POOL | auto', () => l10n.t('Source NAT for the vport.'), {
      role: 'source-nat',
    }),
    k('no-dest-nat', 'no-dest-nat', () =>
      l10n.t(
        'Forwards without translating the destination: the packet keeps its real destination, as link load balancing needs on a wildcard VIP (0.0.0.0).',
      ),
    ),
    k('use-rcv-hop-for-resp', 'use-rcv-hop-for-resp', () =>
      l10n.t(
        'Sends the answers back through the next hop the request came from, so each link answers its own traffic.',
      ),
    ),
    k('use-rcv-hop-group', 'use-rcv-hop-group ...', () =>
      l10n.t('Like use-rcv-hop-for-resp, for a group of next hops.'),
    ),
    k(
      'template',
      'template TYPE NAME',
      () =>
        l10n.t(
          'Takes settings from a template (tcp, udp, http, client-ssl, persist source-ip, ...). A template not found in the workspace may be built in or kept elsewhere.',
        ),
      {
        role: 'template-reference',
      },
    ),
    k(
      'aflex',
      'aflex NAME',
      () =>
        l10n.t(
          'Runs an aFleX script (Tcl) on the traffic of this vport. Scripts are files on the box, not part of the running-config.',
        ),
      { role: 'aflex' },
    ),
    k(
      'access-list',
      'access-list N|name NAME [source-nat-pool NAT_POOL]',
      () =>
        l10n.t(
          'Only traffic the access list permits uses this vport; with `source-nat-pool`, that traffic gets this NAT pool.',
        ),
      {
        role: 'access-list-reference',
      },
    ),
    k(
      'acl',
      'acl N|name NAME [source-nat-pool NAT_POOL]',
      () => l10n.t('The ACOS 4 form of `access-list` on a vport.'),
      { role: 'access-list-reference', versions: () => l10n.t('ACOS 4+.') },
    ),
    k('conn-limit', 'conn-limit N', () =>
      l10n.t('The most connections the vport accepts at once.'),
    ),
    k('name', 'name TEXT', () =>
      l10n.t('A name for the vport (ACOS writes `_VIP_TYPE_PORT` by default).'),
    ),
    ...ENABLE,
    k('def-selection-if-pref-failed', 'def-selection-if-pref-failed', () =>
      l10n.t('Uses the default selection when the preferred method fails.'),
    ),
    k('ha-conn-mirror', 'ha-conn-mirror', () =>
      l10n.t('Copies the connections to the standby box, so they survive a failover.'),
    ),
    k('syn-cookie', 'syn-cookie', () => l10n.t('Answers SYNs with cookies, against SYN floods.')),
    k('snat-on-vip', 'snat-on-vip', () => l10n.t('Uses the VIP address as the NAT address.')),
    k('bucket-count', 'bucket-count N', () => l10n.t('Traffic buckets of the vport (1-256).')),
    k('no-auto-up-on-aflex', 'no-auto-up-on-aflex', () =>
      l10n.t('Does not bring the vport up just because an aFleX script is bound.'),
    ),
    k('optimization-level', 'optimization-level N', () =>
      l10n.t('How aggressively the vport is optimised.'),
    ),
    k('use-default-if-no-server', 'use-default-if-no-server', () =>
      l10n.t('Forwards to the default route when no server is up.'),
    ),
    k('reset-on-server-selection-fail', 'reset-on-server-selection-fail', () =>
      l10n.t('Sends a TCP reset when no server can take the connection.'),
    ),
    k('skip-rev-hash', 'skip-rev-hash', () => l10n.t('Skips the reverse hash for this vport.')),
    k('message-switching', 'message-switching', () =>
      l10n.t('Balances each message, not each connection.'),
    ),
    k('force-routing-mode', 'force-routing-mode', () =>
      l10n.t('Forwards by routing, not by translation.'),
    ),
    k('rate', 'rate N', () => l10n.t('Limits the rate of new connections.')),
    k('rtp-sip-call-id-match', 'rtp-sip-call-id-match', () =>
      l10n.t('Keeps SIP calls and their RTP together.'),
    ),
    k('clientip-sticky-nat', 'clientip-sticky-nat', () =>
      l10n.t('Gives a client the same NAT address every time.'),
    ),
    k('expand', 'expand', () => l10n.t('Expands the vport to the port range.')),
    k('ipinip', 'ipinip', () => l10n.t('Forwards with IP-in-IP tunnelling.')),
    k('on-syn', 'on-syn', () => l10n.t('Chooses the server on the SYN.')),
    k('alt-protocol1', 'alt-protocol1 ...', () => l10n.t('A second protocol on the same vport.')),
    k('alt-protocol2', 'alt-protocol2 ...', () => l10n.t('A third protocol on the same vport.')),
    k('view', 'view N', () => l10n.t('The view of the vport.')),
    k('when-down', 'when-down', () => l10n.t('What the vport does when all servers are down.')),
    k('when-down-protocol2', 'when-down-protocol2', () =>
      l10n.t('The same for the second protocol.'),
    ),
    k('gslb-enable', 'gslb-enable', () => l10n.t('Lets GSLB use the vport.')),
    k('trunk-rev', 'trunk-rev N', () => l10n.t('The trunk answers go out on.')),
    k('trunk-fwd', 'trunk-fwd N', () => l10n.t('The trunk requests go out on.')),
    k('support-http2', 'support-http2', () => l10n.t('The vport speaks HTTP/2.')),
    k('redirect-to-https', 'redirect-to-https', () => l10n.t('Redirects HTTP clients to HTTPS.')),
    k('use-alternate-port', 'use-alternate-port', () =>
      l10n.t("Uses the servers' alternate ports."),
    ),
    k('ip-map-list', 'ip-map-list NAME', () => l10n.t('An address map list.')),
    k('pbslb', 'pbslb ...', () => l10n.t('Policy-based SLB (black and white lists, ACOS 2).')),
    k('sync-cookie', 'sync-cookie', () => l10n.t('ACOS 2 name of syn-cookie.')),
    k('auto', 'auto', () => l10n.t('Automatic source NAT.')),
    k('reset', 'reset', () =>
      l10n.t('Sends a TCP reset to the client when the connection is refused.'),
    ),
    k('no-logging', 'no-logging', () => l10n.t('Does not log reaching the connection limit.')),
    k('alternate-port', 'alternate-port ...', () =>
      l10n.t('An alternate vport used when this one fails.'),
    ),
    k('serv-sel-fail', 'serv-sel-fail', () =>
      l10n.t('Uses the alternate vport when no server can be selected.'),
    ),
    k('req-fail', 'req-fail', () => l10n.t('Uses the alternate vport when a request fails.')),
    k('l7-service-chain', 'l7-service-chain', () => l10n.t('Chains layer-7 services.')),
    k('enable-scaleout', 'enable-scaleout', () =>
      l10n.t('Shares the vport across a scaleout cluster.'),
    ),
    k('scaleout-bucket-count', 'scaleout-bucket-count N', () =>
      l10n.t('Buckets of the vport in a scaleout cluster.'),
    ),
    k('scaleout-device-group', 'scaleout-device-group N', () =>
      l10n.t('The scaleout device group of the vport.'),
    ),
    k('precedence', 'precedence', () => l10n.t('Gives the access list source NAT precedence.')),
    k('use-cgnv6', 'use-cgnv6', () => l10n.t('Uses carrier-grade NAT for the vport.')),
    k('enable-playerid-check', 'enable-playerid-check', () => l10n.t('Checks game player ids.')),
    k('persist-type', 'persist-type src-dst-ip-swap-persist|...', () =>
      l10n.t('How persistence sessions are created.'),
    ),
    k('l2-redirect-fwd', 'l2-redirect-fwd', () => l10n.t('Redirects requests at layer 2.')),
    k('l2-redirect-rev', 'l2-redirect-rev', () => l10n.t('Redirects answers at layer 2.')),
    k('eth-fwd', 'eth-fwd N', () => l10n.t('The ethernet port requests go out on.')),
    k('eth-rev', 'eth-rev N', () => l10n.t('The ethernet port answers go out on.')),
    k('waf-template', 'waf-template NAME', () => l10n.t('The web application firewall template.')),
    k('port-translation', 'port-translation', () =>
      l10n.t("Translates the destination port to the member's port."),
    ),
    k('l7-hardware-assist', 'l7-hardware-assist', () =>
      l10n.t('Hardware assistance for layer-7 traffic.'),
    ),
    k('auth-cfg', 'auth-cfg ...', () => l10n.t('Authentication settings of the vport.')),
    k('attack-detection', 'attack-detection', () => l10n.t('Detects attacks on the vport.')),
    k('server-group', 'server-group NAME', () =>
      l10n.t('The server group answers go back through (use-rcv-hop-for-resp).'),
    ),
    k('reselection', 'reselection disable', () =>
      l10n.t('Whether another server is chosen when the first fails.'),
    ),
    k('cpu-compute', 'cpu-compute', () => l10n.t('Counts CPU use per vport.')),
    k('memory-compute', 'memory-compute', () => l10n.t('Counts memory use per vport.')),
    ...STATS,
  ],
};

const HEALTH_MONITOR: KeywordContext = {
  id: 'health-monitor',
  title: 'a health monitor',
  checked: true,
  keywords: [
    k(
      'method',
      'method icmp | tcp port N | udp port N | http [port N] [url ...] | ...',
      () =>
        l10n.t('How the monitor checks: ping, a TCP connect, a UDP probe, an HTTP request, ...'),
      { role: 'method' },
    ),
    k(
      'interval',
      'interval S [timeout S]',
      () => l10n.t('Seconds between two checks (5 by default).'),
      {
        versions: () =>
          l10n.t('ACOS 4 form; ACOS 2 writes the timers on the `health monitor` line.'),
      },
    ),
    k('timeout', 'timeout S', () => l10n.t('Seconds a check may take before it counts as failed.')),
    k('retry', 'retry N', () =>
      l10n.t('Failed checks in a row before the server or port is marked down.'),
    ),
    k('up-retry', 'up-retry N', () =>
      l10n.t('Good checks in a row before a down server or port is marked up again.'),
    ),
    k('override-ipv4', 'override-ipv4 ADDRESS', () =>
      l10n.t("Checks this address instead of the server's."),
    ),
    k('override-ipv6', 'override-ipv6 ADDRESS', () =>
      l10n.t("Checks this IPv6 address instead of the server's."),
    ),
    k('override-port', 'override-port N', () =>
      l10n.t("Checks this port instead of the member's."),
    ),
    k('passive', 'passive ...', () => l10n.t('Passive health checking from live traffic.')),
    k('strictly-retry-on-server-error-response', 'strictly-retry-on-server-error-response', () =>
      l10n.t('Retries even when the server answers with an error.'),
    ),
    k('disable-after-down', 'disable-after-down', () =>
      l10n.t('Disables the target once it is marked down.'),
    ),
    k('default-state-up', 'default-state-up', () =>
      l10n.t('Targets start up before the first check.'),
    ),
    k('ssl-ciphers', 'ssl-ciphers ...', () => l10n.t('Ciphers for HTTPS checks.')),
    k('ssl-version', 'ssl-version N', () => l10n.t('SSL version for HTTPS checks.')),
    k('dsr-l2-strict', 'dsr-l2-strict', () =>
      l10n.t('Strict layer-2 checks for direct server return.'),
    ),
    k('user-tag', 'user-tag TEXT', () => l10n.t('A free-form tag.')),
  ],
};

const TEMPLATE: KeywordContext = {
  id: 'template',
  title: 'a template',
  checked: false,
  keywords: [
    k(
      'health-check',
      'health-check MONITOR',
      () => l10n.t('Checks the servers or ports using this template with a health monitor.'),
      { role: 'health-check' },
    ),
    k('idle-timeout', 'idle-timeout S', () =>
      l10n.t('Seconds an idle connection is kept (tcp and udp templates).'),
    ),
    k('reset-rev', 'reset-rev', () =>
      l10n.t('Resets the server side of a connection that times out.'),
    ),
    k('reset-fwd', 'reset-fwd', () =>
      l10n.t('Resets the client side of a connection that times out.'),
    ),
    k('cert', 'cert NAME', () => l10n.t('The certificate of an SSL template (a file on the box).')),
    k('key', 'key NAME', () => l10n.t('The private key of an SSL template (a file on the box).')),
    k('chain-cert', 'chain-cert NAME', () => l10n.t('The chain certificate of an SSL template.')),
    k('insert-client-ip', 'insert-client-ip', () =>
      l10n.t('Adds the client address in an HTTP header (X-Forwarded-For).'),
    ),
    k('match-type', 'match-type server|service-group', () => l10n.t('What persistence sticks to.')),
    k(
      'url-switching',
      'url-switching starts-with|contains|ends-with|equals|regex-match URL service-group GROUP',
      () => l10n.t('Sends the requests whose URL matches to a service group (http templates).'),
      { role: 'switching' },
    ),
    k(
      'host-switching',
      'host-switching starts-with|contains|ends-with|equals|regex-match HOST service-group GROUP',
      () =>
        l10n.t('Sends the requests whose Host header matches to a service group (http templates).'),
      { role: 'switching' },
    ),
    k('timeout', 'timeout MIN', () => l10n.t('How long persistence lasts.')),
  ],
};

const VRID: KeywordContext = {
  id: 'vrid',
  title: 'a VRRP-A VRID',
  checked: false,
  keywords: [
    k('priority', 'priority N', () =>
      l10n.t("This box's priority for the VRID (1-255): the highest is active."),
    ),
    k('floating-ip', 'floating-ip ADDRESS', () =>
      l10n.t('An address that moves with the active box of this VRID.'),
    ),
    k('preempt-mode', 'preempt-mode disable | threshold N', () =>
      l10n.t('Whether a box with higher priority takes the VRID back.'),
    ),
    k('blade-parameters', 'blade-parameters', () => l10n.t('Priority and tracking of this box.'), {
      children: 'open',
    }),
    k(
      'tracking-options',
      'tracking-options',
      () => l10n.t('What lowers the priority (interfaces, gateways, VLANs).'),
      { children: 'open' },
    ),
  ],
};

const INTERFACE: KeywordContext = {
  id: 'interface',
  title: 'an interface',
  checked: false,
  keywords: [
    k('ip address', 'ip address ADDRESS MASK', () => l10n.t('The interface address.')),
    k('ipv6 address', 'ipv6 address ADDRESS/LENGTH', () => l10n.t('The interface IPv6 address.')),
    k('ip nat inside', 'ip nat inside', () =>
      l10n.t('Traffic arriving here is inside: its sources may be translated.'),
    ),
    k('ip nat outside', 'ip nat outside', () => l10n.t('Traffic arriving here is outside.')),
    k(
      'access-list',
      'access-list N|name NAME in',
      () => l10n.t('Filters the traffic arriving on the interface.'),
      { role: 'access-list-reference' },
    ),
    k('name', 'name TEXT', () => l10n.t('The interface name.')),
    k('mtu', 'mtu N', () => l10n.t('The largest packet the interface sends.')),
    k('speed', 'speed auto|10|100|1000|...', () => l10n.t('The port speed.')),
    k('duplexity', 'duplexity auto|full|half', () => l10n.t('The port duplex.')),
    k('flow-control', 'flow-control', () => l10n.t('Ethernet flow control.')),
    k('lldp', 'lldp ...', () => l10n.t('LLDP settings.')),
    ...ENABLE,
  ],
};

const VLAN: KeywordContext = {
  id: 'vlan',
  title: 'a VLAN',
  checked: false,
  keywords: [
    k('tagged', 'tagged ethernet N [to M] | trunk N', () =>
      l10n.t('Ports that carry this VLAN tagged.'),
    ),
    k('untagged', 'untagged ethernet N [to M] | trunk N', () =>
      l10n.t('Ports that carry this VLAN untagged.'),
    ),
    k('router-interface', 'router-interface ve N', () =>
      l10n.t('The virtual interface (ve) that routes for this VLAN.'),
    ),
    k('name', 'name TEXT', () => l10n.t('The VLAN name.')),
  ],
};

const ROUTER: KeywordContext = {
  id: 'router',
  title: 'a routing protocol',
  checked: false,
  keywords: [
    k('neighbor', 'neighbor ADDRESS ...', () => l10n.t('A BGP neighbour and its settings.')),
    k('network', 'network PREFIX ...', () => l10n.t('A network the protocol announces.')),
    k('redistribute', 'redistribute connected|static|vip|ip-nat|floating-ip ...', () =>
      l10n.t('Announces other routes (VIPs, NAT pools) through the protocol.'),
    ),
    k('bgp', 'bgp SETTING', () => l10n.t('A BGP setting.')),
    k('maximum-paths', 'maximum-paths N', () => l10n.t('Equal-cost paths kept.')),
    k('timers', 'timers ...', () => l10n.t('Protocol timers.')),
    k(
      'address-family',
      'address-family ipv4|ipv6 ...',
      () => l10n.t('Settings of one address family.'),
      {
        children: 'open',
      },
    ),
  ],
};

const ACCESS_LIST: KeywordContext = {
  id: 'access-list',
  title: 'an access list',
  checked: false,
  keywords: [
    k('permit', 'permit PROTOCOL SOURCE DESTINATION ...', () =>
      l10n.t('Lets matching traffic through.'),
    ),
    k('deny', 'deny PROTOCOL SOURCE DESTINATION ...', () => l10n.t('Drops matching traffic.')),
    k('remark', 'remark TEXT', () => l10n.t('A note between the rules.')),
  ],
};

const SUMMARY_VIP: KeywordContext = {
  id: 'summary-vip',
  title: 'a VIP status summary',
  checked: false,
  keywords: [
    k(
      'port',
      'port N TYPE',
      () => l10n.t('A vport of the VIP, as the status summary lists it (`port 0 tcp`).'),
      {
        children: 'summary-vport',
      },
    ),
  ],
};

const SUMMARY_VPORT: KeywordContext = {
  id: 'summary-vport',
  title: 'a vport in a VIP status summary',
  checked: false,
  keywords: [
    k(
      'member:',
      'member:SERVICE_GROUP PORT/TYPE',
      () =>
        l10n.t(
          'What the vport forwards to, as the status summary lists it: the service group, then port/type (`member:vpn_udp 0/udp`).',
        ),
      {
        role: 'service-group-reference',
        versions: () => l10n.t('The status summary form: pasted from the box, not running-config.'),
      },
    ),
  ],
};

const NAT_POOL_GROUP: KeywordContext = {
  id: 'nat-pool-group',
  title: 'a NAT pool group',
  checked: false,
  keywords: [
    k('member', 'member NAT_POOL', () => l10n.t('A NAT pool of the group.'), {
      role: 'nat-pool-use',
    }),
  ],
};

const GLID: KeywordContext = {
  id: 'glid',
  title: 'a global limit ID (glid)',
  checked: false,
  keywords: [
    k(
      'use-nat-pool',
      'use-nat-pool NAT_POOL',
      () =>
        l10n.t(
          'The NAT pool the class-list entries with this glid translate to (`ip nat inside source class-list`).',
        ),
      { role: 'nat-pool-use' },
    ),
  ],
};

const OPEN: KeywordContext = { id: 'open', title: 'a block', checked: false, keywords: [] };

function byLength(context: KeywordContext): KeywordContext {
  return {
    ...context,
    keywords: [...context.keywords].sort((a, b) => b.words.length - a.words.length),
  };
}

/** Every block kind and its commands. */
export const CONTEXTS: Readonly<Record<ContextId, KeywordContext>> = Object.fromEntries(
  [
    TOP,
    SERVER,
    SERVER_PORT,
    SERVICE_GROUP,
    MEMBER,
    VIRTUAL_SERVER,
    VPORT,
    HEALTH_MONITOR,
    TEMPLATE,
    VRID,
    INTERFACE,
    VLAN,
    ROUTER,
    ACCESS_LIST,
    SUMMARY_VIP,
    SUMMARY_VPORT,
    NAT_POOL_GROUP,
    GLID,
    OPEN,
  ].map((context) => [context.id, byLength(context)]),
) as Record<ContextId, KeywordContext>;

/** A command recognised on a line: its fact, and how many words (after any `no`) name it. */
export interface KeywordMatch {
  /** The fact. */
  readonly fact: KeywordFact;
  /** True for the `no ...` form. */
  readonly negated: boolean;
  /** Index of the first word after the command's own words. */
  readonly argumentsAt: number;
}

/** A command of a block, with the two matches it can give (made once: a running-config has tens of thousands of lines). */
interface Candidate {
  readonly fact: KeywordFact;
  readonly plain: KeywordMatch;
  readonly negated: KeywordMatch;
}

/** Each block's commands by their first word, longest first: a line is matched against a handful, not all. */
const BY_FIRST_WORD: ReadonlyMap<ContextId, ReadonlyMap<string, readonly Candidate[]>> = new Map(
  Object.values(CONTEXTS).map((context) => {
    const byWord = new Map<string, Candidate[]>();
    for (const fact of context.keywords) {
      pushTo(byWord, fact.words[0], {
        fact,
        plain: { fact, negated: false, argumentsAt: fact.words.length },
        negated: { fact, negated: true, argumentsAt: fact.words.length + 1 },
      });
    }
    return [context.id, byWord];
  }),
);

/** Finds the command a line's words give in a block, `no` forms included; undefined when the block does not list it. */
export function matchKeyword(
  context: ContextId,
  words: readonly (string | { readonly text: string })[],
): KeywordMatch | undefined {
  // Read for every line of a running-config: no closure, no list made per call.
  const negated = words.length > 1 && textOf(words, 0) === 'no';
  const offset = negated ? 1 : 0;
  const candidates = BY_FIRST_WORD.get(context)?.get(textOf(words, offset) ?? '');
  if (!candidates) return undefined;
  for (let c = 0; c < candidates.length; c++) {
    const candidate = candidates[c];
    const factWords = candidate.fact.words;
    let matches = true;
    for (let i = 1; i < factWords.length && matches; i++)
      matches = textOf(words, offset + i) === factWords[i];
    if (matches) return negated ? candidate.negated : candidate.plain;
  }
  return undefined;
}

function textOf(
  words: readonly (string | { readonly text: string })[],
  i: number,
): string | undefined {
  const word = words[i];
  return typeof word === 'string' ? word : word?.text;
}

/** The transport each vport type runs on. A10 documents these types; `others` is any other IP protocol. */
export const VPORT_TYPES: Readonly<Record<string, 'tcp' | 'udp' | 'others'>> = {
  tcp: 'tcp',
  udp: 'udp',
  others: 'others',
  http: 'tcp',
  https: 'tcp',
  http2: 'tcp',
  http2s: 'tcp',
  'fast-http': 'tcp',
  ftp: 'tcp',
  'ftp-proxy': 'tcp',
  'tcp-proxy': 'tcp',
  'ssl-proxy': 'tcp',
  ssli: 'tcp',
  smtp: 'tcp',
  imap: 'tcp',
  pop3: 'tcp',
  rtsp: 'tcp',
  mms: 'tcp',
  'sip-tcp': 'tcp',
  sips: 'tcp',
  'smpp-tcp': 'tcp',
  'dns-tcp': 'tcp',
  diameter: 'tcp',
  mysql: 'tcp',
  mssql: 'tcp',
  fix: 'tcp',
  'fast-fix': 'tcp',
  spdy: 'tcp',
  spdys: 'tcp',
  mlb: 'tcp',
  'dns-udp': 'udp',
  sip: 'udp',
  radius: 'udp',
  tftp: 'udp',
};
