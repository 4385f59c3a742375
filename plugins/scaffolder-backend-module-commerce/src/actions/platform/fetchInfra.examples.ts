import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Copy the platform's Bicep into the workspace, then deploy it",
    example: yaml.stringify({
      steps: [
        {
          id: 'infra',
          action: 'commerce:platform:fetch-infra',
          name: 'Fetch the platform Bicep',
        },
        {
          id: 'deploy-platform',
          action: 'commerce:azure:deploy',
          name: 'Deploy the platform',
          input: {
            resourceGroup: 'rg-commerce-platform',
            templatePath: '${{ steps.infra.output.templatePath }}',
            parametersPath: 'platform-infra/main.prod.bicepparam',
            owner: 'group:default/platform-team',
          },
        },
      ],
    }),
  },
];
