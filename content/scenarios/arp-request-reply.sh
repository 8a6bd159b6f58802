# ARP before the first ping: what a and b send, and what their neighbour caches hold
# claims: S8
#
# a pings b three times; tcpdump -e shows each frame's MAC addresses, and ip neigh prints
# both namespaces' neighbour caches at the end.
# tcpdump listens on eth0 in a.
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b
ip netns add a
ip netns add b
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec a tcpdump -n -e -i eth0 &
ip netns exec a ping -c 3 -i 0.2 10.0.0.2
ip netns exec a ip neigh
ip netns exec b ip neigh
