/**
 * Start-up: fetch config.json (relative to the page), register it as the
 * `refstackConfig` constant of module `refstack.config`, then bootstrap the
 * `refstack` module.  A missing or invalid config.json no longer leaves a
 * blank page: the default API URL is used and the app shows a warning.
 */
(function () {
  'use strict';

  var DEFAULT_API_URL = '/api/v1';

  function normaliseConfig(raw) {
    var config = { refstackApiUrl: DEFAULT_API_URL, configError: null };
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      config.configError = 'config.json is not a JSON object';
      return config;
    }
    if (typeof raw.refstackApiUrl !== 'string' || !raw.refstackApiUrl.trim()) {
      config.configError = 'config.json has no "refstackApiUrl" string';
      return config;
    }
    Object.keys(raw).forEach(function copy(key) {
      config[key] = raw[key];
    });
    config.refstackApiUrl = raw.refstackApiUrl.trim().replace(/\/+$/, '');
    return config;
  }

  function loadConfig() {
    return window.fetch('config.json', { cache: 'no-cache', credentials: 'same-origin' })
      .then(function parse(response) {
        if (!response.ok) {
          throw new Error('config.json could not be loaded (HTTP ' + response.status + ')');
        }
        return response.json().catch(function badJson() {
          throw new Error('config.json is not valid JSON');
        });
      })
      .then(normaliseConfig)
      .catch(function fallback(error) {
        return { refstackApiUrl: DEFAULT_API_URL, configError: error.message };
      });
  }

  function start() {
    loadConfig().then(function bootstrap(config) {
      angular.module('refstack.config', []).constant('refstackConfig', config);
      var bootMessage = document.getElementById('rs-boot-message');
      if (bootMessage) {
        bootMessage.parentNode.removeChild(bootMessage);
      }
      angular.bootstrap(document.getElementById('rs-app'), ['refstack'], { strictDi: true });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
