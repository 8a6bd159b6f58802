# Which filter chain counts a packet: INPUT, FORWARD or OUTPUT
# claims: S6
#
# a pings the router's address on the far side (192.0.2.1); a pings b through the router;
# the router pings b. Each chain has counting rules for echo requests and echo replies (no
# target: they only count), listed at the end.
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
iptables -A INPUT -p icmp --icmp-type echo-request
iptables -A INPUT -p icmp --icmp-type echo-reply
iptables -A FORWARD -p icmp --icmp-type echo-request
iptables -A FORWARD -p icmp --icmp-type echo-reply
iptables -A OUTPUT -p icmp --icmp-type echo-request
iptables -A OUTPUT -p icmp --icmp-type echo-reply
ip netns exec a ping -c 1 192.0.2.1
ip netns exec a ping -c 2 -i 0.2 192.0.2.2
ping -c 3 -i 0.2 192.0.2.2
iptables -L INPUT -v -n -x
iptables -L FORWARD -v -n -x
iptables -L OUTPUT -v -n -x
