"use strict";
// Start-up of Swagger UI for the tracker's schema. Sent as its own file so the page needs no inline script.
(function () {
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  window.ui = SwaggerUIBundle({
    url: "{{ schema_url|escapejs }}",
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    // The default validator is a remote service: never call it.
    validatorUrl: null,
    requestInterceptor: function (request) {
      if (request.method && request.method !== "GET") {
        request.headers["{{ csrf_header_name|escapejs }}"] = csrfToken();
      }
      return request;
    },
  });
})();
