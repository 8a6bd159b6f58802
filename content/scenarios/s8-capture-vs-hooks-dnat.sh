# "Port publishing" with ICMP: what each capture point shows of a DNATed ping
# claims: S9, S8
#
# The host DNATs echo requests for its public address 203.0.113.1 to the container web
# (172.17.0.2); INPUT and FORWARD have counting rules. client pings 203.0.113.1 twice.
# tcpdump listens on eth0, docker0, vethW and eth0 in web.
#
#   client eth0 203.0.113.10/24 --- eth0 203.0.113.1/24   default (the host, ip_forward=1)
#   web    eth0 172.17.0.2/24   --- vethW -[docker0 172.17.0.1/24]
#   client: default via 203.0.113.1    web: default via 172.17.0.1
ip netns add client
ip netns add web
ip link add docker0 type bridge
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add eth0 type veth peer name eth0 netns client
ip link add vethW type veth peer name eth0 netns web
ip link set vethW master docker0
ip addr add 203.0.113.1/24 dev eth0
ip addr add 172.17.0.1/24 dev docker0
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
iptables -A INPUT -p icmp
iptables -A FORWARD -p icmp
tcpdump -n -i eth0 icmp &
tcpdump -n -i docker0 icmp &
tcpdump -n -i vethW icmp &
ip netns exec web tcpdump -n -i eth0 icmp &
ip netns exec client ping -c 2 -i 0.2 203.0.113.1
iptables -t nat -L PREROUTING -v -n -x
iptables -L INPUT -v -n -x
iptables -L FORWARD -v -n -x
conntrack -L
