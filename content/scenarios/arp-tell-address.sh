# ARP: which address goes into "tell" when the router asks for a neighbour
# claims: none
#
# The router asks for a neighbour on eth2 twice, for two different packets (arp_announce=0,
# the default):
# 1. a pings 192.0.2.2 through the router.
# 2. the router itself pings 192.0.2.3 (b's second address) with -I 10.0.0.254, its own
#    address on the other interface.
# tcpdump listens on eth2.
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24  default (router, ip_forward=1)
#                          eth2 192.0.2.1/24 --- eth0 192.0.2.2/24 + 192.0.2.3/24  b
#   a: default via 10.0.0.254     b: default via 192.0.2.1
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
ip netns exec b ip addr add 192.0.2.3/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 192.0.2.1
tcpdump -n -i eth2 &
ip netns exec a ping -c 1 192.0.2.2
ping -c 1 -I 10.0.0.254 192.0.2.3
