# A send that OUTPUT drops fails with EPERM, and neither ping nor a UDP nc treats it as an error
# claims: none
#
# a drops its own echo requests and UDP datagrams in OUTPUT. The kernel returns EPERM to
# sendto(); ping counts the request as transmitted, prints nothing about it (no "From" line:
# no ICMP error came back) and goes on with the next one, then exits 1 like a ping whose
# replies were lost: no scenario error. The counters show each request met the rule; nothing
# reaches the wire. `nc -u -v -z` writes its probe "X": the write fails with EPERM, which ends
# the probe (one rule hit, not three), and nc still reports success (exit 0).
# A TCP connect through a DROP in OUTPUT is not refused either: the SYN's EPERM is ignored by
# tcp_connect, the retransmission timer resends it, and nc -w 1 times out (exit 1).
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b
ip netns add a
ip netns add b
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec a iptables -A OUTPUT -p icmp -j DROP
ip netns exec a iptables -A OUTPUT -p udp -j DROP
ip netns exec a iptables -A OUTPUT -p tcp -j REJECT
ip netns exec a tcpdump -n -i eth0 &
ip netns exec a ping -c 3 -i 0.2 -W 1 10.0.0.2
ip netns exec a nc -u -v -z -w 1 10.0.0.2 5000
ip netns exec a nc -v -w 1 10.0.0.2 5001
ip netns exec a iptables -L OUTPUT -v -n -x
