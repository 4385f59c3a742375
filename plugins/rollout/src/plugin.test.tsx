import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import rolloutPlugin from './index';
import {
  argoCdEntityCard,
  rolloutEntityCard,
  rolloutEntityContent,
} from './plugin';

function entity(kind: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'order-service', annotations },
  };
}

describe('rolloutPlugin', () => {
  it('is the rollout plugin', () => {
    expect(rolloutPlugin.id).toBe('rollout');
  });

  it('shows the card and the tab on components whose repository holds a rollout policy', () => {
    const filters = [
      createExtensionTester(rolloutEntityCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
      createExtensionTester(rolloutEntityContent).get(
        EntityContentBlueprint.dataRefs.filterFunction,
      ),
    ];
    const policy = { 'commerce.platform/rollout-policy': 'deploy/' };
    for (const shows of filters) {
      expect(shows).toBeDefined();
      expect(shows!(entity('Component', policy))).toBe(true);
      expect(shows!(entity('Component', {}))).toBe(false);
      expect(shows!(entity('Resource', policy))).toBe(false);
    }
  });

  it('shows the Argo CD card on components that name their Argo CD Applications', () => {
    const shows = createExtensionTester(argoCdEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(shows(entity('Component', { 'argocd/app-name': 'a' }))).toBe(true);
    expect(
      shows(entity('Component', { 'commerce.platform/argocd-apps': 'dev=a' })),
    ).toBe(true);
    expect(shows(entity('Component', {}))).toBe(false);
    expect(shows(entity('Resource', { 'argocd/app-name': 'a' }))).toBe(false);
  });

  it('mounts the tab at /rollout as "Rollout"', () => {
    const tester = createExtensionTester(rolloutEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Rollout');
    expect(tester.get(coreExtensionData.routePath)).toBe('/rollout');
  });
});
