// The balancer configuration's diagnostic catalogue. Messages are built by the checks in
// validation.ts from the facts they find; this table fixes each rule's code and severity.
import type { Rule } from '../rules';

/** Every configuration rule, by name. */
export const configRules = {
  missingOthersVport: {
    code: 'lbconf/missing-others-vport',
    severity: 'warning',
    summary:
      'A wildcard virtual server forwards UDP (and TCP) on port 0 but has no `port 0 others`: ESP, AH, GRE and ICMP are neither translated nor accepted, so IPsec tunnels come up and carry no data.',
  },
} as const satisfies Record<string, Rule>;
