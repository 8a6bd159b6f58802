# A namespace whose only rules are raw NOTRACK never tracks; a plain CT target starts conntrack
# claims: none
#
# conntrack runs in a namespace only once something registers it (nf_ct_netns_get): the
# conntrack/state matches, the NAT targets, and the CT target, except CT --notrack and NOTRACK,
# whose checkentry skips it (they only mark packets untracked). a's only rule is raw OUTPUT
# `-p udp -j CT --notrack`, b's is raw PREROUTING `-j NOTRACK`: neither ever creates an entry,
# not even for the packets their rule does not mark (a's pings, b's own pings going out), and
# the rules count the packets they saw. c's only rule is a plain `-j CT` in raw OUTPUT: that
# registers conntrack, so c's ping gets an entry.
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b eth1 10.0.1.2/24 --- eth0 10.0.1.1/24 c
ip netns add a
ip netns add b
ip netns add c
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec c ip link add eth0 type veth peer name eth1 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip addr add 10.0.1.2/24 dev eth1
ip netns exec b ip link set eth0 up
ip netns exec b ip link set eth1 up
ip netns exec c ip addr add 10.0.1.1/24 dev eth0
ip netns exec c ip link set eth0 up
ip netns exec a iptables -t raw -A OUTPUT -p udp -j CT --notrack
ip netns exec b iptables -t raw -A PREROUTING -j NOTRACK
ip netns exec c iptables -t raw -A OUTPUT -j CT
ip netns exec a ping -c 2 -i 0.2 10.0.0.2
ip netns exec c ping -c 1 10.0.1.2
ip netns exec b ping -c 1 10.0.0.1
ip netns exec a conntrack -L
ip netns exec b conntrack -L
ip netns exec c conntrack -L
ip netns exec a iptables -t raw -L OUTPUT -v -n -x
ip netns exec b iptables -t raw -L PREROUTING -v -n -x
