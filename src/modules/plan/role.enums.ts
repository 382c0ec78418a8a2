import { registerEnumType } from 'type-graphql';

/** The role of a dated statement: what was reported as done, aimed at, or planned. */
export enum Role {
  ACTUAL = 'ACTUAL',
  TARGET = 'TARGET',
  PLANNED = 'PLANNED',
}
registerEnumType(Role, {
  name: 'Role',
  description:
    'What a dated statement is: a fact reported as done, a figure aimed at, or a milestone planned. Figures are ACTUAL or TARGET; lifecycle and connection statuses ACTUAL or PLANNED. Only ACTUAL statuses make a current status.',
  valuesConfig: {
    ACTUAL: { description: 'Reported as done or as the state of things on its date.' },
    TARGET: { description: 'A figure aimed at ("phấn đấu", "mục tiêu", "tối thiểu", ...), with its due date or period.' },
    PLANNED: { description: 'A status planned for a date (a milestone), stated on `statedOn`; never the current status.' },
  },
});

/** How an indicator's figures are measured, so one series never mixes a running total with a period's count. */
export enum Measure {
  CUMULATIVE = 'CUMULATIVE',
  PERIOD = 'PERIOD',
  AS_OF_DATE = 'AS_OF_DATE',
}
registerEnumType(Measure, {
  name: 'Measure',
  description: "What an indicator's value is: a running total, a count or rate for a period, or a state on a date.",
  valuesConfig: {
    CUMULATIVE: { description: 'A running total since the start ("đến nay đã có hơn 35,4 triệu hồ sơ").' },
    PERIOD: { description: 'For a period given by `periodStart`/`periodEnd` ("6 tháng đầu năm 2023").' },
    AS_OF_DATE: { description: 'The state on `asOf` (a rate, a count in place, a rank).' },
  },
});

/** The administrative level a figure or target covers. */
export enum AdminLevel {
  NATIONAL = 'NATIONAL',
  MINISTRY = 'MINISTRY',
  PROVINCE = 'PROVINCE',
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
}
registerEnumType(AdminLevel, {
  name: 'AdminLevel',
  description: 'The administrative level a figure or target covers ("cấp tỉnh", "cấp huyện", "cấp xã").',
  valuesConfig: {
    NATIONAL: { description: 'Central level.' },
    MINISTRY: { description: 'Ministries and ministry-level agencies.' },
    PROVINCE: { description: '"cấp tỉnh": provincial level.' },
    DISTRICT: { description: '"cấp huyện": district level.' },
    COMMUNE: { description: '"cấp xã": commune level.' },
  },
});

/** Where a target stands on a date, on the actual figures the hub holds. */
export enum TargetStatus {
  MET = 'MET',
  OPEN = 'OPEN',
  MISSED = 'MISSED',
  UNREPORTED = 'UNREPORTED',
}
registerEnumType(TargetStatus, {
  name: 'TargetStatus',
  description: 'Where a target stands on a date, judged only on the ACTUAL figures the hub holds.',
  valuesConfig: {
    MET: { description: 'An actual reported on or before the due date (and the date asked) reaches the target.' },
    OPEN: { description: 'Not met yet and not due yet (or no due date).' },
    MISSED: { description: 'Due, and the last actual reported by the due date falls short.' },
    UNREPORTED: { description: 'Due, and no actual was reported by the due date.' },
  },
});

export enum TaskKind {
  TASK = 'TASK',
  COMMITMENT = 'COMMITMENT',
  AGREEMENT = 'AGREEMENT',
  PROGRAMME = 'PROGRAMME',
}
registerEnumType(TaskKind, {
  name: 'TaskKind',
  description: 'What kind of assignment a task is.',
  valuesConfig: {
    TASK: { description: 'A task assigned by a directive ("Thủ tướng giao ...", "hoàn thành trong quý I-2024").' },
    COMMITMENT: { description: 'A commitment signed or made by the assignees ("ký cam kết").' },
    AGREEMENT: { description: 'A cooperation agreement between parties, for a period ("thỏa thuận hợp tác ... giai đoạn 2023-2028").' },
    PROGRAMME: { description: 'A programme or project run over a period ("Đề án 06 ... giai đoạn 2022-2025").' },
  },
});

export enum TaskStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  BEHIND_SCHEDULE = 'BEHIND_SCHEDULE',
}
registerEnumType(TaskStatus, {
  name: 'TaskStatus',
  description: "A task's status as the document reports it on `statusOn`.",
  valuesConfig: {
    OPEN: { description: 'Assigned and not reported done (for a group: some items still open).' },
    DONE: { description: 'Reported done.' },
    BEHIND_SCHEDULE: { description: 'Reported behind schedule ("chậm tiến độ").' },
  },
});
