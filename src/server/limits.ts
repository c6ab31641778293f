/**
 * Connection-level limits of the HTTP server: timeouts that close slow requests and idle
 * connections, a cap on open connections, and a cap per client address so that one client cannot
 * take every connection. Plus the per-address request rate of unauthenticated operations.
 */
import { BlockList, isIP, type Socket } from 'node:net';
import type { Server } from 'node:http';

export interface HttpLimits {
  /** Headers and body must have arrived within this; Node answers 408 and closes otherwise. */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** 0: no per-address cap. */
  maxConnectionsPerAddress: number;
  /** Addresses or CIDRs of proxies whose X-Forwarded-For is believed. */
  trustedProxies: string[];
}

/** How often Node looks for requests past their timeout: a tenth of it, between 250 ms and 5 s. */
export const timeoutCheckInterval = (requestTimeoutMs: number): number =>
  Math.max(250, Math.min(5_000, Math.floor(requestTimeoutMs / 10)));

const unmapped = (address: string): string => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/** Parses the trusted proxies; throws on an entry that is neither an address nor a CIDR. */
export function proxyMatcher(entries: string[]): (address: string) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) {
      throw new Error(`trustedProxies: '${entry}' is not an IP address or CIDR`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (raw) => {
    const address = unmapped(raw);
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** Closes a new connection at once when its address already holds `max` open ones. */
export function capConnectionsPerAddress(server: Server, max: number, exempt: (address: string) => boolean): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = unmapped(socket.remoteAddress ?? '');
    if (exempt(address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * Requests per second from one client address, counted per node in one-second windows. Memory is
 * one map entry per address seen in the current second.
 */
export class AddressRateLimit {
  private second = 0;
  private counts = new Map<string, number>();

  constructor(private readonly perSecond: number, private readonly now: () => number = Date.now) {}

  /** Counts a request; false when the address is over its rate. */
  admit(address: string): boolean {
    if (this.perSecond <= 0) return true;
    const second = Math.floor(this.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.counts = new Map();
    }
    const count = (this.counts.get(address) ?? 0) + 1;
    this.counts.set(address, count);
    return count <= this.perSecond;
  }
}
