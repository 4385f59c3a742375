import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { hasSloFile, sloEntityContent } from './plugin';

const entity = (kind: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'order-service', annotations },
});

describe('hasSloFile', () => {
  it('is true for components that name an OpenSLO file only', () => {
    expect(
      hasSloFile(
        entity('Component', { 'commerce.platform/slo-file': 'openslo.yaml' }),
      ),
    ).toBe(true);
    expect(hasSloFile(entity('Component', {}))).toBe(false);
    expect(
      hasSloFile(entity('Component', { 'commerce.platform/slo-file': ' ' })),
    ).toBe(false);
    expect(
      hasSloFile(
        entity('System', { 'commerce.platform/slo-file': 'openslo.yaml' }),
      ),
    ).toBe(false);
  });
});

describe('sloEntityContent', () => {
  it('is the SLO tab at /slo', () => {
    const tester = createExtensionTester(sloEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('SLO');
  });
});
