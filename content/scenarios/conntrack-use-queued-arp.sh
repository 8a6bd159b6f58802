# A packet waiting for ARP holds a reference on its conntrack entry: use=2, use=4
# claims: none
#
# conntrack -L prints an entry's reference count as use=N. The table itself holds one; every
# packet that points to the entry (skb->_nfct) holds another. a pings 10.0.0.9, on its subnet,
# where nobody answers ARP: the echo requests wait in the neighbour's queue (arp_queue) while
# ARP asks (three probes, one a second), each keeping its reference. After one request the
# entry shows use=2; after three more requests of another ping (another id: another entry),
# use=4. When ARP gives up (about 3 s after the first probe) the queue is freed, and with it
# the references: use=1.
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b
ip netns add a
ip netns add b
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec a iptables -A OUTPUT -m conntrack --ctstate NEW
ip netns exec a ping -c 1 -W 1 10.0.0.9
ip netns exec a conntrack -L
ip netns exec a ping -c 3 -i 0.2 -W 1 10.0.0.8
ip netns exec a conntrack -L
ip netns exec a sleep 4
ip netns exec a conntrack -L
