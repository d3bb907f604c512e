#!/usr/bin/env node
// Checks Adaptive Cards with Microsoft's own JS library (npm adaptivecards 3.x), the way Teams
// reads them, and a few stricter rules on top. Runs in plain Node: parsing and validation need no
// DOM (only rendering does; see gallery.js).
//
// Usage: node validate.js CARDS.json
// CARDS.json holds [{"name": str, "card": {...}}]. Prints [{name, events: [{phase, event,
// message}]}] as JSON on stdout. Exit status: 0 when no card has an event, 1 when any has, 2 when
// the input cannot be read.
//
// What counts as an event:
// - everything the library reports while parsing (unknown element or action types, invalid
//   property values, properties newer than the card's declared version) and from
//   card.validateProperties() (duplicate ids, required inputs without label or errorMessage, ...);
// - stricter rules: every input has a label; every button in "actions" has a title;
//   Action.Execute has a verb; the card declares a version Teams renders (at most 1.5); no
//   unknown properties on known elements and actions (typos are otherwise silently ignored);
//   refresh.userIds has at most 60 ids; the card's JSON stays under 25,000 bytes (Teams refuses
//   messages over about 28 KB).
// Teams extensions the library does not know are accepted: "msteams" and "targetWidth" on any
// element, and the Teams-only elements in TEAMS_ONLY_ELEMENTS when they carry a "fallback".
"use strict";

const fs = require("fs");
const AC = require("adaptivecards/dist/adaptivecards.js");

const TEAMS_MAX_VERSION = AC.Versions.v1_5;
const MAX_CARD_BYTES = 25000;
const MAX_REFRESH_USER_IDS = 60;
const TEAMS_PROPERTIES = new Set(["msteams", "targetWidth"]);
const TEAMS_ONLY_ELEMENTS = new Set([
  "Badge",
  "CodeBlock",
  "CompoundButton",
  "Component",
  "Icon",
  "Input.Rating",
  "ProgressBar",
  "ProgressRing",
  "Rating",
]);
// Properties the library parses in code rather than through its property schema.
const COMMON_STRUCTURAL = ["fallback"];
const STRUCTURAL = {
  AdaptiveCard: ["body", "actions"],
  Container: ["items"],
  Column: ["items"],
  TableCell: ["items"],
  ColumnSet: ["columns"],
  RichTextBlock: ["inlines"],
  ActionSet: ["actions"],
  Table: ["rows"],
  TableRow: ["cells"],
  Carousel: ["pages"],
  "Action.ShowCard": ["card"],
};
// Free-form payloads, never walked for unknown properties.
const OPAQUE = new Set(["data", "msteams"]);
const OTHER_TYPES = {
  AdaptiveCard: () => new AC.AdaptiveCard(),
  Column: () => new AC.Column(),
  TableRow: () => new AC.TableRow(),
  TableCell: () => new AC.TableCell(),
};

class BadInput extends Error {}

function instanceOf(type) {
  if (OTHER_TYPES[type]) {
    return OTHER_TYPES[type]();
  }
  return (
    AC.GlobalRegistry.elements.createInstance(type, AC.Versions.latest) ||
    AC.GlobalRegistry.actions.createInstance(type, AC.Versions.latest)
  );
}

const knownKeys = new Map();

function propertiesOf(type) {
  if (!knownKeys.has(type)) {
    const instance = instanceOf(type);
    let keys = null;
    if (instance) {
      keys = new Set([...COMMON_STRUCTURAL, ...(STRUCTURAL[type] || [])]);
      const schema = instance.getSchema();
      for (let i = 0; i < schema.getCount(); i++) {
        keys.add(schema.getItemAt(i).name);
      }
    }
    knownKeys.set(type, keys);
  }
  return knownKeys.get(type);
}

function describe(node) {
  return node.id ? `${node.type} "${node.id}"` : node.type;
}

