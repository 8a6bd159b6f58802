# Reverse path filter: a packet that arrives where its source is not routed
# claims: none
#
# y pings x from its second address 10.9.9.9. The router's route for 10.9.9.0/24 does not
# point out of eth2, where the pings arrive. The same ping is sent three times: with
# rp_filter=0 (a new namespace's default), with rp_filter=2 (loose) and with rp_filter=1
# (strict). FORWARD has a counting rule for echo requests.
# tcpdump listens on eth2 and eth0 in x.
#
#   x eth0 10.1.0.2/24 --- eth1 10.1.0.1/24  default (router, ip_forward=1)
#   y eth0 10.2.0.2/24 --- eth2 10.2.0.1/24  route 10.9.9.0/24 via 10.1.0.3 (no such host)
#   y: 10.9.9.9/32 on lo, default via 10.2.0.1
ip netns add x
ip netns add y
ip link add eth1 type veth peer name eth0 netns x
ip link add eth2 type veth peer name eth0 netns y
ip addr add 10.1.0.1/24 dev eth1
ip addr add 10.2.0.1/24 dev eth2
ip link set eth1 up
ip link set eth2 up
ip route add 10.9.9.0/24 via 10.1.0.3
sysctl -w net.ipv4.ip_forward=1
ip netns exec x ip addr add 10.1.0.2/24 dev eth0
ip netns exec x ip link set eth0 up
ip netns exec y ip addr add 10.2.0.2/24 dev eth0
ip netns exec y ip addr add 10.9.9.9/32 dev lo
ip netns exec y ip link set eth0 up
ip netns exec y ip route add default via 10.2.0.1
iptables -A FORWARD -p icmp --icmp-type echo-request
tcpdump -n -i eth2 icmp &
ip netns exec x tcpdump -n -i eth0 icmp &
ip netns exec y ping -c 1 -W 1 -I 10.9.9.9 10.1.0.2
sysctl -w net.ipv4.conf.all.rp_filter=2
sysctl -w net.ipv4.conf.eth2.rp_filter=2
ip netns exec y ping -c 1 -W 1 -I 10.9.9.9 10.1.0.2
sysctl -w net.ipv4.conf.all.rp_filter=1
sysctl -w net.ipv4.conf.eth2.rp_filter=1
ip netns exec y ping -c 1 -W 1 -I 10.9.9.9 10.1.0.2
iptables -L FORWARD -v -n -x
