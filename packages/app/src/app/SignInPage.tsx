import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Guest sign-in for local use: the backend's guest provider issues the identity
 * (user:development/guest). A real deployment swaps this for its SSO provider.
 */
export const goldenPathSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      const { GoldenPathLogo } = await import('../brand/GoldenPathLogo');
      return props => (
        <SignInPage
          {...props}
          title="Sign in"
          titleComponent={<GoldenPathLogo inverted />}
          align="center"
          providers={['guest']}
        />
      );
    },
  },
});
