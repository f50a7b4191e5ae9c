// A balancer of a fleet, as the fleet tests write it: every box reuses the same object names
// (`web1`, `web`, `SNAT`, `vip1`) with its own definitions, so that what relates one box to
// another shows. Used by the command line's and the protocol's fleet tests.

/** A balancer's configuration: `web` and `SNAT` on every box; `extra` names one more group. */
export function box(name: string, header: string, { fault = false, extra = '' } = {}): string {
  return [
    header,
    `hostname ${name}`,
    '!',
    'ip nat pool SNAT 10.1.1.10 10.1.1.20 netmask /24',
    '!',
    fault ? 'slb server web1' : 'slb server web1 10.0.0.5',
    '  port 80 tcp',
    '!',
    'slb service-group web tcp',
    '  member web1 80',
    '!',
    ...(extra ? [`slb service-group ${extra} tcp`, '  member web1 80', '!'] : []),
    'slb virtual-server vip1 192.0.2.1',
    '  port 80 tcp',
    `    service-group ${extra || 'web'}`,
    '    source-nat pool SNAT',
    '!',
    'end',
    '',
  ].join('\n');
}
