// The libc name services iptables uses, over the netbase data in netdb.ts: protocol names
// (getprotobyname/getprotobynumber plus libxtables' xtables_chain_protos), service names
// (getservbyname/getservbyport), network names (getnetbyname/getnetbyaddr) and the one host
// name every machine resolves the same way (localhost).
// SIMPLIFIED: no DNS and no /etc/hosts beyond "localhost": any other host name is "not found",
// which is what the real tool prints in the kernel runner's network-less namespace.

import { parseIpv4 } from '../../net/addr.ts';
import { NETWORKS, PROTOCOLS, SERVICES } from './netdb.ts';

/** libxtables' xtables_chain_protos: names it prefers over /etc/protocols. */
const CHAIN_PROTOS: readonly (readonly [string, number])[] = [
  ['tcp', 6],
  ['sctp', 132],
  ['udp', 17],
  ['udplite', 136],
  ['icmp', 1],
  ['ipv6-icmp', 58],
  ['icmpv6', 58],
  ['esp', 50],
  ['ah', 51],
  ['mobility-header', 135],
  ['ipv6-mh', 135],
  ['mh', 135],
  ['all', 0],
];

/** getprotobyname(): a name or an alias, case-sensitive. */
export function getProtoByName(name: string): number | undefined {
  for (const [pname, num, aliases] of PROTOCOLS) {
    if (pname === name || aliases.includes(name)) return num;
  }
  return undefined;
}

/** libxtables' proto_to_name(proto, nolookup). */
export function protoToName(proto: number, nolookup: boolean): string | undefined {
  for (const [name, num] of CHAIN_PROTOS) if (num === proto) return name;
  if (proto !== 0 && !nolookup) {
    for (const [name, num] of PROTOCOLS) if (num === proto) return name;
  }
  return undefined;
}

/** The xtables_chain_protos entry for a name (used after getprotobyname fails). */
export function chainProtoByName(name: string): number | undefined {
  for (const [pname, num] of CHAIN_PROTOS) if (pname === name) return num;
  return undefined;
}

/** getservbyname(name, proto): proto undefined matches any protocol. */
export function serviceToPort(name: string, proto?: string): number | undefined {
  for (const [sname, port, sproto, aliases] of SERVICES) {
    if (proto !== undefined && sproto !== proto) continue;
    if (sname === name || aliases.includes(name)) return port;
  }
  return undefined;
}

/** getservbyport(port, proto). */
export function portToService(port: number, proto: string): string | undefined {
  for (const [sname, sport, sproto] of SERVICES) if (sport === port && sproto === proto) return sname;
  return undefined;
}

/** getnetbyname(): the network number of an /etc/networks name. */
export function networkByName(name: string): number | undefined {
  for (const [nname, addr] of NETWORKS) if (nname === name) return parseIpv4(addr);
  return undefined;
}

/** getnetbyaddr(): the /etc/networks name of a network number. */
export function networkName(addr: number): string | undefined {
  for (const [nname, naddr] of NETWORKS) if (parseIpv4(naddr) === addr) return nname;
  return undefined;
}

const LOCALHOST = 0x7f000001;

/** gethostbyaddr() through /etc/hosts: only localhost is known. */
export function hostName(addr: number): string | undefined {
  return addr === LOCALHOST ? 'localhost' : undefined;
}

/** getaddrinfo(name, AF_INET) for a host name: only localhost is known. */
export function hostByName(name: string): number | undefined {
  return name === 'localhost' ? LOCALHOST : undefined;
}
