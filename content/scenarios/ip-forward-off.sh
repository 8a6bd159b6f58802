# ip_forward=0: a ping for the router itself, and a ping for b through it
# claims: S6
#
# A new namespace starts with net.ipv4.ip_forward=0. a pings the router's address on the far
# side (192.0.2.1), then b through the router. Then "sysctl -w net.ipv4.ip_forward=1" and a
# pings b again. INPUT and FORWARD have counting rules for echo requests.
# tcpdump listens on eth1 and eth2.
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24  default (router, ip_forward 0, then 1)
#                          eth2 192.0.2.1/24 --- eth0 192.0.2.2/24  b
#   a: default via 10.0.0.254     b: default via 192.0.2.1
ip netns add a
ip netns add b
ip link add eth1 type veth peer name eth0 netns a
ip link add eth2 type veth peer name eth0 netns b
ip addr add 10.0.0.254/24 dev eth1
ip addr add 192.0.2.1/24 dev eth2
ip link set eth1 up
ip link set eth2 up
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.0.254
ip netns exec b ip addr add 192.0.2.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 192.0.2.1
iptables -t mangle -A PREROUTING -p icmp --icmp-type echo-request
iptables -A INPUT -p icmp --icmp-type echo-request
iptables -A FORWARD -p icmp --icmp-type echo-request
tcpdump -n -i eth1 icmp &
tcpdump -n -i eth2 icmp &
ip netns exec a ping -c 1 -W 1 192.0.2.1
ip netns exec a ping -c 1 -W 1 192.0.2.2
sysctl -w net.ipv4.ip_forward=1
ip netns exec a ping -c 1 -W 1 192.0.2.2
iptables -t mangle -L PREROUTING -v -n -x
iptables -L INPUT -v -n -x
iptables -L FORWARD -v -n -x
