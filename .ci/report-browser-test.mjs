// Opens the HTML report of fixtures/report in headless Chromium, as a QA lead would, and
// checks what a person would notice: errors in the console, a blank page, empty charts,
// tables that do not sort, text too faint to read, a printout cut off at the right,
// anything loaded from the network.
//
//   node .ci/report-browser-test.mjs REPORT.html SCREENSHOT.png
//
// Prints one line per check and a closing "N passed, N failed" line; exits 1 on a failure.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [report, screenshot] = process.argv.slice(2);
const results = [];
const check = (name, ok, detail = "") => {
  results.push(ok);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  const network = [];
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) network.push(r.url()); });
  await page.goto(pathToFileURL(report).href, { waitUntil: "load" });

  const text = await page.evaluate(() => document.body.innerText);
  check("the page is not blank", text.length > 1000, `${text.length} characters of text`);
  check("it says what it is", text.includes("Conversation quality report") && text.includes("Pass rate"));

  const charts = await page.evaluate(() => [...document.querySelectorAll("svg.chart")].map((s) => {
    const box = s.getBoundingClientRect();
    const marks = s.querySelectorAll("rect, polyline, circle").length;
    const drawn = [...s.querySelectorAll("rect, polyline, circle")].filter((e) => {
      const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0;
    }).length;
    return { id: s.getAttribute("aria-labelledby"), width: box.width, height: box.height, marks, drawn };
  }));
  check("there are three charts", charts.length === 3, charts.map((c) => c.id).join(", "));
  for (const c of charts) {
    check(`chart ${c.id} is drawn`, c.width > 100 && c.height > 50 && c.drawn > 0, `${c.drawn} of ${c.marks} marks visible, ${Math.round(c.width)}×${Math.round(c.height)}`);
  }

  // Sorting: the agents table, by mean score (numbers) and by agent (text).
  const column = async (table, i) => page.evaluate(([t, i]) =>
    [...document.querySelectorAll("table.sortable")[t].tBodies[0].rows].map((r) => {
      const c = r.cells[i]; return c.hasAttribute("data-v") ? c.getAttribute("data-v") : c.textContent.trim();
    }), [table, i]);
  const agentsTable = await page.evaluate(() =>
    [...document.querySelectorAll("table.sortable")].findIndex((t) => t.closest("#agents")));
  const heading = (i) => page.locator("#agents table.sortable thead th").nth(i).locator("button");
  const numeric = (v) => v.filter((x) => x !== "").map(Number);
  const sorted = (a, dir) => a.every((x, k) => k === 0 || (dir > 0 ? a[k - 1] <= x : a[k - 1] >= x));
  await heading(3).click();
  const up = numeric(await column(agentsTable, 3));
  check("a click sorts by mean score, lowest first", up.length > 1 && sorted(up, 1), up.join(" "));
  await heading(3).click();
  const down = numeric(await column(agentsTable, 3));
  check("a second click sorts highest first", sorted(down, -1), down.join(" "));
  await heading(0).click();
  const names = await column(agentsTable, 0);
  const byName = [...names].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : 1);
  check("a click sorts by agent name", JSON.stringify(names) === JSON.stringify(byName), names.join(" "));
  const aria = await heading(0).evaluate((b) => b.parentElement.getAttribute("aria-sort"));
  check("the sorted column says so to screen readers", aria === "ascending", String(aria));

  // The teams table sorts too, and keeps conversations without a team as "unknown".
  const teamsTable = await page.evaluate(() =>
    [...document.querySelectorAll("table.sortable")].findIndex((t) => t.closest("#teams")));
  const teamNames = teamsTable >= 0 ? await column(teamsTable, 0) : [];
  check("there is a team table with the team-less conversations", teamNames.length > 1 && teamNames.includes("unknown"), teamNames.join(" "));
  await page.locator("#teams table.sortable thead th").nth(4).locator("button").click();
  const rates = numeric(await column(teamsTable, 4));
  check("a click sorts the teams by pass rate", rates.length > 1 && sorted(rates, 1), rates.join(" "));

  // Accessible colours: every piece of text has a contrast of at least 4.5:1 (WCAG AA)
  // against the colour behind it.
  const lowContrast = await page.evaluate(() => {
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (e) => {
      for (; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const bad = [];
    for (const e of document.querySelectorAll("body *")) {
      if (e.closest("svg") || !e.getClientRects().length) continue;
      const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(background(e))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) bad.push(`${e.tagName.toLowerCase()}.${e.className} “${e.textContent.trim().slice(0, 20)}” ${ratio.toFixed(2)}`);
    }
    return bad;
  });
  check("all text has a contrast of at least 4.5:1", lowContrast.length === 0, lowContrast.slice(0, 5).join(" | "));

  // Printing opens the folded conversations.
  await page.emulateMedia({ media: "print" });
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  const closed = await page.evaluate(() => [...document.querySelectorAll("details")].filter((d) => !d.open).length);
  check("printing unfolds every conversation", closed === 0, `${closed} still folded`);
  // On an A4 page (1 cm margins: 718 CSS pixels wide) nothing is cut off at the right.
  await page.setViewportSize({ width: 718, height: 1000 });
  const cut = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")].filter((e) => {
      const b = e.getBoundingClientRect(); return b.width > 0 && b.right > w + 1;
    }).map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
  });
  check("the printed page fits an A4 page", cut.length === 0, [...new Set(cut)].slice(0, 5).join(" "));
  const hidden = await page.evaluate(() => getComputedStyle(document.querySelector("nav")).display);
  check("printing leaves out the navigation", hidden === "none", hidden);
  await page.setViewportSize({ width: 1280, height: 1600 });
  await page.emulateMedia({ media: "screen" });
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = false; }));

  check("no console errors or warnings", problems.length === 0, problems.join(" | "));
  check("nothing is loaded from the network", network.length === 0, network.join(" "));
  if (screenshot) {
    // The page as it opens: tables in their own order, nothing unfolded.
    await page.reload({ waitUntil: "load" });
    await page.screenshot({ path: screenshot, fullPage: false });
    console.log(`screenshot: ${screenshot}`);
  }
} finally {
  await browser.close();
}
const failed = results.filter((r) => !r).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
