// Runs before widget.js in a helpdesk page: hands it the settings of the options page.
(() => {
  const api = globalThis.browser || globalThis.chrome;
  window.lahnOptions = api.storage.local
    .get(["server", "token", "channel", "lang"])
    .then((s) => ({
      server: s.server || "http://127.0.0.1:7010",
      token: s.token || "",
      channel: s.channel || "",
      lang: s.lang || "fa",
    }));
})();
