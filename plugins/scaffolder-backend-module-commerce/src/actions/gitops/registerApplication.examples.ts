import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the generated service’s Argo CD Application (argocd/application.yaml) in the GitOps repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-gitops',
          action: 'commerce:gitops:register',
          name: 'Register with Argo CD',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ steps.validate.output.ownerRef }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Register an Application kept elsewhere in the workspace, with an own commit message',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-gitops',
          action: 'commerce:gitops:register',
          name: 'Register with Argo CD',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ steps.validate.output.ownerRef }}',
            applicationPath: 'deploy/argocd/application.yaml',
            commitMessage:
              'Register ${{ parameters.name }} (requested by ${{ user.entity.metadata.name }})',
          },
        },
      ],
    }),
  },
];
