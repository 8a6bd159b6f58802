# TTL across two routers: pings with -t 1, -t 2 and -t 3
# claims: none
#
# a pings b through two routers (r1 = the default namespace, r2), once with -t 1, once with
# -t 2 and once with -t 3.
# tcpdump listens on eth1, eth2 and eth0 in b.
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24 [r1 = default] eth2 10.1.0.1/24 --- eth0 10.1.0.2/24 [r2] eth1 10.2.0.1/24 --- eth0 10.2.0.2/24 b
#   a: default via 10.0.0.254   r1: 10.2.0.0/24 via 10.1.0.2   r2: default via 10.1.0.1   b: default via 10.2.0.1
ip netns add a
ip netns add r2
ip netns add b
ip link add eth1 type veth peer name eth0 netns a
ip link add eth2 type veth peer name eth0 netns r2
ip netns exec r2 ip link add eth1 type veth peer name eth0 netns b
ip addr add 10.0.0.254/24 dev eth1
ip addr add 10.1.0.1/24 dev eth2
ip link set eth1 up
ip link set eth2 up
ip route add 10.2.0.0/24 via 10.1.0.2
sysctl -w net.ipv4.ip_forward=1
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.0.254
ip netns exec r2 ip addr add 10.1.0.2/24 dev eth0
ip netns exec r2 ip addr add 10.2.0.1/24 dev eth1
ip netns exec r2 ip link set eth0 up
ip netns exec r2 ip link set eth1 up
ip netns exec r2 ip route add default via 10.1.0.1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec b ip addr add 10.2.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 10.2.0.1
tcpdump -n -i eth1 icmp &
tcpdump -n -i eth2 icmp &
ip netns exec b tcpdump -n -i eth0 icmp &
ip netns exec a ping -c 1 -W 1 -t 1 10.2.0.2
ip netns exec a ping -c 1 -W 1 -t 2 10.2.0.2
ip netns exec a ping -c 1 -W 1 -t 3 10.2.0.2
