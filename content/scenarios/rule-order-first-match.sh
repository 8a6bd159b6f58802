# Rule order in FORWARD: ACCEPT and DROP rules for the same packets
# claims: none
#
# FORWARD: ACCEPTs for ICMP to and from 192.0.2.2, then a DROP of all ICMP, then ACCEPTs for
# ICMP to 192.0.2.3. a pings 192.0.2.2 and 192.0.2.3; then "iptables -I" puts ACCEPTs for
# 192.0.2.3 at the top and a pings 192.0.2.3 again. The counters are listed at the end.
# tcpdump listens on eth2.
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24  default (router, ip_forward=1)
#                          eth2 192.0.2.1/24 --- eth0 192.0.2.2/24 + 192.0.2.3/24  b
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
iptables -A FORWARD -p icmp -d 192.0.2.2 -j ACCEPT
iptables -A FORWARD -p icmp -s 192.0.2.2 -j ACCEPT
iptables -A FORWARD -p icmp -j DROP
iptables -A FORWARD -p icmp -d 192.0.2.3 -j ACCEPT
tcpdump -n -i eth2 icmp &
ip netns exec a ping -c 1 -W 1 192.0.2.2
ip netns exec a ping -c 1 -W 1 192.0.2.3
iptables -I FORWARD -p icmp -d 192.0.2.3 -j ACCEPT
iptables -I FORWARD -p icmp -s 192.0.2.3 -j ACCEPT
ip netns exec a ping -c 1 -W 1 192.0.2.3
iptables -L FORWARD -v -n -x
iptables -S FORWARD
