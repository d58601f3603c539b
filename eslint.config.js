// ESLint flat config. The rule that matters most: main/core never imports electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: 'main/core is pure Node: the Electron layer lives in main/electron.' }],
      patterns: [
        { group: ['electron/*', '**/electron/**'], message: 'main/core must not depend on the Electron layer.' },
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
      message: 'main/core is pure Node: no require("electron").',
    },
    {
      selector: "ImportExpression[source.value='electron']",
      message: 'main/core is pure Node: no import("electron").',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      '.toolchain/**',
      'test-results/**',
      'playwright-report/**',
      'assets/**',
      'test/corpus/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  { files: ['main/core/**/*.ts'], rules: noElectron },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  { files: ['scripts/**/*.mjs', 'bin/**/*.mjs', '*.js'], languageOptions: { globals: { ...globals.node } } },
);
