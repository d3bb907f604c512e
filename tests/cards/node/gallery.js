#!/usr/bin/env node
// Renders Adaptive Cards with Microsoft's JS renderer (npm adaptivecards 3.x) in headless
// Chromium and saves one screenshot per card, so a reviewer sees roughly what a Teams user sees.
// The host config below is a light, Teams-like approximation, not Teams' own.
//
// Usage: node gallery.js CARDS.json OUT_DIR
// CARDS.json holds [{"name": str, "card": {...}}]; writes OUT_DIR/<name>.png and prints
// [{name, file, width, height}] as JSON. Exit status: 0 when every card rendered, 1 when any did
// not, 2 on bad input or when Chromium cannot start.
//
// Chromium is Debian's /usr/bin/chromium (or CHROMIUM_PATH); Playwright never downloads a browser.
// Every request that is not file:, data:, blob: or about: is aborted, so nothing waits on the net.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const CARD_WIDTH = 500;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const LOCAL_URL = /^(file|data|blob|about):/;
const LIBRARY = require.resolve("adaptivecards/dist/adaptivecards.min.js");
const STYLESHEET = require.resolve("adaptivecards/dist/adaptivecards.css");

const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Helvetica Neue', Arial, sans-serif",
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E1DFDD" },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: {
      backgroundColor: "#FFFFFF",
      foregroundColors: {
        default: { default: "#242424", subtle: "#616161" },
        accent: { default: "#5B5FC7", subtle: "#5B5FC7" },
        good: { default: "#0B6A0B", subtle: "#0B6A0B" },
        warning: { default: "#835C00", subtle: "#835C00" },
        attention: { default: "#C4314B", subtle: "#C4314B" },
      },
    },
    emphasis: {
      backgroundColor: "#F5F5F5",
      foregroundColors: {
        default: { default: "#242424", subtle: "#616161" },
        accent: { default: "#5B5FC7", subtle: "#5B5FC7" },
      },
    },
  },
  actions: {
    maxActions: 6,
    spacing: "default",
    buttonSpacing: 8,
    showCard: { actionMode: "inline", inlineTopMargin: 16 },
    actionsOrientation: "horizontal",
    actionAlignment: "stretch",
  },
  adaptiveCard: { allowCustomStyle: true },
  factSet: {
    title: { weight: "bolder", size: "default", wrap: true, maxWidth: 150 },
    value: { wrap: true },
    spacing: 12,
  },
};

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 16px; background: #F0F0F0; }
  #card { width: ${CARD_WIDTH}px; background: #FFFFFF; border-radius: 6px;
          box-shadow: 0 1px 2px rgba(0, 0, 0, 0.14); overflow: hidden; }
  .ac-pushButton { border: 1px solid #D1D1D1; border-radius: 4px; background: #FFFFFF;
                   color: #242424; padding: 5px 12px; font: 600 14px 'Segoe UI', Arial, sans-serif; }
  .ac-input { font: 14px 'Segoe UI', Arial, sans-serif; }
</style></head><body><div id="card"></div></body></html>`;

// Runs in the page: a small Markdown subset like Teams' (bold, italic, links, line breaks).
function renderInPage({ card, hostConfig }) {
  const escape = (text) =>
    text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = escape(text)
      .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[^*])\*([^*]+)\*/g, "$1<em>$2</em>")
      .replace(/\b_([^_]+)_\b/g, "<em>$1</em>")
      .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a href="$2">$1</a>')
      .replace(/\n/g, "<br>");
    result.didProcess = true;
  };
  const adaptiveCard = new window.AdaptiveCards.AdaptiveCard();
  adaptiveCard.hostConfig = new window.AdaptiveCards.HostConfig(hostConfig);
  adaptiveCard.parse(card);
  const element = adaptiveCard.render();
  if (!element) {
    throw new Error("the renderer returned nothing");
  }
  document.getElementById("card").appendChild(element);
  return Promise.all(
    [...document.images].map((image) =>
      image.complete ? null : new Promise((done) => (image.onload = image.onerror = done)),
    ),
  );
}

class BadInput extends Error {}

function readSamples(file) {
  let samples;
  try {
    samples = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new BadInput(`${file}: ${error.message}`);
  }
  if (!Array.isArray(samples)) {
    throw new BadInput(`${file}: expected [{"name": str, "card": {...}}]`);
  }
  const seen = new Set();
  for (const sample of samples) {
    if (!sample || typeof sample.name !== "string" || !NAME.test(sample.name)) {
      throw new BadInput(`${file}: bad card name ${JSON.stringify(sample && sample.name)}`);
    }
    if (seen.has(sample.name)) {
      throw new BadInput(`${file}: card name ${sample.name} appears twice`);
    }
    seen.add(sample.name);
  }
  return samples;
}

async function main(argv) {
  if (argv.length !== 2) {
    throw new BadInput("usage: node gallery.js CARDS.json OUT_DIR");
  }
  const samples = readSamples(argv[0]);
  const outDir = argv[1];
  fs.mkdirSync(outDir, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fagnett-cards-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: CARD_WIDTH + 32, height: 600 },
      deviceScaleFactor: 1,
      offline: false,
    });
  } catch (error) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw new BadInput(`cannot start Chromium at ${CHROMIUM}: ${error.message}`);
  }
  const report = [];
  let failed = false;
  try {
    await context.route("**/*", (route) =>
      LOCAL_URL.test(route.request().url()) ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    for (const { name, card } of samples) {
      pageErrors.length = 0;
      try {
        await page.setContent(PAGE, { waitUntil: "load" });
        await page.addStyleTag({ path: STYLESHEET });
        await page.addScriptTag({ path: LIBRARY });
        await page.evaluate(renderInPage, { card, hostConfig: HOST_CONFIG });
        if (pageErrors.length > 0) {
          throw new Error(pageErrors.join("; "));
        }
        const file = path.join(outDir, `${name}.png`);
        const box = await page.locator("#card").boundingBox();
        await page.locator("#card").screenshot({ path: file });
        report.push({ name, file, width: Math.round(box.width), height: Math.round(box.height) });
      } catch (error) {
        failed = true;
        report.push({ name, error: error.message });
      }
    }
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    process.stderr.write(`${error instanceof BadInput ? error.message : error.stack}\n`);
    process.exitCode = 2;
  },
);
