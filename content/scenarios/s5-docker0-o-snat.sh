# SNAT with -o docker0 for traffic from a docker0 container to a br0 container
# claims: S5, S9
#
# c1 (behind docker0) pings c2 (behind br0) with "-o docker0 -j SNAT --to-source
# 172.16.1.100" in nat POSTROUTING.
# tcpdump listens on docker0, br0 and eth0 in c2.
#
#   c1 eth0 172.17.0.2/24 --- vethA -[docker0 172.17.0.1/24]   default (the host, ip_forward=1)
#   c3 eth0 172.17.0.3/24 --- vethC -/
#   c2 eth0 172.18.0.2/24 --- vethB -[br0     172.18.0.1/24]
#   c1, c3: default via 172.17.0.1      c2: default via 172.18.0.1
# nat POSTROUTING starts with target-less counting rules (-p icmp, so the bridges
ip netns add c1
ip netns add c2
ip netns add c3
ip link add docker0 type bridge
ip link add br0 type bridge
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add vethA type veth peer name eth0 netns c1
ip link add vethC type veth peer name eth0 netns c3
ip link add vethB type veth peer name eth0 netns c2
ip link set vethA master docker0
ip link set vethC master docker0
ip link set vethB master br0
ip addr add 172.17.0.1/24 dev docker0
ip addr add 172.18.0.1/24 dev br0
ip link set docker0 up
ip link set br0 up
ip link set vethA up
ip link set vethC up
ip link set vethB up
sysctl -w net.ipv4.ip_forward=1
ip netns exec c1 ip addr add 172.17.0.2/24 dev eth0
ip netns exec c1 ip link set eth0 up
ip netns exec c1 ip route add default via 172.17.0.1
ip netns exec c3 ip addr add 172.17.0.3/24 dev eth0
ip netns exec c3 ip link set eth0 up
ip netns exec c3 ip route add default via 172.17.0.1
ip netns exec c2 ip addr add 172.18.0.2/24 dev eth0
ip netns exec c2 ip link set eth0 up
ip netns exec c2 ip route add default via 172.18.0.1
sleep 2.5
iptables -t nat -A POSTROUTING -p icmp -o docker0
iptables -t nat -A POSTROUTING -p icmp -o br0
iptables -t nat -A POSTROUTING -p icmp -o vethA
iptables -t nat -A POSTROUTING -p icmp -o vethB
iptables -t nat -A POSTROUTING -p icmp -o vethC
iptables -t nat -A POSTROUTING -p icmp -m physdev --physdev-out vethB
iptables -t nat -A POSTROUTING -p icmp -m physdev --physdev-out vethC
iptables -t nat -A POSTROUTING -o docker0 -j SNAT --to-source 172.16.1.100
tcpdump -n -i docker0 icmp &
tcpdump -n -i br0 icmp &
ip netns exec c2 tcpdump -n -i eth0 icmp &
ip netns exec c1 ping -c 1 172.18.0.2
iptables -t nat -L POSTROUTING -v -n -x
conntrack -L
