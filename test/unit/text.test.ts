import { describe, expect, it } from 'vitest';
import { asciiName, foldText, searchText } from '../../src/text/fold.js';
import { findTextProblems, hasHostileCharacter, textProblem } from '../../src/text/text-problems.js';
import { agencySearchText, figureSearchText, indicatorSearchText, systemSearchText } from '../../src/text/search-text.js';

describe('folding', () => {
  it('removes diacritics, folds đ/Đ to d, lower-cases and collapses white space', () => {
    expect(foldText('  Bộ   Công an\tĐắk Lắk\n')).toBe('bo cong an dak lak');
    expect(foldText('Đường')).toBe('duong');
    expect(foldText('')).toBe('');
  });

  it('folds composed and decomposed forms alike', () => {
    expect(foldText('Lâm Đồng'.normalize('NFC'))).toBe(foldText('Lâm Đồng'.normalize('NFD')));
  });

  it('searchText skips empty parts; asciiName capitalises each folded word', () => {
    expect(searchText('LGSP', null, undefined, '', 'Nền tảng')).toBe('lgsp nen tang');
    expect(asciiName('Lâm Đồng')).toBe('Lam Dong');
    expect(asciiName('thành phố  hồ chí minh')).toBe('Thanh Pho Ho Chi Minh');
  });
});

describe('search text, one rule per kind of record', () => {
  it('an agency: code, names and every alias', () => {
    expect(agencySearchText({ code: 'BCA', name: 'Bộ Công an', name_en: 'Ministry of Public Security', aliases: ['Bộ Nội vụ cũ'] })).toBe(
      'bca bo cong an ministry of public security bo noi vu cu',
    );
    expect(agencySearchText({ code: 'X', name: 'Y', aliases: null })).toBe('x y');
  });

  it('a system: code and names', () => {
    expect(systemSearchText({ code: 'NDXP', name: 'Nền tảng chia sẻ', name_en: null })).toBe('ndxp nen tang chia se');
  });

  it('an indicator: dots and underscores of its code become spaces', () => {
    expect(indicatorSearchText({ code: 'platform.systems_connected', name: 'Hệ thống kết nối' })).toBe('platform systems connected he thong ket noi');
  });

  it('a figure: its indicator, agency, system, value as written and quote', () => {
    expect(
      figureSearchText({ indicator_name: 'Số hệ thống', agency_name: 'Bộ Y tế', system_name: null, value_text: '1.234', quote: '“đã kết nối”' }),
    ).toBe('so he thong bo y te 1.234 “da ket noi”');
  });
});

describe('the text rule (what no stored text may hold)', () => {
  it('accepts ordinary text, tab, line feed, carriage return and real surrogate pairs (emoji)', () => {
    expect(textProblem('Bộ Y tế\tline\r\nnext 😀')).toBeNull();
    expect(hasHostileCharacter('😀')).toBe(false);
  });

  it('names a NUL, another control character or a lone surrogate, with its position', () => {
    expect(textProblem('ab\u0000c')).toBe(
      'contains a NUL character (U+0000), which PostgreSQL text cannot hold, at position 2. Remove it and send the text again.',
    );
    expect(textProblem('\u001B[31m')).toContain('a control character (U+001B); only tab, line feed and carriage return are accepted, at position 0');
    expect(textProblem('x\uD83D')).toContain('a lone UTF-16 surrogate (U+D83D)');
    expect(textProblem('\uDE00x')).toContain('a lone UTF-16 surrogate (U+DE00), which is not a character');
    expect(hasHostileCharacter('\u0007')).toBe(true);
    expect(hasHostileCharacter('\u007F')).toBe(false);
  });

  it('finds every bad string in nested input, by path, and texts over the length limit', () => {
    const found = findTextProblems({ input: { name: 'ok', evidence: { quote: 'a\u0000' }, kinds: ['x', '\u0001'] } }, '');
    expect(found.map((p) => p.field)).toEqual(['input.evidence.quote', 'input.kinds[1]']);
    const long = findTextProblems({ note: 'x'.repeat(11) }, 'input', [], 10);
    expect(long).toEqual([{ field: 'input.note', problem: 'is 11 characters long; at most 10 are accepted. Shorten it.' }]);
    expect(findTextProblems(42, 'n')).toEqual([]);
  });
});
