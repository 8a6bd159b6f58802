// Deterministic random frames for the tcpdump ground-truth fixtures (gen-tcpdump-ground-truth.ts)
// and the property tests. Addresses and ports come from small pools so that filters match often.

import { parseIpv4 } from '../../addr.ts';
import { SeededRandom } from '../../rng.ts';
import { linuxIcmpQuoteLength } from '../packet.ts';
import type { IpPayloadAny } from '../packet.ts';
import type { EthernetFrame, IcmpError, Ipv4Packet, TcpFlags, TcpSegment } from '../packet.ts';

export const ADDRESS_POOL: readonly string[] = [
  '10.1.0.1',
  '10.1.0.2',
  '10.1.0.3',
  '10.1.0.255',
  '10.2.0.1',
  '10.2.0.2',
  '10.2.3.4',
  '10.0.0.0',
  '192.0.2.1',
  '192.0.2.77',
  '198.51.100.9',
  '203.0.113.10',
  '8.8.8.8',
  '0.0.0.0',
  '255.255.255.255',
];

export const MAC_POOL: readonly string[] = [
  '02:00:00:00:01:01',
  '02:00:00:00:01:02',
  '02:00:00:00:01:03',
  '02:00:00:00:02:01',
  'ae:1d:1d:bf:45:88',
  'ff:ff:ff:ff:ff:ff',
];

/** Ports with no tcpdump dissector (plus a few the formatter handles: 80, 8080). */
export const TCP_PORT_POOL: readonly number[] = [80, 8080, 5000, 4000, 40000, 40001, 33000, 61000, 65535, 1, 1024, 49999];
export const UDP_PORT_POOL: readonly number[] = [4000, 5555, 9999, 12345, 31337, 40000, 65535, 1025, 33434, 50000];

export class FrameRandom {
  readonly r: SeededRandom;
  constructor(seed: number) {
    this.r = new SeededRandom(seed);
  }
  int(min: number, max: number): number {
    return this.r.intBetween(min, max);
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[this.int(0, xs.length - 1)];
    if (x === undefined) throw new Error('empty pool');
    return x;
  }
  chance(p: number): boolean {
    return this.r.nextUint32() / 0x100000000 < p;
  }
  addr(): number {
    return parseIpv4(this.pick(ADDRESS_POOL)) ?? 0;
  }
  mac(): string {
    return this.pick(MAC_POOL);
  }
  u32(): number {
    return this.r.nextUint32();
  }

  tcpOptions(syn: boolean): { options: string; optionsLength: number } {
    if (syn && this.chance(0.8)) {
      return { options: `mss 1460,sackOK,TS val ${this.u32()} ecr ${this.chance(0.5) ? 0 : this.u32()},nop,wscale ${this.int(0, 14)}`, optionsLength: 20 };
    }
    if (this.chance(0.6)) return { options: `nop,nop,TS val ${this.u32()} ecr ${this.u32()}`, optionsLength: 12 };
    if (this.chance(0.2)) return { options: `mss ${this.int(500, 9000)}`, optionsLength: 4 };
    return { options: '', optionsLength: 0 };
  }

  tcp(flags?: TcpFlags): TcpSegment {
    const f: TcpFlags = flags ?? {
      syn: this.chance(0.2),
      ack: this.chance(0.7),
      fin: this.chance(0.15),
      rst: this.chance(0.1),
      psh: this.chance(0.3),
      urg: this.chance(0.05),
      ece: this.chance(0.05),
      cwr: this.chance(0.05),
    };
    const o = this.tcpOptions(f.syn === true);
    return {
      kind: 'tcp',
      sport: this.pick(TCP_PORT_POOL),
      dport: this.pick(TCP_PORT_POOL),
      flags: f,
      seq: this.u32(),
      ack: f.ack ? this.u32() : this.chance(0.5) ? 0 : this.u32(),
      win: this.int(0, 65535),
      ...o,
      dataLength: this.chance(0.6) ? 0 : this.int(1, 1400),
      ...(f.urg ? { urgentPointer: this.int(0, 65535) } : {}),
    };
  }

  /** A transport payload that an ICMP error may quote. */
  quotable(): IpPayloadAny {
    switch (this.int(0, 3)) {
      case 0:
        return { kind: 'udp', sport: this.pick(UDP_PORT_POOL), dport: this.pick(UDP_PORT_POOL), dataLength: this.int(0, 1400) };
      case 1:
        return this.tcp();
      case 2:
        return { kind: 'icmp', type: this.chance(0.8) ? 8 : 0, code: 0, id: this.int(0, 65535), seq: this.int(0, 65535), dataLength: this.int(0, 1400) };
      default:
        return { kind: 'other', protocol: this.pick([253, 254, 200, 150]), dataLength: this.int(0, 200) };
    }
  }

