import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Register a locally published service in the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'commerce:catalog:register-local',
          name: 'Register in the catalog',
          input: {
            catalogInfoPath: "${{ steps['publish'].output.catalogInfoPath }}",
          },
        },
      ],
    }),
  },
];
