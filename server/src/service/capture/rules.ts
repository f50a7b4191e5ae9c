// The capture dump's diagnostic catalogue. A capture records what happened, so its findings
// are warnings or information, never errors.
import type { Rule } from '../rules';

/** Every capture rule, by name. */
export const captureRules = {
  oneWayEsp: {
    code: 'lbcap/one-way-esp',
    severity: 'warning',
    summary: 'ESP goes to a peer and no ESP comes back from it anywhere in the dump: a one-way IPsec SA, phase 2 is not working.',
  },
  untranslatedPrivateSource: {
    code: 'lbcap/untranslated-private-source',
    severity: 'warning',
    summary: 'A packet received with a private (RFC 1918) source is sent out on another port with that source untranslated: nothing can answer it.',
  },
  icmpError: {
    code: 'lbcap/icmp-error',
    severity: 'warning',
    summary: 'An ICMP error (time exceeded, unreachable) came back for a flow of the dump.',
  },
  unrecognisedLines: {
    code: 'lbcap/unrecognised-lines',
    severity: 'information',
    summary: 'Lines that are neither packets nor part of the capture session are left out of the analysis.',
  },
} as const satisfies Record<string, Rule>;
