# INPUT or FORWARD for a container's pings to the host's addresses and beyond
# claims: S6
#
# c1 pings, one after the other: docker0's address, br0's address, eth0's address, 8.8.8.8,
# and c2. INPUT and FORWARD have the same counting rules, one per destination and one each
# for -i docker0 and -i vethA; a Docker-style MASQUERADE is in nat POSTROUTING.
#
#   c1 eth0 172.17.0.2/24 --- vethA -[docker0 172.17.0.1/24]   default (the host, ip_forward=1)
#   c2 eth0 172.18.0.2/24 --- vethB -[br0     172.18.0.1/24]
#                                     eth0    192.0.2.1/24 --- eth0 192.0.2.2/24 inet (8.8.8.8 on lo)
#   host: default via 192.0.2.2, -t nat -A POSTROUTING -s 172.17.0.0/24 -o eth0 -j MASQUERADE
ip netns add c1
ip netns add c2
ip netns add inet
ip link add docker0 type bridge
ip link add br0 type bridge
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add vethA type veth peer name eth0 netns c1
ip link add vethB type veth peer name eth0 netns c2
ip link add eth0 type veth peer name eth0 netns inet
ip link set vethA master docker0
ip link set vethB master br0
ip addr add 172.17.0.1/24 dev docker0
ip addr add 172.18.0.1/24 dev br0
ip addr add 192.0.2.1/24 dev eth0
ip link set docker0 up
ip link set br0 up
ip link set vethA up
ip link set vethB up
ip link set eth0 up
ip route add default via 192.0.2.2
sysctl -w net.ipv4.ip_forward=1
ip netns exec c1 ip addr add 172.17.0.2/24 dev eth0
ip netns exec c1 ip link set eth0 up
ip netns exec c1 ip route add default via 172.17.0.1
ip netns exec c2 ip addr add 172.18.0.2/24 dev eth0
ip netns exec c2 ip link set eth0 up
ip netns exec c2 ip route add default via 172.18.0.1
ip netns exec inet ip addr add 192.0.2.2/24 dev eth0
ip netns exec inet ip addr add 8.8.8.8/32 dev lo
ip netns exec inet ip link set eth0 up
iptables -t nat -A POSTROUTING -s 172.17.0.0/24 -o eth0 -j MASQUERADE
iptables -A INPUT -s 172.17.0.2 -p icmp --icmp-type echo-request -d 172.17.0.1
iptables -A INPUT -s 172.17.0.2 -p icmp --icmp-type echo-request -d 172.18.0.1
iptables -A INPUT -s 172.17.0.2 -p icmp --icmp-type echo-request -d 192.0.2.1
iptables -A INPUT -s 172.17.0.2 -p icmp --icmp-type echo-request -d 8.8.8.8
iptables -A INPUT -s 172.17.0.2 -p icmp --icmp-type echo-request -d 172.18.0.2
iptables -A INPUT -s 172.17.0.2 -p icmp --icmp-type echo-request -i docker0
iptables -A INPUT -s 172.17.0.2 -p icmp --icmp-type echo-request -i vethA
iptables -A FORWARD -s 172.17.0.2 -p icmp --icmp-type echo-request -d 172.17.0.1
iptables -A FORWARD -s 172.17.0.2 -p icmp --icmp-type echo-request -d 172.18.0.1
iptables -A FORWARD -s 172.17.0.2 -p icmp --icmp-type echo-request -d 192.0.2.1
iptables -A FORWARD -s 172.17.0.2 -p icmp --icmp-type echo-request -d 8.8.8.8
iptables -A FORWARD -s 172.17.0.2 -p icmp --icmp-type echo-request -d 172.18.0.2
iptables -A FORWARD -s 172.17.0.2 -p icmp --icmp-type echo-request -i docker0
iptables -A FORWARD -s 172.17.0.2 -p icmp --icmp-type echo-request -i vethA
ip netns exec c1 ping -c 1 172.17.0.1
ip netns exec c1 ping -c 1 172.18.0.1
ip netns exec c1 ping -c 1 192.0.2.1
ip netns exec c1 ping -c 1 8.8.8.8
ip netns exec c1 ping -c 1 172.18.0.2
iptables -L INPUT -v -n -x
iptables -L FORWARD -v -n -x
iptables -t nat -L POSTROUTING -v -n -x
