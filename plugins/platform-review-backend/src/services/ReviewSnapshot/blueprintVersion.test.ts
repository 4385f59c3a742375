import fs from 'node:fs';
import path from 'node:path';
import { currentBlueprintVersion } from './blueprintVersion';

describe('currentBlueprintVersion', () => {
  it("is the generator package's version, the one it writes into generated services", () => {
    const generatorPackage = JSON.parse(
      fs.readFileSync(
        path.resolve(
          __dirname,
          '../../../../../packages/generator-commerce-service/package.json',
        ),
        'utf8',
      ),
    );
    expect(currentBlueprintVersion()).toEqual({
      version: generatorPackage.version,
    });
  });

  it('says drift is not checked when the blueprint cannot be found', () => {
    const result = currentBlueprintVersion(() => {
      throw new Error(
        "Cannot find module 'generator-commerce-service/package.json'\nRequire stack: …",
      );
    });
    expect(result).toEqual({
      problem:
        "Template drift is not checked: the commerce-service blueprint (generator-commerce-service) cannot be found from the backend (Cannot find module 'generator-commerce-service/package.json'); install it beside the backend",
    });
  });

  it('says drift is not checked when the blueprint has no version', () => {
    expect(currentBlueprintVersion(() => undefined)).toEqual({
      problem:
        'Template drift is not checked: generator-commerce-service/package.json has no version',
    });
  });
});
