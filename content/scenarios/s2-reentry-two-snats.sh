# A packet that crosses the host twice, with an SNAT rule for each pass
# claims: S2
#
# vasya's ping leaves the host by eth3 and comes back in on eth5 (through the helper
# namespace) before it leaves by eth4. Rule 1 (-o eth3) SNATs to 100.64.0.1, rule 2 (-o eth4)
# to 110.45.56.67.
# tcpdump listens on eth1, eth3, eth5 and eth4.
#
#   vasya eth0 10.10.10.10/24 --- eth1 10.10.10.1/24   default (the host)
#                                 eth3 172.30.3.1/24 --- eth0 172.30.3.2/24  helper
#                                 eth5 172.30.5.1/24 --- eth1 172.30.5.2/24  helper
#                                 eth4 192.0.2.1/24  --- eth0 192.0.2.2/24   inet (8.8.8.8 on lo)
#   host:   ip rule iif eth1 -> table 100: default via 172.30.3.2 (out eth3)
#           main table: default via 192.0.2.2 (out eth4)
#   helper: default via 172.30.5.1 (back into the host on eth5)
#   Every echo request crosses the host twice: eth1 -> eth3, then eth5 -> eth4.
ip netns add vasya
ip netns add helper
ip netns add inet
ip link add eth1 type veth peer name eth0 netns vasya
ip link add eth3 type veth peer name eth0 netns helper
ip link add eth5 type veth peer name eth1 netns helper
ip link add eth4 type veth peer name eth0 netns inet
ip addr add 10.10.10.1/24 dev eth1
ip addr add 172.30.3.1/24 dev eth3
ip addr add 172.30.5.1/24 dev eth5
ip addr add 192.0.2.1/24 dev eth4
ip link set eth1 up
ip link set eth3 up
ip link set eth5 up
ip link set eth4 up
sysctl -w net.ipv4.ip_forward=1
ip route add default via 192.0.2.2 dev eth4
ip rule add iif eth1 lookup 100
ip route add default via 172.30.3.2 dev eth3 table 100
ip route add 100.64.0.1 via 172.30.5.2 dev eth5
ip netns exec vasya ip addr add 10.10.10.10/24 dev eth0
ip netns exec vasya ip link set eth0 up
ip netns exec vasya ip route add default via 10.10.10.1
ip netns exec helper ip addr add 172.30.3.2/24 dev eth0
ip netns exec helper ip addr add 172.30.5.2/24 dev eth1
ip netns exec helper ip link set eth0 up
ip netns exec helper ip link set eth1 up
ip netns exec helper sysctl -w net.ipv4.ip_forward=1
ip netns exec helper ip route add default via 172.30.5.1 dev eth1
ip netns exec helper ip route add 100.64.0.1 via 172.30.3.1 dev eth0
ip netns exec inet ip addr add 192.0.2.2/24 dev eth0
ip netns exec inet ip addr add 8.8.8.8/32 dev lo
ip netns exec inet ip link set eth0 up
ip netns exec inet ip route add default via 192.0.2.1
iptables -t nat -A POSTROUTING -o eth3 -j SNAT --to-source 100.64.0.1
iptables -t nat -A POSTROUTING -o eth4 -j SNAT --to-source 110.45.56.67
tcpdump -n -i eth1 icmp &
tcpdump -n -i eth3 icmp &
tcpdump -n -i eth5 icmp &
tcpdump -n -i eth4 icmp &
ip netns exec vasya ping -c 2 -i 0.2 -W 1 8.8.8.8
iptables -t nat -L POSTROUTING -v -n -x
conntrack -L
