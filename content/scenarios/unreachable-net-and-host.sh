# A ping to a network with no route, and to an address nobody owns
# claims: none
#
# The router has no route to 198.51.100.7 and no default route. 192.0.2.99 is on the router's
# eth2 subnet but no namespace owns it. a pings each once. (The sleep keeps the captures
# running a few seconds; ping itself stops waiting after 1 s.)
# tcpdump listens on eth1 and eth2.
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
tcpdump -n -i eth1 &
tcpdump -n -i eth2 &
ip netns exec a ping -c 1 -W 1 198.51.100.7
ip netns exec a ping -c 1 -W 1 192.0.2.99
sleep 3
