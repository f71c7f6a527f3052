import { isIPv4, isIPv6 } from 'node:net';

/** The 8 groups of an IPv6 address (`::` expanded, an embedded IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

/**
 * Where a login comes from, as the lockout counts it: an IPv4 address as is (IPv4-mapped IPv6 too),
 * an IPv6 address by its /64 network (one subscriber's line holds a whole /64, so counting single
 * IPv6 addresses would give an attacker billions of fresh sources).
 */
export function loginSource(ip: string | null | undefined): string {
  const address = String(ip ?? '').trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address)) return address;
  if (isIPv6(address)) {
    const groups = ipv6Groups(address).slice(0, 4);
    return `${groups.map((g) => g.toString(16)).join(':')}::/64`;
  }
  return 'unknown';
}
