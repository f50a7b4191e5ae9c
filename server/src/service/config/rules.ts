// The balancer configuration's diagnostic catalogue. Messages are built by the checks in
// validation.ts from the facts they find; this table fixes each rule's code and severity, and
// each code has a page in docs/rules/ that the diagnostic links to (../rules.ts ruleDocumentation).
import * as l10n from '@vscode/l10n';
import type { Rule } from '../rules';

/** Every configuration rule, by name. */
export const configRules = {
  missingOthersVport: {
    code: 'lbconf/missing-others-vport',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        'A wildcard virtual server forwards UDP (and TCP) on port 0 but has no `port 0 others`: ESP, AH, GRE and ICMP are neither translated nor accepted, so IPsec tunnels come up and carry no data.',
      );
    },
  },
  undefinedReference: {
    code: 'lbconf/undefined-reference',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        'A server, service group, NAT pool, health monitor, access list, VRID or HA group is used but defined nowhere in the configuration.',
      );
    },
  },
  undefinedTemplate: {
    code: 'lbconf/undefined-template',
    severity: 'information',
    get summary(): string {
      return l10n.t(
        'A template is used that the workspace does not define, while it defines others of the same type: perhaps a typo (templates may also be built in or kept elsewhere).',
      );
    },
  },
  unusedDefinition: {
    code: 'lbconf/unused-definition',
    severity: 'hint',
    get summary(): string {
      return l10n.t(
        'A server, service group, NAT pool or health monitor is defined but nothing uses it.',
      );
    },
  },
  missingAddress: {
    code: 'lbconf/missing-address',
    severity: 'error',
    get summary(): string {
      return l10n.t('A new server or virtual server has no address: ACOS does not create it.');
    },
  },
  malformedAddress: {
    code: 'lbconf/malformed-address',
    severity: 'error',
    get summary(): string {
      return l10n.t('An address, netmask or host name that ACOS does not accept.');
    },
  },
  serviceGroupProtocolChanged: {
    code: 'lbconf/service-group-protocol-changed',
    severity: 'error',
    get summary(): string {
      return l10n.t(
        'A service group is declared again with another protocol: ACOS does not change the protocol of an existing group.',
      );
    },
  },
  serviceGroupWithoutProtocol: {
    code: 'lbconf/service-group-without-protocol',
    severity: 'error',
    get summary(): string {
      return l10n.t(
        'A service group is declared without `tcp` or `udp` anywhere: ACOS needs the protocol to create it.',
      );
    },
  },
  vportProtocolMismatch: {
    code: 'lbconf/vport-protocol-mismatch',
    severity: 'error',
    get summary(): string {
      return l10n.t(
        'A TCP vport uses a UDP service group, or a UDP vport a TCP one (an `others` vport may borrow either).',
      );
    },
  },
  portOutOfRange: {
    code: 'lbconf/port-out-of-range',
    severity: 'error',
    get summary(): string {
      return l10n.t(
        'A port is outside 0-65535, a port range outside 0-254, or a range runs past port 65535.',
      );
    },
  },
  invalidPortType: {
    code: 'lbconf/invalid-port-type',
    severity: 'error',
    get summary(): string {
      return l10n.t(
        'A port without a type, or a server port whose protocol is neither tcp nor udp.',
      );
    },
  },
  valueOutOfRange: {
    code: 'lbconf/value-out-of-range',
    severity: 'error',
    get summary(): string {
      return l10n.t('A VRID, HA group, priority, weight or limit outside the values ACOS accepts.');
    },
  },
  natPoolReversed: {
    code: 'lbconf/nat-pool-reversed',
    severity: 'error',
    get summary(): string {
      return l10n.t('A NAT pool whose last address comes before its first.');
    },
  },
  natPoolNetmaskZero: {
    code: 'lbconf/nat-pool-netmask-zero',
    severity: 'error',
    get summary(): string {
      return l10n.t('A NAT pool with a netmask of 0 (`/0` or `0.0.0.0`).');
    },
  },
  natPoolNetmaskTooSmall: {
    code: 'lbconf/nat-pool-netmask-too-small',
    severity: 'error',
    get summary(): string {
      return l10n.t(
        'A NAT pool whose first and last addresses are not in one subnet of its netmask.',
      );
    },
  },
  natPoolOverlap: {
    code: 'lbconf/nat-pool-overlap',
    severity: 'warning',
    get summary(): string {
      return l10n.t('Two NAT pools share addresses.');
    },
  },
  natPoolRedefined: {
    code: 'lbconf/nat-pool-redefined',
    severity: 'error',
    get summary(): string {
      return l10n.t(
        'A NAT pool is defined again with other addresses or options: ACOS keeps the first definition.',
      );
    },
  },
  duplicateLine: {
    code: 'lbconf/duplicate-line',
    severity: 'warning',
    get summary(): string {
      return l10n.t('The same NAT pool or service-group member is written twice.');
    },
  },
  deleteUndefined: {
    code: 'lbconf/delete-undefined',
    severity: 'warning',
    get summary(): string {
      return l10n.t('`no ...` deletes an object that was never defined.');
    },
  },
  malformedMember: {
    code: 'lbconf/malformed-member',
    severity: 'error',
    get summary(): string {
      return l10n.t('A service-group member without a server or a port.');
    },
  },
  lineOutsideBlock: {
    code: 'lbconf/line-outside-block',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        'Indented lines after a `!` at the start of a line, which ends the block above: they belong to no command.',
      );
    },
  },
  unknownCommand: {
    code: 'lbconf/unknown-command',
    severity: 'information',
    get summary(): string {
      return l10n.t(
        'A command Balancer Lens does not know inside a block it knows; ACOS may know it, it is just not checked.',
      );
    },
  },
} as const satisfies Record<string, Rule>;

/** Every configuration rule code. */
export const CONFIG_RULE_CODES: readonly string[] = Object.values(configRules).map(
  (rule) => rule.code,
);
