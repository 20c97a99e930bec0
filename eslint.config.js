import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Layers a module may not import, as glob groups matching both `$lib/x` and relative paths. */
const layer = (name) => [
  `$lib/${name}`,
  `$lib/${name}/**`,
  `**/lib/${name}`,
  `**/lib/${name}/**`,
  ...['..', '../..', '../../..'].flatMap((up) => [`${up}/${name}`, `${up}/${name}/**`])
];
const forbid = (message, ...groups) => ({ group: groups.flat(), message });

const noTestImports = forbid('Nothing imports test code.', ['**/test/**', '!**/test/fixtures/**']);

/**
 * The import direction of the architecture: routes → lib/client | lib/server → lib/shared → lib/domain → lib/bungie;
 * lib/server and workers/* → lib/published (the published shards as read from R2) → lib/domain;
 * workers/* → lib/domain, lib/bungie. Each entry: files, and the layers they must not reach.
 */
const directions = [
  {
    files: ['src/lib/bungie/**'],
    patterns: [
      forbid(
        "lib/bungie is Bungie's vocabulary and client: it depends on nothing of ours.",
        layer('domain'),
        layer('published'),
        layer('client'),
        layer('server'),
        layer('ui'),
        layer('shared')
      )
    ]
  },
  {
    files: ['src/lib/domain/**'],
    patterns: [
      forbid(
        'lib/domain is pure: no adapters, no UI; it owns its types, and the /api shapes are built from them.',
        layer('client'),
        layer('server'),
        layer('ui'),
        layer('shared'),
        layer('published'),
        layer('bungie/client'),
        '**/src/routes/**'
      )
    ],
    paths: ['dexie', 'hono', 'svelte', '@sveltejs/kit'].map((name) => ({
      name,
      message: 'lib/domain is pure: no I/O libraries.'
    }))
  },
  {
    files: ['src/lib/published/**'],
    patterns: [
      forbid(
        'lib/published reads the published shards: it knows R2 and lib/domain, no app layer.',
        layer('server'),
        layer('client'),
        layer('ui'),
        layer('shared'),
        '**/src/routes/**'
      )
    ]
  },
  {
    files: ['src/lib/server/**'],
    patterns: [
      forbid(
        'Edge code never reaches browser code.',
        layer('client'),
        layer('ui'),
        '**/src/routes/**'
      )
    ]
  },
  {
    files: ['src/lib/client/**'],
    patterns: [
      forbid(
        'Browser code never reaches edge code.',
        layer('server'),
        layer('published'),
        layer('bungie/client'),
        '**/src/routes/**'
      )
    ]
  },
  {
    files: ['src/lib/ui/**'],
    patterns: [
      forbid(
        'Components take props and fetch nothing.',
        layer('server'),
        layer('published'),
        layer('client'),
        '**/src/routes/**'
      )
    ]
  },
  {
    files: ['workers/**'],
    patterns: [
      forbid(
        'Workers use lib/domain, lib/published and lib/bungie only.',
        layer('server'),
        layer('client'),
        layer('ui'),
        '**/src/routes/**'
      )
    ]
  }
];

export default ts.config(
  {
    ignores: [
      '.svelte-kit/',
      'node_modules/',
      'build/',
      '**/.wrangler/',
      '.state/',
      '.cache/',
      'test/fixtures/'
    ]
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      'no-restricted-imports': ['error', { patterns: [noTestImports] }]
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig
      }
    }
  },
  ...directions.map(({ files, patterns, paths = [] }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [noTestImports, ...patterns], paths }] }
  })),
  {
    // Pure modules get time and randomness passed in, so that tests can pin them.
    files: ['src/lib/domain/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        'fetch',
        'indexedDB',
        'localStorage',
        'caches',
        'navigator'
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pass the time in.' },
        { object: 'Math', property: 'random', message: 'Pass randomness in.' }
      ]
    }
  },
  { files: ['test/**', 'scripts/**', 'bench/**'], rules: { 'no-restricted-imports': 'off' } },
  // CommonJS on purpose: it must run on any Node, to say which one the project needs.
  { files: ['scripts/check-node.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } }
);
