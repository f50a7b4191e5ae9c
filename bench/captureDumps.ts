// Capture dumps of any length for the benchmarks, in both dialects, made of what real dumps hold:
// TCP connections seen on both sides of a source NAT, pings and their replies, IPsec peers (IKE
// answered, ESP both ways, some one way only, some in UDP), ICMP errors, tcpdump -v packets over
// several lines, ARP, IPv6, other protocols, and the odd line that is not a packet. Deterministic
// (a seeded generator), so two runs measure the same text.
import * as fs from 'fs';

/** The dialects a dump can be written in. */
export type BenchDialect = 'axdebug' | 'tcpdump';

/** xorshift32: the same numbers on every run. */
class Random {
  private x: number;
  constructor(seed: number) {
    this.x = seed >>> 0 || 1;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    this.x ^= this.x << 13;
    this.x >>>= 0;
    this.x ^= this.x >>> 17;
    this.x ^= this.x << 5;
    this.x >>>= 0;
    return this.x % n;
  }
}

/** Writes lines to a file in large pieces. */
class LineWriter {
  private buffer: string[] = [];
  private readonly fd: number;
  /** Lines written so far. */
  count = 0;
  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }
  line(text: string): void {
    this.buffer.push(text);
    this.count++;
    if (this.buffer.length >= 10_000) this.flush();
  }
  flush(): void {
    if (this.buffer.length === 0) return;
    fs.writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

const hex = (n: number): string => n.toString(16);

/** Writes an axdebug dump of exactly `lines` lines. */
function writeAxdebug(out: LineWriter, lines: number, random: Random): void {
  let tick = 1_000_000;
  let id = 0x10000;
  const copy = (
    dir: 'i' | 'o',
    port: number,
    packetId: number,
    src: string,
    dst: string,
    rest: string,
  ): void => {
    if (out.count < lines)
      out.line(
        `@${tick} ${dir}( ${port}, ${dir === 'i' && port === 1 ? 100 : 0}, ${hex(packetId)})> ip ${src} > ${dst} ${rest}`,
      );
  };
  /** One packet seen on both sides: received on `inPort`, sent on `outPort`. */
  const both = (
    inPort: number,
    outPort: number,
    a: [string, string, string],
    b: [string, string, string],
  ): void => {
    tick += 1 + random.int(3);
    id++;
    copy('i', inPort, id, a[0], a[1], a[2]);
    copy('o', outPort, id, b[0], b[1], b[2]);
  };
  out.line('AX3200-Active#axdebug');
  out.line('AX3200-Active(axdebug)#capture brief');
  while (out.count < lines) {
    const kind = random.int(100);
    const host = `10.1.${random.int(8)}.${1 + random.int(250)}`;
    const nat = `183.62.${random.int(4)}.${1 + random.int(250)}`;
    if (kind < 55) {
      // A TCP connection through source NAT with port translation.
      const server = `192.0.${random.int(16)}.${1 + random.int(250)}`;
      const sport = 1024 + random.int(60000);
      const nport = 1024 + random.int(60000);
      const seq = random.int(0x7fffffff);
      const ack = random.int(0x7fffffff);
      const tcp = (
        from: string,
        to: string,
        flags: string,
        s: number,
        a: number,
        len: number,
      ): string => `tcp ${from} > ${to} ${flags} ${hex(s)}:${hex(a)}(${len})`;
      both(
        1,
        6,
        [host, server, tcp(`${sport}`, '443', 'S', seq, 0, 0)],
        [nat, server, tcp(`${nport}`, '443', 'S', seq, 0, 0)],
      );
      both(
        6,
        1,
        [server, nat, tcp('443', `${nport}`, 'S.', ack, seq + 1, 0)],
        [server, host, tcp('443', `${sport}`, 'S.', ack, seq + 1, 0)],
      );
      both(
        1,
        6,
        [host, server, tcp(`${sport}`, '443', '.', seq + 1, ack + 1, 0)],
        [nat, server, tcp(`${nport}`, '443', '.', seq + 1, ack + 1, 0)],
      );
      both(
        1,
        6,
        [host, server, tcp(`${sport}`, '443', 'P.', seq + 1, ack + 1, 517)],
        [nat, server, tcp(`${nport}`, '443', 'P.', seq + 1, ack + 1, 517)],
      );
      both(
        6,
        1,
        [server, nat, tcp('443', `${nport}`, 'P.', ack + 1, seq + 518, 1400)],
        [server, host, tcp('443', `${sport}`, 'P.', ack + 1, seq + 518, 1400)],
      );
      if (random.int(10) === 0)
        both(
          6,
          1,
          [server, nat, tcp('443', `${nport}`, 'R', ack + 1401, 0, 0)],
          [server, host, tcp('443', `${sport}`, 'R', ack + 1401, 0, 0)],
        );
    } else if (kind < 75) {
      // A ping and its reply.
      const target = `8.8.${random.int(4)}.${random.int(250)}`;
      const seq = random.int(65535);
      both(
        1,
        6,
        [host, target, `icmp echo (ping) request seq=${seq}`],
        [nat, target, `icmp echo (ping) request seq=${seq}`],
      );
      if (random.int(8) === 0) {
        tick++;
        copy('o', 1, ++id, `*.*.*.*`, host, 'icmp type=11 code=0');
      } else {
        both(
          6,
          1,
          [target, nat, `icmp echo (ping) reply seq=${seq}`],
          [target, host, `icmp echo (ping) reply seq=${seq}`],
        );
      }
    } else if (kind < 93) {
      // An IPsec peer: IKE answered, ESP out and (mostly) back.
      const peer = `203.0.${random.int(64)}.${1 + random.int(250)}`;
      const vip = `210.21.${random.int(4)}.${1 + random.int(250)}`;
      const out = `0x${hex(0x10000000 + random.int(0x6fffffff))}`;
      const back = `0x${hex(0x10000000 + random.int(0x6fffffff))}`;
      both(1, 6, [host, peer, 'udp 500 > 500'], [vip, peer, 'udp 500 > 500']);
      both(6, 1, [peer, vip, 'udp 500 > 500'], [peer, host, 'udp 500 > 500']);
      for (let n = 1; n <= 3; n++) {
        both(
          1,
          6,
          [host, peer, `esp spi=${out} seq=0x${hex(n)}`],
          [vip, peer, `esp spi=${out} seq=0x${hex(n)}`],
        );
        if (random.int(6) !== 0)
          both(
            6,
            1,
            [peer, vip, `esp spi=${back} seq=0x${hex(n)}`],
            [peer, host, `esp spi=${back} seq=0x${hex(n)}`],
          );
      }
    } else if (kind < 97) {
      // ESP leaving untranslated: the seed's story.
      const peer = `203.0.${random.int(64)}.${1 + random.int(250)}`;
      const spi = `0x${hex(0x10000000 + random.int(0x6fffffff))}`;
      both(1, 6, [host, peer, `esp spi=${spi} seq=0x1`], [host, peer, `esp spi=${spi} seq=0x1`]);
    } else if (kind < 99) {
      both(
        1,
        6,
        [host, `192.0.2.${random.int(250)}`, 'gre'],
        [nat, `192.0.2.${random.int(250)}`, 'gre'],
      );
    } else {
      out.line(
        random.int(2) === 0
          ? 'AX3200-Active(axdebug)#show axdebug filter'
          : `%% capture buffer ${random.int(100)} percent full`,
      );
    }
  }
}

/** Writes an F5-style tcpdump dump (in/out marks, virtual servers), with -v packets and other protocols, of exactly `lines` lines. */
function writeTcpdump(out: LineWriter, lines: number, random: Random): void {
  let micros = 10 * 3600 * 1_000_000;
  let ipId = 1;
  const stamp = (): string => {
    micros += 1 + random.int(400);
    const s = Math.floor(micros / 1_000_000);
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    return `${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(micros % 1_000_000, 6)}`;
  };
  const line = (text: string): void => {
    if (out.count < lines) out.line(text);
  };
  const f5 = (body: string, dir: 'in' | 'out', vs: string): void =>
    line(`${stamp()} IP ${body} ${dir} slot1/tmm${random.int(4)} lis=${vs}`);
  line('tcpdump: verbose output suppressed, use -v or -vv for full protocol decode');
  line('listening on 0.0:nnn, link-type EN10MB (Ethernet), capture size 65535 bytes');
  while (out.count < lines) {
    const kind = random.int(100);
    const host = `10.1.${random.int(8)}.${1 + random.int(250)}`;
    const nat = `198.51.${random.int(4)}.${1 + random.int(250)}`;
    if (kind < 50) {
      const server = `192.0.${random.int(16)}.${1 + random.int(250)}`;
      const sport = 1024 + random.int(60000);
      const nport = 1024 + random.int(60000);
      const seq = 1_000_000 + random.int(2_000_000_000);
      const vs = '/Common/outbound_vs';
      const pair = (a: string, b: string, rest: string): void => {
        f5(`${a}: ${rest}`, 'in', vs);
        f5(`${b}: ${rest}`, 'out', vs);
      };
      pair(
        `${host}.${sport} > ${server}.443`,
        `${nat}.${nport} > ${server}.443`,
        `Flags [S], seq ${seq}, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0`,
      );
      pair(
        `${server}.443 > ${nat}.${nport}`,
        `${server}.443 > ${host}.${sport}`,
        `Flags [S.], seq ${seq + 7}, ack ${seq + 1}, win 65160, options [mss 1460,sackOK,TS val 2 ecr 1,nop,wscale 7], length 0`,
      );
      pair(
        `${host}.${sport} > ${server}.443`,
        `${nat}.${nport} > ${server}.443`,
        'Flags [.], ack 1, win 502, options [nop,nop,TS val 3 ecr 2], length 0',
      );
      pair(
        `${host}.${sport} > ${server}.443`,
        `${nat}.${nport} > ${server}.443`,
        'Flags [P.], seq 1:518, ack 1, win 502, options [nop,nop,TS val 3 ecr 2], length 517',
      );
      pair(
        `${server}.443 > ${nat}.${nport}`,
        `${server}.443 > ${host}.${sport}`,
        'Flags [P.], seq 1:1401, ack 518, win 501, options [nop,nop,TS val 4 ecr 3], length 1400',
      );
    } else if (kind < 65) {
      const peer = `203.0.${random.int(64)}.${1 + random.int(250)}`;
      const spiOut = `0x${hex(0x10000000 + random.int(0x6fffffff))}`;
      const spiBack = `0x${hex(0x10000000 + random.int(0x6fffffff))}`;
      const vs = '/Common/vpn_vs';
      f5(`${host}.500 > ${peer}.500: isakmp: phase 1 I ident`, 'in', vs);
      f5(`${nat}.500 > ${peer}.500: isakmp: phase 1 I ident`, 'out', vs);
      f5(`${peer}.500 > ${nat}.500: isakmp: phase 1 R ident`, 'in', vs);
      f5(`${peer}.500 > ${host}.500: isakmp: phase 1 R ident`, 'out', vs);
      for (let n = 1; n <= 3; n++) {
        f5(
          `${host}.4500 > ${peer}.4500: UDP-encap: ESP(spi=${spiOut},seq=0x${hex(n)}), length 132`,
          'in',
          vs,
        );
        f5(
          `${nat}.4500 > ${peer}.4500: UDP-encap: ESP(spi=${spiOut},seq=0x${hex(n)}), length 132`,
          'out',
          vs,
        );
        if (random.int(5) !== 0) {
          f5(
            `${peer}.4500 > ${nat}.4500: UDP-encap: ESP(spi=${spiBack},seq=0x${hex(n)}), length 132`,
            'in',
            vs,
          );
          f5(
            `${peer}.4500 > ${host}.4500: UDP-encap: ESP(spi=${spiBack},seq=0x${hex(n)}), length 132`,
            'out',
            vs,
          );
        }
      }
    } else if (kind < 80) {
      // tcpdump -v: a DNS query on both sides of the NAT, paired by its IP id, and its answer.
      const resolver = `9.9.${random.int(4)}.${random.int(250)}`;
      const port = 1024 + random.int(60000);
      const id = ipId++ % 65536;
      line(
        `${stamp()} IP (tos 0x0, ttl 64, id ${id}, offset 0, flags [none], proto UDP (17), length 60)`,
      );
      line(`    ${host}.${port} > ${resolver}.53: 4242+ A? example.com. (32)`);
      line(
        `${stamp()} IP (tos 0x0, ttl 63, id ${id}, offset 0, flags [none], proto UDP (17), length 60)`,
      );
      line(`    ${nat}.${port} > ${resolver}.53: 4242+ A? example.com. (32)`);
      if (random.int(6) === 0) {
        line(
          `${stamp()} IP (tos 0xc0, ttl 250, id ${random.int(65535)}, offset 0, flags [none], proto ICMP (1), length 88)`,
        );
        line(`    192.0.2.1 > ${nat}: ICMP ${resolver} udp port 53 unreachable, length 68`);
        line(`\tIP (tos 0x0, ttl 1, id ${id}, offset 0, flags [none], proto UDP (17), length 60)`);
        line(`    ${nat}.${port} > ${resolver}.53: 4242+ A? example.com. (32)`);
      } else {
        line(
          `${stamp()} IP (tos 0x0, ttl 55, id ${random.int(65535)}, offset 0, flags [none], proto UDP (17), length 76)`,
        );
        line(`    ${resolver}.53 > ${nat}.${port}: 4242 1/0/0 A 93.184.216.34 (48)`);
      }
    } else if (kind < 88) {
      const target = `8.8.${random.int(4)}.${random.int(250)}`;
      const id = random.int(65535);
      const seq = random.int(65535);
      f5(
        `${host} > ${target}: ICMP echo request, id ${id}, seq ${seq}, length 64`,
        'in',
        '/Common/outbound_vs',
      );
      f5(
        `${nat} > ${target}: ICMP echo request, id ${id}, seq ${seq}, length 64`,
        'out',
        '/Common/outbound_vs',
      );
      f5(
        `${target} > ${nat}: ICMP echo reply, id ${id}, seq ${seq}, length 64`,
        'in',
        '/Common/outbound_vs',
      );
      f5(
        `${target} > ${host}: ICMP echo reply, id ${id}, seq ${seq}, length 64`,
        'out',
        '/Common/outbound_vs',
      );
    } else if (kind < 93) {
      line(`${stamp()} ARP, Request who-has 10.1.0.${random.int(250)} tell 10.1.0.1, length 28`);
      line(
        `${stamp()} ARP, Reply 10.1.0.${random.int(250)} is-at 00:50:56:${hex(16 + random.int(200))}:00:01, length 28`,
      );
    } else if (kind < 97) {
      const id = random.int(65535);
      line(
        `${stamp()} IP6 2001:db8::${hex(random.int(4096))} > 2001:db8:1::${hex(random.int(4096))}: ICMP6, echo request, id ${id}, seq 1, length 64`,
      );
      line(
        `${stamp()} IP ${host} > 224.0.0.18: VRRPv2, Advertisement, vrid 1, prio 100, authtype none, intvl 1s, length 20`,
      );
    } else if (kind < 99) {
      line(
        `${stamp()} IP ${host} > 192.0.2.9: GREv0, length 88: IP 172.16.1.1 > 172.16.2.1: ICMP echo request, id 1, seq ${random.int(9999)}, length 64`,
      );
    } else {
      line(
        random.int(2) === 0
          ? '[root@bigip1:Active:Standalone] config # tcpdump -nni 0.0:nnn -s0 host 203.0.113.9'
          : `-- capture interrupted ${random.int(100)} --`,
      );
    }
  }
}

/** Writes a dump of exactly `lines` lines in a dialect to `file`. */
export function writeDump(file: string, dialect: BenchDialect, lines: number, seed = 0x5eed): void {
  const out = new LineWriter(file);
  const random = new Random(seed);
  if (dialect === 'axdebug') writeAxdebug(out, lines, random);
  else writeTcpdump(out, lines, random);
  out.close();
}
