# A Docker host as dockerd 2x writes it: a published port (-p 8080:80) and MASQUERADE out
# claims: none
#
# The filter and nat rules are the ones `docker run -p 8080:80` leaves on a host (iptables-save
# order): DOCKER-USER, DOCKER-ISOLATION-STAGE-1/2 and DOCKER in filter FORWARD; nat PREROUTING
# and OUTPUT send every packet for a local address (-m addrtype --dst-type LOCAL) to nat DOCKER,
# which DNATs port 8080 to the container web (172.17.0.2:80) unless it comes from docker0;
# POSTROUTING masquerades 172.17.0.0/16 unless it leaves by docker0.
# 1. client connects to 203.0.113.1:8080: addrtype LOCAL, DNAT, FORWARD accepts it in DOCKER.
# 2. web sends a UDP probe to 198.51.100.7:5000 (a UDP "internet" host): MASQUERADE to 203.0.113.1.
#
#   client eth0 203.0.113.10/24 --- eth0 203.0.113.1/24   default (the host, ip_forward=1)
#   web    eth0 172.17.0.2/16   --- vethW -[docker0 172.17.0.1/16]
#   client: 198.51.100.7/32 on lo, default via 203.0.113.1    web: default via 172.17.0.1 (nc -l 80)
ip netns add client
ip netns add web
ip link add docker0 type bridge
ip link add eth0 type veth peer name eth0 netns client
ip link add vethW type veth peer name eth0 netns web
ip link set vethW master docker0
ip addr add 203.0.113.1/24 dev eth0
ip addr add 172.17.0.1/16 dev docker0
ip link set eth0 up
ip link set docker0 up
ip link set vethW up
ip route add default via 203.0.113.10
sysctl -w net.ipv4.ip_forward=1
ip netns exec client ip addr add 203.0.113.10/24 dev eth0
ip netns exec client ip addr add 198.51.100.7/32 dev lo
ip netns exec client ip link set lo up
ip netns exec client ip link set eth0 up
ip netns exec client ip route add default via 203.0.113.1
ip netns exec web ip addr add 172.17.0.2/16 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec web ip route add default via 172.17.0.1
iptables -t nat -N DOCKER
iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
iptables -t nat -A DOCKER -i docker0 -j RETURN
iptables -N DOCKER
iptables -N DOCKER-ISOLATION-STAGE-1
iptables -N DOCKER-ISOLATION-STAGE-2
iptables -N DOCKER-USER
iptables -P FORWARD DROP
iptables -A FORWARD -j DOCKER-USER
iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1
iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD -o docker0 -j DOCKER
iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT
iptables -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN
iptables -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN
iptables -A DOCKER-USER -j RETURN
iptables -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
iptables -t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
tcpdump -n -i eth0 &
tcpdump -n -i vethW tcp or udp &
ip netns exec web nc -l 80 &
ip netns exec client nc -u -l 198.51.100.7 5000 &
ip netns exec client nc -z 203.0.113.1 8080
ip netns exec web nc -u -v -z -w 1 198.51.100.7 5000
iptables-save -c
iptables -L -v -n -x
iptables -t nat -L -v -n -x
conntrack -L
