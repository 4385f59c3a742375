#!/usr/bin/env node
/*
 * A recorded stand-in for the Bicep CLI, for the production-path test only
 * (commerce.azure.bicepCommand = "node <this file>"). The real CLI cannot be installed here (its
 * releases come from GitHub, which this machine cannot reach), so this prints what
 * `bicep build <file> --stdout` and `bicep build-params <file> --stdout` print, in the same
 * shapes, from the files it is given:
 *
 *   build-params: the `param name = <literal>` and `param name = readEnvironmentVariable('X')`
 *   lines of the .bicepparam become parametersJson (reading the environment at build time, as
 *   Bicep does, and failing like Bicep when a variable is unset); templateJson is the recorded
 *   template below, declaring the parameters the file sets.
 *   build: the recorded template, declaring the `param` lines of the .bicep file.
 *
 * It compiles nothing: no resources, no type checks. What it keeps honest is the hand-off: the
 * deploy step runs a command, reads its stdout, and sends the parameters that the generated
 * .bicepparam really sets (and the portal's environment really holds) to ARM.
 */
const fs = require('node:fs');

const [subcommand, file] = process.argv.slice(2);
const source = fs.readFileSync(file, 'utf8');

function recordedTemplate(parameterNames) {
  return {
    $schema:
      'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    metadata: { _generator: { name: 'recorded-bicep (production-path test)' } },
    parameters: Object.fromEntries(
      parameterNames.map(name => [name, { type: 'string' }]),
    ),
    resources: [],
    outputs: {
      AZURE_CLIENT_ID: { type: 'string', value: '[reference(...)]' },
    },
  };
}

function literal(expression, line) {
  const env =
    /^readEnvironmentVariable\('([^']+)'(?:\s*,\s*'([^']*)')?\)$/.exec(
      expression,
    );
  if (env) {
    const value = process.env[env[1]] ?? env[2];
    if (value === undefined) {
      throw new Error(
        `${file}: Error BCP338: Failed to evaluate parameter "${line}": Environment variable "${env[1]}" does not exist, and no default value set.`,
      );
    }
    return value;
  }
  if (/^'.*'$/.test(expression)) return expression.slice(1, -1);
  if (/^(true|false)$/.test(expression)) return expression === 'true';
  if (/^-?\d+$/.test(expression)) return Number(expression);
  throw new Error(
    `${file}: the recorded Bicep compiler reads literal and readEnvironmentVariable parameters only, not: ${expression}`,
  );
}

function main() {
  if (subcommand === 'build-params') {
    const parameters = {};
    for (const m of source.matchAll(/^param\s+(\w+)\s*=\s*(.+?)\s*$/gm)) {
      parameters[m[1]] = { value: literal(m[2], m[1]) };
    }
    process.stdout.write(
      JSON.stringify({
        parametersJson: JSON.stringify({
          $schema:
            'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
          contentVersion: '1.0.0.0',
          parameters,
        }),
        templateJson: JSON.stringify(recordedTemplate(Object.keys(parameters))),
      }),
    );
  } else if (subcommand === 'build') {
    const names = [...source.matchAll(/^param\s+(\w+)\s/gm)].map(m => m[1]);
    process.stdout.write(JSON.stringify(recordedTemplate(names)));
  } else {
    throw new Error(`recorded Bicep: unknown subcommand ${subcommand}`);
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
