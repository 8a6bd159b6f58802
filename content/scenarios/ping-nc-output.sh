# What ping and nc print: replies and statistics, a lost reply (33.3333% packet loss), ICMP
# errors ("From ... Destination Net Unreachable", "Time to live exceeded", "Destination Port
# Unreachable"), -I's PING line, a payload too small for times, and nc -v's reports (succeeded,
# refused, No route to host, timed out; UDP succeeded). The scenario output is empty (ping and nc print no
# scenario output); their own output is compared as tool output, times masked:
# content/kernel/ping-nc-output.tools.out.
# claims: none
#
#   a eth0 10.0.0.1/24 --- eth1 10.0.0.254/24  default (router, ip_forward=1)
#                          eth2 192.0.2.1/24 --- eth0 192.0.2.2/24  b
ip netns add a
ip netns add b
ip link add eth1 type veth peer name eth0 netns a
ip link add eth2 type veth peer name eth0 netns b
ip addr add 10.0.0.254/24 dev eth1
ip addr add 192.0.2.1/24 dev eth2
ip link set eth1 up
ip link set eth2 up
sysctl -w net.ipv4.ip_forward=1
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.0.254
ip netns exec b ip addr add 192.0.2.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 192.0.2.1
ip netns exec a ping -c 3 -i 0.2 192.0.2.2
ip netns exec a ping -c 2 -i 0.2 -I eth0 192.0.2.2
ip netns exec a ping -c 1 -s 8 192.0.2.2
ip netns exec a ping -c 1 -t 1 192.0.2.2
# b drops the first echo reply of each ping (the first packet of a connection marks it, then is dropped)
ip netns exec b iptables -A OUTPUT -p icmp -m connmark --mark 1 -j ACCEPT
ip netns exec b iptables -A OUTPUT -p icmp -j CONNMARK --set-mark 1
ip netns exec b iptables -A OUTPUT -p icmp -j DROP
ip netns exec a ping -c 3 -i 0.2 -W 1 192.0.2.2
iptables -A FORWARD -d 192.0.2.2 -p icmp -j REJECT
iptables -A FORWARD -d 192.0.2.2 -p tcp --dport 22 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec a ping -c 2 -i 0.2 -W 1 192.0.2.2
ip netns exec b nc -l 80 &
ip netns exec a nc -v -z 192.0.2.2 80
ip netns exec a nc -v -z 192.0.2.2 81 83
ip netns exec a nc -v -z -w 1 192.0.2.2 22
ip netns exec a nc -z 192.0.2.2 81
ip netns exec a nc -v -z -w 1 192.0.2.9 80
# Last: the router's ICMP errors to a share one rate limit (a burst of about six, then one a second)
ip netns exec a ping -c 1 -W 1 198.51.100.7
# UDP: -u -v -z probes with "X"; a listener that takes it: "succeeded!"; a port unreachable: nothing
ip netns exec b nc -u -l 5000 &
ip netns exec a nc -v -u -z 192.0.2.2 5000
ip netns exec a nc -v -u -z 192.0.2.2 53
