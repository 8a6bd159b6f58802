# REJECT and DROP in FORWARD: what a hears back
# claims: none
#
# The router filters a's echo requests in FORWARD: to 192.0.2.2 with REJECT (no option), to
# 192.0.2.3 with "--reject-with icmp-host-prohibited", to 192.0.2.4 with DROP. a pings each
# once.
# tcpdump listens on eth1 and eth2.
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24  default (router, ip_forward=1)
#                          eth2 192.0.2.1/24 --- eth0 192.0.2.2/24 + .3 + .4  b
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
ip netns exec b ip addr add 192.0.2.4/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 192.0.2.1
iptables -A FORWARD -p icmp -d 192.0.2.2 -j REJECT
iptables -A FORWARD -p icmp -d 192.0.2.3 -j REJECT --reject-with icmp-host-prohibited
iptables -A FORWARD -p icmp -d 192.0.2.4 -j DROP
tcpdump -n -i eth1 icmp &
tcpdump -n -i eth2 icmp &
ip netns exec a ping -c 1 -W 1 192.0.2.2
ip netns exec a ping -c 1 -W 1 192.0.2.3
ip netns exec a ping -c 1 -W 1 192.0.2.4
iptables -L FORWARD -v -n -x
iptables -S FORWARD
