#!/usr/bin/env node
// A bounded load test of `lahn serve` on loopback: N clients, each with one kept-alive
// connection, POST /v1/review with chat replies for a fixed time. Reports requests per
// second, latency percentiles, the server's memory, and that every request got exactly one
// answer. No dependencies beyond node.
//
//   node scripts/load-serve.mjs [--lahn target/release/lahn] [--clients 1,4,16] [--seconds 10]
//
// Each client count runs against a fresh server, one after the other, so the figures sit
// side by side; the machine is shared, so compare medians of a few runs, not one.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";

const arg = (name, def) => {
  const i = process.argv.indexOf("--" + name);
  return i > 0 ? process.argv[i + 1] : def;
};
const lahn = arg("lahn", "target/release/lahn");
const clientCounts = arg("clients", "1,4,16").split(",").map(Number);
const seconds = Number(arg("seconds", "10"));
// A hard bound on requests per run, whatever the speed.
const MAX_REQUESTS = 2_000_000;

// Chat replies as agents write them: colloquial, formal, emoji, ZWNJ or not, Arabic letters.
const DRAFTS = [
  "سلام سارا جان 🌷 متاسفانه نمیتونیم سفارشت رو زودتر بفرستیم. كمک دیگری می‌خواهید?",
  "سلام، ممنون از صبرتون! بسته امروز ارسال شد و فردا می رسه. اگر سوالی بود در خدمتم.",
  "با سلام و احترام، درخواست شما بررسی شد و امکان استرداد وجه وجود ندارد.",
  "{{first_name}} عزیز، باید صبر کنید!!! همکاران ما در حال بررسی هستند.",
  "خیلی ببخشید بابت تأخیر 🙏 کد تخفیف ۲۰٪ براتون فعال کردم؛ چیز دیگه‌ای لازم دارید؟",
];
const CUSTOMER = "سلام، سفارشم یک هفته است نرسیده! کی می‌رسه؟";

function start() {
  return new Promise((ok, fail) => {
    const p = spawn(lahn, ["serve", "--listen", "127.0.0.1:0", "--isolated", "--concurrency", "4096"],
      { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => {
      err += d;
      const m = /listening on http:\/\/(\S+):(\d+)\n/.exec(err);
      if (m) ok({ p, host: m[1], port: Number(m[2]) });
    });
    p.on("exit", (code) => fail(new Error(`lahn serve exited with ${code}: ${err}`)));
  });
}

function memory(pid) {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k) => Number((new RegExp(k + ":\\s+(\\d+)").exec(s) || [0, 0])[1]);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

async function run(clients) {
  const server = await start();
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies = [];
  const counts = { sent: 0, answered: 0, ok: 0, other: 0, failed: 0, doubled: 0 };
  const until = Date.now() + seconds * 1000;
  const idle = memory(server.p.pid);

  const one = (i) => new Promise((resolve) => {
    const body = JSON.stringify({ draft: DRAFTS[i % DRAFTS.length], customer_message: CUSTOMER,
      customer_name: "سارا", channel: "chat" });
    const t0 = process.hrtime.bigint();
    let settled = false;
    const done = (status) => {
      if (settled) { counts.doubled++; return; }
      settled = true;
      counts.answered++;
      if (status === 200) { counts.ok++; latencies.push(Number(process.hrtime.bigint() - t0) / 1e6); }
      else if (status) counts.other++;
      else counts.failed++;
      resolve();
    };
    counts.sent++;
    const req = http.request({ host: server.host, port: server.port, method: "POST", path: "/v1/review", agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode));
      res.on("error", () => done(0));
    });
    req.on("error", () => done(0));
    req.end(body);
  });

  const started = Date.now();
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = c; Date.now() < until && counts.sent < MAX_REQUESTS; i += clients) await one(i);
  }));
  const elapsed = (Date.now() - started) / 1000;
  const mem = memory(server.p.pid);
  agent.destroy();
  const exited = new Promise((ok) => server.p.on("exit", (code, signal) => ok(code === 0 ? "0" : `${code} ${signal}`)));
  server.p.kill("SIGTERM");
  const code = await exited;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
  console.log([
    `clients ${String(clients).padStart(3)}`,
    `${(counts.ok / elapsed).toFixed(0).padStart(6)} req/s`,
    `p50 ${q(0.5)} ms`, `p90 ${q(0.9)} ms`, `p99 ${q(0.99)} ms`, `max ${q(1)} ms`,
    `rss idle ${idle.rss.toFixed(0)} MiB, end ${mem.rss.toFixed(0)} MiB, peak ${mem.peak.toFixed(0)} MiB`,
    `sent ${counts.sent} answered ${counts.answered} (200: ${counts.ok}, other: ${counts.other}, no answer: ${counts.failed}, twice: ${counts.doubled})`,
    `exit ${code}`,
  ].join(" | "));
  return counts.sent === counts.answered && counts.ok === counts.sent && counts.doubled === 0 && code === "0";
}

let good = true;
for (const c of clientCounts) good = (await run(c)) && good;
if (!good) {
  console.error("load-serve: some request got no answer, a second one, or an error");
  process.exit(1);
}
