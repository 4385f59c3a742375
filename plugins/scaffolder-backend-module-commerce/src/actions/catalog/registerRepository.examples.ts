import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register a service just published to GitHub in the catalog (production)',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'commerce:catalog:register',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl:
              "${{ steps['publish-github'].output.repoContentsUrl }}",
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
