# A TCP connection held open, then closed: both ends' sockets and three conntrack tables
# claims: none
#
# client opens a connection to web's port 80 through fw and keeps it idle for 3 s
# (`nc -w 3 ... &`, in the background). One second in, `ss -tan` shows it ESTAB on both ends
# (web also lists its listener, LISTEN), and every namespace whose rules use conntrack keeps an
# entry for it: ESTABLISHED and [ASSURED] (the handshake's last ACK passed), with the 5-day
# timeout. At 3 s client closes first: the FINs cross fw, web's nc closes on the client's FIN,
# and after the last ACK the client's socket waits in TIME-WAIT (60 s) while web's is gone
# (web still listens: `nc -lk`). Every conntrack entry is in TIME_WAIT (2 minutes).
# client names its port (40000), so the listings are the same on every run.
#
#   client eth0 10.0.1.2/24 --- eth1 10.0.1.1/24  fw (ip_forward=1)  eth2 10.0.2.1/24 --- eth0 10.0.2.2/24 web
#   client: default via 10.0.1.1   web: default via 10.0.2.1 (nc -lk 80)
#   fw: FORWARD policy DROP, ESTABLISHED,RELATED and NEW to port 80 accepted
#   client and web: INPUT drops ctstate INVALID (a conntrack rule: their conntrack runs too)
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
ip netns exec fw iptables -P FORWARD DROP
ip netns exec fw iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec fw iptables -A FORWARD -p tcp --dport 80 -m conntrack --ctstate NEW -j ACCEPT
ip netns exec client iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec web iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec fw tcpdump -n -i eth2 tcp &
ip netns exec web nc -lk 80 &
ip netns exec client nc -w 3 -p 40000 10.0.2.2 80 &
sleep 1
ip netns exec client ss -tan
ip netns exec web ss -tan
ip netns exec client conntrack -L
ip netns exec fw conntrack -L
ip netns exec web conntrack -L
sleep 4
ip netns exec client ss -tan
ip netns exec web ss -tan
ip netns exec client ss -tan state time-wait
ip netns exec client conntrack -L
ip netns exec fw conntrack -L
ip netns exec web conntrack -L
