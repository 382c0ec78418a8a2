import { registerEnumType } from 'type-graphql';
import { SearchField } from '../../text/search-text.js';

export { SearchField };

registerEnumType(SearchField, {
  name: 'SearchField',
  description: 'A field of a search result that the query matched.',
  valuesConfig: {
    CODE: { description: "The code (agencies, systems, indicators; an indicator code's dots and underscores read as spaces)." },
    NAME: { description: 'The name (for agencies also its ASCII spelling).' },
    FULL_NAME: { description: 'An agency\'s full name, e.g. "Tỉnh Lâm Đồng".' },
    ENGLISH_NAME: { description: 'The English name.' },
    ALIAS: { description: 'Another name an agency is known by (e.g. a former name).' },
    ABBREVIATION: {
      description: 'A common abbreviation of the name ("tp" for thành phố, "ubnd" for ủy ban nhân dân, "hcm" and "tphcm" for Hồ Chí Minh City).',
    },
    INDICATOR: { description: "A figure's indicator name (Vietnamese or English)." },
    AGENCY: { description: 'The name of the agency a figure is about.' },
    SYSTEM: { description: 'The name of the system a figure is about.' },
    VALUE: { description: "A figure's value as written in its source." },
    QUOTE: { description: 'The quote a figure was taken from.' },
    TITLE: { description: "A source document's title." },
    PUBLISHER: { description: "A source document's publisher." },
    AUTHOR: { description: "A source document's author or byline." },
  },
});