// Walks the card's JSON for the rules the library does not apply.
function walkJson(node, parentKey, events) {
  if (Array.isArray(node)) {
    for (const item of node) {
      if (parentKey === "actions" && item && typeof item === "object" && !item.title) {
        events.push(failure("ActionWithoutTitle", `${describe(item)} in "actions" has no title`));
      }
      walkJson(item, parentKey, events);
    }
    return;
  }
  if (!node || typeof node !== "object") {
    return;
  }
  if (typeof node.type === "string") {
    const keys = propertiesOf(node.type);
    if (keys) {
      for (const key of Object.keys(node)) {
        if (!keys.has(key) && !TEAMS_PROPERTIES.has(key) && !key.startsWith("$")) {
          events.push(failure("UnknownProperty", `Unknown property "${key}" on ${describe(node)}`));
        }
      }
    } else if (TEAMS_ONLY_ELEMENTS.has(node.type) && node.fallback === undefined) {
      events.push(
        failure(
          "TeamsOnlyElementWithoutFallback",
          `${describe(node)} renders only in Teams; give it a "fallback" for other clients`,
        ),
      );
    }
    if (node.type === "Action.Execute" && !node.verb) {
      events.push(failure("ExecuteWithoutVerb", `${describe(node)} has no verb`));
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (!OPAQUE.has(key)) {
      walkJson(value, key, events);
    }
  }
}

function failure(event, message) {
  return { phase: "Validation", event, message };
}

function libraryEvent(e) {
  let message = e.message;
  const source = e.source;
  if (source && typeof source.getJsonTypeName === "function") {
    const type = source.getJsonTypeName();
    message += source.id ? ` (${type} "${source.id}")` : ` (${type})`;
  }
  return { phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message };
}

function declaredVersion(json, events) {
  const version = typeof json.version === "string" ? AC.Version.parse(json.version) : undefined;
  if (!version || !version.isValid) {
    events.push(failure("MissingCardVersion", `the card declares no valid "version": ${JSON.stringify(json.version)}`));
    return TEAMS_MAX_VERSION;
  }
  if (version.compareTo(TEAMS_MAX_VERSION) > 0) {
    events.push(
      failure(
        "UnsupportedCardVersion",
        `card version ${version} is newer than ${TEAMS_MAX_VERSION}, the newest Teams renders`,
      ),
    );
    return TEAMS_MAX_VERSION;
  }
  return version;
}

function isTeamsOnlyUnknown(message) {
  const match = /^Unknown element type "([^"]+)"/.exec(message);
  return match !== null && TEAMS_ONLY_ELEMENTS.has(match[1]);
}

function check(json) {
  const events = [];
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    return [failure("NotAnObject", "the card is not a JSON object")];
  }
  const context = new AC.SerializationContext(declaredVersion(json, events));
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    if (!isTeamsOnlyUnknown(e.message)) {
      events.push(libraryEvent(e));
    }
  }
  for (const e of card.validateProperties().validationEvents) {
    events.push(libraryEvent(e));
  }
  for (const input of card.getAllInputs(true)) {
    // The library itself reports required inputs without a label.
    if (!input.isRequired && !(input.label && input.label.trim())) {
      events.push(failure("InputWithoutLabel", `${input.getJsonTypeName()} "${input.id}" has no label`));
    }
  }
  walkJson(json, null, events);
  const userIds = json.refresh && json.refresh.userIds;
  if (Array.isArray(userIds) && userIds.length > MAX_REFRESH_USER_IDS) {
    events.push(
      failure(
        "TooManyRefreshUsers",
        `refresh.userIds has ${userIds.length} ids; Teams allows ${MAX_REFRESH_USER_IDS}`,
      ),
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(json), "utf8");
  if (bytes > MAX_CARD_BYTES) {
    events.push(failure("CardTooLarge", `the card's JSON has ${bytes} bytes; keep it under ${MAX_CARD_BYTES}`));
  }
  return events;
}

function readSamples(file) {
  let samples;
  try {
    samples = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new BadInput(`${file}: ${error.message}`);
  }
  if (!Array.isArray(samples) || samples.some((s) => !s || typeof s.name !== "string" || !("card" in s))) {
    throw new BadInput(`${file}: expected [{"name": str, "card": {...}}]`);
  }
  return samples;
}

function main(argv) {
  if (argv.length !== 1) {
    throw new BadInput("usage: node validate.js CARDS.json");
  }
  const report = readSamples(argv[0]).map(({ name, card }) => ({ name, events: check(card) }));
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  return report.some((entry) => entry.events.length > 0) ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof BadInput ? error.message : error.stack}\n`);
  process.exitCode = 2;
}
