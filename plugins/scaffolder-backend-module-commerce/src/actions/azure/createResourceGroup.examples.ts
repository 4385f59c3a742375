import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create (or update) the resource group of a new service with its cost tags',
    example: yaml.stringify({
      steps: [
        {
          id: 'resourceGroup',
          action: 'commerce:azure:resource-group',
          name: 'Create the resource group',
          input: {
            name: 'rg-${{ parameters.name }}',
            location: '${{ parameters.region }}',
            tags: {
              owner: '${{ steps.validate.output.ownerName }}',
              service: '${{ parameters.name }}',
              'cost-center': '${{ parameters.costCenter }}',
              environment: 'dev',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Use the default region (commerce.azure.defaultLocation) and the group id in a later step',
    example: yaml.stringify({
      steps: [
        {
          id: 'resourceGroup',
          action: 'commerce:azure:resource-group',
          name: 'Create the resource group',
          input: {
            name: 'rg-order-service',
            tags: {
              owner: 'checkout-team',
              service: 'order-service',
              'cost-center': 'cc-4711',
              environment: 'prod',
            },
          },
        },
        {
          id: 'log',
          action: 'debug:log',
          if: '${{ not steps.resourceGroup.output.skipped }}',
          input: {
            message:
              'Created ${{ steps.resourceGroup.output.resourceGroupId }}',
          },
        },
      ],
    }),
  },
];
