/* Material's search worker, loaded when a reader first searches: the stand-in that Material's
   page configuration names instead (written by docs/plugins/search_on_demand.py, which fills in
   the name of Material's worker below).

   Material starts its search worker (lunr and Material's search, 12 KB gzipped) on every page
   as it loads, and hands it the search index. This stand-in answers what Material asks before
   anyone searches: it keeps the index and replies at once that search is ready, and answers
   the empty query the page sends then with no results, as Material's worker does. On the
   first other query it loads Material's worker, hands it the index it kept, and from then on
   passes each message to it and each answer back, one at a time and in order.

   It runs as a real worker, and in the iframe that the iframe-worker shim gives a worker when
   the site is opened from disk (file://), where importScripts returns a Promise and a relative
   address would be read against the page's, not this script's. */
(function () {
  "use strict";
  // Material's SearchMessageType
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var script = typeof document !== "undefined" && document.currentScript;
  var MATERIAL = new URL("__MATERIAL_WORKER__", script ? script.src : self.location.href).href;
  var post = self.postMessage;

  function reply(message) {
    post.call(self, message);
  }

  // Material's setup message: the search index and its configuration.
  var setup = null;
  // A Promise of the last message passed to Material's worker, answered.
  var started = null;
  // Material's worker's message listener.
  var listener = null;
  // Resolves the message in flight with Material's worker's answer.
  var answer = null;

  /* Load Material's worker, keeping its message listener and catching its answers. */
  function load() {
    self.addEventListener = function (type, handler) {
      if (type === "message") {
        listener = handler;
      } else {
        EventTarget.prototype.addEventListener.apply(self, arguments);
      }
    };
    self.postMessage = function (message) {
      var resolve = answer;
      answer = null;
      resolve(message);
    };
    return Promise.resolve(importScripts(MATERIAL)).then(function () {
      delete self.addEventListener;
      if (!listener) {
        throw new Error("search: Material's worker (" + MATERIAL + ") added no message listener");
      }
    });
  }

  /* Material's worker's answer to `message`. */
  function ask(message) {
    return new Promise(function (resolve) {
      answer = resolve;
      listener({ data: message });
    });
  }

  function passOn(message) {
    if (started === null) {
      // Its "ready" is not passed on: the page had ours.
      started = load().then(function () { return ask(setup); });
    }
    started = started.then(function () { return ask(message); }).then(reply);
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP && setup === null) {
      setup = message;
      reply({ type: READY });
    } else if (message.type === QUERY && message.data === "" && started === null) {
      reply({ type: RESULT, data: { items: [] } });
    } else {
      passOn(message);
    }
  });
})();
