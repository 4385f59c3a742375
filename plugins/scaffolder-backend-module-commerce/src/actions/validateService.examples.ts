import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Validate the form of a commerce service template',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'commerce:service:validate',
          name: 'Check the choices',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            monthlyBudgetUsd: '${{ parameters.monthlyBudgetUsd }}',
            availability: '${{ parameters.availability }}',
            latencyP95Ms: '${{ parameters.latencyP95Ms }}',
            rolloutStrategy: '${{ parameters.rolloutStrategy }}',
          },
        },
      ],
    }),
  },
];
