/* Karma configuration: unit tests for the RefStack UI.
 *
 * Runs every app/**\/*.spec.js in headless Chromium (CHROME_BIN, default
 * /usr/bin/chromium) with the flags this environment needs, and enforces
 * coverage thresholds.  `npm test` regenerates .tmp/templates.js first.
 */
'use strict';

process.env.CHROME_BIN = process.env.CHROME_BIN || '/usr/bin/chromium';

module.exports = function karmaConfig(config) {
  config.set({
    basePath: '',
    frameworks: ['jasmine'],
    files: [
      'node_modules/angular/angular.js',
      'node_modules/@uirouter/angularjs/release/angular-ui-router.js',
      'node_modules/angular-mocks/angular-mocks.js',
      'app/**/*.module.js',
      'app/**/!(*.spec|*.mock|boot).js',
      '.tmp/templates.js',
      'app/**/*.mock.js',
      'app/**/*.spec.js',
    ],
    preprocessors: {
      'app/**/!(*.spec|*.mock).js': ['coverage'],
    },
    reporters: ['progress', 'coverage'],
    coverageReporter: {
      dir: 'coverage',
      reporters: [
        { type: 'text-summary' },
        { type: 'html', subdir: 'html' },
      ],
      check: {
        global: {
          statements: 90,
          branches: 80,
          functions: 90,
          lines: 90,
        },
      },
    },
    browsers: ['ChromeHeadlessCI'],
    customLaunchers: {
      ChromeHeadlessCI: {
        base: 'ChromeHeadless',
        flags: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    },
    browserNoActivityTimeout: 60000,
    singleRun: true,
    concurrency: 1,
  });
};
