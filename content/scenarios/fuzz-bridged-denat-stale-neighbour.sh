# A de-SNATed reply bridged back to a STALE neighbour leaves through the bridge's neighbour output
# claims: none
#
# Found by the kernel fuzzer (seeds 3113, 3155, shrunk). c1 and c2 share br0; the host SNATs
# bridged packets that leave by veth1 to 203.0.113.9, so c1's echo reply goes to its gateway
# (br0's MAC) and PREROUTING at veth1 de-SNATs it to 10.0.1.3, on br0 itself: br_netfilter's
# "bridged DNAT". The host knows c2's MAC, but only as STALE/DELAY (from c2's ARP request and
# the ICMP error it got): br_nf_pre_routing_finish_bridge takes its fast path only for a
# NUD_CONNECTED (REACHABLE) neighbour, so the reply goes out through br0's neighbour output.
# tcpdump -e on br0 shows it three times: leaving br0 (br0 -> c2), bridged on with c1's source
# MAC restored (br0 is promiscuous while tcpdump listens), and leaving br0 again.
#
#   c1 eth0 10.0.1.2/24 --- veth1 -[br0 10.0.1.1/24]- veth2 --- eth0 10.0.1.3/24 c2
#   POSTROUTING -m physdev --physdev-out veth1 -j SNAT --to-source 203.0.113.9; ip_forward=1
ip netns add c1
ip netns add c2
ip link add br0 type bridge
ip link add veth1 type veth peer name eth0 netns c1
ip link set veth1 master br0
ip link add veth2 type veth peer name eth0 netns c2
ip link set veth2 master br0
ip addr add 10.0.1.1/24 dev br0
ip link set br0 up
ip link set veth1 up
ip link set veth2 up
ip netns exec c1 ip addr add 10.0.1.2/24 dev eth0
ip netns exec c1 ip link set eth0 up
ip netns exec c1 ip route add default via 10.0.1.1
ip netns exec c2 ip addr add 10.0.1.3/24 dev eth0
ip netns exec c2 ip link set eth0 up
ip netns exec c2 ip route add default via 10.0.1.1
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A POSTROUTING -m physdev --physdev-out veth1 -j SNAT --to-source 203.0.113.9
tcpdump -n -e -i br0 icmp &
ip netns exec c2 tcpdump -n -i eth0 icmp &
ip netns exec c2 ping -c 1 -i 0.2 -W 1 -t 3 10.0.2.2
ip netns exec c2 ping -c 2 -i 0.2 -W 1 10.0.1.2
iptables -t nat -L POSTROUTING -v -n -x
