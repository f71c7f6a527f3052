import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lentera from './eslint/no-personal-case-fields.mjs';

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
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  // The disclosure boundary (issue 12): outside src/cases (the victim's own module and the disclosure
  // gate), nothing imports the victim's or perpetrator's entity, nor reads the personal fields of a case.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cases/**', 'src/database/entities.ts', 'src/**/*.spec.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { lentera },
    rules: {
      'lentera/no-personal-case-fields': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cases/victim.entity', '**/cases/perpetrator.entity', './victim.entity', './perpetrator.entity'],
              message:
                "The victim's record is read only by src/cases and the disclosure gate: ask CaseDisclosureService for what this reader may see.",
            },
          ],
        },
      ],
    },
  },
);
