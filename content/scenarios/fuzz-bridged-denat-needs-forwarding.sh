# A reply de-SNATed at a bridge port to a host on the same bridge is dropped when ip_forward is 0
# claims: none
#
# Found by the kernel fuzzer (seed 2219, shrunk). c1 and c2 share br0 in r; with
# bridge-nf-call-iptables=1 (the default) bridged packets meet POSTROUTING, where r SNATs them to
# 10.0.2.1. c2 connects to c1's closed port 8080: the SYN reaches c1 from 10.0.2.1, and c1's RST
# goes to its gateway (br0's MAC). At the port, PREROUTING de-SNATs it back to 10.0.1.3: the
# destination changed, so br_netfilter routes it. With forwarding off, ip_route_input gives a
# non-local destination an "unreachable" route and returns 0, so the packet is not bridged back
# (the kernel's "bridged DNAT does not need ip_forward" fallback only runs on an error): it goes
# up to br0, where tcpdump sees it, and dies there without an ICMP error. c2 never gets the RST
# and retransmits its SYN after 1 s; that one meets the same fate.
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
ip netns exec r iptables -t nat -A POSTROUTING -m physdev --physdev-is-bridged -j SNAT --to-source 10.0.2.1
ip netns exec r tcpdump -n -i br0 tcp &
ip netns exec r tcpdump -n -i veth2 tcp &
ip netns exec c2 nc -z -w 2 10.0.1.2 8080
ip netns exec r conntrack -L
ip netns exec r iptables -t nat -L POSTROUTING -v -n -x
