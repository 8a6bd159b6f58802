// The script the playground opens with (no shared link): page.ts puts it in the editor, and
// the page's HTML (src/pages/playground.astro) carries the same editor already drawn with it, so
// the editor takes its place without moving anything below it.

export const STARTER = `# Two namespaces joined by a veth pair. Change a line, then Run (Ctrl+Enter).
ip netns add ns1
ip netns add ns2
ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth1
ip netns exec ns1 ip link set veth1 up
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth2
ip netns exec ns2 ip link set veth2 up
ip netns exec ns2 iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
ip netns exec ns2 tcpdump -n -i veth2 icmp &
ip netns exec ns1 ping -c 2 10.0.0.2
ip netns exec ns2 iptables -L INPUT -v -n -x
`;
