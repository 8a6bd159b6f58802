# tcpdump -p on a bridge device: the capture leaves br0 non-promiscuous
# claims: S3, S9
#
# c1 and c2 share the bridge br0, which holds the host's address 10.0.0.254. c1 pings c2 (a
# frame bridged from vethA to vethB) and then the host (a frame addressed to br0's MAC). The
# br0 capture uses -p (bridge-capture-promisc is the same lab without -p).
# tcpdump listens on br0 and vethB.
#
#   c1 eth0 10.0.0.1/24 --- vethA -+[br0 10.0.0.254/24]  default (the host)
#   c2 eth0 10.0.0.2/24 --- vethB -+
ip netns add c1
ip netns add c2
ip link add br0 type bridge
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add vethA type veth peer name eth0 netns c1
ip link add vethB type veth peer name eth0 netns c2
ip link set vethA master br0
ip link set vethB master br0
ip addr add 10.0.0.254/24 dev br0
ip link set br0 up
ip link set vethA up
ip link set vethB up
ip netns exec c1 ip addr add 10.0.0.1/24 dev eth0
ip netns exec c1 ip link set eth0 up
ip netns exec c2 ip addr add 10.0.0.2/24 dev eth0
ip netns exec c2 ip link set eth0 up
tcpdump -n -p -i br0 icmp &
tcpdump -n -i vethB icmp &
ip netns exec c1 ping -c 1 10.0.0.2
ip netns exec c1 ping -c 1 10.0.0.254
