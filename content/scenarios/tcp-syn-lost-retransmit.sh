# A SYN that gets no answer is sent again: every second, then with doubling waits
# claims: none
#
# web drops every TCP segment to port 80 in INPUT, so its listening nc never sees the SYN and
# nothing answers. client's kernel retransmits the SYN (same sequence number: it is the same
# connection attempt) after 1 s, and again every second: Linux 6.18's
# net.ipv4.tcp_syn_linear_timeouts = 4 keeps the first retransmission timeouts at 1 s, then
# they double. nc gives up after 8 s (-w 8): SYNs left at 0, 1, 2, 3, 4, 5 and 7 s, seven in
# all (the next would be at 11 s). The DROP rule counted all seven.
#
#   client eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 web (nc -l 80; INPUT -p tcp --dport 80 -j DROP)
ip netns add client
ip netns add web
ip netns exec client ip link add eth0 type veth peer name eth0 netns web
ip netns exec client ip addr add 10.0.0.1/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec web ip addr add 10.0.0.2/24 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec web iptables -A INPUT -p tcp --dport 80 -j DROP
ip netns exec client tcpdump -n -i eth0 tcp &
ip netns exec web nc -l 80 &
ip netns exec client nc -z -w 8 10.0.0.2 80
ip netns exec web iptables -L INPUT -v -n -x
