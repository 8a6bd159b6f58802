# conntrack follows a TCP connection through a stateful firewall
# claims: none
#
# fw forwards between client and web and runs a stateful filter: FORWARD accepts packets of
# ESTABLISHED connections and NEW connections to port 80; everything else meets the DROP
# policy. client opens a connection to web's port 80 and keeps it idle for 3 s
# (`nc -w 3 ... &`, in the background); fw's `conntrack -L` runs one second in. client then
# tries port 81, which web REJECTs with an ICMP port unreachable. After client closes,
# `conntrack -L` and the FORWARD counters are listed on fw again.
# tcpdump listens on eth2 in fw.
#
#   client eth0 10.0.1.2/24 --- eth1 10.0.1.1/24  fw (ip_forward=1)  eth2 10.0.2.1/24 --- eth0 10.0.2.2/24 web
#   client: default via 10.0.1.1   web: default via 10.0.2.1 (nc -lk 80; INPUT -p tcp --dport 81 -j REJECT)
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
ip netns exec web iptables -A INPUT -p tcp --dport 81 -j REJECT
ip netns exec fw iptables -P FORWARD DROP
ip netns exec fw iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec fw iptables -A FORWARD -p tcp --dport 80 -m conntrack --ctstate NEW -j ACCEPT
ip netns exec fw iptables -A FORWARD -p tcp --dport 81 -m conntrack --ctstate NEW -j ACCEPT
ip netns exec fw tcpdump -n -i eth2 tcp or icmp &
ip netns exec web nc -lk 80 &
ip netns exec client nc -w 3 10.0.2.2 80 &
sleep 1
ip netns exec fw conntrack -L
ip netns exec client nc -z 10.0.2.2 81
sleep 3
ip netns exec fw conntrack -L
ip netns exec fw iptables -L FORWARD -v -n -x
