// One-line summaries of packets for trace events, in tcpdump's words.

import { formatIpv4 } from '../addr.ts';
import { isIcmpError, type EthernetFrame, type Ipv4Packet } from '../wire/packet.ts';

export function summarize(p: Ipv4Packet): string {
  const src = formatIpv4(p.src);
  const dst = formatIpv4(p.dst);
  const t = p.payload;
  switch (t.kind) {
    case 'icmp':
      if (isIcmpError(t)) {
        const kind = t.type === 11 ? 'time exceeded' : t.type === 5 ? 'redirect' : `unreachable (code ${t.code})`;
        return `${src} > ${dst}: ICMP ${kind} about ${summarize(t.quoted)}`;
      }
      return `${src} > ${dst}: ICMP echo ${t.type === 8 ? 'request' : 'reply'}, id ${t.id}, seq ${t.seq}`;
    case 'udp':
      return `${src}.${t.sport} > ${dst}.${t.dport}: UDP`;
    case 'tcp': {
      const flags = `${t.flags.syn ? 'S' : ''}${t.flags.fin ? 'F' : ''}${t.flags.rst ? 'R' : ''}${t.flags.psh ? 'P' : ''}${t.flags.ack ? '.' : ''}`;
      return `${src}.${t.sport} > ${dst}.${t.dport}: TCP [${flags}]`;
    }
  }
}

/** A frame in tcpdump's words: ARP as tcpdump prints it, IPv4 as summarize() does. */
export function frameSummary(frame: EthernetFrame): string {
  const p = frame.payload;
  if (p.kind === 'arp') {
    return p.op === 'request'
      ? `ARP, Request who-has ${formatIpv4(p.targetIp)} tell ${formatIpv4(p.senderIp)}`
      : `ARP, Reply ${formatIpv4(p.senderIp)} is-at ${p.senderMac}`;
  }
  return summarize(p);
}
