# A simultaneous close: each end calls close() before the other's FIN has reached it
# claims: none
#
# client's nc idles 1 s, then closes; server's nc (`nc -l -w 3`) idles 3 s after it accepted,
# then closes too. server's filter drops every segment with FIN set until its rule is deleted,
# about 5 s in, so the client's FIN, and every retransmission of it, is lost on the way in.
# `ss -tan` and `conntrack -L` run on both ends at 2 s, at 5 s (then the rule goes) and at 8.5 s.
# tcpdump listens on client's eth0. client names its port (40000), so the listings are the
# same on every run.
#
#   client eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 server (nc -l -w 3 80)
#   server: INPUT drops -p tcp --tcp-flags FIN FIN (rule 1, deleted at 5 s)
#   client and server: INPUT drops ctstate INVALID (a conntrack rule: their conntrack runs too)
ip netns add client
ip netns add server
ip netns exec client ip link add eth0 type veth peer name eth0 netns server
ip netns exec client ip addr add 10.0.0.1/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec server ip addr add 10.0.0.2/24 dev eth0
ip netns exec server ip link set eth0 up
ip netns exec server iptables -A INPUT -p tcp --tcp-flags FIN FIN -j DROP
ip netns exec client iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec server iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec client tcpdump -n -i eth0 tcp &
ip netns exec server nc -l -w 3 80 &
ip netns exec client nc -w 1 -p 40000 10.0.0.2 80 &
sleep 2
ip netns exec client ss -tan
ip netns exec server ss -tan
ip netns exec client conntrack -L
ip netns exec server conntrack -L
sleep 3
ip netns exec client ss -tan
ip netns exec server ss -tan
ip netns exec client conntrack -L
ip netns exec server conntrack -L
ip netns exec server iptables -D INPUT 1
sleep 3.5
ip netns exec client ss -tan
ip netns exec server ss -tan
ip netns exec client conntrack -L
ip netns exec server conntrack -L
