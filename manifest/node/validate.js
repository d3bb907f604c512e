#!/usr/bin/env node
// Validates Teams app manifests and localization files against the JSON schemas that
// @microsoft/app-manifest bundles. It never downloads a schema: a file whose "$schema" names one
// the package does not bundle is an error.
//
// Manifests go through the package's own AppManifestUtils.validateAgainstSchema. Localization
// schemas cannot: their patterns contain `\b]`, which ajv rejects in its default unicode regex
// mode ("Lone quantifier brackets"). They are checked with the same ajv setup (draft-04, all
// errors, formats uri/email/regex) but with ECMAScript regexes without the `u` flag, which is what
// JSON Schema draft-04 specifies for "pattern".
//
// Usage: node validate.js FILE.json [FILE.json ...]
// Prints a JSON report [{file, schema, errors: [string]}] on stdout. Exit status: 0 when every
// file is valid, 1 when any is not, 2 when a file cannot be checked (unreadable, unknown schema).
"use strict";

const fs = require("fs");
const path = require("path");
const { AppManifestUtils } = require("@microsoft/app-manifest");
const Ajv04 = require("ajv-draft-04");
const addFormats = require("ajv-formats");

const SCHEMA_ROOT = path.join(
  path.dirname(require.resolve("@microsoft/app-manifest/package.json")),
  "build",
  "json-schemas",
);
const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/(teams\/(?:v\d+\.\d+|vDevPreview)\/MicrosoftTeams(?:\.Localization)?\.schema\.json)$/i;

class CannotCheck extends Error {}

function validateLocalization(document, schema) {
  const ajv = new Ajv04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ["uri", "email", "regex"]);
  const validate = ajv.compile(schema);
  if (validate(document)) {
    return [];
  }
  return validate.errors.map(
    (error) => `${error.instancePath} ${error.message || ""}. Details: ${JSON.stringify(error.params)}`,
  );
}

function readJson(file) {
  // Some of Microsoft's schema files contain \a and \v escapes, which JSON does not allow;
  // AppManifestUtils.fetchSchema rewrites them the same way.
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  return JSON.parse(text.replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b"));
}

function localSchema(document, file) {
  const url = document.$schema;
  const match = typeof url === "string" ? SCHEMA_URL.exec(url) : null;
  if (!match) {
    throw new CannotCheck(`${file}: "$schema" is not a Teams manifest or localization schema URL: ${url}`);
  }
  const schemaFile = path.join(SCHEMA_ROOT, match[1]);
  if (!fs.existsSync(schemaFile)) {
    throw new CannotCheck(`${file}: @microsoft/app-manifest bundles no schema for ${url}`);
  }
  return schemaFile;
}

async function main(files) {
  if (files.length === 0) {
    throw new CannotCheck("usage: node validate.js FILE.json [FILE.json ...]");
  }
  const report = [];
  for (const file of files) {
    let document;
    try {
      document = readJson(file);
    } catch (error) {
      throw new CannotCheck(`${file}: ${error.message}`);
    }
    const schemaFile = localSchema(document, file);
    const schema = readJson(schemaFile);
    const errors = schemaFile.endsWith(".Localization.schema.json")
      ? validateLocalization(document, schema)
      : await AppManifestUtils.validateAgainstSchema(document, schema);
    report.push({ file, schema: path.relative(SCHEMA_ROOT, schemaFile), errors });
  }
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  return report.some((entry) => entry.errors.length > 0) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    process.stderr.write(`${error instanceof CannotCheck ? error.message : error.stack}\n`);
    process.exitCode = 2;
  },
);
