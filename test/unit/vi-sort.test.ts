import { describe, expect, it } from 'vitest';
import { viSortKey } from '../../src/text/vi-sort.js';

const sorted = (names: string[]) => [...names].sort((a, b) => (viSortKey(a) < viSortKey(b) ? -1 : viSortKey(a) > viSortKey(b) ? 1 : 0));

describe('Vietnamese sort key', () => {
  it('puts ă â after a, đ after d, ư after u, and Đ names after every D name', () => {
    expect(sorted(['Đà Nẵng', 'Dak', 'Cần Thơ', 'Cao Bằng', 'Cà Mau', 'Duy', 'Em'])).toEqual([
      'Cà Mau',
      'Cao Bằng',
      'Cần Thơ',
      'Dak',
      'Duy',
      'Đà Nẵng',
      'Em',
    ]);
    expect(sorted(['ư', 'v', 'u', 'Ư', 'U'])).toEqual(['u', 'U', 'ư', 'Ư', 'v']);
  });

  it('orders tones none, huyền, sắc, hỏi, ngã, nặng, after the letters', () => {
    expect(sorted(['mác', 'mạ', 'mã', 'mả', 'má', 'mà', 'ma'])).toEqual(['ma', 'mà', 'má', 'mả', 'mã', 'mạ', 'mác']);
    expect(sorted(['Hà Noi', 'Ha Nội', 'Hà Nội', 'Ha Noi'])).toEqual(['Ha Noi', 'Hà Noi', 'Ha Nội', 'Hà Nội']);
  });

  it('puts a word before a longer one it starts, ignores case and punctuation, and sorts Hoà like Hòa', () => {
    expect(sorted(['Bình Định', 'Bình Dương', 'Bình'])).toEqual(['Bình', 'Bình Dương', 'Bình Định']);
    expect(viSortKey('Bà Rịa - Vũng Tàu')).toBe(viSortKey('bà rịa vũng tàu'));
    expect(viSortKey('Hoà Bình')).toBe(viSortKey('Hòa Bình'));
    expect(sorted(['LGSP 9', 'LGSP 10', 'LGSP A'])).toEqual(['LGSP 10', 'LGSP 9', 'LGSP A']);
  });
});
