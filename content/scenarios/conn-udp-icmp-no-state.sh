# UDP and ICMP: no connection at either end, only conntrack's bookkeeping
# claims: none
#
# server has a UDP socket on port 5000 (`nc -u -l 5000 &`): UNCONN, bound to no peer. client's
# probe (`nc -u -v -z -w 1 -p 40000`) sends one-byte datagrams: no handshake, nothing answers
# them. server's nc connects its socket to the first sender (ESTAB in `ss -uan`: a default
# peer, nothing more; client never learns of it). server's conntrack holds the flow
# [UNREPLIED]: no datagram came back. Then client pings server: the echo reply is the reply
# conntrack waits for, so the ICMP entry has no [UNREPLIED]; neither end has a socket `ss`
# lists for it. Both entries last 30 s from their last packet.
#
#   client eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 server (nc -u -l 5000; INPUT drops ctstate INVALID)
ip netns add client
ip netns add server
ip netns exec client ip link add eth0 type veth peer name eth0 netns server
ip netns exec client ip addr add 10.0.0.1/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec server ip addr add 10.0.0.2/24 dev eth0
ip netns exec server ip link set eth0 up
ip netns exec server iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec client tcpdump -n -i eth0 udp or icmp &
ip netns exec server nc -u -l 5000 &
ip netns exec server ss -uan
ip netns exec client nc -u -v -z -w 1 -p 40000 10.0.0.2 5000
ip netns exec server ss -uan
ip netns exec client ss -uan
ip netns exec server conntrack -L
ip netns exec client ping -c 1 10.0.0.2
ip netns exec server conntrack -L -p icmp
ip netns exec server ss -uan
