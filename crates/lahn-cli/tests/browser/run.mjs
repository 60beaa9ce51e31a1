// Drives Debian's chromium through lahn serve's reply page and the helpdesk widget:
//   node run.mjs LAHN_BINARY OUT_DIR
// Starts `lahn serve` on a free port and a helpdesk test page on another origin, types
// Persian drafts (ZWNJ, emoji, Arabic letters), checks scores, highlights, explanations,
// fixes and the cursor, and saves screenshots in OUT_DIR. Ends with "N passed, N failed".
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const [lahnBin, outDir] = process.argv.slice(2);
if (!lahnBin || !outDir) {
  console.error("usage: node run.mjs LAHN_BINARY OUT_DIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const here = dirname(fileURLToPath(import.meta.url));
const results = { passed: 0, failed: 0 };

function check(cond, what, detail) {
  if (cond) {
    results.passed++;
    console.log("ok   " + what);
  } else {
    results.failed++;
    console.log("FAIL " + what + (detail === undefined ? "" : ": " + JSON.stringify(detail)));
  }
}

// The helpdesk test page, on an origin of its own.
const helpdesk = createServer((req, res) => {
  const html = readFileSync(join(here, "helpdesk.html"), "utf8").replace("LAHN_SERVER", process.env.LAHN_URL);
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
});
await new Promise((ok) => helpdesk.listen(0, "127.0.0.1", ok));
const helpdeskUrl = `http://localhost:${helpdesk.address().port}/`;

// lahn serve on a free port, the helpdesk's origin allowed.
const server = spawn(lahnBin, ["serve", "--listen", "127.0.0.1:0", "--isolated",
  "--allow-origin", helpdeskUrl.replace(/\/$/, "")], { stdio: ["ignore", "ignore", "pipe"] });
const lahnUrl = await new Promise((ok, fail) => {
  let err = "";
  const timer = setTimeout(() => fail(new Error("lahn serve did not start: " + err)), 20000);
  server.stderr.on("data", (d) => {
    err += d;
    const m = /listening on (http:\/\/\S+)\n/.exec(err);
    if (m) { clearTimeout(timer); ok(m[1]); }
  });
  server.on("exit", (code) => fail(new Error(`lahn serve exited with ${code}: ${err}`)));
});
process.env.LAHN_URL = lahnUrl;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
});

try {
  await replyPage();
  await phone();
  await widget();
  await extension();
} catch (e) {
  results.failed++;
  console.log("FAIL the run stopped: " + (e && e.stack || e));
} finally {
  await browser.close();
  server.kill("SIGTERM");
  helpdesk.close();
}
console.log(`browser: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);

/** The score the page shows, as a number (Persian digits read). */
async function scoreOf(page) {
  const s = await page.textContent("#score");
  const n = Number(s.replace(/[۰-۹]/g, (d) => "۰۱۲۳۴۵۶۷۸۹".indexOf(d)));
  return Number.isNaN(n) ? null : n;
}

/** Waits until the page has reviewed exactly the draft in the box. */
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("status").textContent;
    return s === "" && document.querySelectorAll("#findings > *").length > 0;
  });
  await page.waitForTimeout(400);
  await page.waitForFunction(() => document.getElementById("status").textContent === "");
}

/** The text highlighted for the finding of `rule` (its marks joined). */
function marked(page, rule) {
  return page.evaluate((rule) => {
    const card = document.querySelector(`#findings [data-rule="${rule}"]`);
    if (!card) return null;
    const i = card.dataset.index;
    return [...document.querySelectorAll("#backdrop mark")]
      .filter((m) => m.dataset.f.split(" ").includes(i))
      .map((m) => m.textContent).join("");
  }, rule);
}

