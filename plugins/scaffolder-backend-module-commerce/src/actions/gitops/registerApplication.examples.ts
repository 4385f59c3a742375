import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Propose the generated service’s Argo CD Applications (argocd/application-dev.yaml, argocd/application-prod.yaml): both land on the branch service/<name> and its one pull request',
    example: yaml.stringify({
      steps: ['dev', 'prod'].map(environment => ({
        id: `gitops-${environment}`,
        action: 'commerce:gitops:register',
        name: `Hand it to Argo CD (${environment})`,
        input: {
          name: '${{ parameters.name }}',
          owner: '${{ steps.validate.output.ownerRef }}',
          environment,
        },
      })),
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
            environment: 'prod',
            applicationPath: 'deploy/argocd/application.yaml',
            commitMessage:
              'Register ${{ parameters.name }} (requested by ${{ user.entity.metadata.name }})',
          },
        },
      ],
    }),
  },
];
