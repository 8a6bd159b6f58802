# A bridge with ageing_time 0 floods like a hub: a third host sees a unicast conversation
# claims: none
#
# Found by comparing the engine with the kernel on a script nobody chose: the engine used to
# accept `ageing_time` and ignore it. With ageing_time 0 every learned MAC has expired at once
# (br_fdb has_expired), so the bridge floods b's unicast ARP reply and the pings to every port:
# c's capture shows frames addressed to other MACs, and c's ARP drops the reply as not for it.
ip netns add a
ip netns add b
ip netns add c
ip netns add sw
ip netns exec sw ip link add br0 type bridge
ip netns exec sw sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add p1 netns sw type veth peer name eth0 netns a
ip link add p2 netns sw type veth peer name eth0 netns b
ip link add p3 netns sw type veth peer name eth0 netns c
ip netns exec sw ip link set p1 master br0
ip netns exec sw ip link set p2 master br0
ip netns exec sw ip link set p3 master br0
ip netns exec sw ip link set br0 type bridge ageing_time 0
ip netns exec sw ip link set br0 up
ip netns exec sw ip link set p1 up
ip netns exec sw ip link set p2 up
ip netns exec sw ip link set p3 up
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec c ip addr add 10.0.0.3/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip link set eth0 up
ip netns exec c ip link set eth0 up
ip netns exec c tcpdump -n -e -i eth0 &
ip netns exec a ping -c 1 -W 1 10.0.0.2
ip netns exec c ip neigh show
