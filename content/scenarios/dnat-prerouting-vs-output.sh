# DNAT in PREROUTING and the host's own packets
# claims: S9
#
# The host publishes 203.0.113.1 for the container web (172.17.0.2) with a PREROUTING DNAT
# rule. The client pings 203.0.113.1; then the host itself pings 203.0.113.1; then a nat
# OUTPUT rule with the same match is added and the host pings 203.0.113.1 again.
# tcpdump listens on lo and eth0 in web.
#
#   client eth0 203.0.113.10/24 --- eth0 203.0.113.1/24   default (the host, ip_forward=1)
#   web    eth0 172.17.0.2/24   --- vethW -[docker0 172.17.0.1/24]
ip netns add client
ip netns add web
ip link add docker0 type bridge
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add eth0 type veth peer name eth0 netns client
ip link add vethW type veth peer name eth0 netns web
ip link set vethW master docker0
ip addr add 203.0.113.1/24 dev eth0
ip addr add 172.17.0.1/24 dev docker0
ip link set lo up
ip link set eth0 up
ip link set docker0 up
ip link set vethW up
sysctl -w net.ipv4.ip_forward=1
ip netns exec client ip addr add 203.0.113.10/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec client ip route add default via 203.0.113.1
ip netns exec web ip addr add 172.17.0.2/24 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec web ip route add default via 172.17.0.1
iptables -t nat -A PREROUTING -d 203.0.113.1 -p icmp -j DNAT --to-destination 172.17.0.2
tcpdump -n -i lo icmp &
ip netns exec web tcpdump -n -i eth0 icmp &
ip netns exec client ping -c 1 203.0.113.1
ping -c 1 203.0.113.1
iptables -t nat -A OUTPUT -d 203.0.113.1 -p icmp -j DNAT --to-destination 172.17.0.2
ping -c 1 203.0.113.1
iptables -t nat -L PREROUTING -v -n -x
iptables -t nat -L OUTPUT -v -n -x
conntrack -L
