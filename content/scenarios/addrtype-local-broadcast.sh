# -m addrtype: what the kernel's local table says an address is (LOCAL or UNICAST, per device)
# claims: none
#
# client pings the host's address on eth0 (10.0.0.1) and its address on eth1 (10.1.0.1,
# reached through eth0). INPUT counts each kind: 10.1.0.1 is LOCAL, but with --limit-iface-in
# only for packets that came in on eth1, so the request on eth0 counts as UNICAST. OUTPUT's
# --limit-iface-out does the same for the replies' source. Nothing here is BROADCAST.
#
#   client eth0 10.0.0.2/24 --- eth0 10.0.0.1/24 default eth1 10.1.0.1/24 --- eth1 peer
#   client: 10.1.0.0/24 via 10.0.0.1
ip netns add client
ip netns add peer
ip link add eth0 type veth peer name eth0 netns client
ip link add eth1 type veth peer name eth1 netns peer
ip addr add 10.0.0.1/24 dev eth0
ip addr add 10.1.0.1/24 dev eth1
ip link set eth0 up
ip link set eth1 up
ip netns exec peer ip link set eth1 up
ip netns exec client ip addr add 10.0.0.2/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec client ip route add 10.1.0.0/24 via 10.0.0.1
iptables -A INPUT -p icmp -m addrtype --dst-type LOCAL
iptables -A INPUT -p icmp -m addrtype --dst-type LOCAL --limit-iface-in
iptables -A INPUT -p icmp -m addrtype --dst-type UNICAST --limit-iface-in
iptables -A INPUT -p icmp -m addrtype --dst-type BROADCAST
iptables -A INPUT -p icmp -m addrtype --dst-type BROADCAST --limit-iface-in
iptables -A INPUT -p icmp -m addrtype --src-type UNICAST ! --dst-type MULTICAST
iptables -A OUTPUT -p icmp -m addrtype --src-type LOCAL --limit-iface-out
tcpdump -n -i eth0 icmp &
ip netns exec client ping -c 1 10.0.0.1
ip netns exec client ping -c 1 10.1.0.1
iptables -L -v -n -x
