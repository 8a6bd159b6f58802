# TCP opens with a three-way handshake and closes with a FIN from each side
# claims: none
#
# A TCP connection is a conversation both ends agree to have. web listens on port 80
# (`nc -l 80 &`); client connects and closes at once (`nc -z`: connect, then close). On the
# wire: SYN (client to web), SYN-ACK (web to client), ACK (client to web): the connection is
# open. Then client sends FIN (F.), web answers with its own FIN, which also acknowledges
# client's, and client's last ACK ends it. seq and ack count bytes: after the handshake tcpdump
# shows them relative to each side's initial sequence number (SYN and FIN count one each,
# hence ack 1, ack 2). Both ends capture the same segments: TCP is end to end.
#
#   client eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 web (nc -l 80)
ip netns add client
ip netns add web
ip netns exec client ip link add eth0 type veth peer name eth0 netns web
ip netns exec client ip addr add 10.0.0.1/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec web ip addr add 10.0.0.2/24 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec client tcpdump -n -i eth0 &
ip netns exec web tcpdump -n -i eth0 tcp &
ip netns exec web nc -l 80 &
ip netns exec client nc -z 10.0.0.2 80
