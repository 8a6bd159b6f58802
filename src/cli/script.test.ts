// The scenario language's here-document: its body is the command's stdin, not commands.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScript, ScriptSyntaxError } from './script.ts';

describe('here-documents', () => {
  it('the body lines belong to the command; later commands keep their line numbers', () => {
    const cmds = parseScript("ip link\niptables-restore --noflush <<'EOF'\n*filter\n# not a comment here\n-A INPUT -j ACCEPT\nCOMMIT\nEOF\nip route # after\n");
    assert.deepEqual(
      cmds.map((c) => [c.line, c.argv.join(' '), c.stdin]),
      [
        [1, 'ip link', undefined],
        [2, 'iptables-restore --noflush', '*filter\n# not a comment here\n-A INPUT -j ACCEPT\nCOMMIT\n'],
        [8, 'ip route', undefined],
      ],
    );
  });
  it('<<EOF and <<"EOF" work too; an unquoted delimiter refuses $ in the body', () => {
    assert.equal(parseScript('ip netns exec a iptables-restore <<"X"\n*nat\nCOMMIT\nX\n')[0]?.stdin, '*nat\nCOMMIT\n');
    assert.equal(parseScript('iptables-restore <<EOF\n*nat\nCOMMIT\nEOF\n')[0]?.ns, 'default');
    assert.throws(() => parseScript('iptables-restore <<EOF\n-A INPUT -s $HOST\nEOF\n'), (e: unknown) => e instanceof ScriptSyntaxError && e.line === 2);
  });
  it('refuses a missing delimiter, another command, a background command; << inside quotes is no here-document', () => {
    assert.throws(() => parseScript("iptables-restore <<'EOF'\n*filter\n"), (e: unknown) => e instanceof ScriptSyntaxError && e.line === 1 && /delimited by end-of-file/.test(e.message));
    assert.throws(() => parseScript("iptables -S <<'EOF'\nx\nEOF\n"), (e: unknown) => e instanceof ScriptSyntaxError && /only iptables-restore/.test(e.message));
    assert.throws(() => parseScript("iptables-restore <<'EOF' &\nEOF\n"), ScriptSyntaxError);
    assert.deepEqual(parseScript("iptables -A INPUT -m comment --comment 'a <<EOF' -j ACCEPT\n")[0]?.argv.at(-3), 'a <<EOF');
  });
});
