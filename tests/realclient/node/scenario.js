#!/usr/bin/env node
// Plays Fagnett's consensus scenario through Microsoft 365 Agents Playground, in headless Chromium,
// the way people do it in a Teams team: register the director network in General and a
// professional network in its own channel, give members roles, create a case, open a poll, three
// people vote by clicking the poll card (one blocks, first without and then with a reason), the
// secretary closes the poll, the outcome and the escalation note appear in the network's channel
// and the escalation card in the director network's channel.
//
// Usage: node scenario.js --url http://localhost:PORT --out DIR
// Needs a running playground (configured by tests/realclient/playground.yml) in front of a running
// bot; tests/realclient/test_playground.py starts both. Prints one JSON object on stdout:
//   {"ok": bool, "steps": [{"name", "screenshot", "seconds"}], "error"?: str, "failure"?: {...}}
// and saves DIR/NN-<step>.png after each step (DIR/failure.png and DIR/failure-page.txt on
// failure). Exit status: 0 when every step passed, 1 when one failed, 2 when Chromium or the page
// could not start.
//
// The page always acts as the config's `currentUser` (Per Olsen, the secretary). To click as
// someone else, the script rewrites `from.id` in the page's own POSTs to `/_conversation/v1/`
// (the playground honours it for every user in its config).
//
// The playground sends `locale: "en-US"` on every message and card action (hard-coded in 0.2.28),
// so the bot answers in English and the texts below are the bot's English ones. Only the
// installation events carry the playground's own locale (from LC_ALL), hence a Norwegian welcome.
//
// Chromium is Debian's /usr/bin/chromium (or CHROMIUM_PATH); Playwright never downloads a browser.
// Every request that does not go to localhost/127.0.0.1 is aborted (the page tries a font CDN).
"use strict";

const fs = require("fs");
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
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const STEP_TIMEOUT = Number(process.env.FAGNETT_STEP_TIMEOUT_MS || 20000);

const CHANNEL = "Hjertenettverket";
const NETWORK = "Hjertenettverket";
const DIRECTOR_CHANNEL = "General";
const DIRECTOR_NETWORK = "Fagdirektørnettverket";
const CASE_TITLE = "Felles innkjøp av defibrillatorer";
const BLOCK_REASON = "Vi har nettopp kjøpt nye hjertestartere.";
// Who does what (names as in playground.yml). Per Olsen is the page's currentUser.
const SECRETARY = "Per Olsen";
const ROLES = [
  // [name, role, health trust] as the roles card shows them
  ["Kari Nordmann", "Leader", "St. Olavs hospital HF"],
  ["Ola Hansen", "Member", "Helse Møre og Romsdal HF"],
  ["Ingrid Berg", "Member", "Helse Nord-Trøndelag HF"],
  ["Dag Direktør", "Member", "St. Olavs hospital HF"],
];

