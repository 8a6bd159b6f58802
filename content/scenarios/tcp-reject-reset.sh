# REJECT --reject-with tcp-reset answers for the server; plain REJECT sends ICMP; DROP says nothing
# claims: none
#
# fw filters client's connections to web in FORWARD. Port 83 first: DROP, and client hears
# nothing: its kernel sends the SYN again every second until nc gives up after 6 s (-w 6):
# six SYNs, six packets on the DROP counter. Port 81: REJECT --reject-with tcp-reset. fw
# answers the SYN at once with a reset whose source is web's address and port: on client's
# side it is indistinguishable from a closed port (see tcp-closed-port-rst), although web
# listens on 81 and never saw the SYN. Port 82: plain REJECT sends an ICMP port unreachable
# from fw's own address, quoting the SYN. A refusal ends a connection attempt at once; a DROP
# makes the client wait. Neither eth2 nor web ever sees a segment.
#
#   client eth0 10.0.1.2/24 --- eth1 10.0.1.1/24  fw (ip_forward=1)  eth2 10.0.2.1/24 --- eth0 10.0.2.2/24 web
#   client: default via 10.0.1.1   web: default via 10.0.2.1 (nc -lk on 81, 82, 83)
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
ip netns exec fw iptables -A FORWARD -p tcp --dport 81 -j REJECT --reject-with tcp-reset
ip netns exec fw iptables -A FORWARD -p tcp --dport 82 -j REJECT
ip netns exec fw iptables -A FORWARD -p tcp --dport 83 -j DROP
ip netns exec fw tcpdump -n -i eth1 &
ip netns exec fw tcpdump -n -i eth2 &
ip netns exec web nc -lk 81 &
ip netns exec web nc -lk 82 &
ip netns exec web nc -lk 83 &
ip netns exec client nc -z -w 6 10.0.2.2 83
ip netns exec client nc -z 10.0.2.2 81
ip netns exec client nc -z 10.0.2.2 82
ip netns exec fw iptables -L FORWARD -v -n -x
