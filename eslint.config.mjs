import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lentera from './eslint/no-personal-case-fields.mjs';

// Time: the centre's calendar and clocks come from one place (src/platform/common/clock.ts for "now",
// src/platform/common/dates.ts for calendar dates in the centre's time zone, src/platform/common/format.ts for what people
// read). Anything else that asks the process for the time, derives a UTC calendar date from a moment
// or formats in the process's own zone is an error.
const NOW = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message:
      'new Date() reads the process clock: inject Clock (clock.now()); for a calendar date use todayOf/dayOf from src/platform/common/dates.ts.',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Date.now() reads the process clock: inject Clock (clock.now()).',
  },
];
const CALENDAR = [
  {
    selector:
      "CallExpression[callee.property.name=/^(slice|substring|substr)$/][callee.object.type='CallExpression'][callee.object.callee.property.name='toISOString']",
    message:
      "toISOString().slice(…) is the UTC date, not the centre's: use dayOf(moment) / todayOf(clock) from src/platform/common/dates.ts.",
  },
  {
    selector:
      "CallExpression[callee.property.name=/^getUTC(FullYear|Month|Date|Day|Hours)$/][callee.object.type='CallExpression'][callee.object.callee.property.name='now']",
    message: "The UTC year/month/day of now is not the centre's: use todayOf(clock) / yearOf(clock).",
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(getFullYear|getMonth|getDate|getDay|getHours|getMinutes|getSeconds|getTimezoneOffset|setFullYear|setMonth|setDate|setHours|setMinutes|toDateString|toTimeString|toLocaleDateString|toLocaleTimeString|toLocaleString)$/]',
    message:
      "Process-local time depends on the server's TZ: use src/platform/common/dates.ts (centre calendar) or src/platform/common/format.ts (for people).",
  },
  {
    selector: "MemberExpression[object.name='Intl'][property.name=/^(DateTimeFormat|NumberFormat)$/]",
    message:
      'Dates and numbers for people go through src/platform/common/format.ts (one formatter, the centre time zone).',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'public/vendor/**', '*.js', '*.mjs', 'eslint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': ['error', { allow: ['error', 'warn'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'migrations/**/*.ts'],
    ignores: [
      'src/platform/common/clock.ts',
      'src/platform/common/dates.ts',
      'src/platform/common/format.ts',
      '**/*.spec.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', ...NOW, ...CALENDAR] },
  },
  {
    // The calendar and the formatter themselves: only "now" must still come from the Clock.
    files: ['src/platform/common/dates.ts', 'src/platform/common/format.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NOW] },
  },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  // The disclosure boundary (issue 12): outside src/case (the victim's own module and the disclosure
  // gate), nothing imports the victim's or perpetrator's entity, nor reads the personal fields of a case.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/case/**', 'src/platform/database/entities.ts', 'src/**/*.spec.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { lentera },
    rules: {
      'lentera/no-personal-case-fields': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/case/victim.entity',
                '**/case/perpetrator.entity',
                './victim.entity',
                './perpetrator.entity',
              ],
              message:
                "The victim's record is read only by src/case and the disclosure gate: ask CaseDisclosureService for what this reader may see.",
            },
          ],
        },
      ],
    },
  },
  {
    // Assertions that pass on an empty list (issue 22): use expectEvery / expectNone from
    // test/support/expect-all.ts, which assert the list's length first, or compare the list itself.
    files: ['test/**/*.ts', 'src/**/*.spec.ts', 'migrations/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.name='expect'] > CallExpression.arguments[callee.property.name='every']",
          message:
            'expect(list.every(…)) passes on an empty list: use expectEvery(list, …) (test/support/expect-all.ts) or compare the list',
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(toBe|toEqual|toStrictEqual)$/][arguments.0.value=false] > MemberExpression.callee > CallExpression.object[callee.name='expect'] > CallExpression.arguments[callee.property.name='some']",
          message:
            'expect(list.some(…)).toBe(false) passes on an empty list: use expectNone(list, …) (test/support/expect-all.ts)',
        },
        {
          selector: "CallExpression[callee.property.name='forEach'] CallExpression[callee.name='expect']",
          message:
            'expect inside forEach asserts nothing on an empty list: assert the length first and use a for…of loop, or expectEvery',
        },
      ],
    },
  },
);
