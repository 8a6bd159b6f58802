# A SYN that web's filter drops: the client's socket and three conntrack tables while it retries
# claims: none
#
# web drops TCP to port 80 in INPUT. client's nc connects in the background (`-w 8`) and
# keeps trying. 2.5 s in, `ss -tan` runs on client and web, `conntrack -L` on client, fw and
# web, and the DROP rule's counter is listed on web.
# tcpdump listens on eth0 in client.
#
#   client eth0 10.0.1.2/24 --- eth1 10.0.1.1/24  fw (ip_forward=1)  eth2 10.0.2.1/24 --- eth0 10.0.2.2/24 web
#   client: default via 10.0.1.1   web: default via 10.0.2.1 (nc -l 80; INPUT -p tcp --dport 80 -j DROP)
#   client, fw and web each have a conntrack rule, so their conntrack runs
ip netns add client
ip netns add fw
ip netns add web
ip netns exec fw ip link add eth1 type veth peer name eth0 netns client
ip netns exec fw ip link add eth2 type veth peer name eth0 netns web
ip netns exec fw ip addr add 10.0.1.1/24 dev eth1
ip netns exec fw ip addr add 10.0.2.1/24 dev eth2
ip netns exec fw ip link set eth1 up
ip netns exec fw ip link set eth2 up
ip netns exec fw sysctl -w net.ipv4.ip_forward=1
ip netns exec client ip addr add 10.0.1.2/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec client ip route add default via 10.0.1.1
ip netns exec web ip addr add 10.0.2.2/24 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec web ip route add default via 10.0.2.1
ip netns exec client iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec fw iptables -A FORWARD -m conntrack --ctstate INVALID -j DROP
ip netns exec web iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec web iptables -A INPUT -p tcp --dport 80 -j DROP
ip netns exec client tcpdump -n -i eth0 tcp &
ip netns exec web nc -l 80 &
ip netns exec client nc -w 8 -p 40000 10.0.2.2 80 &
sleep 2.5
ip netns exec client ss -tan
ip netns exec web ss -tan
ip netns exec client conntrack -L
ip netns exec fw conntrack -L
ip netns exec web conntrack -L
ip netns exec web iptables -L INPUT -v -n -x
