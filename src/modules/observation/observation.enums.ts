import { registerEnumType } from 'type-graphql';

export enum Qualifier {
  EXACT = 'EXACT',
  MORE_THAN = 'MORE_THAN',
  OVER = 'OVER',
  ABOUT = 'ABOUT',
  NEARLY = 'NEARLY',
  AT_LEAST = 'AT_LEAST',
  UNDER = 'UNDER',
}
registerEnumType(Qualifier, {
  name: 'Qualifier',
  description: 'How the source qualifies a number; kept so "hơn 11,2 triệu" is not served as exactly 11,200,000.',
  valuesConfig: {
    EXACT: { description: 'Stated as an exact figure.' },
    MORE_THAN: { description: '"hơn": more than.' },
    OVER: { description: '"trên": over.' },
    ABOUT: { description: '"khoảng": about.' },
    NEARLY: { description: '"gần": nearly.' },
    AT_LEAST: { description: '"tối thiểu", "ít nhất": at least.' },
    UNDER: { description: '"dưới": under.' },
  },
});

export enum Basis {
  REPORTED = 'REPORTED',
  COMPUTED = 'COMPUTED',
}
registerEnumType(Basis, {
  name: 'Basis',
  description: 'Where a count comes from.',
  valuesConfig: {
    REPORTED: { description: 'Reported by an agency or the press, as quoted in the evidence.' },
    COMPUTED: { description: 'Counted by the hub from the connection edges it holds.' },
  },
});
