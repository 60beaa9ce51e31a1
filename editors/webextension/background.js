// Injects the widget on the helpdesk origins the team configured (options page), and only
// there: the content scripts are registered for exactly those origins, whose host
// permissions the options page asked for.
const api = globalThis.browser || globalThis.chrome;

async function register() {
  const { origins = [] } = await api.storage.local.get("origins");
  const old = await api.scripting.getRegisteredContentScripts();
  if (old.length) await api.scripting.unregisterContentScripts({ ids: old.map((s) => s.id) });
  const granted = [];
  for (const o of origins) {
    if (await api.permissions.contains({ origins: [o + "/*"] })) granted.push(o + "/*");
  }
  if (!granted.length) return;
  await api.scripting.registerContentScripts([{
    id: "lahn-widget",
    matches: granted,
    js: ["config.js", "widget.js"],
    runAt: "document_idle",
    allFrames: true,
  }]);
}

api.runtime.onInstalled.addListener(register);
api.runtime.onStartup.addListener(register);
api.storage.onChanged.addListener(register);
api.permissions.onAdded.addListener(register);
api.permissions.onRemoved.addListener(register);
api.action.onClicked.addListener(() => api.runtime.openOptionsPage());
