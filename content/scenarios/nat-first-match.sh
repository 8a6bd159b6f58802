# Two nat rules for the same traffic, appended and then inserted
# claims: S2
#
# The router masquerades everything leaving eth2. An SNAT rule for traffic to 192.0.2.3 from a
# second address (192.0.2.9) is appended with -A; a pings 192.0.2.3. The same SNAT rule is
# then inserted with -I at the top, and a pings 192.0.2.3 again (a new ping process, a new
# ICMP id).
# tcpdump listens on eth2.
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24  default (router, ip_forward=1)
#                          eth2 192.0.2.1/24 + 192.0.2.9/24 --- eth0 192.0.2.2/24 + 192.0.2.3/24  b
ip netns add a
ip netns add b
ip link add eth1 type veth peer name eth0 netns a
ip link add eth2 type veth peer name eth0 netns b
ip addr add 10.0.0.254/24 dev eth1
ip addr add 192.0.2.1/24 dev eth2
ip addr add 192.0.2.9/24 dev eth2
ip link set eth1 up
ip link set eth2 up
sysctl -w net.ipv4.ip_forward=1
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.0.254
ip netns exec b ip addr add 192.0.2.2/24 dev eth0
ip netns exec b ip addr add 192.0.2.3/24 dev eth0
ip netns exec b ip link set eth0 up
iptables -t nat -A POSTROUTING -o eth2 -j MASQUERADE
iptables -t nat -A POSTROUTING -o eth2 -d 192.0.2.3 -j SNAT --to-source 192.0.2.9
tcpdump -n -i eth2 icmp &
ip netns exec a ping -c 2 -i 0.2 192.0.2.3
iptables -t nat -I POSTROUTING -o eth2 -d 192.0.2.3 -j SNAT --to-source 192.0.2.9
ip netns exec a ping -c 2 -i 0.2 192.0.2.3
iptables -t nat -L POSTROUTING -v -n -x
conntrack -L
