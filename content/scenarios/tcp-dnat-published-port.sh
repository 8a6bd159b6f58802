# A published port: DNAT sends host:8080 to the container's port 80
# claims: S8
#
# The host publishes web's port 80 as its own port 8080 with the DNAT rule that
# `docker run -p 8080:80` adds (Docker adds filter and MASQUERADE rules too; lesson 7.1):
# -t nat -A PREROUTING -d 203.0.113.1 -p tcp --dport 8080 -j DNAT --to-destination
# 172.17.0.2:80. INPUT and FORWARD have counting rules. client connects to
# 203.0.113.1:8080 and closes.
# tcpdump listens on eth0, docker0 and eth0 in web.
#
#   client eth0 203.0.113.10/24 --- eth0 203.0.113.1/24   default (the host, ip_forward=1)
#   web    eth0 172.17.0.2/24   --- vethW -[docker0 172.17.0.1/24]
#   client: default via 203.0.113.1    web: default via 172.17.0.1 (nc -l 80)
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
iptables -t nat -A PREROUTING -d 203.0.113.1 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
iptables -A INPUT -p tcp
iptables -A FORWARD -p tcp
tcpdump -n -i eth0 tcp &
tcpdump -n -i docker0 tcp &
ip netns exec web tcpdump -n -i eth0 tcp &
ip netns exec web nc -l 80 &
ip netns exec client nc -z 203.0.113.1 8080
iptables -t nat -L PREROUTING -v -n -x
iptables -L INPUT -v -n -x
iptables -L FORWARD -v -n -x
conntrack -L
