import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize, normalizeLines, scriptFacts, splitBlocks } from './normalize.ts';

test('whitespace is collapsed, trailing spaces and empty lines dropped', () => {
  assert.equal(normalize('== default: ip route\n10.0.0.0/24  dev veth1   proto kernel scope link src 10.0.0.1 \n\n'), '== default: ip route\n10.0.0.0/24 dev veth1 proto kernel scope link src 10.0.0.1\n');
  assert.equal(normalize(''), '');
});

test('blocks split at == headers and know their kind', () => {
  const blocks = splitBlocks('== default: conntrack -L\nicmp 1 29 x\n== ns1: iptables -L -v -n -x\nChain INPUT\n== default: ip route\nr\n== ns1 eth0\np\n');
  assert.deepEqual(
    blocks.map((b) => b.kind),
    ['conntrack', 'iptables', 'printed', 'capture'],
  );
});

test('IGMP capture lines and unknown conntrack entries are dropped', () => {
  const out = normalize(
    [
      '== default: conntrack -L',
      'unknown  2 599 src=10.10.10.1 dst=224.0.0.22 [UNREPLIED] src=224.0.0.22 dst=3.3.3.3 mark=0 use=1',
      '== default br0',
      'IP 10.10.10.1 > 224.0.0.22: igmp v3 report, 1 group record(s), length 12',
      'aa:bb:cc:dd:ee:01 > 01:00:5e:00:00:16, ethertype IPv4 (0x0800), length 54: 10.10.10.1 > 224.0.0.22: igmp v3 report, 1 group record(s), length 12',
      'IP 10.10.10.10 > 8.8.8.8: ICMP echo request, id 3001, seq 1, length 64',
    ].join('\n'),
  );
  assert.equal(out, '== default: conntrack -L\n== default br0\nIP 10.10.10.10 > 8.8.8.8: ICMP echo request, id ID#1, seq 1, length 64\n');
});

test('ICMP ids are renumbered by first appearance, shared between captures and conntrack', () => {
  const kernel = [
    '== default: conntrack -L',
    'icmp     1 29 src=172.17.0.4 dst=172.19.0.2 type=8 code=0 id=8112 src=172.19.0.2 dst=172.17.0.1 type=0 code=0 id=8112 mark=0 use=1',
    '== default br1',
    'IP 172.17.0.1 > 172.19.0.2: ICMP echo request, id 8112, seq 1, length 64',
    '== default eth4',
    'IP 110.45.56.67 > 8.8.8.8: ICMP echo request, id 0, seq 1, length 64',
  ].join('\n');
  const engine = kernel.replaceAll('8112', '42').replace(' 29 ', ' 30 ');
  assert.equal(normalize(kernel), normalize(engine));
  assert.deepEqual(normalizeLines(kernel), [
    '== default: conntrack -L',
    'icmp 1 T<=30 src=172.17.0.4 dst=172.19.0.2 type=8 code=0 id=ID#1 src=172.19.0.2 dst=172.17.0.1 type=0 code=0 id=ID#1 mark=0 use=1',
    '== default br1',
    'IP 172.17.0.1 > 172.19.0.2: ICMP echo request, id ID#1, seq 1, length 64',
    '== default eth4',
    'IP 110.45.56.67 > 8.8.8.8: ICMP echo request, id 0, seq 1, length 64',
  ]);
  // an engine that forgot the id rewrite (same id on both sides of the clash) differs
  const wrong = kernel.replace('id 0,', 'id 8112,');
  assert.notEqual(normalize(kernel), normalize(wrong));
});

test('MAC addresses are renumbered, broadcast and zero MACs kept', () => {
  const a = normalize('== ns1 eth0\nARP, Reply 10.0.0.1 is-at 0e:b6:f5:f6:d4:50, length 28\nbe:57:d2:de:6b:d1 > 0e:b6:f5:f6:d4:50, ethertype IPv4 (0x0800), length 98: x\n00:00:00:00:00:00 > ff:ff:ff:ff:ff:ff, y\n');
  assert.equal(a, '== ns1 eth0\nARP, Reply 10.0.0.1 is-at MAC#1, length 28\nMAC#2 > MAC#1, ethertype IPv4 (0x0800), length 98: x\n00:00:00:00:00:00 > ff:ff:ff:ff:ff:ff, y\n');
});

