// Starts Swagger UI with the settings the page carries as JSON (no inline script, for the CSP).
"use strict";
(() => {
  const config = JSON.parse(document.getElementById("api-docs-config").textContent);
  const unsafe = (method) => !["GET", "HEAD", "OPTIONS", undefined].includes(method);
  window.ui = SwaggerUIBundle({
    url: config.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // "Try it out" with a session: Django wants the CSRF token on unsafe methods.
    requestInterceptor: (request) => {
      if (unsafe(request.method) && request.credentials === "same-origin") {
        request.headers[config.csrfHeader] = config.csrfToken;
      }
      return request;
    },
    ...config.settings,
  });
})();
