# With ip_forward=1 a reply de-SNATed at a bridge port is bridged on to its host (bridged DNAT)
# claims: none
#
# The same as fuzz-bridged-denat-needs-forwarding, with ip_forward=1 in r: the de-SNATed RST is
# routed back into br0 ("bridged DNAT"). r does not know c2's MAC yet, so the RST leaves through
# br0's neighbour output (tcpdump on br0 sees it a second time) and is bridged on to veth2;
# c2's connect fails at once and there is no retransmission.
#
#   c1 eth0 10.0.1.2/24 --- veth1 -[br0 10.0.1.1/24 in r]- veth2 --- eth0 10.0.1.3/24 c2
#   r: POSTROUTING -m physdev --physdev-is-bridged -j SNAT --to-source 10.0.2.1
ip netns add r
ip netns add c1
ip netns add c2
ip netns exec r ip link add br0 type bridge
ip netns exec r ip link add veth1 type veth peer name eth0 netns c1
ip netns exec r ip link set veth1 master br0
ip netns exec r ip link add veth2 type veth peer name eth0 netns c2
ip netns exec r ip link set veth2 master br0
ip netns exec r ip addr add 10.0.1.1/24 dev br0
ip netns exec r ip link set br0 up
ip netns exec r ip link set veth1 up
ip netns exec r ip link set veth2 up
ip netns exec c1 ip addr add 10.0.1.2/24 dev eth0
ip netns exec c1 ip link set eth0 up
ip netns exec c1 ip route add default via 10.0.1.1
ip netns exec c2 ip addr add 10.0.1.3/24 dev eth0
ip netns exec c2 ip link set eth0 up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r iptables -t nat -A POSTROUTING -m physdev --physdev-is-bridged -j SNAT --to-source 10.0.2.1
ip netns exec r tcpdump -n -i br0 tcp &
ip netns exec r tcpdump -n -i veth2 tcp &
ip netns exec c2 nc -z -w 2 10.0.1.2 8080
ip netns exec r conntrack -L
ip netns exec r iptables -t nat -L POSTROUTING -v -n -x