test('conntrack: timer within tolerance, lines sorted, numbering independent of the listing order', () => {
  const l1 = 'icmp     1 28 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=301 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=301 mark=0 use=1';
  const l2 = 'icmp     1 29 src=10.0.0.1 dst=10.0.0.3 type=8 code=0 id=302 src=10.0.0.3 dst=10.0.0.1 type=0 code=0 id=302 mark=0 use=1';
  const a = normalize(`== default: conntrack -L\n${l1}\n${l2}\n`);
  const b = normalize(`== default: conntrack -L\n${l2.replace(' 29 ', ' 27 ')}\n${l1}\n`);
  assert.equal(a, b);
  assert.match(a, /^== default: conntrack -L\nicmp 1 T<=30 src=10.0.0.1 dst=10.0.0.2 .*id=ID#1 .*\nicmp 1 T<=30 src=10.0.0.1 dst=10.0.0.3 .*id=ID#2 /);
});

test('captures decide the id numbering before conntrack does', () => {
  const ct = (first: string, second: string) =>
    `== a: conntrack -L\nicmp 1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=${first} src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=${first} mark=0 use=1\nicmp 1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=${second} src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=${second} mark=0 use=1\n`;
  const cap = '== a eth0\nIP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 500, seq 1, length 64\nIP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 499, seq 1, length 64\n';
  assert.equal(normalize(ct('500', '499') + cap), normalize(ct('499', '500') + cap));
  assert.match(normalize(ct('499', '500') + cap), /ICMP echo request, id ID#1, seq 1, length 64\nIP 10.0.0.1 > 10.0.0.2: ICMP echo request, id ID#2/);
});

test('iptables protocol numbers are printed as names', () => {
  const nft = [
    '== default: iptables -t nat -L POSTROUTING -v -n -x',
    'Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)',
    '    pkts      bytes target     prot opt in     out     source               destination         ',
    '       0        0 SNAT       0    --  *      eth1    0.0.0.0/0            0.0.0.0/0            to:192.0.2.1',
    '       1       84            1    --  *      br0     0.0.0.0/0            0.0.0.0/0           ',
    '       2      168 ACCEPT     !6   --  *      *       0.0.0.0/0            0.0.0.0/0           ',
  ].join('\n');
  const legacy = nft.replace('SNAT       0 ', 'SNAT       all ').replace('            1    --', '            icmp --').replace('!6 ', '!tcp ');
  assert.equal(normalize(nft), normalize(legacy));
  assert.deepEqual(normalizeLines(nft).slice(3), ['0 0 SNAT all -- * eth1 0.0.0.0/0 0.0.0.0/0 to:192.0.2.1', '1 84 icmp -- * br0 0.0.0.0/0 0.0.0.0/0', '2 168 ACCEPT !tcp -- * * 0.0.0.0/0 0.0.0.0/0']);
});

test('the port of an ICMP error quoting an ICMP packet is masked', () => {
  const a = normalize('== a eth0\nIP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 protocol 1 port 54321 unreachable, length 92\n');
  assert.equal(a, '== a eth0\nIP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 protocol 1 port * unreachable, length 92\n');
  // a UDP port in an ICMP error is kept (or renumbered when ephemeral)
  assert.equal(normalize('== a e\nIP 1.1.1.1 > 2.2.2.2: ICMP 1.1.1.1 udp port 53 unreachable, length 36\n'), '== a e\nIP 1.1.1.1 > 2.2.2.2: ICMP 1.1.1.1 udp port 53 unreachable, length 36\n');
});

test('TCP: ephemeral ports, absolute seq/ack, win and options', () => {
  const k = [
    '== k eth0',
    'IP 203.0.113.10.40000 > 203.0.113.1.8080: Flags [S], seq 3181675549, win 64240, options [mss 1460,sackOK,TS val 3482299571 ecr 0,nop,wscale 10], length 0',
    'IP 203.0.113.1.8080 > 203.0.113.10.40000: Flags [S.], seq 3485258076, ack 3181675550, win 65160, options [mss 1460,sackOK,TS val 2316543650 ecr 3482299571,nop,wscale 10], length 0',
    'IP 203.0.113.10.40000 > 203.0.113.1.8080: Flags [P.], seq 1:16, ack 1, win 502, length 15',
    '== k: conntrack -L',
    'tcp      6 119 TIME_WAIT src=203.0.113.10 dst=203.0.113.1 sport=40000 dport=8080 src=172.17.0.2 dst=203.0.113.10 sport=80 dport=40000 [ASSURED] mark=0 use=1',
  ].join('\n');
  assert.deepEqual(normalizeLines(k), [
    '== k eth0',
    'IP 203.0.113.10.PORT#1 > 203.0.113.1.8080: Flags [S], seq SEQ#1, win *, options [mss *,sackOK,TS val * ecr *,nop,wscale *], length 0',
    'IP 203.0.113.1.8080 > 203.0.113.10.PORT#1: Flags [S.], seq SEQ#2, ack SEQ#1+1, win *, options [mss *,sackOK,TS val * ecr *,nop,wscale *], length 0',
    'IP 203.0.113.10.PORT#1 > 203.0.113.1.8080: Flags [P.], seq 1:16, ack 1, win *, length 15',
    '== k: conntrack -L',
    'tcp 6 T<=120 TIME_WAIT src=203.0.113.10 dst=203.0.113.1 sport=PORT#1 dport=8080 src=172.17.0.2 dst=203.0.113.10 sport=80 dport=PORT#1 [ASSURED] mark=0 use=1',
  ]);
  // an engine that acks ISN+2 differs
  assert.notEqual(normalize(k), normalize(k.replace('ack 3181675550', 'ack 3181675551')));
});

test('everything else must stay equal', () => {
  const base = '== a eth0\nIP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64\n';
  assert.notEqual(normalize(base), normalize(base.replace('seq 1', 'seq 2')));
  assert.notEqual(normalize(base), normalize(base.replace('10.0.0.1 >', '10.0.0.9 >')));
  assert.notEqual(normalize(base), normalize(base.replace('length 64', 'length 65')));
  assert.notEqual(normalize(`${base}${base.split('\n')[1]}\n`), normalize(base));
});

test('a delayed ACK of a FIN, repeated by the same side\'s FIN, is dropped (process wake-up timing)', () => {
  const fast = [
    '== web eth0',
    'IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [F.], seq 1, ack 1, win 63, options [nop,nop,TS val 1 ecr 2], length 0',
    'IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [F.], seq 1, ack 2, win 64, options [nop,nop,TS val 3 ecr 1], length 0',
    'IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 2, win 63, options [nop,nop,TS val 4 ecr 3], length 0',
  ];
  const slow = [...fast];
  slow.splice(2, 0, 'IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], ack 2, win 64, options [nop,nop,TS val 3 ecr 1], length 0');
  assert.equal(normalize(slow.join('\n')), normalize(fast.join('\n')));
  // The client's last ACK stays: no later FIN of the client repeats it.
  assert.match(normalize(fast.join('\n')), /10\.0\.0\.1\.PORT#1 > 10\.0\.0\.2\.80: Flags \[\.\], ack 2/);
  // An ACK the same side's FIN does not repeat (another ack number) is a real difference.
  const other = [...fast];
  other.splice(2, 0, 'IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], ack 1, win 64, options [nop,nop,TS val 3 ecr 1], length 0');
  assert.notEqual(normalize(other.join('\n')), normalize(fast.join('\n')));
});

// The loose cases of issue 12: each pair below must differ after normalization.

test('ICMP id 0 (the clash rewrite) stays literal: id 4242 is not id 0', () => {
  const line = (id: string) => `== a eth4\nIP 110.45.56.67 > 8.8.8.8: ICMP echo request, id ${id}, seq 1, length 64\n`;
  assert.notEqual(normalize(line('4242')), normalize(line('0')));
  assert.equal(normalize(line('0')), '== a eth4\nIP 110.45.56.67 > 8.8.8.8: ICMP echo request, id 0, seq 1, length 64\n');
  const ct = (id: string) => `== a: conntrack -L\nicmp 1 29 src=1.1.1.1 dst=2.2.2.2 type=8 code=0 id=${id} src=2.2.2.2 dst=3.3.3.3 type=0 code=0 id=0 mark=0 use=1\n`;
  assert.notEqual(normalize(ct('4242')), normalize(ct('0')));
});

test('conntrack timers: within the state\'s timeout minus the run\'s duration, never masked', () => {
  const est = (timer: number) => `== fw: conntrack -L\ntcp 6 ${timer} ESTABLISHED src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=80 src=10.0.2.2 dst=10.0.1.2 sport=80 dport=40000 [ASSURED] mark=0 use=1\n`;
  const script = 'sleep 3\n';
  assert.equal(normalize(est(431998), script), normalize(est(431999), script));
  assert.notEqual(normalize(est(431998), script), normalize(est(117), script));
  // an ESTABLISHED timer can be capped at 300 s (retransmissions), but not be 117
  assert.match(normalize(est(299), script), /tcp 6 T<=300 ESTABLISHED/);
  assert.match(normalize(est(117), script), /tcp 6 117 ESTABLISHED/);
  // the tolerance is the run's duration: 3 s of sleep plus a fixed overhead, not 20 s
  const icmp = (timer: number) => `== a: conntrack -L\nicmp 1 ${timer} src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=7 src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=7 mark=0 use=1\n`;
  assert.equal(normalize(icmp(29), script), normalize(icmp(24), script));
  assert.notEqual(normalize(icmp(29), script), normalize(icmp(10), script));
  assert.notEqual(normalize(icmp(29), script), normalize(icmp(31), script));
  // UDP: 30 s unreplied, 120 s once [ASSURED]
  const udp = (timer: number, assured: boolean) => `== a: conntrack -L\nudp 17 ${timer} src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=53 src=10.0.0.2 dst=10.0.0.1 sport=53 dport=40000 ${assured ? '[ASSURED] ' : ''}mark=0 use=1\n`;
  assert.match(normalize(udp(118, true), script), / T<=120 /);
  assert.match(normalize(udp(118, false), script), / 118 /);
});

test('ports the script names stay literal; a port from a range the script gave must lie in it', () => {
  const cap = (sport: number) => `== a eth0\nIP 10.0.0.1.${sport} > 10.0.0.2.80: Flags [S], seq 1, win 64240, length 0\n`;
  const named = 'ip netns exec a nc -z -p 40000 10.0.0.2 80\n';
  // nc -p 40000: 40000 is the script's choice, not the kernel's
  assert.match(normalize(cap(40000), named), /10\.0\.0\.1\.40000 >/);
  assert.notEqual(normalize(cap(40000), named), normalize(cap(40001), named));
  // without naming it, the kernel picked it: renumbered
  assert.equal(normalize(cap(40000), 'nc -z 10.0.0.2 80\n'), normalize(cap(51234), 'nc -z 10.0.0.2 80\n'));
  // MASQUERADE --to-ports 40000-40009: any port of the range, but not one outside it
  const masq = 'iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 40000-40009\nnc -z 10.0.0.2 80\n';
  assert.equal(normalize(cap(40003), masq), normalize(cap(40007), masq));
  assert.notEqual(normalize(cap(40003), masq), normalize(cap(51234), masq));
  assert.notEqual(normalize(cap(40003), masq), normalize(cap(40010), masq));
  // DNAT/SNAT :port and --dport are named too
  const dnat = 'iptables -t nat -A PREROUTING -p tcp --dport 40080 -j DNAT --to-destination 10.0.0.2:40081\n';
  assert.notEqual(normalize(cap(40080), dnat), normalize(cap(40081), dnat));
});

test('scriptFacts: named ports, ranges and the run\'s duration', () => {
  const facts = scriptFacts(
    [
      'ip netns exec a nc -lk 8080 &',
      'nc -u -v -z -w 1 -p 40002 10.0.0.2 5000',
      'iptables -t nat -A POSTROUTING -p udp -j SNAT --to-source 192.0.2.1:41000-41009',
      'iptables -A INPUT -p tcp --sport 33000 -j ACCEPT',
      'ping -c 3 -i 0.2 -W 1 10.0.0.2',
      'sleep 2.5',
    ].join('\n'),
  );
  assert.deepEqual([...facts.namedPorts].sort(), [33000, 40002, 5000, 8080].sort());
  assert.deepEqual(facts.portRanges, [[41000, 41009]]);
  assert.ok(facts.durationS >= 1 + 0.6 + 1 + 2.5 && facts.durationS < 15, String(facts.durationS));
});

test('only random MACs are renumbered: a multicast MAC in an ARP reply stays literal', () => {
  const reply = (mac: string) => `== a eth0\nARP, Reply 10.0.0.1 is-at ${mac}, length 28\n`;
  assert.equal(normalize(reply('0e:b6:f5:f6:d4:50')), normalize(reply('ae:1d:1d:bf:45:88')));
  assert.notEqual(normalize(reply('0e:b6:f5:f6:d4:50')), normalize(reply('01:00:5e:00:00:16')));
  assert.notEqual(normalize(reply('0e:b6:f5:f6:d4:50')), normalize(reply('33:33:00:00:00:01')));
  // universally administered (a real NIC's) MACs are not random either
  assert.match(normalize(reply('00:16:3e:12:34:56')), /is-at 00:16:3e:12:34:56/);
});

test('TCP option names and their order stay: options [] is not options [mss ...]', () => {
  const syn = (opts: string) => `== a eth0\nIP 10.0.0.1.80 > 10.0.0.2.80: Flags [S], seq 1, win 64240, options [${opts}], length 0\n`;
  assert.equal(normalize(syn('mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7')), normalize(syn('mss 1400,sackOK,TS val 99 ecr 0,nop,wscale 10')));
  assert.notEqual(normalize(syn('')), normalize(syn('mss 1460')));
  assert.notEqual(normalize(syn('mss 1460,sackOK')), normalize(syn('sackOK,mss 1460')));
});

test('at most one delayed FIN-ACK per FIN is dropped: a close with 6 segments is not one with 4', () => {
  const fin = 'IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [F.], seq 1, ack 1, win 63, length 0';
  const ack = 'IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], ack 2, win 64, length 0';
  const finAck = 'IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [F.], seq 1, ack 2, win 64, length 0';
  const last = 'IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 2, win 63, length 0';
  const out = (lines: string[]) => normalize(`== web eth0\n${lines.join('\n')}\n`);
  assert.equal(out([fin, ack, finAck, last]), out([fin, finAck, last]));
  assert.notEqual(out([fin, ack, ack, ack, finAck, last]), out([fin, ack, finAck, last]));
  assert.notEqual(out([fin, ack, ack, finAck, last]), out([fin, finAck, last]));
});

test('conntrack numbering order: entries that differ in a port the script names are told apart by it', () => {
  const l5000 = 'udp 17 29 src=10.0.2.2 dst=10.0.2.1 sport=41000 dport=5000 [UNREPLIED] src=10.0.2.1 dst=10.0.2.2 sport=5000 dport=41000 mark=0 use=1';
  const l8080 = 'udp 17 29 src=10.0.2.2 dst=10.0.2.1 sport=52000 dport=8080 [UNREPLIED] src=10.0.2.1 dst=10.0.2.2 sport=8080 dport=52000 mark=0 use=1';
  const script = 'nc -u -v -z -w 1 10.0.2.1 5000\nnc -u -v -z -w 1 10.0.2.1 8080\n';
  // the kernel lists entries in hash order: the same entries in either order normalize alike
  assert.equal(normalize(`== a: conntrack -L\n${l5000}\n${l8080}\n`, script), normalize(`== a: conntrack -L\n${l8080}\n${l5000}\n`, script));
});
