// Parses and validates an AsyncAPI document with the AsyncAPI parser (its schema and rules), resolving
// relative $refs against the document's folder. Prints every diagnostic; exits 1 on any error.
// Usage: node check-asyncapi.mjs <asyncapi.yaml>
import { Parser, fromFile } from '@asyncapi/parser';

const SEVERITY = ['error', 'warning', 'info', 'hint'];
const file = process.argv[2];
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
for (const d of diagnostics) {
  console.log(`${SEVERITY[d.severity]} ${d.code} ${d.path.join('.')}: ${d.message}`);
}
const errors = diagnostics.filter((d) => d.severity === 0).length;
if (!document || errors > 0) {
  console.log(`FAILED: ${errors} error(s)`);
  process.exit(1);
}
const messages = document.allMessages().all().map((m) => m.name() ?? m.id());
console.log(`OK ${document.version()} channels=${document.channels().length} operations=${document.operations().length} messages=${messages.join(',')}`);
