# An SNAT rule added after a connection already has its conntrack entry
# claims: S2
#
# The router starts with an unrelated stateful rule (so conntrack is active). a pings b. Then
# an SNAT rule for everything leaving eth2 is added, conntrack -L shows the table, and a pings
# b again (a new ping process: a new ICMP id). conntrack -L, conntrack -D and the nat counters
# follow.
# tcpdump listens on eth2.
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24  default (router, ip_forward=1)
#                          eth2 192.0.2.1/24 --- eth0 192.0.2.2/24  b
ip netns add a
ip netns add b
ip link add eth1 type veth peer name eth0 netns a
ip link add eth2 type veth peer name eth0 netns b
ip addr add 10.0.0.254/24 dev eth1
ip addr add 192.0.2.1/24 dev eth2
ip link set eth1 up
ip link set eth2 up
sysctl -w net.ipv4.ip_forward=1
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.0.254
ip netns exec b ip addr add 192.0.2.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 192.0.2.1
iptables -A FORWARD -m conntrack --ctstate INVALID -j DROP
tcpdump -n -i eth2 icmp &
ip netns exec a ping -c 2 -i 0.2 192.0.2.2
iptables -t nat -A POSTROUTING -o eth2 -j SNAT --to-source 192.0.2.1
conntrack -L
ip netns exec a ping -c 2 -i 0.2 192.0.2.2
conntrack -L
conntrack -D -p icmp
conntrack -L
iptables -t nat -L POSTROUTING -v -n -x
