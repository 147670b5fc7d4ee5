// Lints Cypher with Neo4j's own linter (@neo4j-cypher/language-support, lintCypherQuery).
//
// Reads JSON on stdin: {"schema": DbSchema, "statements": [{"name": "...", "query": "..."}]}.
// The schema declares labels, relationship types, property keys and parameters ($rows), so
// an undeclared one is reported. A query may hold several statements and cypher-shell
// commands (:param), as an exported script does.
//
// Prints one line per finding (or, with --json, a JSON report on stdout). Exit status:
// 0 no findings, 1 findings, 2 the input could not be read.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { lintCypherQuery } from '@neo4j-cypher/language-support';

const here = dirname(fileURLToPath(import.meta.url));
const linterVersion = JSON.parse(
  readFileSync(join(here, 'node_modules/@neo4j-cypher/language-support/package.json'), 'utf8'),
).version;

function fail(message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exit(2);
}

let input;
try {
  input = JSON.parse(readFileSync(0, 'utf8'));
} catch (e) {
  fail(`stdin is not JSON: ${e.message}`);
}
if (!input || typeof input.schema !== 'object' || !Array.isArray(input.statements)) {
  fail('expected {"schema": {...}, "statements": [{"name", "query"}]} on stdin');
}

const severities = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const findings = [];
for (const { name, query } of input.statements) {
  if (typeof query !== 'string' || query.trim() === '') {
    fail(`statement ${JSON.stringify(name)} has no query text`);
  }
  const { diagnostics } = lintCypherQuery(query, input.schema);
  for (const d of diagnostics) {
    const line = d.range.start.line;
    findings.push({
      name,
      severity: severities[d.severity] ?? String(d.severity),
      message: d.message,
      line: line + 1,
      column: d.range.start.character + 1,
      text: query.split('\n')[line] ?? '',
    });
  }
}

const report = { linter: `@neo4j-cypher/language-support ${linterVersion}`, statements: input.statements.length, findings };
if (process.argv.includes('--json')) {
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
} else {
  for (const f of findings) {
    process.stdout.write(`${f.name}:${f.line}:${f.column}: ${f.severity}: ${f.message}\n    ${f.text.trim()}\n`);
  }
  process.stdout.write(`${report.linter}: ${report.statements} statement(s), ${findings.length} finding(s)\n`);
}
process.exit(findings.length ? 1 : 0);
