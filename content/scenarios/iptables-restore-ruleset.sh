# iptables-restore: a whole ruleset from a here-document, as boot scripts load it
# claims: none
#
# The first restore replaces the filter table (the DROP rule added before is flushed away):
# policy DROP on INPUT, loopback, replies and ping allowed, and a user chain SERVICES that
# opens ports 22 and 80 (multiport, with a quoted comment). The second adds a rule to nat
# with --noflush, keeping what is there. client pings the host and connects to port 80.
# iptables-save -c prints both tables back with their counters.
#
#   client eth0 10.0.0.2/24 --- eth0 10.0.0.1/24 default (the host; nc -l 80)
ip netns add client
ip link add eth0 type veth peer name eth0 netns client
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
ip netns exec client ip addr add 10.0.0.2/24 dev eth0
ip netns exec client ip link set eth0 up
iptables -A INPUT -j DROP
iptables-restore <<'EOF'
# a host firewall
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:SERVICES - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p icmp --icmp-type echo-request -j ACCEPT
-A INPUT -j SERVICES

-A SERVICES -p tcp -m multiport --dports 22,80 -m comment --comment "ssh and web" -j ACCEPT
COMMIT
EOF
iptables-restore --noflush <<'EOF'
*nat
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
EOF
tcpdump -n -i eth0 &
nc -l 80 &
ip netns exec client ping -c 1 10.0.0.1
ip netns exec client nc -z 10.0.0.1 80
iptables-save -c
iptables -L -v -n -x
