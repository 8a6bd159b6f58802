# REDIRECT in nat OUTPUT: the host's own connection to port 80 lands on its port 8080
# claims: none
#
# A process on the host connects to its own address 203.0.113.1, port 80. nat OUTPUT
# REDIRECTs it (the destination is local: -m addrtype --dst-type LOCAL) to 127.0.0.1:8080,
# where nc listens: a locally generated packet is redirected to the loopback address.
# The capture on lo shows 127.0.0.1:8080 on the wire; conntrack keeps the original tuple.
#
#   default: lo up, eth0 203.0.113.1/24 (its peer in namespace peer)
ip netns add peer
ip link add eth0 type veth peer name eth0 netns peer
ip addr add 203.0.113.1/24 dev eth0
ip link set eth0 up
ip link set lo up
iptables -t nat -A OUTPUT -p tcp --dport 80 -m addrtype --dst-type LOCAL -j REDIRECT --to-ports 8080
iptables -t nat -A OUTPUT -p tcp --dport 80 -j ACCEPT
tcpdump -n -i lo tcp &
nc -l 8080 &
nc -z 203.0.113.1 80
iptables -t nat -L OUTPUT -v -n -x
conntrack -L
