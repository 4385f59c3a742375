import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import {
  costEntityCard,
  costEntityContent,
  costGroupCard,
  costSystemCard,
} from './plugin';
import {
  groupEntity,
  orderServiceEntity,
  systemEntity,
} from './__testUtils__/fixtures';

const websiteEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'website', namespace: 'default' },
  spec: { type: 'website', owner: 'web-team', lifecycle: 'production' },
};

type EntityFilter = (entity: Entity) => boolean;

function filterOf(
  extension: Parameters<typeof createExtensionTester>[0],
): EntityFilter {
  // The tester's output type is lost through the generic parameter; the data ref says what it is.
  const filter: EntityFilter | undefined = createExtensionTester(extension).get(
    EntityCardBlueprint.dataRefs.filterFunction,
  );
  if (!filter) throw new Error('the extension has no entity filter');
  return filter;
}

describe('the cost extensions', () => {
  it('put the Cost card and tab on commerce services only', () => {
    for (const extension of [costEntityCard, costEntityContent]) {
      const filter = filterOf(extension);
      expect(filter(orderServiceEntity)).toBe(true);
      expect(filter(websiteEntity)).toBe(false);
      expect(filter(systemEntity)).toBe(false);
    }
    expect(
      createExtensionTester(costEntityContent).get(
        EntityContentBlueprint.dataRefs.title,
      ),
    ).toBe('Cost');
  });

  it('put the roll-up cards on systems and on groups', () => {
    expect(filterOf(costSystemCard)(systemEntity)).toBe(true);
    expect(filterOf(costSystemCard)(groupEntity)).toBe(false);
    expect(filterOf(costGroupCard)(groupEntity)).toBe(true);
    expect(filterOf(costGroupCard)(orderServiceEntity)).toBe(false);
  });
});
