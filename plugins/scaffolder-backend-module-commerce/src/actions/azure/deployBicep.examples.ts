import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Deploy the generated service’s Bicep with its dev parameters to its resource group',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'commerce:azure:deploy',
          name: 'Deploy the Azure resources',
          input: {
            resourceGroup: 'rg-${{ parameters.name }}',
            owner: '${{ steps.validate.output.ownerRef }}',
            templatePath: 'infra/main.bicep',
            parametersPath: 'infra/main.dev.bicepparam',
          },
        },
      ],
    }),
  },
  {
    description:
      'Deploy a committed ARM JSON template (no Bicep CLI needed), override a parameter, and use an output',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'commerce:azure:deploy',
          name: 'Deploy the Azure resources',
          input: {
            resourceGroup: 'rg-order-service',
            owner: 'group:default/checkout-team',
            deploymentName: 'order-service-infra',
            templatePath: 'infra/main.json',
            parametersPath: 'infra/main.parameters.json',
            parameters: { environment: 'prod' },
            mode: 'Incremental',
          },
        },
        {
          id: 'log',
          action: 'debug:log',
          if: '${{ not steps.deploy.output.skipped }}',
          input: {
            message:
              'Workload identity: ${{ steps.deploy.output.outputs.AZURE_CLIENT_ID }}',
          },
        },
      ],
    }),
  },
];
