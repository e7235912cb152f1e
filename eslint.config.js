import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.toolchain/**',
      '.data/**',
      'templates/**',
      'test-results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Escapers and path checks match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  // Backstage's ADR011 boundaries (test/package-boundaries.test.ts checks package.json files too).
  {
    files: ['plugins/*-module-*/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@golden-path/plugin-*',
                '@backstage/plugin-*-backend',
                '@backstage/plugin-*-backend/*',
                '@backstage/plugin-*-backend-module-*',
              ],
              message:
                'A module imports libraries (-node, -common), never a plugin or another module: move the shared code to @golden-path/node or @golden-path/common.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@golden-path/*',
                '!@golden-path/common',
                '@backstage/backend-*',
                '@backstage/plugin-*-backend',
                '@backstage/plugin-*-backend/*',
                '@backstage/plugin-*-backend-module-*',
                '@backstage/plugin-*-node',
                '@backstage/plugin-*-node/*',
                'node:*',
              ],
              message:
                'The portal runs in the browser: it imports @golden-path/common, never a backend package or a Node library.',
            },
          ],
        },
      ],
    },
  },
);
