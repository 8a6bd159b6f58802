# ss: a listener, an established connection, TIME-WAIT after a close, a UDP socket
# claims: none
#
# `server` listens on TCP 80 (nc -lk) and UDP 5000 (nc -u -l); `client` opens a TCP
# connection that nc holds open. ss lists them as iproute2's ss does: LISTEN with nc's
# backlog 1 as Send-Q, UNCONN for the unconnected UDP socket, ESTAB on both sides. Then the
# client opens a second connection to port 80 and closes it after 1 s: nc -lk serves one
# connection at a time, so the server's kernel queues it, ACKs the FIN and nobody closes it:
# FIN-WAIT-2 on the client, CLOSE-WAIT on the server with Recv-Q 1 (the FIN nobody has read)
# and the listener's Recv-Q 1 (one connection waiting for accept). A connection to a one-shot
# `nc -l 81`, whose nc closes when the client does, leaves the client in TIME-WAIT. A UDP
# client (nc -u) connects its socket without sending: ESTAB. With -t and -u together a Netid
# column appears, UDP listed before TCP.
# Every client names its port (ss prints ports as they are), and each listing holds at most
# one connection: the kernel lists sockets in hash order, random per namespace (listeners
# always first).
#
#   client eth0 10.0.0.2/24 --- eth0 10.0.0.1/24 server
ip netns add server
ip netns add client
ip netns exec server ip link add eth0 type veth peer name eth0 netns client
ip netns exec server ip addr add 10.0.0.1/24 dev eth0
ip netns exec server ip link set eth0 up
ip netns exec client ip addr add 10.0.0.2/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec server nc -lk 80 &
ip netns exec server nc -u -l 5000 &
ip netns exec server ss -tln
ip netns exec server ss -uan
ip netns exec client nc -w 5 -p 40002 10.0.0.1 80 &
sleep 1
ip netns exec client ss -tan
ip netns exec client ss -tn state established
ip netns exec server ss -ta
ip netns exec client nc -w 1 -p 40000 10.0.0.1 80 &
ip netns exec server nc -l 81 &
ip netns exec client nc -w 1 -p 40001 10.0.0.1 81 &
sleep 2
ip netns exec client ss -tn state fin-wait-2
ip netns exec server ss -tn state close-wait
ip netns exec client ss -tan state time-wait
ip netns exec server ss -tln
ip netns exec client nc -u -w 5 -p 40003 10.0.0.1 5000 &
ip netns exec client ss -uan
ip netns exec server ss -tuln
