// Runs before the ReDoc bundle, so that it works under the page's Content-Security-Policy.
"use strict";
(() => {
  const config = JSON.parse(document.getElementById("api-docs-config").textContent);
  // The bundle injects a <style> element as it loads, before Redoc.init() can hand it the
  // nonce: stamp the page's nonce on every <style> element created here (only our scripts run).
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (tagName, options) {
    const element = createElement.call(this, tagName, options);
    if (String(tagName).toLowerCase() === "style") element.nonce = config.settings.nonce;
    return element;
  };
  // The menu footer shows a logo from cdn.redoc.ly; the page loads nothing from other hosts.
  const REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
  const local = (value) => (String(value) === REDOCLY_LOGO ? config.logoUrl : value);
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    return setAttribute.call(this, name, name === "src" ? local(value) : value);
  };
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    ...src,
    set(value) {
      src.set.call(this, local(value));
    },
  });
})();