function args(argv) {
  const out = {};
  for (let i = 2; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) {
      throw new Error(`bad argument ${argv[i]}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  if (!out.url || !out.out) throw new Error("usage: node scenario.js --url URL --out DIR");
  return out;
}

class StepFailed extends Error {}

async function main() {
  const opts = args(process.argv);
  fs.mkdirSync(opts.out, { recursive: true });
  const result = { ok: false, steps: [] };
  const base = opts.url.replace(/\/$/, "");

  const config = (await (await fetch(`${base}/_internal/v1/config`)).json()).config;
  const people = new Map(
    [config.currentUser, ...config.users].map((u) => [u.name, { id: u.id, aad: u.aadObjectId }])
  );

  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Playwright gives every launch a fresh temporary profile (its own --user-data-dir).
      args: CHROMIUM_FLAGS,
    });
  } catch (error) {
    result.error = `Chromium did not start (${CHROMIUM}): ${error.message}`;
    console.log(JSON.stringify(result));
    process.exit(2);
  }
  const context = await browser.newContext({ viewport: { width: 1500, height: 1100 }, locale: "nb-NO" });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);

  // Whom the page's next POST speaks for: {person, sent} for one POST, null = the page's own user.
  // One-shot and consumed in the route handler, because a click resolves before the page's own
  // fetch starts: resetting it after the click would race with the POST.
  let acting = null;
  await page.route("**/*", async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (!LOCAL_HOSTS.has(url.hostname) && !["data:", "blob:"].includes(url.protocol)) {
      return route.abort();
    }
    if (acting && request.method() === "POST" && url.pathname.startsWith("/_conversation/v1/")) {
      const { person, sent } = acting;
      acting = null;
      const body = JSON.parse(request.postData() || "{}");
      body.from = { ...(body.from || {}), id: person.id };
      await route.continue({ postData: JSON.stringify(body) });
      return sent();
    }
    return route.continue();
  });
  async function as(name, action) {
    const person = people.get(name);
    if (!person) throw new StepFailed(`${name} is not in the playground config`);
    let timer;
    const sent = new Promise((resolve) => {
      acting = { person, sent: resolve };
    });
    const late = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new StepFailed(`the page sent no card action as ${name}`)),
        STEP_TIMEOUT
      );
    });
    try {
      await action();
      await Promise.race([sent, late]);
    } finally {
      clearTimeout(timer);
      acting = null;
    }
  }

  let n = 0;
  let current = "start";
  const started = Date.now();
  async function step(name, body) {
    current = name;
    const t0 = Date.now();
    const focus = await body();
    if (focus) {
      // The card's top under the playground's header, with the sender's line above it in view.
      await focus
        .evaluate((el) => {
          el.scrollIntoView({ block: "start" });
          let pane = el.parentElement;
          while (pane && pane.scrollHeight <= pane.clientHeight) pane = pane.parentElement;
          if (pane) pane.scrollTop -= 40;
        })
        .catch(() => {});
    }
    n += 1;
    const file = path.join(opts.out, `${String(n).padStart(2, "0")}-${name}.png`);
    await page.screenshot({ path: file, fullPage: false });
    result.steps.push({ name, screenshot: file, seconds: (Date.now() - t0) / 1000 });
  }

  // --- helpers over the page -------------------------------------------------------------------
  const cards = () => page.locator(".ac-adaptiveCard");
  // The newest card (channel posts are newest first) that shows `text`.
  const cardWith = (text) => cards().filter({ hasText: text }).first();

  async function sees(text, what) {
    try {
      await page.getByText(text, { exact: false }).first().waitFor({ state: "visible" });
    } catch {
      throw new StepFailed(`the page never showed ${JSON.stringify(text)} (${what})`);
    }
  }
  async function seesIn(card, text, what) {
    try {
      await card.getByText(text, { exact: false }).first().waitFor({ state: "visible" });
    } catch {
      throw new StepFailed(`the card never showed ${JSON.stringify(text)} (${what})`);
    }
  }
  async function openChannel(name, goneText) {
    // Switch channels and wait until a text only the previous channel showed is gone, so no
    // locator below can match a card of the channel we left.
    await page.getByText(name, { exact: true }).first().click();
    try {
      await page.getByText(goneText).first().waitFor({ state: "hidden" });
    } catch {
      throw new StepFailed(`switching to ${name}: the previous channel's ${JSON.stringify(goneText)} stayed`);
    }
  }
  async function post(command) {
    // A new channel post: @mention the bot, pick it from the menu, type the command, Post.
    const box = page.getByRole("textbox").first();
    await box.click();
    await box.pressSequentially(`@${config.bot.name.slice(0, 4)}`);
    await page.getByRole("menuitem", { name: config.bot.name }).first().click();
    await box.pressSequentially(` ${command}`);
    await page.getByRole("button", { name: "Post", exact: true }).click();
  }
  async function choose(card, label, option) {
    await card.getByRole("combobox", { name: label, exact: true }).click();
    await page.getByRole("option", { name: option, exact: true }).click();
  }
  async function click(card, title) {
    await card.getByRole("button", { name: title, exact: true }).click();
  }

  try {
    await page.goto(`${base}/`, { waitUntil: "load" });

    // The director network lives in the team's General channel; escalations are delivered there.
    await page.getByText(DIRECTOR_CHANNEL, { exact: true }).first().click();
    await step("director-network", async () => {
      await sees("Start a new post", "General's compose box");
      await post("registrer");
      const form = cardWith("Register a network in this channel");
      await form.getByRole("textbox", { name: "Network name" }).waitFor();
      await form.getByRole("textbox", { name: "Network name" }).fill(DIRECTOR_NETWORK);
      await choose(form, "Kind of network", "Director network");
      await choose(form, "Secretary", SECRETARY);
      await click(form, "Register");
      await sees(`${DIRECTOR_NETWORK} is registered in this channel`, "director network registered");
      return cardWith(`${DIRECTOR_NETWORK} is registered`);
    });

    await openChannel(CHANNEL, `${DIRECTOR_NETWORK} is registered in this channel`);
    await step("channel", async () => {
      await sees("Start a new post", "the channel's compose box");
      // The install events carry the playground's own locale (nb-NO: the test starts it with
      // LC_ALL=nb_NO.UTF-8), so the welcome is in Norwegian; messages say en-US.
      await sees("Hei! Jeg er Fagnett", "the bot's welcome in the channel");
    });

    await step("register-form", async () => {
      await post("registrer");
      await seesIn(cardWith("Register a network in this channel"), "Network name", "registration form");
      return cardWith("Register a network in this channel");
    });

    await step("registered", async () => {
      const form = cardWith("Register a network in this channel");
      await form.getByRole("textbox", { name: "Network name" }).fill(NETWORK);
      await choose(form, "Kind of network", "Professional leader network");
      await choose(form, "Secretary", SECRETARY);
      await click(form, "Register");
      await sees(`${NETWORK} is registered in this channel`, "registration confirmed");
      await seesIn(cardWith(`${NETWORK} is registered`), SECRETARY, "secretary shown");
      return cardWith(`${NETWORK} is registered`);
    });

    await step("members", async () => {
      await post("medlemmer");
      await seesIn(cardWith("Edit roles and health trusts"), NETWORK, "composition card");
      return cardWith("Edit roles and health trusts");
    });

    await step("roles-form", async () => {
      await click(cardWith("Edit roles and health trusts"), "Edit roles and health trusts");
      const form = cardWith(`Role for ${ROLES[0][0]}`);
      await seesIn(form, `Health trust for ${ROLES[0][0]}`, "roles card");
      for (const [name, role, hf] of ROLES) {
        await choose(form, `Role for ${name}`, role);
        await choose(form, `Health trust for ${name}`, hf);
      }
      return form;
    });

    await step("roles-saved", async () => {
      const form = cardWith(`Role for ${ROLES[0][0]}`);
      await click(form, "Save");
      await sees("Saved 4 changes.", "the bot's confirmation");
      const composition = cardWith("6 members, 4 with a vote.");
      for (const hf of ["Helse Møre og Romsdal HF", "Helse Nord-Trøndelag HF", "St. Olavs hospital HF"]) {
        await seesIn(composition, hf, "composition grouped by health trust");
      }
      return composition;
    });

    await step("case-form", async () => {
      await post("sak");
      await seesIn(cardWith("New case"), "Proposed decision", "case form");
      return cardWith("New case");
    });

    await step("case-created", async () => {
      const form = cardWith("Proposed decision");
      await form.getByRole("textbox", { name: "Title" }).fill(CASE_TITLE);
      await form.getByRole("textbox", { name: "Description" }).fill("Felles anskaffelse for regionen.");
      await form.getByRole("textbox", { name: "Proposed decision" }).fill("Vi kjøper felles.");
      await choose(form, "Case type", "Procurement/equipment");
      await click(form, "Create case");
      await seesIn(cardWith(`: ${CASE_TITLE}`), "Open a poll", "case card");
      return cardWith(`: ${CASE_TITLE}`);
    });

    await step("poll-form", async () => {
      await click(cardWith(`: ${CASE_TITLE}`), "Open a poll");
      await seesIn(cardWith("Deadline date"), "Open a poll: case", "poll form");
      return cardWith("Deadline date");
    });

    await step("poll-open", async () => {
      await click(cardWith("Deadline date"), "Open poll");
      await sees("is open until", "poll opened message");
      await seesIn(cardWith("Reason (required to block)"), "Nobody has voted yet.", "poll card");
      return cardWith("Reason (required to block)");
    });

    // After a click the playground first shows the clicker's own card ("Your vote: …"), then the
    // bot's update of the shared card replaces it (the playground has no per-user views). Assert
    // on the shared card: the tally and "Who said what".
    const poll = () => cardWith("Reason (required to block)");
    const tally = (agree, aside, block, voted) =>
      `Votes: Agree ${agree} · Stand aside ${aside} · Abstain 0 · Block ${block} (${voted} of 4)`;
    await step("vote-agree", async () => {
      await as("Kari Nordmann", () => click(poll(), "Agree"));
      await seesIn(poll(), tally(1, 0, 0, 1), "the tally after Kari's vote");
      await seesIn(poll(), "Kari Nordmann (St. Olavs hospital HF)", "Kari in Who said what");
      return poll();
    });

    await step("vote-stand-aside", async () => {
      await as("Ingrid Berg", () => click(poll(), "Stand aside"));
      await seesIn(poll(), tally(1, 1, 0, 2), "the tally after Ingrid's vote");
      await seesIn(poll(), "Ingrid Berg (Helse Nord-Trøndelag HF)", "Ingrid in Who said what");
      return poll();
    });

    await step("block-needs-reason", async () => {
      await as("Ola Hansen", () => click(poll(), "Block"));
      await sees("Write a reason in the field before you block", "a block without a reason is refused");
      await seesIn(poll(), tally(1, 1, 0, 2), "the refused block changed nothing");
      return poll();
    });

    await step("vote-block", async () => {
      await poll().getByRole("textbox", { name: "Reason (required to block)" }).fill(BLOCK_REASON);
      await as("Ola Hansen", () => click(poll(), "Block"));
      await seesIn(poll(), tally(1, 1, 1, 3), "the tally after Ola's block");
      await seesIn(poll(), `Block: ${BLOCK_REASON}`, "the block's reason in Who said what");
      return poll();
    });

    await step("closed", async () => {
      await click(poll(), "Close the poll");
      const closed = cardWith("Closed: No consensus");
      await seesIn(closed, `Block: ${BLOCK_REASON}`, "the closed poll card keeps the reason");
      await sees("ended without consensus", "the outcome message");
      await sees(`sent for escalation to ${DIRECTOR_NETWORK}`, "the escalation note");
      return closed;
    });

    await step("escalation", async () => {
      await openChannel(DIRECTOR_CHANNEL, `${NETWORK} is registered in this channel`);
      await sees(`${DIRECTOR_NETWORK} is registered in this channel`, "the director network's channel");
      const escalation = cardWith(CASE_TITLE);
      await seesIn(escalation, BLOCK_REASON, "the escalation card in the director network's channel");
      return escalation;
    });

    result.ok = true;
  } catch (error) {
    const message = error instanceof StepFailed ? error.message : String(error.stack || error);
    result.error = `step "${current}": ${message.replace(/\x1b\[[0-9;]*m/g, "")}`;
    const shot = path.join(opts.out, "failure.png");
    const text = path.join(opts.out, "failure-page.txt");
    try {
      await page.screenshot({ path: shot, fullPage: true, timeout: 10000 });
      fs.writeFileSync(text, await page.locator("body").innerText({ timeout: 10000 }));
      result.failure = { screenshot: shot, page_text: text };
    } catch (inner) {
      result.failure = { error: String(inner) };
    }
  } finally {
    result.seconds = (Date.now() - started) / 1000;
    await browser.close();
  }
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}

main().catch((error) => {
  console.log(JSON.stringify({ ok: false, steps: [], error: String(error.stack || error) }));
  process.exit(2);
});
