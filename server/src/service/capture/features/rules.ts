// The capture dump's diagnostic catalogue. A capture records what happened, so its findings
// are warnings or information, never errors. Each code has a page: docs/rules/lbcap-<name>.md.
import * as l10n from '@vscode/l10n';
import type { Rule } from '../../rules';

/** Every capture rule, by name. */
export const captureRules = {
  oneWayEsp: {
    code: 'lbcap/one-way-esp',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        'ESP goes to a peer and no ESP comes back from it anywhere in the dump: a one-way IPsec SA, phase 2 is not working.',
      );
    },
  },
  tunnelUpNoData: {
    code: 'lbcap/tunnel-up-no-data',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        'IKE with a peer is answered both ways, yet no ESP comes back from it: "tunnel up, no data".',
      );
    },
  },
  untranslatedPrivateSource: {
    code: 'lbcap/untranslated-private-source',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        'A packet received with a private (RFC 1918) source is sent out on another port with that source untranslated: nothing can answer it.',
      );
    },
  },
  ikeEspSplit: {
    code: 'lbcap/ike-esp-split',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        'One inside host reaches one peer through different addresses per protocol: IKE leaves as one address, ESP as another, so the peer drops the ESP.',
      );
    },
  },
  noVportForTraffic: {
    code: 'lbcap/no-vport-for-traffic',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        "Traffic reaches a virtual server's own address on a port or protocol none of its vports takes (found by joining the dump with the workspace's configuration): the balancer drops it.",
      );
    },
  },
  ahThroughNat: {
    code: 'lbcap/ah-through-nat',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        'AH crosses a NAT: its integrity check covers the IP addresses, so the peer drops every packet (RFC 3715 2.1).',
      );
    },
  },
  synWithoutSynAck: {
    code: 'lbcap/syn-without-syn-ack',
    severity: 'warning',
    get summary(): string {
      return l10n.t(
        'TCP connections are opened (SYN) and nothing accepts them (no SYN-ACK, no reset) anywhere in the dump.',
      );
    },
  },
  connectionReset: {
    code: 'lbcap/connection-reset',
    severity: 'information',
    get summary(): string {
      return l10n.t(
        'TCP connections are reset (RST): refused right after the SYN, or cut off in the middle.',
      );
    },
  },
  icmpError: {
    code: 'lbcap/icmp-error',
    severity: 'warning',
    get summary(): string {
      return l10n.t('An ICMP error (time exceeded, unreachable) came back for a flow of the dump.');
    },
  },
  retransmission: {
    code: 'lbcap/retransmission',
    severity: 'information',
    get summary(): string {
      return l10n.t(
        'TCP segments are sent again with the same sequence number: they or their acknowledgements were lost on the way.',
      );
    },
  },
  unrecognisedLines: {
    code: 'lbcap/unrecognised-lines',
    severity: 'information',
    get summary(): string {
      return l10n.t(
        'Lines that are neither packets nor part of the capture session are left out of the analysis.',
      );
    },
  },
} as const satisfies Record<string, Rule>;