async function replyPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const loaded = await page.goto(lahnUrl + "/");
  check(await page.getAttribute("html", "dir") === "rtl", "the page is right-to-left",
    [lahnUrl, loaded && loaded.status(), (await page.content()).slice(0, 300)]);
  await page.fill("#customer", "سلام، سفارشم یک هفته است نرسیده! خیلی ناراحتم 😡");
  await page.fill("#name", "سارا");
  await page.selectOption("#channel", "chat");
  // Typed key by key, as an agent does: a ZWNJ («می‌خواهید»), emoji, an Arabic kaf, a Latin «?».
  const draft = "سلام سارا جان 🌷 متاسفانه نمیتونیم سفارش رو زودتر بفرستیم. كمک دیگری می‌خواهید?";
  await page.click("#draft");
  await page.keyboard.type(draft, { delay: 5 });
  await settled(page);
  const before = await scoreOf(page);
  check(before !== null && before < 90, "a score is shown for the draft", before);
  check(await page.locator("#categories li").count() === 10, "ten category sub-scores are shown");
  check(await marked(page, "negativity-inability") === "نمیتونیم", "«نمیتونیم» is highlighted as inability",
    await marked(page, "negativity-inability"));
  check(await marked(page, "orthography-arabic-letters") === "كمک", "the Arabic kaf's word is highlighted",
    await marked(page, "orthography-arabic-letters"));
  // The highlight lies on the word in the box: the backdrop's text is the draft's, mark for mark.
  check(await page.textContent("#backdrop") === draft + "\n", "the highlighted text is the draft itself");
  await page.screenshot({ path: join(outDir, "page-desktop.png"), fullPage: true });

  // A click (a tap on a phone) into a flagged word explains it.
  const mark = page.locator("#backdrop mark.word", { hasText: "نمیتونیم" }).first();
  const box = await mark.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector("#tip:not([hidden])");
  const tip = await page.textContent("#tip");
  check(tip.includes("نمیتونیم") && tip.includes("negativity-inability"), "a click on a flagged word explains it", tip);
  await page.screenshot({ path: join(outDir, "page-explanation.png") });

  // Fix one finding, with the caret at the end: the caret stays at the end.
  await page.focus("#draft");
  await page.evaluate(() => { const d = document.getElementById("draft"); d.setSelectionRange(d.value.length, d.value.length); });
  await page.click('#findings [data-rule="orthography-arabic-letters"] .lahn-fix');
  await page.waitForFunction(() => !document.getElementById("draft").value.includes("ك"));
  const fixed = await page.inputValue("#draft");
  check(fixed.includes("کمک دیگری"), "the Arabic kaf fix is applied", fixed);
  check(await page.evaluate(() => { const d = document.getElementById("draft"); return d.selectionStart === d.value.length; }),
    "the caret stays at the end after a fix");
  await settled(page);
  const after = await scoreOf(page);
  check(after > before, "the score goes up after the fix", [before, after]);
  check(await marked(page, "orthography-arabic-letters") === null, "the fixed finding is gone");

  // Apply all safe fixes: the Latin question mark becomes Persian.
  await page.click("#fix-all");
  await page.waitForFunction(() => document.getElementById("draft").value.endsWith("؟"));
  check((await page.inputValue("#draft")).endsWith("می‌خواهید؟"), "all safe fixes are applied");
  await settled(page);

  // The English switch.
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.dir === "ltr");
  await page.waitForFunction(() => /[a-z]/.test(document.querySelector("#findings .lahn-message").textContent));
  check(/can't|cannot|inability|not/i.test(await page.textContent('#findings [data-rule="negativity-inability"]')),
    "the English switch gives English findings");
  await settled(page);
  await page.screenshot({ path: join(outDir, "page-desktop-en.png"), fullPage: true });
  check(errors.length === 0, "the page logs no errors", errors);
  await page.close();
}

async function phone() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
    isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(lahnUrl + "/");
  await page.fill("#name", "رضا");
  await page.fill("#draft", "خیر، ما آن چه میخواهید را نداریم!!! باید صبر کنید.");
  await page.dispatchEvent("#draft", "input");
  await settled(page);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check(widths[0] <= widths[1], "nothing overflows a phone's width", widths);
  check(await marked(page, "negativity-unavailable") !== null, "the phone layout highlights too");
  const mark = page.locator("#backdrop mark.word").first();
  const box = await mark.boundingBox();
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector("#tip:not([hidden])");
  check(true, "a tap on a flagged word explains it");
  await page.screenshot({ path: join(outDir, "page-phone.png"), fullPage: true });
  await context.close();
}

