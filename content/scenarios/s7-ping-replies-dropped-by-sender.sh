# b drops its own echo replies in OUTPUT: what a's ping sends, and what conntrack holds
# claims: S7, S8
#
# b drops its own echo replies in OUTPUT. a pings b four times (one ping process), and
# conntrack -L runs in a and in b at the end.
# tcpdump listens on eth0 in a.
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b
# Both namespaces get a target-less "-m conntrack --ctstate ..." rule in INPUT: it only counts,
# and it makes conntrack active in the namespace (a namespace whose rules never need
# conntrack keeps an empty table).
ip netns add a
ip netns add b
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec a iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED,RELATED,INVALID
ip netns exec b iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED,RELATED,INVALID
ip netns exec b iptables -A OUTPUT -p icmp --icmp-type echo-reply -j DROP
ip netns exec a tcpdump -n -i eth0 &
ip netns exec a ping -c 4 -i 0.2 -W 1 10.0.0.2
ip netns exec b iptables -L OUTPUT -v -n -x
ip netns exec a conntrack -L
ip netns exec b conntrack -L
