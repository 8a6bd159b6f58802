# ping does not resend: every echo request carries the next seq, answered or not
# claims: S7, S8
#
# b drops its own echo replies in OUTPUT. a sends one echo request per interval, seq 1, 2, 3,
# 4, with the same id (one ping process); nothing is retransmitted, a lost reply is just a
# missing line. a's conntrack entry stays [UNREPLIED] (no packet ever came back); b's entry
# is not [UNREPLIED]: conntrack saw the reply in OUTPUT before the filter rule dropped it.
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
