// The team's settings: the server, the token, the helpdesk origins (whose host permissions
// are asked for on save), the channel and the language.
const api = globalThis.browser || globalThis.chrome;
const $ = (id) => document.getElementById(id);

/** The origin of a line the user wrote, or null. */
function originOf(line) {
  try {
    const u = new URL(line.trim());
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch (_) {
    return null;
  }
}

async function load() {
  const s = await api.storage.local.get(["server", "token", "origins", "channel", "lang"]);
  $("server").value = s.server || "http://127.0.0.1:7010";
  $("token").value = s.token || "";
  $("origins").value = (s.origins || []).join("\n");
  $("channel").value = s.channel === undefined ? "chat" : s.channel;
  $("lang").value = s.lang || "fa";
}

$("save").addEventListener("click", async () => {
  const lines = $("origins").value.split("\n").filter((l) => l.trim());
  const origins = lines.map(originOf);
  const server = originOf($("server").value);
  if (!server || origins.includes(null)) {
    $("status").textContent = "نشانی نامعتبر است.";
    return;
  }
  // Asked within the click, as browsers require.
  const granted = await api.permissions.request({ origins: [...origins, server].map((o) => o + "/*") });
  await api.storage.local.set({ server, token: $("token").value.trim(), origins, channel: $("channel").value, lang: $("lang").value });
  $("status").textContent = granted ? "ذخیره شد." : "ذخیره شد، ولی مرورگر اجازه‌ی دسترسی به این نشانی‌ها را نداد.";
});

load();
