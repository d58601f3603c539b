// ESLint flat config. The rules that matter most: the layers (which folder may import which,
// docs/architecture.md « Couches ») and main/core never importing electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import layersPlugin from './eslint-rules/layers.js';

const HOSTS = 'hosts may use the core, the contract, the demo stand-ins and the composition (main/compose).';
/**
 * The layers, VS Code style: each folder lists what it may import (its own files always).
 * Cycles between modules are refused by scripts/check-cycles.mjs (npm run lint).
 */
export const LAYERS = {
  contract: {
    roots: ['main/contract'],
    allow: [],
    forbidPackages: ['electron'],
    why: 'the contract is neutral: it imports nothing of ours outside main/contract.',
  },
  core: {
    roots: ['main/core'],
    allow: ['contract'],
    forbidPackages: ['electron'],
    why: 'main/core is pure Node and imports only the contract; the hosts hand it what it needs (DemoServices).',
  },
  'demo-archive': {
    roots: ['main/demo-archive'],
    allow: ['core', 'contract'],
    forbidPackages: ['electron'],
    why: 'the demo stand-ins may reuse the core’s parsers, never a host.',
  },
  compose: { roots: ['main/compose'], allow: ['core', 'contract', 'demo-archive'], why: HOSTS },
  web: { roots: ['main/web'], allow: ['core', 'contract', 'demo-archive', 'compose'], why: HOSTS },
  electron: { roots: ['main/electron'], allow: ['core', 'contract', 'demo-archive', 'compose'], why: HOSTS },
  cli: { roots: ['main/cli'], allow: ['core', 'contract', 'demo-archive', 'compose'], why: HOSTS },
  preload: { roots: ['preload'], allow: ['contract'], why: 'the preload is only the Electron bridge to the contract.' },
  renderer: {
    roots: ['renderer'],
    allow: ['contract'],
    forbidPackages: ['electron'],
    why: 'the renderer talks to the core only through the contract (window.sceau).',
  },
};

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
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed-imports': ['error', { root: import.meta.dirname, layers: LAYERS }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  { files: ['scripts/**/*.mjs', 'bin/**/*.mjs', '*.js'], languageOptions: { globals: { ...globals.node } } },
);
