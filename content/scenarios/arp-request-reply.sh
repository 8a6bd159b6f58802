# ARP: who-has / is-at before the first packet, then never again
# claims: S8
#
# a pings b three times. Before the first echo request a broadcasts "who-has 10.0.0.2 tell
# 10.0.0.1" (tcpdump -e shows the destination ff:ff:ff:ff:ff:ff) and b answers with a unicast
# "is-at". b learns a's address from the request itself, so it needs no ARP of its own to
# answer, and later echo requests use the cached entries. ip neigh shows both caches: a's
# entry is REACHABLE (confirmed by the reply); b's entry was created from the request.
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b
ip netns add a
ip netns add b
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec a tcpdump -n -e -i eth0 &
ip netns exec a ping -c 3 -i 0.2 10.0.0.2
ip netns exec a ip neigh
ip netns exec b ip neigh
