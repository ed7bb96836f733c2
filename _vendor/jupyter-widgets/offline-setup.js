/*
 * Offline set-up for the book's widgets. Loaded before require.js and embed-amd.js
 * (see nb_ipywidgets_js in _config.yml; the order there matters).
 *
 * The static book has no kernel: each explorer is a widget state embedded in the page, rendered by the
 * vendored @jupyter-widgets/html-manager. Three things make that work with no network:
 */
(function () {
  "use strict";

  // 1. The theme's Font Awesome 6 script watches the page and swaps every <i class="fa..."> it sees for
  //    an <svg>, including the icon inside the Play widget. ipywidgets' Play view then throws on every
  //    update, so Play never animates, and the exception also stops jslink propagation (a slider linked
  //    to Play stops changing its frames). Icons in the page's own HTML are still converted once on load.
  window.FontAwesomeConfig = Object.assign({}, window.FontAwesomeConfig || {}, { observeMutations: false });

  // 2. Tell RequireJS where the widget manager's modules live. embed-amd.js defines them as named AMD
  //    modules, and each one finds its assets (Font Awesome fonts) next to the URL RequireJS gives it;
  //    without this mapping those URLs resolve against the page and the fonts 404.
  var here = (function () {
    var script = document.currentScript;
    if (!script) {  // very old browsers: find ourselves by name
      var all = document.getElementsByTagName("script");
      for (var i = all.length - 1; i >= 0; i--) {
        if (/offline-setup\.js(\?|$)/.test(all[i].src)) { script = all[i]; break; }
      }
    }
    var src = script ? script.src : "";
    return src.slice(0, src.lastIndexOf("/") + 1);  // ".../_static/jupyter-widgets/"
  })();
  var embed = here + "html-manager/embed-amd";  // RequireJS paths carry no ".js"
  var existing = (typeof window.require === "object" && window.require) || {};
  var paths = Object.assign({}, existing.paths || {}, {
    "@jupyter-widgets/html-manager/dist/libembed-amd": embed,
    "@jupyter-widgets/html-manager": embed,
    "@jupyter-widgets/base": embed,
    "@jupyter-widgets/controls": embed
  });
  if (typeof window.require !== "function") {  // require.js reads this object as its configuration
    window.require = Object.assign({}, existing, { paths: paths });
  } else {  // a loader is already there: configure it instead
    window.require.config({ paths: paths });
  }

  // 3. ipywidgets 8 typesets descriptions with the MathJax 2 API, MathJax.Hub.Queue(["Typeset", Hub, el]);
  //    the book ships MathJax 3, where that would throw once per widget. Provide the call, forwarding to
  //    MathJax 3 once it has started. Done on DOMContentLoaded because MathJax (a deferred script)
  //    replaces the window.MathJax configuration object when it loads.
  function installHubShim() {
    var MJ = window.MathJax;
    if (!MJ || MJ.Hub || typeof MJ.typesetPromise !== "function") return;
    MJ.Hub = {
      Queue: function () {
        for (var i = 0; i < arguments.length; i++) {
          var job = arguments[i];
          var element = Array.isArray(job) ? job[2] : null;
          if (element && element.nodeType === 1) {
            var ready = (MJ.startup && MJ.startup.promise) || Promise.resolve();
            ready.then(function (el) { return function () { return MJ.typesetPromise([el]); }; }(element))
                 .catch(function (err) { console.warn("MathJax could not typeset a widget label", err); });
          } else if (typeof job === "function") {
            job();
          }
        }
      }
    };
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", installHubShim);
  } else {
    installHubShim();
  }
})();
