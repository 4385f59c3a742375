import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Publish the generated service as a local git repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'commerce:publish:local',
          name: 'Publish the repository',
          input: {
            name: '${{ parameters.name }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Publish one folder of the workspace (a service generated into ./order-service)',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'commerce:publish:local',
          name: 'Publish order-service',
          input: {
            name: 'order-service',
            sourcePath: './order-service',
          },
        },
      ],
    }),
  },
];
