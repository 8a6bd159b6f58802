# tcpdump sees a packet before PREROUTING on the way in and after POSTROUTING on the way out
# claims: S9, S8
#
# "Port publishing" with ICMP: the host DNATs echo requests for its public address
# 203.0.113.1 to the container web (172.17.0.2). eth0 shows the request as it arrived (dst
# 203.0.113.1: the capture is before PREROUTING, where DNAT happens) and the reply as it left
# (src 203.0.113.1: de-DNATed in POSTROUTING, before the capture). docker0, vethW and web see
# 172.17.0.2. The DNATed request goes to FORWARD, not INPUT; the DNAT rule counts the first
# packet only.
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