  ipv4(payload: IpPayloadAny): Ipv4Packet {
    return { kind: 'ipv4', src: this.addr(), dst: this.addr(), ttl: this.int(1, 255), id: this.int(0, 65535), payload: payload as Ipv4Packet['payload'] };
  }

  icmpError(): IcmpError {
    const quoted = this.ipv4(this.quotable());
    const type = this.pick([3, 3, 3, 5, 11] as const);
    const code = type === 3 ? this.int(0, 16) : type === 5 ? this.int(0, 4) : this.int(0, 2);
    const full = linuxIcmpQuoteLength(quoted);
    const quotedLength = this.chance(0.8) ? full : this.int(28, full);
    return {
      kind: 'icmp',
      type,
      code,
      quoted,
      quotedLength,
      ...(type === 5 ? { gateway: this.addr() } : {}),
      ...(type === 3 && code === 4 ? { mtu: this.chance(0.3) ? 0 : this.int(68, 9000) } : {}),
    };
  }

  ipPayload(): IpPayloadAny {
    switch (this.int(0, 5)) {
      case 0:
        return { kind: 'icmp', type: this.chance(0.5) ? 8 : 0, code: 0, id: this.int(0, 65535), seq: this.int(0, 65535), dataLength: this.int(0, 1472) };
      case 1:
        return this.icmpError();
      case 2:
        return { kind: 'udp', sport: this.pick(UDP_PORT_POOL), dport: this.pick(UDP_PORT_POOL), dataLength: this.int(0, 1472) };
      case 3:
      case 4:
        return this.tcp();
      default:
        return { kind: 'other', protocol: this.pick([253, 254, 200, 150]), dataLength: this.int(0, 1480) };
    }
  }

  frame(): EthernetFrame {
    if (this.chance(0.2)) {
      const op = this.chance(0.5) ? 'request' : 'reply';
      return {
        src: this.mac(),
        dst: this.mac(),
        payload: {
          kind: 'arp',
          op,
          senderMac: this.mac(),
          senderIp: this.addr(),
          targetMac: op === 'request' && this.chance(0.7) ? '00:00:00:00:00:00' : this.mac(),
          targetIp: this.addr(),
        },
      };
    }
    return { src: this.mac(), dst: this.mac(), payload: this.ipv4(this.ipPayload()) };
  }

  /** A TCP conversation as a capture sees it: handshake, data both ways, close (sometimes a reset). */
  conversation(): EthernetFrame[] {
    const a = this.addr();
    const b = this.addr();
    const pa = this.pick(TCP_PORT_POOL);
    const pb = this.pick(TCP_PORT_POOL);
    const macA = this.mac();
    const macB = this.mac();
    let seqA = this.u32();
    let seqB = this.u32();
    const out: EthernetFrame[] = [];
    const send = (fromA: boolean, flags: TcpFlags, data: number, opts?: { options: string; optionsLength: number }): void => {
      const o = opts ?? this.tcpOptions(false);
      const seg: TcpSegment = {
        kind: 'tcp',
        sport: fromA ? pa : pb,
        dport: fromA ? pb : pa,
        flags,
        seq: fromA ? seqA : seqB,
        ack: flags.ack ? (fromA ? seqB : seqA) : 0,
        win: this.int(0, 65535),
        ...o,
        dataLength: data,
      };
      const step = data + (flags.syn ? 1 : 0) + (flags.fin ? 1 : 0);
      if (fromA) seqA = (seqA + step) >>> 0;
      else seqB = (seqB + step) >>> 0;
      out.push({
        src: fromA ? macA : macB,
        dst: fromA ? macB : macA,
        payload: { kind: 'ipv4', src: fromA ? a : b, dst: fromA ? b : a, ttl: 64, id: this.int(0, 65535), payload: seg },
      });
    };
    send(true, { syn: true }, 0, this.tcpOptions(true));
    if (this.chance(0.15)) {
      send(false, { rst: true, ack: true }, 0, { options: '', optionsLength: 0 });
      return out;
    }
    send(false, { syn: true, ack: true }, 0, this.tcpOptions(true));
    send(true, { ack: true }, 0);
    const rounds = this.int(0, 4);
    for (let i = 0; i < rounds; i++) {
      const fromA = this.chance(0.5);
      send(fromA, { psh: true, ack: true }, this.int(1, 1400));
      send(!fromA, { ack: true }, 0);
    }
    if (this.chance(0.2)) {
      send(this.chance(0.5), { rst: true, ack: this.chance(0.5) }, 0, { options: '', optionsLength: 0 });
      return out;
    }
    send(true, { fin: true, ack: true }, 0);
    send(false, { fin: true, ack: true }, 0);
    send(true, { ack: true }, 0);
    return out;
  }
}
