import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const uiPackages = ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*'];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'test-results',
      'playwright-report',
      'src/ui/editor/schemas/generated',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The UI reaches the engine through the protocol and the engine's pure public helpers only
    // (engine/public.ts): no copy of engine logic, and no reach into its internals.
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)engine/(?!public$)',
              message:
                'The UI imports the engine only from engine/public (or types via the protocol).',
            },
            {
              group: ['**/worker/**', '!**/worker/worker.ts'],
              message: 'The UI talks to the worker through the bridge and the protocol.',
            },
          ],
        },
      ],
    },
  },
  {
    // Architecture principle 1: the engine is a pure TypeScript library.
    // Principle 2: virtual time and one seeded PRNG, never the wall clock.
    files: ['src/engine/**/*.ts', 'src/protocol/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: uiPackages, message: 'src/engine must not import UI code.' },
            {
              group: ['@xyflow/*', 'monaco-*', 'monaco-*/**', '@xterm/*'],
              message: 'src/engine must not import UI code.',
            },
            {
              group: ['**/ui', '**/ui/**', '**/worker/**'],
              message: 'src/engine must not import src/ui or src/worker.',
            },
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto'],
              message: 'src/engine runs in the browser: no Node built-ins.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (sim/rng).' },
        { object: 'Date', property: 'now', message: 'Use the virtual clock (sim/clock).' },
        { object: 'performance', property: 'now', message: 'Use the virtual clock (sim/clock).' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the wall clock: use the virtual clock.',
        },
      ],
    },
  },
);
