// A realistic ACOS 4 running-config of any size for the benchmark: the sections a real box
// prints (system, VLANs, interfaces, routes, access lists, VRRP-A, NAT pools, health monitors,
// templates, servers, service groups, virtual servers), every object defined and used, in the
// proportions of a data-centre balancer. It is a valid configuration: no warning, no error.

/** A running-config of exactly `lines` lines (each ended by `\n`). */
export function realisticRunningConfig(lines: number): string {
  const out: string[] = [];
  const push = (...text: string[]): void => {
    out.push(...text);
  };
  // Sizes scale with the requested length; the servers, groups and VIPs make most of it.
  const scale = Math.max(1, Math.floor(lines / 2_000));
  const servers = 100 * scale;
  const groups = 40 * scale;
  const vips = 40 * scale;
  const pools = 12 * scale;

  push(
    '!Current configuration: 812345 bytes',
    '!Configuration last updated at 10:04:11 UTC Mon Mar 02 2026',
    '!Configuration last saved at 10:04:15 UTC Mon Mar 02 2026',
    '!64-bit Advanced Core OS (ACOS) version 4.1.4-GR1-P5, build 12 (Jan-20-2025,09:43)',
    '!',
    'multi-config enable',
    '!',
    'terminal idle-timeout 30',
    '!',
    'vrrp-a common',
    '  device-id 1',
    '  set-id 1',
    '  enable',
    '!',
  );
  for (let vrid = 1; vrid <= 4; vrid++)
    push(
      `vrrp-a vrid ${vrid}`,
      `  floating-ip 10.${vrid}.0.1`,
      '  blade-parameters',
      '    priority 200',
      '!',
    );
  push('hostname ADC-BENCH-1', '!', 'timezone UTC', '!', 'ntp server 10.99.0.5', '!');
  for (let vlan = 1; vlan <= 5 * scale; vlan++)
    push(
      `vlan ${100 + vlan}`,
      `  tagged ethernet ${1 + (vlan % 8)}`,
      `  router-interface ve ${100 + vlan}`,
      `  name VLAN_${100 + vlan}`,
      '!',
    );
  push(
    'interface management',
    '  ip address 10.99.1.11 255.255.255.0',
    '  ip default-gateway 10.99.1.1',
    '!',
  );
  for (let port = 1; port <= 8; port++) push(`interface ethernet ${port}`, '  enable', '!');
  for (let vlan = 1; vlan <= 5 * scale; vlan++)
    push(
      `interface ve ${100 + vlan}`,
      `  ip address 10.${100 + (vlan % 100)}.${vlan >> 8}.${vlan & 255 || 1} 255.255.255.0`,
      '!',
    );
  for (let acl = 100; acl < 100 + 4 * scale; acl++) {
    for (let rule = 0; rule < 8; rule++)
      push(`access-list ${acl} permit tcp 10.${rule}.0.0 0.0.255.255 any eq ${80 + rule}`);
    push(`access-list ${acl} deny ip any any`, '!');
  }
  for (let i = 0; i < pools; i++) {
    const [a, b] = [200 + (i >> 8), i & 255];
    push(`ip nat pool SNAT_${i} 198.${a}.${b}.10 198.${a}.${b}.20 netmask /24 vrid ${1 + (i % 4)}`);
  }
  push('!');
  for (let i = 0; i < 4 * scale; i++)
    push(
      `health monitor hm_http_${i}`,
      '  retry 3',
      `  method http port ${8080 + (i % 10)} expect response-code 200 url GET /health`,
      '!',
    );
  for (let i = 0; i < 2 * scale; i++) {
    push(
      `slb template tcp tcp_${i}`,
      `  idle-timeout ${300 + i}`,
      '!',
      `slb template http xff_${i}`,
      '  insert-client-ip X-Forwarded-For',
      '!',
      `slb template client-ssl cssl_${i}`,
      `  cert www${i}.crt`,
      `  key www${i}.key`,
      '!',
    );
  }
  for (let i = 0; i < servers; i++) {
    push(
      `slb server web_${i} 10.${20 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
      `  conn-limit ${10000 + i}`,
      '  port 8080 tcp',
      `    health-check hm_http_${i % (4 * scale)}`,
      '  port 8443 tcp',
      '!',
    );
  }
  for (let g = 0; g < groups; g++) {
    push(`slb service-group sg_${g}_http tcp`, '  method least-connection');
    for (let m = 0; m < 3; m++) push(`  member web_${(g * 3 + m) % servers} 8080`);
    push('!', `slb service-group sg_${g}_https tcp`);
    for (let m = 0; m < 3; m++) push(`  member web_${(g * 3 + m) % servers} 8443`);
    push('!');
  }
  for (let v = 0; v < vips; v++) {
    push(
      `slb virtual-server vip_${v} 203.${v >> 16}.${(v >> 8) & 255}.${v & 255}`,
      `  vrid ${1 + (v % 4)}`,
      '  port 80 http',
      `    name _vip_${v}_HTTP_80`,
      `    source-nat pool SNAT_${v % pools}`,
      `    service-group sg_${v % groups}_http`,
      `    template http xff_${v % (2 * scale)}`,
      `    template tcp tcp_${v % (2 * scale)}`,
      '  port 443 https',
      `    source-nat pool SNAT_${v % pools}`,
      `    service-group sg_${v % groups}_https`,
      `    template client-ssl cssl_${v % (2 * scale)}`,
      '!',
    );
  }
  // Static routes fill the file to the exact length, before `end`.
  let route = 0;
  while (out.length < lines - 1) {
    out.push(
      `ip route 172.${16 + (route >> 16)}.${(route >> 8) & 255}.${route & 255} /32 10.${100 + (route % 5)}.0.254`,
    );
    route++;
  }
  if (out.length > lines - 1)
    throw new Error(
      `A ${lines}-line configuration cannot hold the ${out.length} lines of its sections`,
    );
  out.push('end');
  return `${out.join('\n')}\n`;
}

/**
 * A large configuration full of findings, as a careless migration leaves one: `servers` servers,
 * a tenth as many service groups (tcp, ten members each) and as many VIPs, each with `port 0 tcp`
 * and a `port 0 udp` on its tcp group and no `port 0 others` (two findings per VIP, thousands in all).
 */
export function configWithFindings(servers: number): string {
  const out = ['!Current configuration: 1 bytes', '!version 2.7.2-P4', '!'];
  for (let i = 0; i < servers; i++)
    out.push(
      `slb server s${i} 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      '   port 80 tcp',
      '!',
    );
  const groups = Math.floor(servers / 10);
  for (let g = 0; g < groups; g++) {
    out.push(`slb service-group g${g} tcp`);
    for (let m = 0; m < 10; m++) out.push(`    member s${g * 10 + m}:80`);
    out.push('!');
  }
  for (let v = 0; v < groups; v++)
    out.push(
      `slb virtual-server v${v} 203.0.${v >> 8}.${v & 255}`,
      '   port 0 tcp',
      `      service-group g${v}`,
      '   port 0 udp',
      `      service-group g${v}`,
      '!',
    );
  out.push('end', '');
  return out.join('\n');
}

/**
 * A configuration of `servers` servers that nothing uses: each is a finding on its block's head
 * line (lbconf/unused-definition), the line whose silencing edit needs its block.
 */
export function configOfUnusedServers(servers: number): string {
  const out = ['!Current configuration: 1 bytes', '!'];
  for (let i = 0; i < servers; i++)
    out.push(
      `slb server s${i} 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      '   port 80 tcp',
      '!',
    );
  out.push('end', '');
  return out.join('\n');
}
