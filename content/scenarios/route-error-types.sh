# Error routes: a blackhole drops in silence, unreachable and prohibit answer, throw falls through
# claims: none
#
# The router holds four routes without a next hop. A forwarded echo request that ends on
# `blackhole` is dropped without a word; on `unreachable` the router answers "host
# unreachable" (code 1); on `prohibit` "admin prohibited filter" (code 13); `throw` ends the
# lookup in this table, no other table has a route, so the answer is "net unreachable"
# (code 0). `ip route` prints each type first and no device.
# The answers are rate-limited per destination by one token bucket (inet_peer) that ip_error
# and icmp_send both pay from: two answers go out at once, a third at once would not. After
# `sleep 2` the bucket has refilled enough for the throw's answer; an unreachable right after
# it gets none.
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24  default (router, ip_forward=1)
ip netns add a
ip link add eth1 type veth peer name eth0 netns a
ip addr add 10.0.0.254/24 dev eth1
ip link set eth1 up
sysctl -w net.ipv4.ip_forward=1
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.0.254
ip route add blackhole 198.51.100.0/24
ip route add unreachable 198.51.100.16/28
ip route add prohibit 203.0.113.0/24 metric 10
ip route add throw 192.0.2.0/24
ip route
tcpdump -n -i eth1 &
ip netns exec a ping -c 1 -W 1 198.51.100.7
ip netns exec a ping -c 1 -W 1 198.51.100.20
ip netns exec a ping -c 1 -W 1 203.0.113.9
sleep 2
ip netns exec a ping -c 1 -W 1 192.0.2.9
ip netns exec a ping -c 1 -W 1 198.51.100.21
