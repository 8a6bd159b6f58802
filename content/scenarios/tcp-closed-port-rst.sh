# A SYN to a port nobody listens on is answered with a reset
# claims: none
#
# web listens on port 80 only. client scans ports 78 to 80 (`nc -z 10.0.0.2 78-80`: one
# connection attempt per port, in order). Ports 78 and 79 have no socket, so web's kernel
# answers each SYN with `Flags [R.], seq 0, ack` the SYN's sequence number + 1: "connection
# refused", and nc moves on to the next port. Port 80 completes the handshake and closes. No
# ICMP is involved: for TCP the refusal is a TCP segment. A UDP datagram to a closed port gets
# an ICMP port unreachable instead (see udp-datagram).
#
#   client eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 web (nc -l 80)
ip netns add client
ip netns add web
ip netns exec client ip link add eth0 type veth peer name eth0 netns web
ip netns exec client ip addr add 10.0.0.1/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec web ip addr add 10.0.0.2/24 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec web tcpdump -n -i eth0 tcp &
ip netns exec web nc -l 80 &
ip netns exec client nc -z 10.0.0.2 78-80
