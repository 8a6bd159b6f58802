// Errors of the tcpdump command, worded as tcpdump 4.99.3 / libpcap 1.10.3 word them.

export class TcpdumpError extends Error {
  /** tcpdump's exit status (1 for every error it reports). */
  readonly exitCode: number;
  /**
   * True when real tcpdump would accept the command but the simulator cannot reproduce its
   * output (an option such as -v, a filter primitive outside the supported subset). The message
   * then says so plainly instead of imitating tcpdump.
   */
  readonly unsupported: boolean;

  constructor(message: string, exitCode = 1, unsupported = false) {
    super(message);
    this.name = 'TcpdumpError';
    this.exitCode = exitCode;
    this.unsupported = unsupported;
  }
}

export function unsupported(what: string): TcpdumpError {
  return new TcpdumpError(`tcpdump: ${what} (not supported by the simulator)`, 1, true);
}

/** `tcpdump -i DEV` when DEV does not exist (pcap_activate: PCAP_ERROR_NO_SUCH_DEVICE). */
export function noSuchDeviceError(device: string): TcpdumpError {
  return new TcpdumpError(`tcpdump: ${device}: No such device exists\n(No such device exists)`);
}

/** `tcpdump -i DEV` when DEV exists but is administratively down (PCAP_ERROR_IFACE_NOT_UP). */
export function deviceNotUpError(device: string): TcpdumpError {
  return new TcpdumpError(`tcpdump: ${device}: That device is not up`);
}
