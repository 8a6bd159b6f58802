# A host's own rules: marks, connmarks, multiport, tcp flags, iprange, mac, addrtype, REDIRECT
# claims: none
#
# client (203.0.113.10, MAC 02:00:00:00:0c:01) connects to the host's port 80 and 22.
# nat PREROUTING REDIRECTs port 80 to the host's own port 8080, where nc listens: the packet is
# delivered locally, and conntrack shows the reply tuple from 203.0.113.1:8080.
# mangle PREROUTING marks the first packet of a connection (MARK) and saves the mark in the
# connection (CONNMARK --save-mark); later packets get it back (CONNMARK --restore-mark).
# filter INPUT counts what each match sees: the SYN only (--syn), both ports (multiport),
# the marked packets (-m mark), the connection's mark (-m connmark), the client's MAC and
# address range, a local destination (addrtype LOCAL). Port 22 is closed: an RST answers it.
#
#   client eth0 203.0.113.10/24 --- eth0 203.0.113.1/24 default (the host; nc -l 8080)
ip netns add client
ip link add eth0 type veth peer name eth0 netns client
ip netns exec client ip link set eth0 address 02:00:00:00:0c:01
ip addr add 203.0.113.1/24 dev eth0
ip link set eth0 up
ip netns exec client ip addr add 203.0.113.10/24 dev eth0
ip netns exec client ip link set eth0 up
iptables -t nat -A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 8080
iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark
iptables -t mangle -A PREROUTING -m mark --mark 0 -p tcp -m multiport --dports 22,80 -j MARK --set-mark 0x10/0xf0
iptables -t mangle -A PREROUTING -p tcp -m tcp --dport 22 -j MARK --or-mark 0x2
iptables -t mangle -A PREROUTING -j CONNMARK --save-mark
iptables -A INPUT -p tcp --syn
iptables -A INPUT -p tcp ! --tcp-flags SYN,ACK,FIN,RST ACK
iptables -A INPUT -p tcp -m multiport --dports 22,8000:8999
iptables -A INPUT -m mark --mark 0x10/0xf0
iptables -A INPUT -m mark --mark 0x12
iptables -A INPUT -m connmark --mark 0x12
iptables -A INPUT -m mac --mac-source 02:00:00:00:0C:01
iptables -A INPUT -m iprange --src-range 203.0.113.5-203.0.113.20 ! --dst-range 203.0.113.2-203.0.113.254
iptables -A INPUT -m addrtype --dst-type LOCAL --src-type UNICAST
iptables -A INPUT -m addrtype ! --dst-type LOCAL
iptables -A INPUT -s 203.0.113.10,198.51.100.1 -p tcp
tcpdump -n -i eth0 tcp &
nc -l 8080 &
ip netns exec client nc -z 203.0.113.1 80
ip netns exec client nc -z 203.0.113.1 22
iptables -L INPUT -v -n -x
iptables -t mangle -S
iptables -t nat -L PREROUTING -v -n -x
conntrack -L
