import { loginSource } from './login-source';

describe('loginSource', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    ['::ffff:203.0.113.5', '203.0.113.5'],
    ['2001:db8:7:7::1', '2001:db8:7:7::/64'],
    ['2001:0db8:0007:0007:ffff:ffff:ffff:ffff', '2001:db8:7:7::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
    ['not an address', 'unknown'],
  ])('%s counts as %s', (ip, source) => {
    expect(loginSource(ip)).toBe(source);
  });

  it('gives one source for every address of a /64 and another for the next /64', () => {
    expect(loginSource('2001:db8:1:2:aaaa::1')).toBe(loginSource('2001:db8:1:2::ffff'));
    expect(loginSource('2001:db8:1:3::1')).not.toBe(loginSource('2001:db8:1:2::1'));
  });
});
