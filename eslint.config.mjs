import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'public/vendor/**', '*.js', '*.mjs'] },
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