/** Waits until the badge of the `i`th box shows the score of its current text. */
function badgeReady(page, i) {
  return page.waitForFunction((i) => {
    const b = document.querySelectorAll("lahn-coach")[i]?.shadowRoot.querySelector(".badge");
    return b && !b.classList.contains("lahn-busy") && /^[0-9۰-۹]+$/.test(b.textContent);
  }, i);
}

async function widget() {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(helpdeskUrl);
  const badges = page.locator("lahn-coach");
  await page.waitForFunction(() => document.querySelectorAll("lahn-coach").length === 2);
  check(true, "the widget attaches to the textarea and the contenteditable");

  // The textarea: type, see the badge's score, open the panel, fix with the caret mid-text.
  await page.click("#reply");
  await page.keyboard.type("سارا جان سلام، ممنون از صبرتون!!! بسته امروز ارسال شد و فردا می رسه. كمک دیگری هست?", { delay: 3 });
  const badge = badges.nth(0).locator(".badge");
  await badgeReady(page, 0);
  const score1 = await badge.textContent();
  check(/^[۰-۹]+$/.test(score1), "the badge shows the score", score1);
  await badge.click();
  const panel = badges.nth(0).locator(".panel");
  await panel.waitFor({ state: "visible" });
  await panel.locator('[data-rule="orthography-repeated-punctuation"]').waitFor();
  check(await panel.locator(".lahn-card").count() >= 3, "the panel lists the findings");
  await page.screenshot({ path: join(outDir, "widget-desktop.png") });
  // The caret after «فردا»: the fix of «!!!» before it shortens the text by two.
  const at = await page.evaluate(() => {
    const r = document.getElementById("reply");
    const i = r.value.indexOf("فردا") + 4;
    r.focus();
    r.setSelectionRange(i, i);
    return i;
  });
  await panel.locator('[data-rule="orthography-repeated-punctuation"] .lahn-fix').click();
  await page.waitForFunction(() => !document.getElementById("reply").value.includes("!!!"));
  const caret = await page.evaluate(() => document.getElementById("reply").selectionStart);
  check(caret === at - 2, "the caret keeps its place after a fix before it", [at, caret]);
  check(await page.evaluate(() => document.activeElement.id) === "reply", "the reply box keeps the focus");
  await page.keyboard.type("ن");
  check((await page.inputValue("#reply")).includes("فردان"), "typing goes on where the caret was");
  await page.keyboard.press("Backspace");

  // Apply all safe fixes through the panel.
  await page.waitForFunction(() => document.querySelector("lahn-coach").shadowRoot.querySelector(".fix-all"));
  await panel.locator(".fix-all").click();
  await page.waitForFunction(() => document.getElementById("reply").value.endsWith("؟"));
  const all = await page.inputValue("#reply");
  check(all === "سارا جان سلام، ممنون از صبرتون! بسته امروز ارسال شد و فردا می رسه. کمک دیگری هست؟",
    "all safe fixes reach the textarea", all);
  await page.waitForFunction((s) => {
    const t = document.querySelector("lahn-coach").shadowRoot.querySelector(".badge").textContent;
    return /^[۰-۹]+$/.test(t) && t !== s;
  }, score1);
  check(true, "the badge's score updates after the fixes");

  // The contenteditable: type, fix all, and keep typing at the end. A press elsewhere closes
  // the first box's panel.
  await page.click("#rich");
  check(await panel.isHidden(), "a press elsewhere closes the panel");
  await page.keyboard.type("سلام سارا جان 😊 بسته فردا میرسه!!! كمک دیگری هست?", { delay: 3 });
  const richBadge = badges.nth(1).locator(".badge");
  await badgeReady(page, 1);
  await richBadge.click();
  const richPanel = badges.nth(1).locator(".panel");
  await richPanel.waitFor({ state: "visible" });
  await page.waitForFunction(() => document.querySelectorAll("lahn-coach")[1].shadowRoot.querySelector(".fix-all"));
  await richPanel.locator(".fix-all").click();
  await page.waitForFunction(() => document.getElementById("rich").textContent.endsWith("؟"));
  const rich = await page.textContent("#rich");
  check(rich === "سلام سارا جان 😊 بسته فردا میرسه! کمک دیگری هست؟", "all safe fixes reach the contenteditable", rich);
  await page.keyboard.type(" 🙏");
  check((await page.textContent("#rich")).endsWith("هست؟ 🙏"), "the caret stays at the end of the contenteditable");
  await page.screenshot({ path: join(outDir, "widget-contenteditable.png") });
  check(errors.length === 0, "the helpdesk page logs no errors", errors);
  await page.close();

  // Settings given as a promise, as the extension gives its stored ones: English, and the
  // server the promise names.
  const extPage = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  await extPage.addInitScript((server) => {
    window.lahnOptions = new Promise((ok) => setTimeout(() => ok({ server, lang: "en", channel: "chat" }), 100));
  }, lahnUrl);
  await extPage.goto(helpdeskUrl);
  // The widget attaches once the promise settles and reviews the empty box first; the score
  // of the filled box is the one that differs from it.
  await badgeReady(extPage, 0);
  const before = await extPage.locator("lahn-coach").first().locator(".badge").textContent();
  await extPage.fill("#reply", "نه، نمیشه.");
  await extPage.waitForFunction((before) => {
    const b = document.querySelector("lahn-coach")?.shadowRoot.querySelector(".badge");
    return b && !b.classList.contains("lahn-busy") && /^[0-9۰-۹]+$/.test(b.textContent) && b.textContent !== before;
  }, before);
  await extPage.locator("lahn-coach").first().locator(".badge").click();
  const english = await extPage.locator("lahn-coach").first().locator(".panel").textContent();
  check(/Score: \d+/.test(english) && english.includes("negativity-refusal"), "the widget takes settings given as a promise", english);
  await extPage.close();

  // A phone-sized helpdesk.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const small = await context.newPage();
  // The widget reviews the empty box as it attaches. That review is held until the reply has
  // been typed, and answered before the typed reply's own review starts: it must not show
  // the empty box's score as the typed reply's.
  let typed;
  const done = new Promise((ok) => { typed = ok; });
  await small.route("**/v1/review", async (route) => {
    if (JSON.parse(route.request().postData() || "{}").draft === "") await done;
    await route.continue().catch(() => {});
  });
  await small.goto(helpdeskUrl);
  await small.waitForFunction(() => document.querySelectorAll("lahn-coach").length === 2);
  await small.fill("#reply", "نه، نمیشه. باید صبر کنید!!!");
  await small.dispatchEvent("#reply", "input");
  typed();
  await badgeReady(small, 0);
  await small.locator("lahn-coach").first().locator(".badge").tap();
  await small.locator("lahn-coach").first().locator(".panel").waitFor({ state: "visible" });
  const panelText = await small.locator("lahn-coach").first().locator(".panel").textContent();
  check(panelText.includes("negativity-obligation") && !panelText.includes("length-empty-reply"),
    "the phone's panel reviews the typed reply", panelText);
  const fits = await small.evaluate(() => {
    const p = document.querySelector("lahn-coach").shadowRoot.querySelector(".panel").getBoundingClientRect();
    return p.left >= 0 && p.right <= window.innerWidth;
  });
  check(fits, "the widget's panel fits a phone's width");
  await small.screenshot({ path: join(outDir, "widget-phone.png") });
  await context.close();
}

/** The WebExtension of editors/webextension loads: its service worker runs, its options
 * page shows, and the widget it ships is the server's. */
async function extension() {
  const dir = join(here, "../../../../editors/webextension");
  const profile = mkdtempSync(join(tmpdir(), "lahn-extension-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  try {
    let [worker] = context.serviceWorkers();
    if (!worker) worker = await context.waitForEvent("serviceworker", { timeout: 15000 });
    check(worker.url().endsWith("/background.js"), "the extension's service worker runs", worker.url());
    const id = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/options.html`);
    // The page fills its fields once the extension's storage answers: wait for that, not a
    // moment after loading, which a busy machine may not have reached.
    await page.waitForFunction(() => document.querySelector("#server").value !== "", null, { timeout: 15000 }).catch(() => {});
    check(await page.inputValue("#server") === "http://127.0.0.1:7010", "the options page shows the default server");
    const widget = await page.evaluate(async () => (await fetch("widget.js")).text());
    const served = await (await fetch(lahnUrl + "/widget.js")).text();
    check(widget === served, "the extension ships the server's widget");
    await page.screenshot({ path: join(outDir, "extension-options.png") });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
