import { describe, expect, it } from 'vitest';
import { abbreviationsOf, CITY_ABBREVIATIONS, PREFIX_ABBREVIATIONS, undotAbbreviations } from '../../src/text/abbreviations.js';
import { foldText } from '../../src/text/fold.js';
import { SearchField } from '../../src/text/search-text.js';
import { matchedFields, trigrams } from '../../src/modules/search/search-match.js';
import { agencySearchText, agencyTextParts, documentSearchText, systemSearchText } from '../../src/text/search-text.js';

describe('abbreviations of unit names (src/text/abbreviations.ts)', () => {
  it('adds every generic short form to a text holding its words, and none to one that does not', () => {
    for (const { full, short } of PREFIX_ABBREVIATIONS) {
      expect(abbreviationsOf(`so ${full} lam dong`).split(' '), full).toContain(short);
      // The words must be whole words: "thanh phong" is not "thanh pho".
      expect(abbreviationsOf(`${full}x lam dong`), full).toBe('');
    }
    expect(abbreviationsOf('bo cong an')).toBe('');
  });

  it('gives each city its short forms, by its name or by "thanh pho <city>", never by a word inside another name', () => {
    for (const { name, short } of CITY_ABBREVIATIONS) {
      expect(abbreviationsOf(name, name).split(' '), name).toEqual(expect.arrayContaining(short.flatMap((s) => s.split(' '))));
      expect(abbreviationsOf(`so khoa hoc thanh pho ${name}`), name).toContain(short[0]);
      expect(abbreviationsOf(`phuong ${name} moi`, `phuong ${name} moi`), name).toBe('');
    }
  });

  it('is part of the one search text of agencies, systems and documents', () => {
    const hcm = { code: '79', name: 'Hồ Chí Minh', full_name: 'Thành phố Hồ Chí Minh', name_ascii: 'Ho Chi Minh' };
    expect(agencySearchText(hcm)).toBe('79 ho chi minh thanh pho ho chi minh ho chi minh tp hcm tphcm');
    expect(agencyTextParts(hcm).at(-1)).toEqual([SearchField.ABBREVIATION, 'tp hcm tphcm']);
    expect(systemSearchText({ code: 'CDVC-01', name: 'Cổng dịch vụ công Thành phố Hà Nội' })).toBe(
      'cdvc-01 cong dich vu cong thanh pho ha noi tp hn tphn',
    );
    expect(documentSearchText({ title: 'Báo cáo của Ủy ban nhân dân tỉnh', publisher: null })).toBe('bao cao cua uy ban nhan dan tinh ubnd');
  });

  it('undots the dotted forms of a query and leaves other dots alone', () => {
    expect(undotAbbreviations(foldText('TP.HCM'))).toBe('tp hcm');
    expect(undotAbbreviations(foldText('Tp. Hồ Chí Minh'))).toBe('tp ho chi minh');
    expect(undotAbbreviations(foldText('UBND. tỉnh'))).toBe('ubnd tinh');
    expect(undotAbbreviations(foldText('T. Lâm Đồng'))).toBe('tinh lam dong');
    expect(undotAbbreviations(foldText('P. Bến Nghé, Q. 1'))).toBe('phuong ben nghe, quan 1');
    expect(undotAbbreviations('platform.systems_connected')).toBe('platform.systems_connected');
    expect(undotAbbreviations('t.')).toBe('t.');
    expect(undotAbbreviations('lam dong')).toBe('lam dong');
  });
});

describe('matched fields (src/modules/search/search-match.ts)', () => {
  const parts = agencyTextParts({ code: '68', name: 'Lâm Đồng', full_name: 'Tỉnh Lâm Đồng', name_en: 'Lam Dong Province', aliases: ['Đà Lạt'] });

  it('names the fields holding a word of the query, each once, in the order of the parts', () => {
    expect(matchedFields(parts, ['lam', 'dong'], 'lam dong')).toEqual([SearchField.NAME, SearchField.FULL_NAME, SearchField.ENGLISH_NAME]);
    expect(matchedFields(parts, ['tinh'], 'tinh')).toEqual([SearchField.FULL_NAME]);
    expect(matchedFields(parts, ['68'], '68')).toEqual([SearchField.CODE]);
    expect(matchedFields(parts, ['da', 'lat'], 'da lat')).toEqual([SearchField.ALIAS]);
  });

  it('names the closest fields for a match by similarity only, and nothing for a text sharing nothing', () => {
    expect(matchedFields(parts, ['provnce'], 'provnce')).toEqual([SearchField.ENGLISH_NAME]);
    expect(matchedFields(parts, ['zzz'], 'zzz')).toEqual([]);
  });

  it('splits trigrams as pg_trgm does', () => {
    expect([...trigrams('ab')]).toEqual(['  a', ' ab', 'ab ']);
    expect(trigrams('lam-dong')).toEqual(trigrams('lam dong'));
  });
});
