# A closed port: TCP is refused with a reset, UDP with an ICMP port unreachable
# claims: S8
#
# Nothing listens in web. client first tries TCP port 81 (`nc -z`): web's kernel finds no
# socket and answers the SYN with a reset, `Flags [R.]`, a TCP segment: the connection attempt
# fails at once ("connection refused"), and nothing is retransmitted. Then client sends a UDP
# probe to port 5001 (`nc -u -z`): UDP has no segments to refuse with, so web's kernel answers
# with an ICMP port unreachable that quotes the datagram. The error reaches client's socket and
# the probe's next write fails, so only one datagram goes. Both refusals come from web's kernel,
# not from a program.
#
#   client eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 web (nothing listening)
ip netns add client
ip netns add web
ip netns exec client ip link add eth0 type veth peer name eth0 netns web
ip netns exec client ip addr add 10.0.0.1/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec web ip addr add 10.0.0.2/24 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec client tcpdump -n -i eth0 &
ip netns exec client nc -z 10.0.0.2 81
ip netns exec client nc -u -v -z 10.0.0.2 5001
