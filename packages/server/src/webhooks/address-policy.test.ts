import { describe, expect, test } from 'vitest';
import { addressRefusal, urlRefusal } from './address-policy';

describe('addressRefusal', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['10.0.0.1', 'private network'],
    ['172.31.255.255', 'private network'],
    ['192.168.0.1', 'private network'],
    ['100.64.0.1', 'private network'], // carrier-grade NAT
    ['100.127.255.255', 'private network'],
    ['fd00::1', 'private network'],
    ['fc00::1', 'private network'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved range'],
    ['192.0.2.1', 'reserved range'],
    ['2001:db8::1', 'reserved range'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved range'], // Teredo
    ['::ffff:7f00:1', 'loopback'], // IPv4-mapped 127.0.0.1
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:0:0', 'unspecified'],
    ['::7f00:1', 'loopback'], // IPv4-compatible
    ['64:ff9b::a00:1', 'private network'], // NAT64 of 10.0.0.1
    ['2002:c0a8:101::1', 'private network'], // 6to4 of 192.168.1.1
    ['4000::1', 'reserved range'], // outside global unicast
    ['not an address', 'reserved range'],
  ])('%s: %s', (address, reason) => {
    expect(addressRefusal(address)).toBe(reason);
  });

  test.each(['93.184.216.34', '8.8.8.8', '100.63.255.255', '100.128.0.0', '172.32.0.1', '11.0.0.1', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:5db8:d822', '64:ff9b::808:808'])('%s is public', (address) => {
    expect(addressRefusal(address)).toBeNull();
  });
});

describe('urlRefusal', () => {
  test.each([
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://[::ffff:127.0.0.1]:8080/', 'loopback'],
    ['http://localhost/', 'loopback'],
    ['http://LocalHost./', 'loopback'],
    ['http://admin.localhost/', 'loopback'],
    ['http://metadata/', 'private network'], // one label: resolved by the server's search domain
    ['http://printer.local/', 'private network'],
    ['http://metadata.google.internal/', 'private network'],
    ['http://router.home.arpa/', 'private network'],
  ])('%s: %s', (url, reason) => {
    expect(urlRefusal(new URL(url))).toBe(reason);
  });

  test.each(['https://hooks.example/twotier', 'https://shop.example.com:8443/hooks', 'http://93.184.216.34/'])('%s is allowed (a name is checked again after DNS, at delivery)', (url) => {
    expect(urlRefusal(new URL(url))).toBeNull();
  });
});
