# tcpdump -i any: every device of the namespace, with its name and the packet's direction
# claims: none
#
# One capture on the pseudo-device `any` sees a packet once on every device of its namespace
# it crosses, going in or out: the bridge port it enters by (`P`: the port is not the frame's
# destination: the bridge has its own MAC here), the bridge, the routed side. Each line starts with the device (padded to 5)
# and the packet type: `In`, `Out`, `B` (broadcast), `M` (multicast), `P` (to another host).
# A ping to the host's own address is seen once, `In` on lo (libpcap skips the outgoing copy
# on lo). Filters work on the cooked frames as on Ethernet ones. A capture on `any` in
# namespace c sees only c's own devices; with -e it prints the cooked header: the ifindex,
# the frame's source MAC, the ethertype and the length with 20 bytes of header.
#
#   a eth0 10.0.0.1/24 --- veth-a -+
#   b eth0 10.0.0.2/24 --- vb -----+[br0 10.0.0.254/24]  default (router)  eth2 10.0.1.254/24 --- eth0 10.0.1.2/24 c
ip netns add a
ip netns add b
ip netns add c
ip link add br0 address 02:00:00:00:01:fe type bridge
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add veth-a type veth peer name eth0 netns a
ip link add vb type veth peer name eth0 netns b
ip link add eth2 type veth peer name eth0 netns c
ip link set veth-a master br0
ip link set vb master br0
ip addr add 10.0.0.254/24 dev br0
ip addr add 10.0.1.254/24 dev eth2
ip link set br0 up
ip link set veth-a up
ip link set vb up
ip link set eth2 up
ip link set lo up
sysctl -w net.ipv4.ip_forward=1
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.0.254
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec c ip addr add 10.0.1.2/24 dev eth0
ip netns exec c ip link set eth0 up
ip netns exec c ip route add default via 10.0.1.254
tcpdump -n -i any &
tcpdump -n -i any arp &
tcpdump -n -i any host 10.0.1.2 and icmp &
ip netns exec c tcpdump -n -i any &
ip netns exec c tcpdump -n -e -i any &
ip netns exec a ping -c 1 10.0.0.2
ip netns exec a ping -c 1 10.0.1.2
ping -c 1 10.0.0.254
