# Bridged traffic and the FORWARD chain with br_netfilter: -i/-o and -m physdev
# claims: S5, S6
#
# c1, c2 and c3 share the bridge br0 (bridge-nf-call-iptables=1, as on a host with
# br_netfilter loaded: Docker loads the module). FORWARD has a DROP for echo requests that
# come in through the port vethC, then counting rules: -i br0 -o br0 and -m physdev for the
# ports. c1 pings c3, c1 pings c2, c3 pings c1; the counters are listed at the end.
# tcpdump listens on vethC.
#
#   c1 eth0 10.0.0.1/24 --- vethA -+
#   c2 eth0 10.0.0.2/24 --- vethB -+[br0 10.0.0.254/24]  default (the host)
#   c3 eth0 10.0.0.3/24 --- vethC -+
ip netns add c1
ip netns add c2
ip netns add c3
ip link add br0 type bridge
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add vethA type veth peer name eth0 netns c1
ip link add vethB type veth peer name eth0 netns c2
ip link add vethC type veth peer name eth0 netns c3
ip link set vethA master br0
ip link set vethB master br0
ip link set vethC master br0
ip addr add 10.0.0.254/24 dev br0
ip link set br0 up
ip link set vethA up
ip link set vethB up
ip link set vethC up
ip netns exec c1 ip addr add 10.0.0.1/24 dev eth0
ip netns exec c1 ip link set eth0 up
ip netns exec c2 ip addr add 10.0.0.2/24 dev eth0
ip netns exec c2 ip link set eth0 up
ip netns exec c3 ip addr add 10.0.0.3/24 dev eth0
ip netns exec c3 ip link set eth0 up
iptables -A FORWARD -p icmp -m physdev --physdev-in vethC --icmp-type echo-request -j DROP
iptables -A FORWARD -p icmp -i br0 -o br0
iptables -A FORWARD -p icmp -m physdev --physdev-in vethA
iptables -A FORWARD -p icmp -m physdev --physdev-out vethC
iptables -A FORWARD -p icmp -m physdev --physdev-is-bridged
tcpdump -n -i vethC icmp &
ip netns exec c1 ping -c 1 10.0.0.3
ip netns exec c1 ping -c 1 10.0.0.2
ip netns exec c3 ping -c 1 -W 1 10.0.0.1
iptables -L FORWARD -v -n -x
