import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/server/rate-limit.js';

describe('clientAddress (the rate-limit subject of an anonymous request)', () => {
  it('is the socket peer when no proxy is trusted, whatever x-forwarded-for says', () => {
    expect(clientAddress('10.0.0.5', '1.2.3.4', 0)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', undefined, 1)).toBe('10.0.0.5');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('with N trusted proxies, the address N hops back: entries further left may be forged', () => {
    expect(clientAddress('10.0.0.5', '203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.5', 'forged, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.5', 'forged, 203.0.113.9, 10.0.0.4', 2)).toBe('203.0.113.9');
  });

  it('never goes past the left end of the chain, and reads repeated headers and blank entries', () => {
    expect(clientAddress('10.0.0.5', '203.0.113.9', 5)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.5', ['198.51.100.1', '203.0.113.9'], 1)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.5', ' , 203.0.113.9 ,', 1)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.5', '', 1)).toBe('10.0.0.5');
  });
});
