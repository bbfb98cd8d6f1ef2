// Lists of IP addresses and CIDR ranges (settings such as PAYTR_CALLBACK_IPS), IPv4 and IPv6.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Parse a list of addresses and CIDR ranges, IPv4 or IPv6. Throws on a bad entry. */
export function ipList(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const raw of entries) {
    const [addr = '', bits] = raw.trim().split('/');
    const type = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : null;
    if (!type) throw new Error(`"${raw}" is not an IP address or CIDR range`);
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

/** Whether `ip` is on the list (IPv4 addresses mapped into IPv6 are checked as IPv4). */
export function onIpList(list: BlockList, ip: string): boolean {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (v4) return list.check(v4, 'ipv4');
  return isIPv4(ip) ? list.check(ip, 'ipv4') : isIPv6(ip) ? list.check(ip, 'ipv6') : false;
}
