// Render the server's OpenAPI document (<refstackApiUrl>/openapi.json, the
// API base comes from the UI's config.json) with Swagger UI from this bundle.
(function () {
  'use strict';

  function render(apiUrl) {
    window.SwaggerUIBundle({
      url: apiUrl.replace(/\/$/, '') + '/openapi.json',
      dom_id: '#api-docs',
      deepLinking: true,
      tryItOutEnabled: false,
    });
  }

  fetch('../config.json', {cache: 'no-cache'})
    .then(function (response) { return response.ok ? response.json() : {}; })
    .catch(function () { return {}; })
    .then(function (config) { render(config.refstackApiUrl || '/api/v1'); });
})();
