# -i and -o in FORWARD and INPUT for packets from behind a bridge, and for the host's own ping
# claims: S9, S6
#
# c1 (behind docker0, port vethA) pings c2 (behind br0, port vethB) through the host.
# FORWARD has counting rules with -i/-o for the bridges and the ports, and with -m physdev.
# Then c1 and the host itself ping br0's address 172.18.0.1; INPUT has counting rules with
# -i docker0, vethA, br0 and lo.
# tcpdump listens on lo.
#
#   c1 eth0 172.17.0.2/24 --- vethA -[docker0 172.17.0.1/24]   default (the host, ip_forward=1, lo up)
#   c2 eth0 172.18.0.2/24 --- vethB -[br0     172.18.0.1/24]
#   c1: default via 172.17.0.1      c2: default via 172.18.0.1
ip netns add c1
ip netns add c2
ip link add docker0 type bridge
ip link add br0 type bridge
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add vethA type veth peer name eth0 netns c1
ip link add vethB type veth peer name eth0 netns c2
ip link set vethA master docker0
ip link set vethB master br0
ip addr add 172.17.0.1/24 dev docker0
ip addr add 172.18.0.1/24 dev br0
ip link set lo up
ip link set docker0 up
ip link set br0 up
ip link set vethA up
ip link set vethB up
sysctl -w net.ipv4.ip_forward=1
ip netns exec c1 ip addr add 172.17.0.2/24 dev eth0
ip netns exec c1 ip link set eth0 up
ip netns exec c1 ip route add default via 172.17.0.1
ip netns exec c2 ip addr add 172.18.0.2/24 dev eth0
ip netns exec c2 ip link set eth0 up
ip netns exec c2 ip route add default via 172.18.0.1
sleep 2.5
iptables -A FORWARD -p icmp -i docker0 -o br0
iptables -A FORWARD -p icmp -i vethA
iptables -A FORWARD -p icmp -i br0 -o docker0
iptables -A FORWARD -p icmp -o vethB
iptables -A FORWARD -p icmp -m physdev --physdev-in vethA
iptables -A FORWARD -p icmp -m physdev --physdev-out vethB
iptables -A INPUT -p icmp -i docker0
iptables -A INPUT -p icmp -i vethA
iptables -A INPUT -p icmp -i br0
iptables -A INPUT -p icmp -i lo
tcpdump -n -i lo &
ip netns exec c1 ping -c 1 172.18.0.2
ip netns exec c1 ping -c 1 172.18.0.1
ping -c 1 172.18.0.1
iptables -L FORWARD -v -n -x
iptables -L INPUT -v -n -x
