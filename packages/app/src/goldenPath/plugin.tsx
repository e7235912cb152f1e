import { createFrontendPlugin, createRouteRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';

const fleetRouteRef = createRouteRef();

/** The platform team's fleet page, in the sidebar. */
const fleetPage = PageBlueprint.make({
  name: 'fleet',
  params: {
    path: '/golden-path/fleet',
    title: 'Fleet',
    icon: <DeviceHubIcon />,
    routeRef: fleetRouteRef,
    noHeader: true,
    loader: () => import('./FleetPage').then(m => <m.FleetPage />),
  },
});

/** An embedded-remote upgrade pull request (its path is the record's `url`): reached from links, not the sidebar. */
const pullRequestPage = PageBlueprint.make({
  name: 'pull-request',
  params: {
    path: '/golden-path/pulls/:owner/:name/:number', // pullRequestPagePath(slug, number) in @golden-path/common
    noHeader: true,
    loader: () => import('./PullRequestPage').then(m => <m.PullRequestPage />),
  },
});

/** Day 2 in the portal: the fleet and the upgrade pull requests of the embedded remote. */
export const goldenPathPlugin = createFrontendPlugin({
  pluginId: 'golden-path',
  title: 'Golden path',
  extensions: [fleetPage, pullRequestPage],
});
