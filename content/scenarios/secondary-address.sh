# A second address in the same subnet is secondary: no prefix route, never the source
# claims: none
#
# a gets 10.0.0.1/24, then 10.0.0.5/24 and 10.0.0.6/24 on the same device, and 10.0.0.200/25
# (another prefix length: a primary of its own). The kernel marks an address secondary when the
# device already has one with the same mask in the same subnet (__inet_insert_ifa): `ip addr`
# prints "secondary", lists it after every primary, and fib_add_ifaddr adds only its local route
# (with the primary as src), no second 10.0.0.0/24 route. a's pings to b leave from the
# primary 10.0.0.1; b reaches the secondary all the same (it is local). Deleting the primary
# deletes its secondaries too (promote_secondaries=0); on eth1, where promote_secondaries=1,
# the first secondary is promoted and keeps the prefix route.
#
#   a eth0 10.0.0.1/24 (+ .5, .6 secondary, .200/25) --- eth0 10.0.0.2/24 b
ip netns add a
ip netns add b
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec a ip link add eth1 type veth peer name eth9
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip addr add 10.0.0.5/24 dev eth0
ip netns exec a ip addr add 10.0.0.200/25 dev eth0
ip netns exec a ip addr add 10.0.0.6/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec a ip addr
ip netns exec a ip route
ip netns exec a ip route show table local
ip netns exec a tcpdump -n -i eth0 icmp &
ip netns exec a ping -c 1 10.0.0.2
ip netns exec b ping -c 1 10.0.0.6
ip netns exec a sysctl -w net.ipv4.conf.eth1.promote_secondaries=1
ip netns exec a ip addr add 172.16.0.1/24 dev eth1
ip netns exec a ip addr add 172.16.0.2/24 dev eth1
ip netns exec a ip addr add 172.16.0.3/24 dev eth1
ip netns exec a ip link set eth1 up
ip netns exec a ip addr del 10.0.0.1/24 dev eth0
ip netns exec a ip addr del 172.16.0.1/24 dev eth1
ip netns exec a ip addr
ip netns exec a ip route
