# A SYN that gets no answer: what client's kernel sends in eight seconds
# claims: none
#
# web drops every TCP segment to port 80 in INPUT, so its listening nc never sees a SYN.
# client tries to connect with nc, which gives up after 8 s (-w 8). The timing is the
# kernel's: recorded on Linux 6.18 with its default net.ipv4.tcp_syn_linear_timeouts (lesson
# 1.4 says what that sysctl changes).
# tcpdump listens on eth0 in client.
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
