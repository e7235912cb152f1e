import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Sign-in: GitHub in production (`auth.environment: production`, the backend's GitHub provider,
 * whose resolver matches the login to a catalog User), the guest on a laptop install (the backend's
 * guest provider, a member of the demo group). Either way the backend's policy decides what the
 * person may do (docs/backend.md, "Security model").
 */
export const goldenPathSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      const { configApiRef, githubAuthApiRef, useApi } = await import('@backstage/frontend-plugin-api');
      const { GoldenPathLogo } = await import('../brand/GoldenPathLogo');
      const github = {
        id: 'github-auth-provider',
        title: 'GitHub',
        message: 'Sign in with your GitHub account',
        apiRef: githubAuthApiRef,
      };
      return props => {
        const production = useApi(configApiRef).getOptionalString('auth.environment') === 'production';
        return (
          <SignInPage
            {...props}
            title="Sign in"
            titleComponent={<GoldenPathLogo inverted />}
            align="center"
            providers={production ? [github] : ['guest']}
          />
        );
      };
    },
  },
});
