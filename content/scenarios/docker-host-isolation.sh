# Two Docker networks: DOCKER-ISOLATION-STAGE-1/2 keep them apart, MASQUERADE takes both out
# claims: none
#
# The host's Docker ruleset for docker0 (172.17.0.0/16) and a user network br-app
# (172.18.0.0/16), loaded with iptables-restore as a saved copy of what dockerd writes.
# 1. web (docker0) pings app (br-app): FORWARD sends it through DOCKER-ISOLATION-STAGE-1
#    (-i docker0 ! -o docker0) to STAGE-2, whose "-o br-app -j DROP" drops it: app sees nothing.
# 2. app pings 198.51.100.7 out of eth0: MASQUERADE (-s 172.18.0.0/16 ! -o br-app) to 203.0.113.1.
#
#   web eth0 172.17.0.2/16 --- vethW -[docker0 172.17.0.1/16]
#   app eth0 172.18.0.2/16 --- vethA -[br-app 172.18.0.1/16]    default (ip_forward=1)
#   internet eth0 203.0.113.10/24 (198.51.100.7 on lo) --- eth0 203.0.113.1/24
ip netns add web
ip netns add app
ip netns add internet
ip link add docker0 type bridge
ip link add br-app type bridge
ip link add vethW type veth peer name eth0 netns web
ip link add vethA type veth peer name eth0 netns app
ip link add eth0 type veth peer name eth0 netns internet
ip link set vethW master docker0
ip link set vethA master br-app
ip addr add 172.17.0.1/16 dev docker0
ip addr add 172.18.0.1/16 dev br-app
ip addr add 203.0.113.1/24 dev eth0
ip link set docker0 up
ip link set br-app up
ip link set vethW up
ip link set vethA up
ip link set eth0 up
ip route add default via 203.0.113.10
sysctl -w net.ipv4.ip_forward=1
ip netns exec web ip addr add 172.17.0.2/16 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec web ip route add default via 172.17.0.1
ip netns exec app ip addr add 172.18.0.2/16 dev eth0
ip netns exec app ip link set eth0 up
ip netns exec app ip route add default via 172.18.0.1
ip netns exec internet ip addr add 203.0.113.10/24 dev eth0
ip netns exec internet ip addr add 198.51.100.7/32 dev lo
ip netns exec internet ip link set lo up
ip netns exec internet ip link set eth0 up
sleep 2.5
iptables-restore <<'EOF'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-ISOLATION-STAGE-1 - [0:0]
:DOCKER-ISOLATION-STAGE-2 - [0:0]
:DOCKER-USER - [0:0]
-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o br-app -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o br-app -j DOCKER
-A FORWARD -i br-app ! -o br-app -j ACCEPT
-A FORWARD -i br-app -o br-app -j ACCEPT
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i docker0 -o docker0 -j ACCEPT
-A DOCKER-ISOLATION-STAGE-1 -i br-app ! -o br-app -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-ISOLATION-STAGE-2 -o br-app -j DROP
-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
-A DOCKER-ISOLATION-STAGE-2 -j RETURN
-A DOCKER-USER -j RETURN
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.18.0.0/16 ! -o br-app -j MASQUERADE
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A DOCKER -i br-app -j RETURN
-A DOCKER -i docker0 -j RETURN
COMMIT
EOF
tcpdump -n -i eth0 icmp &
ip netns exec app tcpdump -n -i eth0 icmp &
ip netns exec web ping -c 1 -W 1 172.18.0.2
ip netns exec app ping -c 1 198.51.100.7
iptables -L -v -n -x
iptables -t nat -L POSTROUTING -v -n -x
conntrack -L
