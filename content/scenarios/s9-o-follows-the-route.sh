# Two ways out: which -o matches, and what decides it
# claims: S9
#
# The host has two ways out: the default route via isp1 (eth2) and a host route for 8.8.4.4
# via isp2 (eth3). vasya pings 8.8.8.8, then 8.8.4.4. Counting rules in mangle POSTROUTING
# (-o) and FORWARD (-i with -o) name each way out. Then a host route for 8.8.8.8 via isp2 is
# added and vasya pings 8.8.8.8 again.
# tcpdump listens on eth2 and eth3.
#
#   vasya eth0 10.10.10.10/24 --- eth1 10.10.10.1/24    default (the host, ip_forward=1)
#                                 eth2 192.0.2.1/24    --- eth0 192.0.2.2/24    isp1
#                                 eth3 198.51.100.1/24 --- eth0 198.51.100.2/24 isp2
#   isp1 and isp2 both own 8.8.8.8 and 8.8.4.4 (on lo) and route 10.10.10.0/24 back.
ip netns add vasya
ip netns add isp1
ip netns add isp2
ip link add eth1 type veth peer name eth0 netns vasya
ip link add eth2 type veth peer name eth0 netns isp1
ip link add eth3 type veth peer name eth0 netns isp2
ip addr add 10.10.10.1/24 dev eth1
ip addr add 192.0.2.1/24 dev eth2
ip addr add 198.51.100.1/24 dev eth3
ip link set eth1 up
ip link set eth2 up
ip link set eth3 up
ip route add default via 192.0.2.2
ip route add 8.8.4.4/32 via 198.51.100.2
sysctl -w net.ipv4.ip_forward=1
ip netns exec vasya ip addr add 10.10.10.10/24 dev eth0
ip netns exec vasya ip link set eth0 up
ip netns exec vasya ip route add default via 10.10.10.1
ip netns exec isp1 ip addr add 192.0.2.2/24 dev eth0
ip netns exec isp1 ip addr add 8.8.8.8/32 dev lo
ip netns exec isp1 ip addr add 8.8.4.4/32 dev lo
ip netns exec isp1 ip link set eth0 up
ip netns exec isp1 ip route add 10.10.10.0/24 via 192.0.2.1
ip netns exec isp2 ip addr add 198.51.100.2/24 dev eth0
ip netns exec isp2 ip addr add 8.8.8.8/32 dev lo
ip netns exec isp2 ip addr add 8.8.4.4/32 dev lo
ip netns exec isp2 ip link set eth0 up
ip netns exec isp2 ip route add 10.10.10.0/24 via 198.51.100.1
iptables -t mangle -A POSTROUTING -p icmp --icmp-type echo-request -o eth1
iptables -t mangle -A POSTROUTING -p icmp --icmp-type echo-request -o eth2
iptables -t mangle -A POSTROUTING -p icmp --icmp-type echo-request -o eth3
iptables -A FORWARD -p icmp --icmp-type echo-request -i eth1 -o eth2
iptables -A FORWARD -p icmp --icmp-type echo-request -i eth1 -o eth3
tcpdump -n -i eth2 icmp &
tcpdump -n -i eth3 icmp &
ip netns exec vasya ping -c 1 8.8.8.8
ip netns exec vasya ping -c 1 8.8.4.4
ip route add 8.8.8.8/32 via 198.51.100.2
ip netns exec vasya ping -c 1 8.8.8.8
ip route
iptables -t mangle -L POSTROUTING -v -n -x
iptables -L FORWARD -v -n -x
