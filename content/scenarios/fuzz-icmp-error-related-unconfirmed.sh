# An ICMP error a router sends is RELATED, even to a connection conntrack never confirmed
# claims: none
#
# Found by the kernel fuzzer (seed 7203). The router has no route to 172.16.0.1, so client's
# echo requests die at its routing decision, before conntrack could confirm their entry, and the
# router answers each with ICMP net unreachable. icmp_send attaches the request's entry to the
# error (nf_ct_attach), in the reply direction: in OUTPUT the error is RELATED, so a rule that
# drops NEW, ESTABLISHED and INVALID packets lets it out, and the RELATED rule counts it.
# conntrack -L stays empty: the request's entry was never confirmed, and the error does not
# confirm it.
#
#   client eth0 10.0.1.2/24 --- eth1 10.0.1.1/24 router (ip_forward=1, no route to 172.16.0.0/24)
#   client: default via 10.0.1.1
ip netns add client
ip link add eth1 type veth peer name eth0 netns client
ip addr add 10.0.1.1/24 dev eth1
ip link set eth1 up
ip netns exec client ip addr add 10.0.1.2/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec client ip route add default via 10.0.1.1
sysctl -w net.ipv4.ip_forward=1
iptables -A OUTPUT -m state --state RELATED -j ACCEPT
iptables -A OUTPUT -m state --state NEW,ESTABLISHED,INVALID -j DROP
tcpdump -n -i eth1 icmp &
ip netns exec client ping -c 2 -i 0.2 -W 1 172.16.0.1
iptables -L OUTPUT -v -n -x
conntrack -L
