"use strict";
// Start-up of Swagger UI for the tracker's schema. Sent as its own file so the page needs no inline script.
(function () {
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Swagger UI's own layout leaves the title and the Authorize button outside any landmark and jumps from
  // the title (h1) straight to the tags (h3). This layout draws the same parts inside one <main> and puts
  // an "Operations" heading between the two.
  function TrackerLayoutPlugin(system) {
    var h = system.React.createElement;

    function TrackerLayout(props) {
      var get = props.getComponent;
      var spec = props.specSelectors;
      var status = spec.loadingStatus();
      if (status === "loading" || status === "failed" || !spec.specStr()) {
        var Errors = get("errors", true);
        return h(
          "main",
          { className: "swagger-ui", id: "main-content" },
          h("p", { className: "loading-container" }, status === "failed" ? "The API description did not load." : "Loading the API description…"),
          h(Errors, null),
        );
      }
      var Info = get("InfoContainer", true);
      var Servers = get("ServersContainer", true);
      var Authorize = get("AuthorizeBtnContainer", true);
      var Filter = get("FilterContainer", true);
      var Operations = get("operations", true);
      var Models = get("Models", true);
      var SvgAssets = get("SvgAssets");
      var servers = spec.servers();
      return h(
        "main",
        { className: "swagger-ui", id: "main-content" },
        h(SvgAssets, null),
        h("div", { className: "information-container wrapper" }, h(Info, null)),
        h(
          "div",
          { className: "scheme-container" },
          h(
            "div",
            { className: "schemes wrapper" },
            servers && servers.size ? h("div", { className: "schemes-server-container" }, h(Servers, null)) : null,
            spec.securityDefinitions() ? h(Authorize, null) : null,
          ),
        ),
        h(Filter, null),
        h(
          "div",
          { className: "wrapper", id: "operations" },
          h("h2", { className: "tracker-operations-heading" }, "Operations"),
          h(Operations, null),
          h(Models, null),
        ),
      );
    }

    // A parameter with a fixed set of values (an enum, a yes/no) is a bare <select> in its cell, named by
    // nothing; the label around it gives it the parameter's name (and description) as its name.
    function named(needsName) {
      return function (Original) {
        return function (props) {
          if (!needsName(props.schema)) return h(Original, props);
          return h(
            "label",
            { className: "tracker-parameter-choice" },
            h("span", { className: "tracker-sr-only" }, props.description),
            h(Original, props),
          );
        };
      };
    }
    function has(schema, key) {
      return Boolean(schema && schema.get && schema.get(key));
    }

    return {
      components: { TrackerLayout: TrackerLayout },
      wrapComponents: {
        JsonSchema_string: named(function (schema) {
          return has(schema, "enum");
        }),
        JsonSchema_boolean: named(function () {
          return true;
        }),
        JsonSchema_array: named(function (schema) {
          return has(schema, "items") && has(schema.get("items"), "enum");
        }),
      },
    };
  }

  window.ui = SwaggerUIBundle({
    url: "{{ schema_url|escapejs }}",
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    plugins: [TrackerLayoutPlugin],
    layout: "TrackerLayout",
    // Deep links put a link inside each operation's expand button (a control inside a control), so the
    // operations open by their button alone.
    deepLinking: false,
    // The highlighter's colours on its dark background fall short of AA contrast: examples are plain text.
    syntaxHighlight: false,
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
