// Hostile scripts the playground must survive: the cases of run.test.ts, also timed by
// bench/engine.bench.ts. Each ends quickly with a message (see run.ts and the budgets in
// src/net/world.ts and src/net/ops.ts).

export function lines(n: number, line: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => line(i)).join('\n');
}

/** Two namespaces on a veth pair, captured on v0 (7 lines). */
export const PAIR = `ip netns add a
ip link add v0 type veth peer name eth0 netns a
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip netns exec a ip addr add 10.0.0.2/24 dev eth0
ip netns exec a ip link set eth0 up
tcpdump -n -i v0 &
`;

/** br0 and br1 joined by `links` veth pairs, a host on br0 that broadcasts an ARP request. */
function bridgeLoop(links: number): string {
  const out = ['ip netns add a', 'ip link add br0 type bridge', 'ip link add br1 type bridge'];
  for (let i = 0; i < links; i++) {
    out.push(`ip link add x${i} type veth peer name y${i}`, `ip link set x${i} master br0`, `ip link set y${i} master br1`, `ip link set x${i} up`, `ip link set y${i} up`);
  }
  out.push(
    'ip link add h0 type veth peer name eth0 netns a',
    'ip link set h0 master br0',
    'ip link set h0 up',
    'ip link set br0 up',
    'ip link set br1 up',
    'ip netns exec a ip addr add 10.0.0.2/24 dev eth0',
    'ip netns exec a ip link set eth0 up',
    'tcpdump -n -i br1 &',
    'ip link show br0',
    'ip netns exec a ping -c 1 10.0.0.9',
  );
  return out.join('\n') + '\n';
}

/** `depth` user chains, each but the last jumping `fan` times to the next; INPUT jumps to the first. */
function chains(fan: number, depth: number): string {
  return [
    lines(depth, (i) => `iptables -N C${i}`),
    lines(depth - 1, (i) => lines(fan, () => `iptables -A C${i} -j C${i + 1}`)),
    'iptables -A INPUT -j C0',
  ].join('\n') + '\n';
}

export const HOSTILE = {
  megabyte: 'x'.repeat(1_000_000),
  manyLines: lines(100_000, (i) => `ip netns add n${i}`),
  namespaces: 'ip link\n' + lines(150, (i) => `ip netns add n${i}`) + '\n',
  veths: lines(300, (i) => `ip link add v${i} type veth peer name p${i}`) + '\n',
  bridges: lines(600, (i) => `ip link add b${i} type bridge`) + '\n',
  jumpLoop: 'iptables -N A\niptables -N B\niptables -A INPUT -j A\niptables -A A -j B\niptables -A B -j A\n',
  deepChains: lines(21, (i) => `iptables -N C${i}`) + '\niptables -A INPUT -j C0\n' + lines(20, (i) => `iptables -A C${i} -j C${i + 1}`) + '\n',
  wideChains: chains(10, 15),
  wideChainsTraffic: chains(3, 15) + PAIR + 'ip netns exec a ping -c 1 10.0.0.1\n',
  bridgeLoop: bridgeLoop(2),
  bridgeLoop3: bridgeLoop(3),
  /** Two routers sending 10.9.0.0/16 to each other (the kernel's run: one time exceeded). */
  routingLoop: `ip netns add a
ip netns add b
ip link add v0 type veth peer name eth0 netns a
ip link add v1 type veth peer name eth0 netns b
ip addr add 10.0.0.1/24 dev v0
ip addr add 10.0.1.1/24 dev v1
ip link set v0 up
ip link set v1 up
ip netns exec a ip addr add 10.0.0.2/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.1.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 10.0.1.1
sysctl -w net.ipv4.ip_forward=1
ip netns exec a sysctl -w net.ipv4.ip_forward=1
ip route add 10.9.0.0/16 via 10.0.0.2
ip netns exec a ip route add 10.9.0.0/16 via 10.0.0.1
tcpdump -n -i v1 &
ip netns exec b ping -c 1 -t 255 10.9.0.1
`,
  pingFast: `${PAIR}ping -c 1000000 -i 0.001 10.0.0.2\n`,
  pingFlood: `${PAIR}ping -f -c 1000000 10.0.0.2\n`,
  pingForever: `${PAIR}ping -c 9223372036854775807 -i 0.002 10.0.0.2\n`,
  pingHuge: 'ip link set lo up\ntcpdump -n -i lo &\nping -c 1000000 -i 0.002 -s 65507 127.0.0.1\n',
  pingAboveMtu: `${PAIR}ping -c 3 -i 0.2 -s 1473 10.0.0.2\n`,
  captures: `${PAIR}${lines(150, () => 'tcpdump -n -i v0 &')}\n`,
  capturedFlood: `${PAIR}${lines(98, () => 'tcpdump -n -i v0 &')}\nping -c 100000 -i 0.002 10.0.0.2\n`,
  filteredFlood: `${PAIR}${lines(98, () => 'tcpdump -n -i v0 udp and port 53 &')}\nping -c 100000 -i 0.002 10.0.0.2\n`,
  manyRules: `${PAIR}${lines(1900, () => 'iptables -A INPUT -p icmp')}\nip netns exec a ping -c 100000 -i 0.002 10.0.0.1\n`,
  /** One command each: numbers past every range, control and bidi characters, deep filters. */
  oddLines: [
    'ping -c 99999999999999999999999 1.2.3.4',
    'ping -c 9223372036854775808 1.2.3.4',
    'ping -c 1 -i 3000000 1.2.3.4',
    'ping -c 1 -W 1e9 1.2.3.4',
    'ping -c 1 -s 99999999999 1.2.3.4',
    'ping -c 1 -t 99999999999999999999 1.2.3.4',
    `ip link add ${'x'.repeat(5000)} type bridge`,
    'iptables -A INPUT -s 999.1.1.1/99 -j ACCEPT',
    `sysctl -w net.ipv4.ip_forward=1${'9'.repeat(500)}`,
    "ip addr add 1.2.3.4/24 dev '\u0000\u202e'",
    `tcpdump -i lo ${'('.repeat(3000)} &`,
    `tcpdump -i lo ${'not '.repeat(10000)}icmp &`,
    'ip route add 10.0.0.0/8 via 1.1.1.1 metric 99999999999999999999',
    `iptables -N ${'é'.repeat(40)}`,
    'sleep 1e309',
    'sleep 99999999999999999999999999999',
    'nc -w 99999999999999 1.2.3.4 80',
    `ip netns add ${'\u{1F600}'.repeat(100)}`,
    'iptables -A INPUT -p tcp --dport 1:99999999999',
    'conntrack -L -p 99999999999',
    'ip link set lo mtu 99999999999999',
    `iptables -A INPUT -m comment --comment "${'x'.repeat(20000)}"`,
    `ip netns exec ${'y'.repeat(3000)} ip link`,
    "iptables -A INPUT -j LOG --log-prefix '\u0000'",
    'nc -z 10.0.0.1 1-65535',
    'iptables -A INPUT -m conntrack --ctstate ' + 'NEW,'.repeat(5000) + 'NEW',
  ],
} as const;
