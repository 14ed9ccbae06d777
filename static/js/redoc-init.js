// Starts ReDoc with the settings the page carries as JSON (no inline script, for the CSP).
"use strict";
(() => {
  const config = JSON.parse(document.getElementById("api-docs-config").textContent);
  Redoc.init(config.schemaUrl, config.settings, document.getElementById("redoc-container"));
})();
