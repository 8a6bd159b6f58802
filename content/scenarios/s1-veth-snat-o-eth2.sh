# SNAT with -o eth2 for vasya's traffic to the internet
# claims: S1, S9
#
# The same lab as s1-veth-snat-o-eth1 with "-o eth2" in the SNAT rule. vasya pings 8.8.8.8
# twice.
# tcpdump listens on eth1, eth2 and eth0 in inet.
#
#   vasya                        default (the host)                         inet
#   eth0 10.10.10.10/24 --- eth1 10.10.10.1/24     eth2 192.0.2.1/24 --- eth0 192.0.2.2/24
#   default via 10.10.10.1     default via 192.0.2.2 (ip_forward=1)        8.8.8.8/32 on lo
ip netns add vasya
ip netns add inet
ip link add eth1 type veth peer name eth0 netns vasya
ip link add eth2 type veth peer name eth0 netns inet
ip addr add 10.10.10.1/24 dev eth1
ip addr add 192.0.2.1/24 dev eth2
ip link set eth1 up
ip link set eth2 up
ip route add default via 192.0.2.2
sysctl -w net.ipv4.ip_forward=1
ip netns exec vasya ip addr add 10.10.10.10/24 dev eth0
ip netns exec vasya ip link set eth0 up
ip netns exec vasya ip route add default via 10.10.10.1
ip netns exec inet ip addr add 192.0.2.2/24 dev eth0
ip netns exec inet ip addr add 8.8.8.8/32 dev lo
ip netns exec inet ip link set eth0 up
iptables -t nat -A POSTROUTING -o eth2 -j SNAT --to-source 192.0.2.1
tcpdump -n -i eth1 &
tcpdump -n -i eth2 &
ip netns exec inet tcpdump -n -i eth0 &
ip netns exec vasya ping -c 2 -i 0.2 8.8.8.8
iptables -t nat -L POSTROUTING -v -n -x
conntrack -L
