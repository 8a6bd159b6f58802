# A reset ends a connection attempt: from a closed port, and from REJECT --reject-with tcp-reset
# claims: none
#
# client tries web's port 82, where nothing listens: web's kernel answers the SYN with a reset
# (`Flags [R.]`). Then port 81, which fw refuses in FORWARD with
# `REJECT --reject-with tcp-reset`: the reset comes from fw, in web's name, and web never sees
# the SYN. Either way client's connect() fails at once ("connection refused") and no socket is
# left: `ss -tan` on client lists none. conntrack forgets both: a reset that is the only reply
# deletes the entry at once (client, and web for port 82), and fw never confirmed an entry for
# the SYN it rejected. web's listener on 81 stays idle (LISTEN, nobody queued).
#
#   client eth0 10.0.1.2/24 --- eth1 10.0.1.1/24  fw (ip_forward=1)  eth2 10.0.2.1/24 --- eth0 10.0.2.2/24 web
#   client: default via 10.0.1.1   web: default via 10.0.2.1 (nc -lk 81)
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
ip netns exec fw iptables -A FORWARD -p tcp --dport 81 -j REJECT --reject-with tcp-reset
ip netns exec web iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec fw tcpdump -n -i eth1 tcp &
ip netns exec web nc -lk 81 &
ip netns exec client nc -z -p 40000 10.0.2.2 82
ip netns exec client ss -tan
ip netns exec client conntrack -L
ip netns exec web conntrack -L
ip netns exec client nc -z -p 40001 10.0.2.2 81
ip netns exec client ss -tan
ip netns exec web ss -tan
ip netns exec client conntrack -L
ip netns exec fw conntrack -L
ip netns exec web conntrack -L
ip netns exec fw iptables -L FORWARD -v -n -x
