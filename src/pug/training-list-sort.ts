import { defineListSort } from '../platform/common/list-sort';

/**
 * The PUG trainings' columns to sort by (`GET /api/pug-trainings`, the page /pug/trainings): the
 * training (alias `t`) and its region's name (alias `r`); the id ends every order.
 */
export const TRAINING_LIST_SORT = defineListSort({
  name: 'pug-trainings',
  api: '/api/pug-trainings',
  pages: ['/pug/trainings'],
  columns: {
    title: { order: ['t.title', 't.id'], field: 'title' },
    startDate: { order: ['t.startDate', 't.title', 't.id'], field: 'startDate' },
    region: { order: ['r.name', 't.startDate', 't.id'], field: 'regionName' },
    kind: { order: ['t.kind', 't.startDate', 't.id'], field: 'kind' },
  },
  defaultSort: 'startDate',
  defaultDir: 'desc',
});

/**
 * The PUG awards' columns to sort by (`GET /api/pug-awards`, the page /pug/awards): the award
 * (alias `a`) and its region's name (alias `r`); the id ends every order.
 */
export const AWARD_LIST_SORT = defineListSort({
  name: 'pug-awards',
  api: '/api/pug-awards',
  pages: ['/pug/awards'],
  columns: {
    year: { order: ['a.year', 'a.awardName', 'a.id'], field: 'year' },
    region: { order: ['r.name', 'a.year', 'a.id'], field: 'regionName' },
    awardName: { order: ['a.awardName', 'a.id'], field: 'awardName' },
    level: { order: ['a.level', 'a.year', 'a.id'], field: 'level' },
    givenBy: { order: ['a.givenBy', 'a.year', 'a.id'], field: 'givenBy', nullable: true },
  },
  defaultSort: 'year',
  defaultDir: 'desc',
});
