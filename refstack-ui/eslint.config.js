'use strict';

const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  {
    ignores: ['node_modules/**', 'dist/**', '.tmp/**', 'coverage/**'],
  },
  js.configs.recommended,
  {
    files: ['app/**/*.js'],
    languageOptions: {
      ecmaVersion: 2018,
      sourceType: 'script',
      globals: {
        ...globals.browser,
        angular: 'readonly',
      },
    },
    rules: {
      strict: ['error', 'function'],
      'func-names': 'off',
      'no-var': 'off',
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      curly: 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'consistent-this': ['error', 'ctrl'],
      quotes: ['error', 'single', { avoidEscape: true }],
      semi: ['error', 'always'],
      'max-len': ['error', { code: 110, ignoreUrls: true, ignoreStrings: true }],
    },
  },
  {
    files: ['app/**/*.spec.js', 'app/**/*.mock.js'],
    languageOptions: {
      globals: {
        ...globals.jasmine,
        module: 'readonly',
        inject: 'readonly',
      },
    },
    rules: {
      'max-len': 'off',
      'consistent-this': 'off',
    },
  },
  {
    files: ['karma.conf.js', 'eslint.config.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: globals.node,
    },
  },
  {
    files: ['api-docs/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: globals.browser,
    },
  },
  {
    files: ['tools/**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: globals.node,
    },
  },
];
