// Validates statemachine/*.asl.json with asl-validator after replacing ${Substitutions} with
// well-formed Lambda ARNs, so the ARN check still runs. Exits non-zero on any error.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const validator = createRequire(import.meta.url)('asl-validator');
const dir = process.argv[2] ?? join(import.meta.dirname, '..', 'statemachine');
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.asl.json'))) {
  const text = readFileSync(join(dir, file), 'utf8')
    .replace(/\$\{([A-Za-z0-9]+)\}/g, (_, name) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`);
  const definition = JSON.parse(text);
  const jsonata = JSON.stringify(definition).includes('"QueryLanguage":"JSONata"');
  const { isValid, errorsText } = validator(definition, { checkPaths: true, checkArn: true });
  if (!isValid || jsonata) {
    failed += 1;
    console.error(`${file}: INVALID${jsonata ? ' (JSONata is not supported by the local stack; use JSONPath)' : ''}\n${isValid ? '' : errorsText('\n')}`);
  } else {
    console.log(`${file}: valid`);
  }
}
process.exit(failed ? 1 : 0);
