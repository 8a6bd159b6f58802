# The router's own ping from the address of its other interface: which -o does it leave by?
# claims: S9
#
# The router (the default namespace) pings b's 192.0.2.2 twice: once as it is, once with
# -I 10.0.0.254, the address of its eth1. Then a pings b through the router. Counting rules
# in mangle POSTROUTING ask "-o eth1?" and "-o eth2?" of every echo request.
# tcpdump listens on eth1.
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24  default (router, ip_forward=1)
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
sysctl -w net.ipv4.ip_forward=1
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.0.254
ip netns exec b ip addr add 192.0.2.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 192.0.2.1
iptables -t mangle -A POSTROUTING -p icmp --icmp-type echo-request -o eth1
iptables -t mangle -A POSTROUTING -p icmp --icmp-type echo-request -o eth2
tcpdump -n -i eth1 icmp &
ping -c 1 192.0.2.2
ping -c 1 -I 10.0.0.254 192.0.2.2
ip netns exec a ping -c 1 192.0.2.2
iptables -t mangle -L POSTROUTING -v -n -x
