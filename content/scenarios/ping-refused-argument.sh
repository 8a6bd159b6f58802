# A ping whose argument is refused fails (status 1, as a ping without replies), and the script stops
# claims: none
#
# ping exits 1 both when replies are missing (no scenario error: the script goes on) and when
# it refuses an argument before sending anything: -w takes whole seconds (strtol), so `-w 1.5`
# is "invalid argument". That one is a failure: the script stops at its line, and the second
# `ip route` never runs. The first ping, to an address nobody answers, exits 1 too and the
# script goes on.
#
#   default v0 10.0.0.1/24 --- v1 (no address)
ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ping -c 1 -W 1 10.0.0.2
ip route
ping -c 1 -w 1.5 10.0.0.2
ip route
